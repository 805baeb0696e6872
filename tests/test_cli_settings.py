"""A setting the bot does not know: the error names the closest real one (review8 F36)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import load_settings
from tests.faults.harness import ForkServer
from tests.test_cli import forked_mca


@pytest.mark.parametrize(
    ("env", "value", "closest"),
    [
        ("MCA_LLM_BASE_URL", "http://127.0.0.1:9/v1", "OPENAI_BASE_URL"),
        ("MCA_LLM_API_KEY", "sk-guessed-name-0123456789", "OPENAI_API_KEY"),
        ("MCA_LLM_MODEL", "gpt-4o", "MCA_MODEL"),
        ("MCA_COURSE_ANOUNCE_CRON", "0 9 * * MON", "MCA_COURSE_ANNOUNCE_CRON"),
    ],
)
def test_unknown_env_setting_names_the_closest_variable_and_hides_the_value(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, closest: str
) -> None:
    """A guessed variable name: the error says which variable to set, never the value given."""
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert f"the closest setting is {closest}." in caught.value.message
    assert value not in caught.value.message


def test_unknown_file_setting_names_the_closest_key_as_a_file_writes_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """In a config file the suggestion is the dotted key, as the file would write it."""
    config = tmp_path / "bot.toml"
    config.write_text('[course]\nannounce_timezone = "Europe/Lisbon"\n', "utf-8")
    monkeypatch.setenv("MCA_CONFIG", str(config))
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "`course.announce_timezone`" in caught.value.message
    assert f"(from {config})" in caught.value.message
    assert "the closest setting is `course.timezone`." in caught.value.message


def test_ask_json_with_a_bad_setting_prints_the_error_object_on_stdout(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """README: with --json an error is {error, code} on stdout too, configuration errors included."""
    done = forked_mca(
        fork_server,
        data_dir,
        "ask",
        "why is my asyncio loop slow",
        "--json",
        MCA_LLM_BASE_URL="http://127.0.0.1:9/v1",
    )
    assert done.returncode == ConfigError.exit_code
    error = json.loads(done.stdout)
    assert error["code"] == ConfigError.exit_code
    assert "MCA_LLM_BASE_URL" in error["error"]
    assert "OPENAI_BASE_URL" in error["error"]
    assert "OPENAI_BASE_URL" in done.stderr.decode()


@pytest.mark.parametrize(
    ("env", "value", "message"),
    [
        ("MCA_MENTOR_DEFAULT_LANGUAGE", "xx", "'xx' is not one of the languages"),
        ("MCA_MENTOR_LANGUAGES", "en,xx", "unknown language(s) xx"),
    ],
)
def test_a_language_the_mentor_cannot_write_stops_the_start(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, message: str
) -> None:
    """review9 R37: an unknown language is named, with the variable it came from."""
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert message in caught.value.message
    assert f"environment variable {env}" in caught.value.message


def test_a_misspelt_variable_is_warned_with_the_real_name(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """review9 R37: `MCA_MENTR_LANGUAGES` is not silently ignored: the log names the real one."""
    done = forked_mca(fork_server, data_dir, "course", "list", "--json", MCA_MENTR_LANGUAGES="xx")
    assert done.returncode == 0
    warning = next(
        json.loads(line)
        for line in done.stderr.decode().splitlines()
        if "settings.unknown_variable" in line
    )
    assert warning["variable"] == "MCA_MENTR_LANGUAGES"
    assert warning["closest"] == "MCA_MENTOR_LANGUAGES"
    assert json.loads(done.stdout)  # the command itself still ran


@pytest.mark.parametrize("url", ["not a url", "localhost:11434/v1", "ftp://models/v1", "http://"])
def test_a_base_url_that_can_never_answer_stops_the_start(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    """review10 T31: `OPENAI_BASE_URL=not a url` started silently and every turn fell back."""
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "environment variable OPENAI_BASE_URL" in caught.value.message
    assert "is not an http(s) URL with a host" in caught.value.message
    assert caught.value.exit_code == 78


def test_a_bad_base_url_with_a_password_is_not_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "htps://user:s3cret-pw@models.internal/v1")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "s3cret-pw" not in caught.value.message


@pytest.mark.parametrize(
    "url", ["http://localhost:11434/v1", "https://api.openai.com/v1", "http://[::1]:8000/v1"]
)
def test_a_real_base_url_is_taken(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    assert load_settings().openai_base_url == url


def test_ask_with_a_bad_base_url_exits_78_with_one_line(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """The operator sees one line naming the variable, and the documented exit code."""
    done = forked_mca(fork_server, data_dir, "ask", "hi", "--json", OPENAI_BASE_URL="not a url")
    assert done.returncode == ConfigError.exit_code == 78
    assert "OPENAI_BASE_URL" in json.loads(done.stdout)["error"]


@pytest.mark.parametrize(
    ("env", "given", "taken"),
    [
        ("MCA_MENTOR_DEFAULT_LANGUAGE", "pt-BR", "pt"),
        ("MCA_MENTOR_DEFAULT_LANGUAGE", "zh_CN", "zh"),
        ("MCA_MENTOR_DEFAULT_LANGUAGE", "DE", "de"),
        ("MCA_COURSE_ANNOUNCE_LANGUAGE", "pt-BR", "pt"),
        ("MCA_COURSE_ANNOUNCE_LANGUAGE", "ja-JP", "ja"),
    ],
)
def test_a_locale_names_its_language(
    monkeypatch: pytest.MonkeyPatch, env: str, given: str, taken: str
) -> None:
    """review10 T1: `pt-BR`, the form the README uses for `--locale`, is Portuguese."""
    monkeypatch.setenv(env, given)
    settings = load_settings()
    assert taken in (settings.mentor.default_language, settings.course.announce_language)


def test_a_locale_of_an_unknown_language_is_still_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MCA_MENTOR_DEFAULT_LANGUAGE", "xx-YY")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "is not one of the languages" in caught.value.message


def test_a_misnamed_discord_token_is_pointed_at_discord_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """review10 T1: `MCA_DISCORD_TOKEN` was told its closest setting is the sandbox's token."""
    monkeypatch.setenv("MCA_DISCORD_TOKEN", "MTIz.fake-discord-token.value")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "the closest setting is DISCORD_TOKEN." in caught.value.message
    assert "fake-discord-token" not in caught.value.message


def test_an_error_keeps_the_case_of_its_own_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    """review10 T1: "(e.g. 'utc', 'america/sao_paulo')" would be copied wrong."""
    monkeypatch.setenv("MCA_COURSE_TIMEZONE", "Mars/Olympus")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "'UTC', 'America/Sao_Paulo'" in caught.value.message
    assert "'Mars/Olympus' is not an IANA time zone" in caught.value.message


def test_ask_names_the_code_file_it_cannot_read(
    data_dir: Path, fork_server: ForkServer, tmp_path: Path
) -> None:
    """review10 T31: `ask --code bad.py` said "That input is not valid UTF-8" (which input?)."""
    bad = tmp_path / "bad.py"
    bad.write_bytes("print('olá')\n".encode("latin-1"))  # neither UTF-8 nor BOM-marked UTF-16
    done = forked_mca(fork_server, data_dir, "ask", "--code", str(bad), "Como melhorar?", "--json")
    assert done.returncode == 2
    said = json.loads(done.stdout)["error"]
    assert "`bad.py`" in said
    assert "UTF-8" in said


def test_an_unknown_setting_is_said_in_plain_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not pydantic's "extra inputs are not permitted" or "value error, ..." with the value twice."""
    monkeypatch.setenv("MCA_COURSE_ANOUNCE_CRON", "0 9 * * MON")
    monkeypatch.setenv("MCA_COURSE_TIMEZONE", "Mars/Olympus")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = caught.value.message
    assert "there is no such setting; the closest setting is MCA_COURSE_ANNOUNCE_CRON." in message
    assert "extra inputs" not in message
    assert "alue error" not in message
    assert message.count("Mars/Olympus") == 1


@pytest.mark.parametrize(
    ("env", "origin", "says"),
    [
        ({"MCA_DISCORD_SHARD_IDS": "4", "MCA_DISCORD_SHARD_COUNT": "4"},
         "environment variable MCA_DISCORD_SHARD_IDS", "not in 0..3"),
        ({"MCA_DISCORD_SHARD_IDS": "0,1"}, "environment variable MCA_DISCORD_SHARD_IDS",
         "shard_ids needs shard_count"),
        ({"MCA_DISCORD_SHARD_IDS": "a"}, "environment variable MCA_DISCORD_SHARD_IDS",
         "valid integer"),
        ({"MCA_LIFECYCLE_LEASE_S": "6"}, "environment variable MCA_LIFECYCLE_LEASE_S",
         "reaper_interval_s (5) must be at most half of lease_s (6)"),
    ],
)  # fmt: skip
def test_a_section_or_list_error_names_the_variable_that_was_set(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], origin: str, says: str
) -> None:
    """Not "(from config/default.toml)" for a value given in the environment, nor "(from
    defaults)" for the list item of `MCA_DISCORD_SHARD_IDS=a`."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert f"(from {origin}): " in caught.value.message
    assert says in caught.value.message
    assert "default.toml" not in caught.value.message


@pytest.mark.parametrize(
    ("lease", "interval", "ok"),
    [("30", "5", True), ("10", "5", True), ("9", "5", False), ("5", "10", False)],
)
def test_leases_must_outlive_two_renewals(
    monkeypatch: pytest.MonkeyPatch, lease: str, interval: str, ok: bool
) -> None:
    """A lease renewed less often than it expires lets another host answer a live turn again
    (issue 18: no duplicated answers): such settings stop the start, exit 78."""
    monkeypatch.setenv("MCA_LIFECYCLE_LEASE_S", lease)
    monkeypatch.setenv("MCA_LIFECYCLE_REAPER_INTERVAL_S", interval)
    if ok:
        assert load_settings().lifecycle.lease_s == float(lease)
        return
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert caught.value.exit_code == 78
    assert "answer the same turn again" in caught.value.message
