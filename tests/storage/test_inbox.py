"""The inbox and leases: an acknowledged event is kept until its turn is stored, and what a
process holds is taken by exactly one other process once it is gone (both engines)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.storage.claims import Claims
from bot.storage.database import Database
from bot.storage.leases import LeaseOwner
from bot.storage.sql_store import SqlStore

RACERS = 8
"""Concurrent takers per test, split over the two handles."""


def _stores(two: list[Database], lease_s: float = 30.0) -> list[SqlStore]:
    """Two bot processes on the store, each with its own lease identity."""
    return [SqlStore(db, LeaseOwner.this_process(lease_s)) for db in two]


async def _thread(store: SqlStore) -> int:
    learner = await store.upsert_learner("slack", "U1")
    thread = await store.create_thread(platform="slack", external_id="T1", learner_id=learner.id)
    return thread.id


def _dead_pid() -> int:
    """The PID of a process that has exited (and been waited for)."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(proc.stdout)


async def test_event_claim_and_inbox_row_are_written_together(two: list[Database]) -> None:
    """A retried event finds its claim and its row both: it is kept once, never twice."""
    first, second = _stores(two)
    body = {"event_id": "Ev1", "event": {"text": "why?"}}
    won = await asyncio.gather(
        *(s.inbox.accept("slack", "event:Ev1", body, claim="event:Ev1") for s in (first, second))
    )
    assert sorted(won) == [False, True]
    assert await first.inbox.pending() == 1
    assert not await Claims(two[0], ttl_s=60).claim("event:Ev1")


async def test_stored_turn_ends_its_inbox_row_and_is_leased_to_its_process(
    two: list[Database],
) -> None:
    """The turn's transaction deletes the event's row and registers the turn under our lease."""
    first, second = _stores(two)
    thread = await _thread(first)
    await first.inbox.accept("slack", "event:Ev2", {"event_id": "Ev2"})
    async with first.inbox.handling("event:Ev2"):
        turn = await first.add_learner_turn(thread, "why?", language="en")
        assert await first.inbox.pending() == 0
    assert await second.outbox.take("slack") == []  # held by the live first process
    taken = await first.outbox.take("slack", ours=True)
    assert [t.turn_id for t in taken] == [turn]


async def test_handler_that_stores_no_turn_ends_its_row(two: list[Database]) -> None:
    """Chatter that is not a question leaves nothing to replay."""
    (first, _) = _stores(two)
    await first.inbox.accept("slack", "event:Ev3", {"event_id": "Ev3"})
    async with first.inbox.handling("event:Ev3"):
        pass
    assert await first.inbox.pending() == 0


async def test_orphaned_event_is_taken_by_exactly_one_process(two: list[Database]) -> None:
    """Racing reapers of two processes: each dead process's event is replayed by one of them."""
    dead = SqlStore(two[0], LeaseOwner.this_process(lease_s=1.0))
    for n in range(4):
        await dead.inbox.accept("slack", f"event:E{n}", {"n": n})
    live = _stores(two)
    await asyncio.sleep(1.1)  # the dead process's lease runs out
    taken = await asyncio.gather(*(live[n % 2].inbox.take(["slack"]) for n in range(RACERS)))
    keys = sorted(e.key for batch in taken for e in batch)
    assert keys == [f"event:E{n}" for n in range(4)]
    assert all(e.attempts == 1 for batch in taken for e in batch)


async def test_live_lease_renewed_is_never_taken(two: list[Database]) -> None:
    """A process that keeps renewing (its heartbeat) keeps its event and turns."""
    holder = SqlStore(two[0], LeaseOwner.this_process(lease_s=1.0))
    other = SqlStore(two[1], LeaseOwner.this_process(lease_s=1.0))
    thread = await _thread(holder)
    turn = await holder.add_learner_turn(thread, "why?", language="en")
    await holder.outbox.accept(turn, "slack")
    await holder.inbox.accept("slack", "event:Ev5", {})
    for _ in range(3):
        await asyncio.sleep(0.5)
        assert await holder.inbox.renew() == 1
        assert await holder.outbox.renew() == 1
        assert await other.inbox.take(["slack"]) == []
        assert await other.outbox.take("slack") == []
    await asyncio.sleep(1.1)  # the holder stops beating: its work is taken over
    assert [t.turn_id for t in await other.outbox.take("slack")] == [turn]
    assert [e.key for e in await other.inbox.take(["slack"])] == ["event:Ev5"]


async def test_dead_process_on_this_machine_is_taken_over_at_once(two: list[Database]) -> None:
    """A holder whose PID has exited needs no expiry: a restart takes its turn right away."""
    me = LeaseOwner.this_process()
    host, machine, _, _ = me.id.split("/")
    if not machine:
        pytest.skip("this OS does not say its boot id and PID namespace (no /proc)")
    gone = LeaseOwner(f"{host}/{machine}/{_dead_pid()}/0a1b2c3d")
    crashed = SqlStore(two[0], gone)
    thread = await _thread(crashed)
    turn = await crashed.add_learner_turn(thread, "why?", language="en")
    await crashed.outbox.accept(turn, "slack")
    restarted = SqlStore(two[1], me)
    owners = await restarted.outbox.owners()
    assert me.dead(owners) == [gone.id]
    assert me.dead([f"elsewhere/other.machine/{_dead_pid()}/x"]) == []  # another host: wait
    taken = await restarted.outbox.take("slack", dead=me.dead(owners))
    assert [t.turn_id for t in taken] == [turn]


@pytest.fixture
def running_pid() -> Iterator[tuple[int, str]]:
    """Another process running on this machine: its PID and start time (clock ticks)."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stat = Path(f"/proc/{proc.pid}/stat").read_text().rpartition(")")[2].split()
        yield proc.pid, stat[19]
    finally:
        proc.kill()
        proc.wait()


async def test_live_process_with_a_late_heartbeat_keeps_its_work(
    two: list[Database], running_pid: tuple[int, str]
) -> None:
    """A holder running on this machine keeps its turn and event past its lease (a busy
    moment delayed its heartbeat); the same PID now run by another program counts as gone."""
    me = LeaseOwner.this_process()
    host, machine, _, tag = me.id.split("/")
    if not machine or "-" not in tag:
        pytest.skip("this OS does not say its boot id, PID namespace and start times (no /proc)")
    pid, started = running_pid
    busy = LeaseOwner(f"{host}/{machine}/{pid}/{started}-0a1b2c3d", lease_s=0.2)
    holder = SqlStore(two[0], busy)
    thread = await _thread(holder)
    turn = await holder.add_learner_turn(thread, "why?", language="en")
    await holder.outbox.accept(turn, "slack")
    await holder.inbox.accept("slack", "event:Ev9", {})
    await asyncio.sleep(0.3)  # its lease ran out: no heartbeat came
    other = SqlStore(two[1], me)
    owners = await other.outbox.owners()
    alive = me.alive(owners)
    assert alive == [busy.id]
    assert me.dead(owners) == []
    assert await other.outbox.take("slack", alive=alive) == []
    assert await other.inbox.take(["slack"], alive=alive) == []
    reused = f"{host}/{machine}/{pid}/1-0a1b2c3d"  # that PID, another start time
    assert me.alive([reused]) == []
    assert me.dead([reused]) == [reused]


async def test_pending_turn_without_outbox_row_is_adopted_after_one_lease(
    two: list[Database],
) -> None:
    """A crash between storing a turn and registering it still gets it answered, once."""
    store = SqlStore(two[0], LeaseOwner.this_process(lease_s=1.0))
    thread = await _thread(store)
    turn = await store.add_learner_turn(thread, "why?", language="en")
    other = SqlStore(two[1], LeaseOwner.this_process(lease_s=1.0))
    assert await other.outbox.take("slack") == []  # its process may still be registering it
    await asyncio.sleep(1.1)
    assert [t.turn_id for t in await other.outbox.take("slack")] == [turn]


async def test_replayed_event_keeps_the_message_claim_it_took(two: list[Database]) -> None:
    """The same event claims its message again after a crash; its twin event still cannot."""
    claims = Claims(two[0], ttl_s=3600.0)
    assert await claims.claim("message:C1:1.0", holder="event:A")
    assert await claims.claim("message:C1:1.0", holder="event:A")
    assert not await claims.claim("message:C1:1.0", holder="event:B")
    assert not await claims.claim("message:C1:1.0")


async def test_handler_cancelled_at_shutdown_leaves_its_row_for_replay(
    two: list[Database],
) -> None:
    """A handler cut off before its turn was stored keeps the event; one that raised does not."""
    (store, _) = _stores(two)
    await store.inbox.accept("slack", "event:Ev6", {})
    await store.inbox.accept("slack", "event:Ev7", {})

    async def handler(key: str, failure: BaseException) -> None:
        async with store.inbox.handling(key):
            raise failure

    with pytest.raises(asyncio.CancelledError):
        await handler("event:Ev6", asyncio.CancelledError())
    with pytest.raises(ValueError, match="bad event"):
        await handler("event:Ev7", ValueError("bad event"))
    rows = await two[0].fetchall("SELECT key FROM inbox")
    assert [r["key"] for r in rows] == ["event:Ev6"]
