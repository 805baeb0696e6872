"""Fault fixtures: the real Discord bot process on each store, its fake Discord and its rows;
a fake Slack per test module for the Slack bot processes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.conftest import STORES
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.fakes.slack_server import FakeSlack
from tests.faults.harness import DiscordBot, DiscordRun, ForkServer, StoreView, draft, llm_env
from tests.postgres_cluster import Cluster


@pytest.fixture(params=STORES)
async def discord_run(
    request: pytest.FixtureRequest, tmp_path: Path, fork_server: ForkServer
) -> AsyncIterator[DiscordRun]:
    """The bot started (by fork) on SQLite, then PostgreSQL, a fake LLM drafting good answers."""
    with FakeOpenAI(default=reply(draft())) as llm:
        url = None
        cluster: Cluster | None = None
        if request.param == "postgres":
            cluster = request.getfixturevalue("postgres_cluster")
            url = cluster.fresh_database()
        env = llm_env(llm.base_url, url)
        data = tmp_path / "data"
        fake = FakeDiscord()
        await fake.start()
        bot = DiscordBot(fake, data, server=fork_server, **env)
        view = StoreView(data, url)
        try:
            await bot.start()
            await view.open()
            yield DiscordRun(fake=fake, bot=bot, view=view, data=data, url=url)
        finally:
            await view.close()
            if bot._proc is not None:
                await bot.stop()
            await fake.close()
            if cluster is not None and url is not None:
                cluster.drop(url)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def slack() -> AsyncIterator[FakeSlack]:
    """Module-wide, like the Slack bot process the module starts against it."""
    server = FakeSlack()
    await server.start()
    yield server
    await server.stop()
