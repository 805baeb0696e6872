"""Discord: messages sent to a shard while its process is dying or dead are answered once.

The real `python -m bot run` against the fake Discord, on SQLite and on PostgreSQL. The process
saves its gateway session and the last durable sequence number; it is SIGKILLed right after
some follow-ups are dispatched (dying), more follow-ups go to its session while it is dead
(Discord keeps a disconnected session resumable and buffers them), and the next start resumes
that session: every follow-up becomes exactly one answered turn. A session Discord no longer
knows is refused (INVALID_SESSION): one line in the log, the new session is kept instead.
A graceful stop (SIGTERM, a deploy) closes the gateway with 4000, not 1000, so the session
stays resumable and what is sent in the gap is answered once by the next start.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from bot.platforms.discord_gateway import HAND_OVER_CODE
from bot.storage.connect import open_database
from bot.storage.discord_sessions import StoredSession
from bot.storage.leases import LeaseOwner
from bot.storage.sql_store import SqlStore
from tests.fakes.discord_server import CHANNEL_ID, FakeDiscord, guild_on_shard
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.faults.harness import (
    DiscordBot,
    DiscordRun,
    ForkServer,
    StoreView,
    draft,
    headings,
    llm_env,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

QUESTION = "Why does my asyncio crawler get slower with more concurrent tasks? How do I measure it?"
DYING = 3
"""Follow-ups dispatched just before the SIGKILL (some read, some kept, some not)."""
DEAD = 3
"""Follow-ups dispatched while the process is dead."""


@pytest.fixture
def llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(default=reply(draft())) as server:
        yield server


@dataclass
class Running(DiscordRun):
    """A bot process against the fake, read through the gateway sessions it stored."""

    async def sessions(self) -> list[StoredSession]:
        """The gateway sessions stored now."""
        db = await open_database(url=self.url, path=self.data / "mca.sqlite3")
        try:
            return await SqlStore(db, LeaseOwner.this_process()).gateway_sessions.stored()
        finally:
            await db.close()

    async def leases_until(self) -> list[float]:
        """The stored sessions' lease expiries (0: let go)."""
        db = await open_database(url=self.url, path=self.data / "mca.sqlite3")
        try:
            rows = await db.fetchall("SELECT lease_until FROM discord_sessions")
            return [float(r[0]) for r in rows]
        finally:
            await db.close()

    async def saved_after(self, seq: int) -> StoredSession:
        """Until the stored session of the fake's current session is durable past `seq`."""
        for _ in range(500):
            stored = await self.sessions()
            if stored and stored[0].session_id == self.fake.session_id and stored[0].seq > seq:
                return stored[0]
            await asyncio.sleep(0.05)
        raise AssertionError(f"session not saved past {seq}: {await self.sessions()}")


@pytest.fixture
def running(discord_run: DiscordRun) -> Running:
    """The faults conftest's bot (forked, on SQLite then PostgreSQL), with its sessions read."""
    return Running(
        fake=discord_run.fake,
        bot=discord_run.bot,
        view=discord_run.view,
        data=discord_run.data,
        url=discord_run.url,
    )


def _answers(fake: FakeDiscord, thread_id: int) -> int:
    first = headings()[0]
    return sum(first in m["content"] for m in fake.visible(thread_id))


async def _thread(run: Running) -> int:
    """A learner's thread, answered once."""
    fake = run.fake
    await fake.dispatch("INTERACTION_CREATE", fake.slash("ask", question=QUESTION))
    thread_id = int((await fake.wait_for(fake.threads_created))[0]["id"])
    await fake.wait_for(lambda: _answers(fake, thread_id) == 1, within_s=60)
    return thread_id


async def test_messages_sent_while_dying_or_dead_are_answered_once_after_restart(
    running: Running,
) -> None:
    """Every follow-up sent around a SIGKILL is answered exactly once by the next start."""
    fake, bot, view = running.fake, running.bot, running.view
    thread_id = await _thread(running)
    first = fake.sessions[fake.session_id]
    await running.saved_after(0)
    texts = [f"Q-around-kill {n}: and how do I measure the lag of task {n}?" for n in range(6)]
    for text in texts[:DYING]:
        await fake.dispatch("MESSAGE_CREATE", fake.user_message(thread_id, text))
    await bot.kill()  # dying: some of these were read, maybe kept, maybe answered
    await fake.wait_for(lambda: not first.connected, within_s=10)
    for text in texts[DYING:]:  # dead: only Discord has these, in the session's buffer
        await fake.dispatch("MESSAGE_CREATE", fake.user_message(thread_id, text))
    identifies = fake.identifies

    await bot.start()
    await fake.wait_for(lambda: bot.events("discord.session_resumed"), within_s=60)
    await fake.wait_for(lambda: _answers(fake, thread_id) >= 1 + len(texts), within_s=120)
    turns = await view.turns_by_text()
    for text in texts:
        assert [t[:2] for t in turns.get(text, [])] == [("answered", 1)], (text, turns)
    assert fake.identifies == identifies + 1  # the live session is new; the old one drained
    assert fake.invalid_sessions == 0
    resumed = bot.events("discord.session_resumed")[-1]
    assert resumed["after_seq"] > 0
    await running.saved_after(0)  # the new session is the one stored now
    assert _answers(fake, thread_id) == 1 + len(texts)  # nothing answered twice, even late


async def test_expired_session_falls_back_to_identify_without_a_crash(running: Running) -> None:
    """A session Discord refuses (expired) is logged once and replaced; the bot answers."""
    fake, bot = running.fake, running.bot
    thread_id = await _thread(running)
    old = await running.saved_after(0)
    await bot.kill()
    fake.resume_window_s = 0.0  # Discord forgot the session while the bot was down

    await bot.start()
    await fake.wait_for(lambda: bot.events("discord.session_not_resumed"), within_s=60)
    assert fake.invalid_sessions == 1
    refused = bot.events("discord.session_not_resumed")
    assert [r["reason"] for r in refused] == ["invalid session"]
    fake.resume_window_s = 120.0
    await fake.dispatch("MESSAGE_CREATE", fake.user_message(thread_id, "And after a restart?"))
    await fake.wait_for(lambda: _answers(fake, thread_id) == 2, within_s=60)
    new = await running.saved_after(0)
    assert new.session_id != old.session_id
    assert bot.proc.returncode is None


async def test_sharded_process_resumes_each_shard_it_ran(
    llm: FakeOpenAI, tmp_path: Path, fork_server: ForkServer
) -> None:
    """Two shards in one process: each shard's session is stored and drained on its own."""
    fake = FakeDiscord()
    await fake.start()
    guild = guild_on_shard(1, 2)
    fake.add_guild(guild)
    data = tmp_path / "data"
    bot = DiscordBot(
        fake, data, server=fork_server, MCA_DISCORD_SHARD_COUNT="2", **llm_env(llm.base_url)
    )
    run = Running(fake=fake, bot=bot, view=StoreView(data), data=data, url=None)
    try:
        await bot.start()
        await fake.wait_for(lambda: fake.connected_shards() == {0, 1}, within_s=60)
        ask = fake.slash(
            "ask", guild=guild, channel_id=fake.channel_of_guild(guild), question=QUESTION
        )
        await fake.dispatch("INTERACTION_CREATE", ask)
        thread_id = int((await fake.wait_for(fake.threads_created, within_s=60))[0]["id"])
        await fake.wait_for(lambda: _answers(fake, thread_id) == 1, within_s=60)
        for _ in range(500):
            if [s.shard_id for s in await run.sessions()] == [0, 1]:
                break
            await asyncio.sleep(0.05)
        await bot.kill()
        text = "Q-sharded: and which shard answers me after a crash?"
        await fake.dispatch("MESSAGE_CREATE", fake.user_message(thread_id, text))

        await bot.start()
        await fake.wait_for(lambda: len(bot.events("discord.session_resumed")) == 2, within_s=60)
        await fake.wait_for(lambda: _answers(fake, thread_id) == 2, within_s=60)
        resumed = {e["shard"]: e["events"] for e in bot.events("discord.session_resumed")}
        assert resumed[1] >= 2  # the follow-up, then RESUMED
        assert resumed[0] == 1  # nothing for shard 0 but RESUMED
        assert fake.invalid_sessions == 0
        await asyncio.sleep(1.0)  # a late duplicate would show by now
        assert _answers(fake, thread_id) == 2
    finally:
        if bot._proc is not None:
            await bot.stop()
        await fake.close()


async def test_graceful_stop_keeps_the_session_and_answers_the_gap_once(running: Running) -> None:
    """SIGTERM closes the gateway with 4000: messages sent until the next start are answered once."""
    fake, bot, view = running.fake, running.bot, running.view
    thread_id = await _thread(running)
    first = fake.sessions[fake.session_id]
    await running.saved_after(0)

    assert await bot.stop() == 0
    assert first.closed_with == HAND_OVER_CODE
    assert first.resumable(fake.resume_window_s)
    assert [s.session_id for s in await running.sessions()] == [first.id]
    assert await running.leases_until() == [0.0], bot.log()[-3000:]  # let go: taken at once
    texts = [f"Q-deploy-gap {n}: and how do I see what task {n} waits on?" for n in range(3)]
    for text in texts:  # the deploy's gap: only Discord has these, for the stored session
        await fake.dispatch("MESSAGE_CREATE", fake.user_message(thread_id, text))

    await bot.start()
    await fake.wait_for(lambda: bot.events("discord.session_resumed"), within_s=60)
    await fake.wait_for(lambda: _answers(fake, thread_id) >= 1 + len(texts), within_s=120)
    turns = await view.turns_by_text()
    for text in texts:
        assert [t[:2] for t in turns.get(text, [])] == [("answered", 1)], (text, turns)
    assert fake.invalid_sessions == 0
    assert bot.events("discord.gateway_handed_over")[0]["sockets"] == 1
    await asyncio.sleep(1.0)  # a late duplicate would show by now
    assert _answers(fake, thread_id) == 1 + len(texts)


@pytest.mark.parametrize(("code", "resumable"), [(1000, False), (1001, False), (4000, True)])
async def test_fake_gateway_ends_a_session_only_on_a_1000_or_1001_close(
    code: int, resumable: bool
) -> None:
    """As Discord does: a client's 1000/1001 close ends its session, any other code keeps it."""
    fake = FakeDiscord()
    await fake.start()
    try:
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(fake.gateway_url) as ws:
                await ws.receive_json()  # HELLO
                await ws.send_json({"op": 2, "d": {"token": "t", "intents": 0, "properties": {}}})
                ready = await ws.receive_json()
                session = str(ready["d"]["session_id"])
                await ws.close(code=code)
            await fake.wait_for(lambda: not fake.sessions[session].connected)
            await fake.dispatch("MESSAGE_CREATE", fake.user_message(CHANNEL_ID, "while away"))
            async with http.ws_connect(fake.gateway_url) as ws:
                await ws.receive_json()  # HELLO
                resume = {"token": "t", "session_id": session, "seq": ready["s"] + 1}
                await ws.send_json({"op": 6, "d": resume})
                answer = await ws.receive_json()
        assert (answer.get("t") == "MESSAGE_CREATE") is resumable, answer
        assert (answer.get("op") == 9) is not resumable, answer
    finally:
        await fake.close()


async def test_sharded_graceful_stop_hands_over_every_shard(
    llm: FakeOpenAI, tmp_path: Path, fork_server: ForkServer
) -> None:
    """Two shards in one process, SIGTERM: each shard's session is closed with 4000 and kept."""
    fake = FakeDiscord()
    await fake.start()
    fake.add_guild(guild_on_shard(1, 2))
    bot = DiscordBot(
        fake,
        tmp_path / "data",
        server=fork_server,
        MCA_DISCORD_SHARD_COUNT="2",
        **llm_env(llm.base_url),
    )
    try:
        await bot.start()
        await fake.wait_for(lambda: fake.connected_shards() == {0, 1}, within_s=60)
        assert await bot.stop() == 0
        sessions = list(fake.sessions.values())
        assert sorted(s.shard for s in sessions) == [0, 1]
        assert [s.closed_with for s in sessions] == [HAND_OVER_CODE, HAND_OVER_CODE]
        assert all(s.resumable(fake.resume_window_s) for s in sessions)
        assert bot.events("discord.gateway_handed_over")[0]["sockets"] == 2
    finally:
        if bot._proc is not None and bot.proc.returncode is None:
            await bot.stop()
        await fake.close()
