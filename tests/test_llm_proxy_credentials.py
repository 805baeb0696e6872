"""A base URL with `user:password@` (a reverse proxy's basic auth) works and is never logged.

review12 V16: `OPENAI_BASE_URL=http://admin:pw@host/v1` logged the password at every start,
then every reply fell back to the offline mentor (aiohttp refuses credentials in a URL next to
the client's Authorization header), with no error an operator would see.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import load_settings
from tests.fakes.openai_server import FakeOpenAI
from tests.faults.harness import ForkServer
from tests.test_cli import forked_mca

PROXY_PASSWORD = "Pr0xy-Passw0rd!"


def test_a_proxy_password_in_the_base_url_is_sent_as_basic_auth_and_never_logged(
    data_dir: Path, fork_server: ForkServer, openai_server: FakeOpenAI
) -> None:
    openai_server.reset()
    openai_server.basic_auth = f"proxy:{PROXY_PASSWORD}"
    try:
        base = openai_server.base_url.replace(
            "://", f"://proxy:{PROXY_PASSWORD.replace('!', '%21')}@"
        )
        done = forked_mca(
            fork_server,
            data_dir,
            "ask",
            "Why is my list comprehension over 2 million rows slow (4 s)?",
            "--json",
            OPENAI_BASE_URL=base,
            OPENAI_API_KEY="sk-not-used-by-the-proxy",
            MCA_LOG_LEVEL="debug",
        )
        authorizations = list(openai_server.authorizations)
    finally:
        openai_server.reset()
    assert done.returncode == 0, done.stderr.decode()
    answer = json.loads(done.stdout)
    err = done.stderr.decode()
    assert answer["engine"] == "llm", err[-2000:]
    assert authorizations, "the model was asked through the proxy"
    assert all(a.startswith("Basic ") for a in authorizations)
    assert PROXY_PASSWORD not in err
    assert "Pr0xy-Passw0rd%21" not in err
    assert "engine.llm_configured" in err


@pytest.mark.parametrize("table", ['openai_base_url = "{url}"', '[llm]\nbase_url = "{url}"'])
def test_a_base_url_with_a_password_in_a_config_file_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, table: str
) -> None:
    extra = tmp_path / "site.toml"
    extra.write_text(table.format(url=f"http://proxy:{PROXY_PASSWORD}@llm.internal/v1") + "\n")
    monkeypatch.setenv("MCA_CONFIG", str(extra))
    with pytest.raises(ConfigError, match="OPENAI_BASE_URL") as info:
        load_settings()
    assert PROXY_PASSWORD not in info.value.message
