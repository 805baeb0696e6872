"""review12 V17: what an operator sets wrong is said in one line, about the thing they set.

Worker URLs are checked at start like OPENAI_BASE_URL; an empty or narrowed language list is
blamed on that list, not on the shipped default language; a secret under a TOML key says at
once which environment variable takes it; a database URL's port that is no number is said in
words, with no Python exception text and one subject.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ConfigError, StorageError
from bot.settings import load_settings
from bot.storage.postgres import PostgresDatabase


def refusal(monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    """The one-line message of the start `env` stops (exit 78)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert caught.value.exit_code == 78
    message = caught.value.message
    assert len(message.splitlines()) == 1, message
    return message


@pytest.mark.parametrize(
    ("workers", "bad"),
    [
        ("not a url", "not a url"),
        ("http://w1:8081, 10.0.0.7:8081", "10.0.0.7:8081"),  # the scheme left out
        ("ftp://w1/", "ftp://w1/"),
        ("http://w1:port", "http://w1:port"),
    ],
)
def test_a_worker_that_is_no_url_stops_the_start(
    monkeypatch: pytest.MonkeyPatch, workers: str, bad: str
) -> None:
    """Before: accepted, and the first run that needed the sandbox found out."""
    message = refusal(monkeypatch, MCA_SANDBOX_WORKERS=workers)
    assert "`sandbox.workers` (from environment variable MCA_SANDBOX_WORKERS)" in message
    assert f"the worker {bad!r} is not an http(s) URL with a host" in message
    assert message.count(bad) == 1, message  # the value is not quoted twice


def test_workers_in_a_config_file_are_checked_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "bot.toml"
    config.write_text('[sandbox]\nworkers = ["http://w1:8081", "w2"]\n', "utf-8")
    message = refusal(monkeypatch, MCA_CONFIG=str(config))
    assert f"(from {config})" in message
    assert "the worker 'w2' is not an http(s) URL" in message


def test_an_empty_language_list_is_blamed_on_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: "Invalid setting mentor.default_language (from …/default.toml): 'en' is not one
    of the languages ()", the shipped default blamed for the list the operator emptied."""
    message = refusal(monkeypatch, MCA_MENTOR_LANGUAGES="")
    assert "`mentor.languages` (from environment variable MCA_MENTOR_LANGUAGES)" in message
    assert "is empty; name at least one of en, pt," in message
    assert "got []" not in message
    assert "default.toml" not in message
    assert "default_language" not in message


def test_a_narrowed_language_list_without_the_default_names_the_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    message = refusal(monkeypatch, MCA_MENTOR_LANGUAGES="pt,es")
    assert "(from environment variable MCA_MENTOR_LANGUAGES)" in message
    assert "the default language 'en' is not one of the languages (pt, es)" in message
    assert "default.toml" not in message


@pytest.mark.parametrize(
    ("toml", "key", "env"),
    [
        ('[slack]\nsigning_secret = "file-secret-0123"\n', "slack.signing_secret",
         "SLACK_SIGNING_SECRET"),
        ('[slack]\nbot_token = "xoxb-file-secret-0123"\n', "slack.bot_token", "SLACK_BOT_TOKEN"),
        ('[llm]\napi_key = "sk-file-secret-0123456789"\n', "llm.api_key", "OPENAI_API_KEY"),
        ('[discord]\ntoken = "MTIz.file-secret.value"\n', "discord.token", "DISCORD_TOKEN"),
        ('[openai]\napi_key = "sk-file-secret-0123456789"\n', "openai.api_key", "OPENAI_API_KEY"),
    ],
)  # fmt: skip
def test_a_secret_under_a_toml_key_says_first_where_it_goes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, toml: str, key: str, env: str
) -> None:
    """Before: pointed at another key of the file, which the next start refused in turn."""
    config = tmp_path / "bot.toml"
    config.write_text(toml, "utf-8")
    message = refusal(monkeypatch, MCA_CONFIG=str(config))
    assert message.startswith(f"`{key}` in {config} is a secret: set {env} in the environment"), (
        message
    )
    assert "file-secret" not in message
    assert "closest setting" not in message


@pytest.mark.parametrize(
    ("port", "says"),
    [("notaport", "the port 'notaport' is not a number"),
     ("99999", "the port 99999 is not between 1 and 65535")],
)  # fmt: skip
async def test_a_database_port_that_is_no_port_is_said_in_words(port: str, says: str) -> None:
    """Before: "The database URL (an unreadable database URL) is malformed (invalid literal for
    int() with base 10: 'notaport')": a Python exception's text and a doubled subject."""
    url = f"postgresql://report:pw-never-shown@db:{port}/mca"
    with pytest.raises(StorageError) as caught:
        await PostgresDatabase.open(url)
    message = str(caught.value)
    assert says in message, message
    assert f"postgresql://report@db:{port}/mca" in message  # the URL named, its password not
    assert "pw-never-shown" not in message
    assert "invalid literal" not in message
    assert "unreadable" not in message
    assert message.count("malformed") == 1
    assert caught.value.exit_code == 74
