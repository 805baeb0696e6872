"""Shared fixtures: isolated settings and a real SQLite store in a temporary folder."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App, open_app
from bot.settings import Settings, load_settings

REPO_ROOT = Path(__file__).resolve().parent.parent

_SCRUBBED = (
    "DISCORD_TOKEN",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "MCA_CONFIG",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's tokens or MCA_* settings."""
    for name in list(os.environ):
        if name.startswith("MCA_") or name in _SCRUBBED:
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh data folder per test."""
    return tmp_path / "data"


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    """Default settings with the data folder in tmp and the sandbox off (its own tests run it)."""
    base = load_settings(data_dir=data_dir)
    return base.model_copy(update={"sandbox": base.sandbox.model_copy(update={"enabled": False})})


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[App]:
    """The whole bot, built by the composition root, on a real SQLite file."""
    async with open_app(settings) as built:
        yield built


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for running `python -m bot` in a subprocess, isolated like the fixtures."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MCA_") and k not in _SCRUBBED}
    env.update({"MCA_DATA_DIR": str(data_dir), "MCA_SANDBOX_ENABLED": "false"}, **extra)
    return env
