"""Shared fixtures: isolated settings, a real store (SQLite, and PostgreSQL where asked), the
fake OpenAI server and the shipped catalog."""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pydantic import SecretStr

from bot.app import App, open_app
from bot.mentor.i18n import Catalog
from bot.settings import DEFAULT_CONFIG_DIR, Settings, load_settings
from bot.storage.connect import open_database
from bot.storage.database import Database
from tests.fakes.openai_server import FakeOpenAI
from tests.postgres_cluster import Cluster, server_binaries, start_cluster

if TYPE_CHECKING:
    from tests.faults.harness import ForkServer

REPO_ROOT = Path(__file__).resolve().parent.parent

# The re module keeps the last 512 compiled patterns; building the bot compiles ~1,300 (the
# guards' cues and topic terms), so each app a test built compiled every one again (~0.8 s
# of a 1 s build). Room for all of them: the second build finds each pattern compiled.
re._MAXCACHE = max(getattr(re, "_MAXCACHE", 0), 8192)  # type: ignore[attr-defined]  # private knob
# (The literals each cue pattern requires are remembered by bot/text/prefilter.py itself: a
# patch of `prefilter.required_literals` here missed bot/mentor/guards/cue_groups.py, which
# imports the name before this file runs.)

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


@pytest.fixture(scope="session")
def openai_server() -> Iterator[FakeOpenAI]:
    """The loopback OpenAI-compatible server (its own thread; any event loop can use it)."""
    with FakeOpenAI() as server:
        yield server


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped messages and headings, loaded once."""
    return Catalog.load(DEFAULT_CONFIG_DIR)


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


STORES = ["sqlite", "postgres"]
"""The store tests run on both: parametrize a fixture with these and call `on_store`."""


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL server for the whole run (or TEST_POSTGRES_URL's server)."""
    own = os.environ.get("TEST_POSTGRES_URL", "").strip()
    if own:
        cluster = Cluster(admin_url=own)
    else:
        binaries = server_binaries()
        if binaries is None:
            reason = "PostgreSQL is not installed (no initdb/pg_ctl; apt-get install postgresql)"
            if os.environ.get("CI"):
                pytest.fail(f"{reason}: CI runs every PostgreSQL test (`make test` installs it)")
            pytest.skip(reason)
        cluster = start_cluster(binaries)
    try:
        cluster.prepare_template()
        yield cluster
    finally:
        cluster.shutdown()


def on_store(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """`settings` on the store named by the fixture's param: SQLite, or a fresh PostgreSQL db."""
    if request.param == "sqlite":
        return settings
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    url = cluster.fresh_database()
    request.addfinalizer(lambda: cluster.drop(url))
    return settings.model_copy(update={"database_url": SecretStr(url)})


@pytest.fixture(params=STORES)
def store_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Settings whose store is SQLite, then PostgreSQL (each test runs on both)."""
    return on_store(request, settings)


@pytest.fixture
async def database(store_settings: Settings) -> AsyncIterator[Database]:
    """The bare database of `store_settings`, migrated."""
    db = await open_database(
        url=store_settings.database_url_value, path=store_settings.database_path
    )
    yield db
    await db.close()


@pytest.fixture(scope="session")
def fork_server() -> Iterator[ForkServer]:
    """One fork server for the run: real bot processes start in a fraction of a second.

    It imports and builds the bot once (tests/faults/forkserver.py); each start is a fork.
    """
    from tests.faults.harness import ForkServer  # noqa: PLC0415  # the harness imports this module

    server = ForkServer().start()
    try:
        yield server
    finally:
        server.close()
