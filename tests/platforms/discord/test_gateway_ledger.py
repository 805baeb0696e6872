"""The durable sequence number a restart resumes after never passes an event still in flight,
and a Discord event replayed after its row ended is still refused (answered once)."""

from __future__ import annotations

import asyncio
import sqlite3
import time

from hypothesis import given
from hypothesis import strategies as st

from bot.platforms.discord_ledger import ARRIVAL, Arrival, Ledger
from bot.platforms.discord_store import GatewayInbox
from bot.storage.database import Database
from bot.storage.leases import LeaseOwner
from bot.storage.sql_store import SqlStore
from bot.storage.sqlite import SqliteDatabase
from tests.fakes.discord_server import DISCORD_EPOCH_MS

EVENTS = st.lists(st.integers(min_value=0, max_value=2), min_size=1, max_size=25)
"""Per event, how many inbox writes its handlers begin (0: the bot keeps nothing for it)."""


@given(keeps=EVENTS, order=st.randoms(use_true_random=False))
def test_durable_sequence_never_passes_an_unkept_event(keeps: list[int], order: object) -> None:
    """Whatever order handlers start and writes end in, an event not yet kept is replayed."""
    ledger = Ledger()
    steps: list[tuple[str, Arrival]] = []
    for seq, writes in enumerate(keeps, start=1):
        arrival = Arrival(ledger)
        ledger.arrived("session", "wss://resume", arrival, seq)
        steps += [("start", arrival)] * writes + [("end", arrival)] * writes
        steps.append(("looked", arrival))
    # a write starts in the handler's first step: before `looked`, and before it ends
    pending = list(steps)
    order.shuffle(pending)  # type: ignore[attr-defined]
    queue = sorted(pending, key=lambda s: (s[0] != "start",))  # every start before its end
    for kind, arrival in queue:
        if kind == "start":
            arrival.keep_started()
        elif kind == "end":
            arrival.keep_ended()
        else:
            arrival.handlers_started()
        in_flight = [s for s, a in _arrivals(steps).items() if not a.looked or a.keeping > 0]
        assert all(ledger.durable() < s for s in in_flight)
    assert ledger.durable() == len(keeps)  # all settled: everything is durable


def _arrivals(steps: list[tuple[str, Arrival]]) -> dict[int, Arrival]:
    return {a.seq: a for _, a in steps}


def test_new_session_restarts_the_count() -> None:
    """A new session (fresh IDENTIFY) has its own sequence numbers: nothing old holds it back."""
    ledger = Ledger()
    stuck = Arrival(ledger)
    ledger.arrived("old", "wss://a", stuck, 40)  # never settled (its process went on)
    fresh = Arrival(ledger)
    ledger.arrived("new", "wss://b", fresh, 1)
    fresh.handlers_started()
    stuck.handlers_started()  # settling an old-session event changes nothing now
    assert (ledger.session_id, ledger.resume_url, ledger.durable()) == ("new", "wss://b", 1)


async def test_event_replayed_after_its_turn_is_refused(database: Database) -> None:
    """Discord replays a message after a RESUME; its row already ended with its turn: no repeat."""
    inbox = GatewayInbox(SqlStore(database, LeaseOwner.this_process()).inbox)
    assert await inbox.accept("discord", "message:7", {"content": "why?"})
    await inbox.done("message:7")  # its turn took the row
    assert not await inbox.accept("discord", "message:7", {"content": "why?"})
    assert await inbox.accept("discord", "message:8", {"content": "and?"})


async def test_event_is_open_while_its_inbox_write_runs(database: Database) -> None:
    """The event being kept holds the durable sequence back until the row is written."""
    inbox = GatewayInbox(SqlStore(database, LeaseOwner.this_process()).inbox)
    ledger = Ledger()
    arrival = Arrival(ledger)
    ledger.arrived("s", "wss://r", arrival, 5)
    token = ARRIVAL.set(arrival)
    # SQLite runs a statement on the loop at once: another connection's write lock keeps this
    # one waiting (in the database thread), as a busy second process would
    blocker = sqlite3.connect(database.path) if isinstance(database, SqliteDatabase) else None
    if blocker is not None:
        blocker.execute("BEGIN IMMEDIATE")
    try:
        write = asyncio.ensure_future(inbox.accept("discord", "message:9", {}))
        await asyncio.sleep(0)  # the write has begun, not ended
        assert not write.done()
        arrival.handlers_started()
        assert ledger.durable() == 4
        if blocker is not None:
            blocker.rollback()
        await write
    finally:
        ARRIVAL.reset(token)
        if blocker is not None:
            blocker.close()
    assert ledger.durable() == 5


def _interaction_id(age_s: float) -> int:
    """A snowflake created `age_s` seconds ago, as Discord's interaction ids are."""
    ms = int((time.time() - age_s) * 1000) - DISCORD_EPOCH_MS
    return ms << 22


async def test_ask_replayed_after_the_ack_window_is_not_kept(database: Database) -> None:
    """An ask from a dead process's backlog, past Discord's 3 s, is dropped; a live one is kept."""
    inbox = GatewayInbox(SqlStore(database, LeaseOwner.this_process()).inbox)
    stale = f"interaction:{_interaction_id(10.0)}"
    fresh = f"interaction:{_interaction_id(0.5)}"
    for replay, key, kept in ((True, stale, False), (True, fresh, True), (False, stale, True)):
        arrival = Arrival(Ledger(replay=replay))
        token = ARRIVAL.set(arrival)
        try:
            assert await inbox.accept("discord", key, {}) is kept, (replay, key)
        finally:
            ARRIVAL.reset(token)
        if kept:
            await inbox.done(key)
