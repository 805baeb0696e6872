"""Discord shards' gateway sessions: saved by the process that holds the shard, taken at the
next start by one process only, and never from a live process (both engines)."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from bot.storage.database import Database
from bot.storage.discord_sessions import GatewaySessions, StoredSession
from bot.storage.leases import LeaseOwner


def _dead_owner() -> LeaseOwner:
    """The lease identity of a process on this machine that has exited."""
    host, machine, _, _ = LeaseOwner.this_process().id.split("/")
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return LeaseOwner(f"{host}/{machine}/{int(proc.stdout)}/deadbeef")


def _session(shard: int, seq: int, name: str = "s") -> StoredSession:
    return StoredSession(shard, f"{name}{shard}", f"wss://resume/{name}{shard}", seq)


async def test_expired_session_is_taken_by_exactly_one_racing_process(two: list[Database]) -> None:
    """A gone process's sessions go to one of the processes starting after it, whole."""
    gone = GatewaySessions(two[0], LeaseOwner("host-a/boot.a/12/dead", lease_s=-1.0))
    assert await gone.save([_session(0, 41), _session(1, 7)]) == 2
    racers = [
        GatewaySessions(two[i % 2], LeaseOwner(f"host-{i}/boot.{i}/{i + 100}/r{i}"))
        for i in range(6)
    ]  # other hosts: none judges another, only the expired lease decides
    taken = await asyncio.gather(*(r.take([0, 1]) for r in racers))
    winners = [t for t in taken if t]
    assert winners == [[_session(0, 41), _session(1, 7)]]


async def test_killed_process_session_on_this_machine_is_taken_at_once(
    two: list[Database],
) -> None:
    """A process on this machine whose PID is gone is not waited for: its lease is void."""
    killed = GatewaySessions(two[0], _dead_owner())
    await killed.save([_session(2, 9)])
    assert await GatewaySessions(two[1], LeaseOwner.this_process()).take([2]) == [_session(2, 9)]


async def test_live_process_session_is_never_taken(two: list[Database]) -> None:
    """A process that is alive (its lease running) keeps its shard's session."""
    live = GatewaySessions(two[0], LeaseOwner("host-a/boot.a/12/live"))
    await live.save([_session(3, 10)])
    other = GatewaySessions(two[1], LeaseOwner("host-b/boot.b/13/other"))
    assert await other.take([3]) == []
    assert await other.save([_session(3, 99, "mine")]) == 0  # nor overwritten
    assert await live.stored() == [_session(3, 10)]


async def test_expired_lease_session_is_taken(two: list[Database]) -> None:
    """A process on another host is judged by its lease: once expired, its session is taken."""
    elsewhere = GatewaySessions(two[0], LeaseOwner("other-host/boot.ns/12/abcd", lease_s=-1.0))
    await elsewhere.save([_session(0, 5)])
    taker = GatewaySessions(two[1], LeaseOwner.this_process())
    assert await taker.take([0]) == [_session(0, 5)]
    assert await taker.save([_session(0, 6, "new")]) == 1
    assert await taker.stored() == [_session(0, 6, "new")]


async def test_forgotten_session_is_not_resumed(two: list[Database]) -> None:
    """A session closed cleanly (or refused by Discord) leaves nothing for the next start."""
    owner = LeaseOwner.this_process()
    sessions = GatewaySessions(two[0], owner)
    await sessions.save([_session(0, 5), _session(1, 5)])
    await sessions.forget([0])
    assert await GatewaySessions(two[1], owner).take([0, 1]) == [_session(1, 5)]
