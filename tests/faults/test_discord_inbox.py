"""Discord: a learner's thread message kept in the inbox is answered after a crash, once.

The real `python -m bot run` against the fake Discord, on SQLite and on PostgreSQL. A live
follow-up leaves no inbox row behind; a row left by a process that died before storing the
turn (staged through the store, as that process would have written it) is answered by the
next start, in the thread, exactly once.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.storage.connect import open_database
from bot.storage.leases import LeaseOwner
from bot.storage.sql_store import SqlStore
from tests.conftest import STORES
from tests.fakes.discord_server import GUILD_ID, LEARNER_ID, OTHER_USER_ID, FakeDiscord
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.faults.harness import DiscordBot, StoreView, draft, headings, llm_env
from tests.postgres_cluster import Cluster

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

QUESTION = "Why does my asyncio crawler get slower with more concurrent tasks? How do I measure it?"
REPLAYED = "Q-replayed: and how do I find which task holds the event loop? Show me how to measure."


@pytest.fixture
def llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(default=reply(draft())) as server:
        yield server


def _dead_owner() -> LeaseOwner:
    """The lease identity of a bot process on this machine that has exited."""
    host, machine, _, _ = LeaseOwner.this_process().id.split("/")
    if not machine:
        pytest.skip("this OS does not say its boot id and PID namespace (no /proc)")
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return LeaseOwner(f"{host}/{machine}/{int(proc.stdout)}/deadbeef")


def _answers(fake: FakeDiscord, thread_id: int) -> int:
    first = headings()[0]
    return sum(first in m["content"] for m in fake.visible(thread_id))


@pytest.mark.parametrize("store", STORES)
async def test_thread_message_kept_before_a_crash_is_answered_once_after_restart(
    store: str, llm: FakeOpenAI, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Live follow-ups end their inbox row; an orphaned learner's row is answered once on restart."""
    url = None
    env = llm_env(llm.base_url)
    if store == "postgres":
        cluster: Cluster = request.getfixturevalue("postgres_cluster")
        url = cluster.fresh_database()
        request.addfinalizer(lambda: cluster.drop(url))
        env["MCA_DATABASE_URL"] = url
    data = tmp_path / "data"
    fake = FakeDiscord()
    await fake.start()
    bot = DiscordBot(fake, data, **env)
    view = StoreView(data, url)
    try:
        await bot.start()
        await view.open()
        await fake.dispatch("INTERACTION_CREATE", fake.slash("ask", question=QUESTION))
        thread_id = int((await fake.wait_for(fake.threads_created))[0]["id"])
        await fake.wait_for(lambda: _answers(fake, thread_id) == 1, within_s=30)
        follow_up = fake.user_message(thread_id, "And how do I measure the event loop lag?")
        await fake.dispatch("MESSAGE_CREATE", follow_up)
        await fake.wait_for(lambda: _answers(fake, thread_id) == 2, within_s=30)
        assert await view.inbox_rows() == 0  # the live turn took its row
        await bot.kill()

        # The crash window: the message was kept, the process died before storing its turn.
        db = await open_database(url=url, path=data / "mca.sqlite3")
        crashed = SqlStore(db, _dead_owner())
        record = await crashed.get_thread("discord", str(thread_id))
        assert record is not None
        kept = {
            "user": str(LEARNER_ID), "content": REPLAYED, "title": "", "forum": False,
            "direct": False, "channel_id": thread_id, "community": str(GUILD_ID),
            "user_name": "learner", "attachment": None,
        }  # fmt: skip
        assert await crashed.inbox.accept("discord", "message:991", kept)
        # Someone else's message in the learner's thread, kept before the store said so.
        other = {**kept, "user": str(OTHER_USER_ID), "content": "Q-other: not theirs to ask"}
        assert await crashed.inbox.accept("discord", "message:992", other)
        await db.close()

        await bot.start()
        await fake.wait_for(lambda: _answers(fake, thread_id) == 3, within_s=30)
        # both rows replayed (the other person's, no turn, often ends first) before reading
        await fake.wait_for(lambda: len(bot.events("reaper.event_replayed")) == 2, within_s=30)
        turns = await view.turns_by_text()
        assert turns[REPLAYED] == [("answered", 1, 1)]
        assert len(turns) == 3  # the other person's message is no turn
        assert await view.inbox_rows() == 0
        assert _answers(fake, thread_id) == 3
    finally:
        await view.close()
        if bot._proc is not None:
            await bot.stop()
        await fake.close()
