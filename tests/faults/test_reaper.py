"""The reaper in a running bot: what a dead process left is taken once, a live one's never."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from bot.app import App
from bot.errors import StorageError
from bot.mentor.reaper import Reaper
from bot.mentor.recovery import Recovery
from bot.settings import Settings
from bot.storage.inbox import InboxEvent
from bot.storage.leases import LeaseOwner
from bot.storage.sql_store import SqlStore
from bot.storage.store import ThreadRecord
from tests.conftest import STORES, on_store


@pytest.fixture(params=STORES)
def settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Every test here runs on SQLite and on PostgreSQL."""
    return on_store(request, settings)


@dataclass
class Platform:
    """A platform that records what the reaper hands it."""

    name: str = "slack"
    replayed: list[str] = field(default_factory=list)
    delivered: list[int] = field(default_factory=list)

    async def wait_ready(self) -> None:
        """Always ready."""

    async def replay(self, event: InboxEvent) -> None:
        """Record the event."""
        self.replayed.append(event.key)

    async def redeliver(
        self, thread: ThreadRecord, *, turn_id: int, reply_id: int, markdown: str
    ) -> None:
        """Record the turn."""
        self.delivered.append(turn_id)


def _owner(pid: int) -> LeaseOwner:
    """Another process on this machine, with PID `pid`."""
    host, machine, _, _ = LeaseOwner.this_process().id.split("/")
    if not machine:
        pytest.skip("this OS does not say its boot id and PID namespace (no /proc)")
    return LeaseOwner(f"{host}/{machine}/{pid}/feedbeef")


async def _until(done: Callable[[], object], within_s: float = 20.0) -> None:
    """Until `done()` is true (the reaper's work runs in tasks of its own)."""
    deadline = asyncio.get_running_loop().time() + within_s
    while not done():
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.02)


def _exited_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(proc.stdout)


async def test_reaper_replays_a_dead_process_event_once_and_leaves_a_live_one(app: App) -> None:
    """Sweeps replay the dead process's event exactly once; the living parent's stays its own."""
    dead = SqlStore(app.store.db, _owner(_exited_pid()))
    alive = SqlStore(app.store.db, _owner(os.getppid()))
    await dead.inbox.accept("slack", "event:Dead", {"event_id": "Dead"})
    await alive.inbox.accept("slack", "event:Alive", {"event_id": "Alive"})
    platform = Platform()
    recovery = Recovery(mentor=app.mentor, outbox=app.outbox, settings=app.settings.lifecycle)
    reaper = Reaper(recovery=recovery, inbox=app.store.inbox, platforms=[platform], interval_s=60)
    await reaper.sweep()
    await _until(lambda: platform.replayed)
    await reaper.sweep()
    await reaper.sweep()
    await asyncio.sleep(0.1)
    assert platform.replayed == ["event:Dead"]


async def test_event_the_database_failed_is_replayed_once_by_its_own_process(app: App) -> None:
    """A handler failed by the store (a server restart) leaves its row: our sweep replays it once."""
    inbox = app.store.inbox
    await inbox.accept("slack", "event:Outage", {"event_id": "Outage"})
    await inbox.accept("slack", "event:Busy", {"event_id": "Busy"})  # handled live meanwhile
    with pytest.raises(StorageError):
        async with inbox.handling("event:Outage"):
            raise StorageError("The connection to PostgreSQL was lost; nothing was saved.")
    platform = Platform()
    recovery = Recovery(mentor=app.mentor, outbox=app.outbox, settings=app.settings.lifecycle)
    reaper = Reaper(recovery=recovery, inbox=inbox, platforms=[platform], interval_s=60)
    await reaper.sweep()
    await _until(lambda: platform.replayed)
    await reaper.sweep()
    await asyncio.sleep(0.1)
    assert platform.replayed == ["event:Outage"]


async def test_turn_the_database_failed_is_answered_once_by_its_own_process(app: App) -> None:
    """Our stored turn whose answer the store failed goes again at our sweep; a live one does not."""
    store = app.store
    learner = await store.upsert_learner("slack", "U-outage")
    thread = await store.create_thread(platform="slack", external_id="T-o", learner_id=learner.id)
    failed = await store.add_learner_turn(thread.id, "How do I profile a task?", language="en")
    live = await store.add_learner_turn(thread.id, "And its memory?", language="en")
    for turn in (failed, live):
        await app.outbox.accept(turn, "slack")
    app.outbox.orphans.add(failed)  # as the delivery marks a turn the database failed
    platform = Platform()
    recovery = Recovery(mentor=app.mentor, outbox=app.outbox, settings=app.settings.lifecycle)
    reaper = Reaper(recovery=recovery, inbox=store.inbox, platforms=[platform], interval_s=60)
    await reaper.sweep()
    await _until(lambda: platform.delivered)
    await reaper.sweep()
    await asyncio.sleep(0.1)
    assert platform.delivered == [failed]
    assert [u.turn_id for u in await app.outbox.unfinished("slack")] == [live]


async def test_reaper_delivers_a_dead_process_answered_turn_once(app: App) -> None:
    """A reply stored but not shown by a process that died is delivered once by a live one."""
    dead = SqlStore(app.store.db, _owner(_exited_pid()))
    learner = await dead.upsert_learner("slack", "U1")
    thread = await dead.create_thread(platform="slack", external_id="T1", learner_id=learner.id)
    turn = await dead.add_learner_turn(thread.id, "How do I profile?", language="en")
    await dead.outbox.accept(turn, "slack")
    await dead.add_reply(
        thread_id=thread.id, reply_to=turn, text="reply", language="en", engine="offline",
        role="mentor", topics=(),
    )  # fmt: skip
    platform = Platform()
    recovery = Recovery(mentor=app.mentor, outbox=app.outbox, settings=app.settings.lifecycle)
    reaper = Reaper(recovery=recovery, inbox=app.store.inbox, platforms=[platform], interval_s=60)
    await reaper.sweep()
    await _until(lambda: platform.delivered)
    await reaper.sweep()
    await asyncio.sleep(0.1)
    assert platform.delivered == [turn]
    assert await app.outbox.unfinished("slack") == []


@dataclass
class SlowPlatform(Platform):
    """Delivery takes a while, as an LLM answer does; records overlap per thread."""

    in_flight: set[int] = field(default_factory=set)
    peak: int = 0
    overlapped: bool = False
    threads: dict[int, int] = field(default_factory=dict)
    """turn -> thread, to see whether two turns of one thread ever ran at once."""

    async def redeliver(
        self, thread: ThreadRecord, *, turn_id: int, reply_id: int, markdown: str
    ) -> None:
        """Record the turn after a pause, and how many ran at once."""
        busy = {self.threads[t] for t in self.in_flight}
        self.overlapped |= self.threads[turn_id] in busy
        self.in_flight.add(turn_id)
        self.peak = max(self.peak, len(self.in_flight))
        await asyncio.sleep(0.2)
        self.in_flight.discard(turn_id)
        self.delivered.append(turn_id)


async def test_dead_process_turns_are_taken_over_side_by_side_each_thread_in_order(
    app: App,
) -> None:
    """A killed process's turns of many threads recover at once; one thread's turns in order."""
    dead = SqlStore(app.store.db, _owner(_exited_pid()))
    platform = SlowPlatform()
    turns: list[int] = []
    for n in range(6):
        learner = await dead.upsert_learner("slack", f"U{n}")
        thread = await dead.create_thread(
            platform="slack", external_id=f"T{n}", learner_id=learner.id
        )
        for k in range(2 if n == 0 else 1):  # thread 0 has two turns waiting
            turn = await dead.add_learner_turn(thread.id, f"Q{n}-{k}", language="en")
            await dead.outbox.accept(turn, "slack")
            await dead.add_reply(
                thread_id=thread.id, reply_to=turn, text="reply", language="en",
                engine="offline", role="mentor", topics=(),
            )  # fmt: skip
            platform.threads[turn] = thread.id
            turns.append(turn)
    recovery = Recovery(mentor=app.mentor, outbox=app.outbox, settings=app.settings.lifecycle)
    reaper = Reaper(recovery=recovery, inbox=app.store.inbox, platforms=[platform], interval_s=60)
    await reaper.sweep()
    await _until(lambda: len(platform.delivered) == len(turns))
    assert sorted(platform.delivered) == turns
    assert platform.peak >= 6  # every thread at once, not one turn after another
    assert not platform.overlapped
    first, second = turns[0], turns[1]
    assert platform.delivered.index(first) < platform.delivered.index(second)
