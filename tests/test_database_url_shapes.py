"""review14 X21: a database password is a secret wherever the URL holds it, and an `@` in it is
named before anything is looked up."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ConfigError, StorageError
from bot.settings import load_settings
from bot.storage.postgres import PostgresDatabase


def test_a_password_in_the_query_string_of_a_toml_url_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "bot.toml"
    config.write_text(
        'database_url = "postgresql://127.0.0.1:5432/db?user=app&password=Hunter2Secret"\n', "utf-8"
    )
    monkeypatch.setenv("MCA_CONFIG", str(config))
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert caught.value.exit_code == 78
    message = caught.value.message
    assert "`database_url`" in message
    assert "MCA_DATABASE_URL" in message
    assert "Hunter2Secret" not in message


def test_a_query_string_without_a_password_is_taken(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "bot.toml"
    config.write_text(
        'database_url = "postgresql://app@127.0.0.1:5432/db?sslmode=disable"\n', "utf-8"
    )
    monkeypatch.setenv("MCA_CONFIG", str(config))
    assert load_settings().database_url.get_secret_value().endswith("sslmode=disable")


async def test_an_unescaped_at_in_the_password_is_said_before_any_lookup() -> None:
    with pytest.raises(StorageError) as caught:
        await PostgresDatabase.open("postgresql://app:Hun@ter2@127.0.0.1:1/db")
    message = str(caught.value)
    assert "%40" in message
    assert "ter2" not in message  # neither the password nor the host read from it
    assert "Name or service not known" not in message
    assert caught.value.exit_code == 74
