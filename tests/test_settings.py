"""Settings: defaults, precedence, env-only secrets, and errors that say what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import SECRET_ENV, load_settings


def test_defaults_load_from_config_default_toml() -> None:
    """With nothing set, the embedded default is used: offline engine, no HTTP server."""
    settings = load_settings()
    assert settings.http_port == 0
    assert not settings.llm_configured
    assert settings.sandbox.workers == []
    assert "pt" in settings.mentor.languages


def test_env_overrides_file_and_file_overrides_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Precedence is MCA_* env, then the MCA_CONFIG file, then config/default.toml."""
    extra = tmp_path / "site.toml"
    extra.write_text("http_port = 8000\n[sandbox]\nwall_timeout_s = 2.5\nmax_processes = 8\n")
    monkeypatch.setenv("MCA_CONFIG", str(extra))
    monkeypatch.setenv("MCA_SANDBOX_MAX_PROCESSES", "4")
    settings = load_settings()
    assert settings.http_port == 8000
    assert settings.sandbox.wall_timeout_s == 2.5
    assert settings.sandbox.max_processes == 4


def test_sandbox_workers_accept_a_comma_separated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """MCA_SANDBOX_WORKERS is a comma-separated list, as operators write it."""
    monkeypatch.setenv("MCA_SANDBOX_WORKERS", "http://w1:8081, http://w2:8081")
    assert load_settings().sandbox.workers == ["http://w1:8081", "http://w2:8081"]


@pytest.mark.parametrize(
    ("env", "value", "key", "type_word"),
    [
        ("MCA_HTTP_PORT", "eighty", "http_port", "integer"),
        ("MCA_HTTP_PORT", "70000", "http_port", "less than or equal"),
        ("MCA_SANDBOX_WALL_TIMEOUT_S", "soon", "sandbox.wall_timeout_s", "number"),
        ("MCA_LOG_LEVEL", "loud", "log_level", "'debug'"),
        ("MCA_SANDBOX_ENABLED", "perhaps", "sandbox.enabled", "boolean"),
    ],
)
def test_invalid_env_value_names_key_variable_and_type(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, key: str, type_word: str
) -> None:
    """A bad env value fails at start naming the key, the variable and the expected type."""
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = caught.value.message
    assert f"`{key}`" in message
    assert env in message
    assert type_word in message


def test_unknown_key_in_config_file_is_rejected(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A typo in a config file is an error, not silently ignored."""
    extra = tmp_path / "site.toml"
    extra.write_text("[sandbox]\nwall_timeot_s = 3\n")
    monkeypatch.setenv("MCA_CONFIG", str(extra))
    with pytest.raises(ConfigError, match=r"sandbox\.wall_timeot_s.*site\.toml"):
        load_settings()


@pytest.mark.parametrize("name", sorted(SECRET_ENV))
def test_secret_in_config_file_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
) -> None:
    """Secrets come from the environment only; a file holding one is refused, naming the variable."""
    extra = tmp_path / "site.toml"
    extra.write_text(f'{name} = "not-here"\n')
    monkeypatch.setenv("MCA_CONFIG", str(extra))
    with pytest.raises(ConfigError, match=SECRET_ENV[name]):
        load_settings()


@pytest.mark.parametrize(
    "line",
    [
        'OPENAI_API_KEY = "sk-live-abc"',
        'Discord_Token = "sk-live-abc"',
        'SLACK_BOT_TOKEN = "sk-live-abc"',
        '[llm]\nopenai_api_key = "sk-live-abc"',
        '[slack]\nSlack-Signing-Secret = "sk-live-abc"',
    ],
)
def test_secret_in_config_file_is_refused_whatever_its_case_or_table(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, line: str
) -> None:
    """A secret key in any case, spelling or table is refused, and its value is never echoed."""
    extra = tmp_path / "site.toml"
    extra.write_text(line + "\n")
    monkeypatch.setenv("MCA_CONFIG", str(extra))
    with pytest.raises(ConfigError, match="environment only") as info:
        load_settings()
    assert "sk-live-abc" not in info.value.message


def test_secrets_come_from_env_and_never_show_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tokens load from their env vars and stay hidden in repr and dumps."""
    monkeypatch.setenv("DISCORD_TOKEN", "discord-secret-value-123")
    settings = load_settings()
    assert settings.discord_token is not None
    assert settings.discord_token.get_secret_value() == "discord-secret-value-123"
    assert "discord-secret-value-123" not in repr(settings)
    assert "discord-secret-value-123" not in str(settings.model_dump())
    assert "discord-secret-value-123" in settings.secret_values()


@pytest.mark.parametrize(
    ("content", "expected"),
    [("http_port = [", "not valid TOML"), (None, "does not exist")],
    ids=["broken-toml", "missing-file"],
)
def test_unreadable_config_file_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: str | None, expected: str
) -> None:
    """MCA_CONFIG pointing at a broken or missing file fails with the path."""
    extra = tmp_path / "site.toml"
    if content is not None:
        extra.write_text(content)
    monkeypatch.setenv("MCA_CONFIG", str(extra))
    with pytest.raises(ConfigError, match=expected):
        load_settings()


def test_llm_is_configured_by_base_url_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A local OpenAI-compatible server needs only OPENAI_BASE_URL (no key)."""
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("MCA_MODEL", "llama3")
    settings = load_settings()
    assert settings.llm_configured
    assert settings.model == "llama3"


def test_table_setting_accepts_json_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table-valued setting (announcement channels) can be set from the environment as JSON."""
    monkeypatch.setenv("MCA_COURSE_ANNOUNCE_CHANNELS", '{"discord": ["123"], "slack": ["C01"]}')
    channels = load_settings().course.announce_channels
    assert channels["discord"] == ["123"]
    assert channels["slack"] == ["C01"]


def test_table_setting_with_broken_json_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Broken JSON in a table-valued variable is a clear error naming that variable."""
    monkeypatch.setenv("MCA_COURSE_ANNOUNCE_CHANNELS", '{"discord": [123')
    with pytest.raises(ConfigError, match="MCA_COURSE_ANNOUNCE_CHANNELS"):
        load_settings()
