"""The bot's event loop: uvloop by default where installed, the standard loop on request."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from bot.errors import ConfigError
from bot.lifecycle import event_loop
from bot.settings import load_settings


async def _loop_module() -> str:
    return type(asyncio.get_running_loop()).__module__


def test_auto_runs_on_uvloop_and_asyncio_on_request() -> None:
    pytest.importorskip("uvloop", reason="uvloop is not installed on this platform")
    assert event_loop.run(_loop_module(), "auto").startswith("uvloop")
    assert event_loop.run(_loop_module(), "uvloop").startswith("uvloop")
    assert event_loop.run(_loop_module(), "asyncio").startswith("asyncio")


def test_asking_for_a_missing_uvloop_is_a_config_error() -> None:
    """Without uvloop, 'auto' falls back quietly and 'uvloop' says what to do."""
    code = (
        "import sys; sys.modules['uvloop'] = None\n"
        "from bot.lifecycle import event_loop\n"
        "print(event_loop.loop_factory('auto'))\n"
        "event_loop.loop_factory('uvloop')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.stdout.strip() == "None"
    assert "ConfigError" in done.stderr
    assert "pip install uvloop" in done.stderr


def test_bad_setting_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCA_EVENT_LOOP", "tokio")
    with pytest.raises(ConfigError, match="event_loop"):
        load_settings()
