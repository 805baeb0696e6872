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
