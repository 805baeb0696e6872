"""Which gateway events of a shard are durable: the sequence number a restart resumes after.

Discord replays, on RESUME, every event after the sequence number the client names. A restart
may name `durable()`: every event up to it is either kept in the inbox (a thread message, a
DM, an ask) or needed nothing. An event is open from its arrival until its handlers have had
their first step (`looked`) and every inbox write they began has ended; a crash replays it.
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(eq=False, slots=True)
class Arrival:
    """One dispatched event while its handlers may still be keeping it."""

    ledger: Ledger
    seq: int = 0
    keeping: int = 0
    looked: bool = False

    def keep_started(self) -> None:
        """A handler began writing this event to the inbox (called before its first await)."""
        self.keeping += 1

    def keep_ended(self) -> None:
        """That write ended (kept, a repeat, or failed: a live handler owns the event now)."""
        self.keeping -= 1
        self._settle()

    def handlers_started(self) -> None:
        """Every handler of the event has run its first step (one loop turn after dispatch)."""
        self.looked = True
        self._settle()

    def _settle(self) -> None:
        if self.looked and self.keeping <= 0:
            self.ledger.settled(self)


ARRIVAL: ContextVar[Arrival | None] = ContextVar("mca_gateway_arrival", default=None)
"""The gateway event whose handlers run (tasks created while it is parsed inherit it)."""


@dataclass(slots=True)
class Ledger:
    """One shard's gateway session: its id, resume URL, and the events not yet durable."""

    session_id: str = ""
    resume_url: str = ""
    last: int = 0
    """The highest sequence number received in this session."""
    changed: bool = False
    """Something to save since the last `saved()`."""
    replay: bool = False
    """An old session's backlog (a drain), not the live session."""
    _open: dict[int, Arrival] = field(default_factory=dict)
    _idle: asyncio.Event = field(default_factory=asyncio.Event)

    def arrived(self, session_id: str, resume_url: str, arrival: Arrival, seq: int) -> None:
        """An event with sequence `seq` was dispatched (a new session starts a new count)."""
        if session_id != self.session_id:
            self.session_id, self.last = session_id, 0
            self._open.clear()
        self.resume_url = resume_url
        arrival.seq = seq
        self.last = max(self.last, seq)
        self._open[seq] = arrival
        self._idle.clear()
        self.changed = True

    def settled(self, arrival: Arrival) -> None:
        """The event needs nothing more from this process to be replayable or kept."""
        if self._open.get(arrival.seq) is arrival:
            del self._open[arrival.seq]
            self.changed = True
            if not self._open:
                self._idle.set()

    def durable(self) -> int:
        """The last sequence number up to which every event is durable."""
        return min(self._open) - 1 if self._open else self.last

    def open_events(self) -> int:
        """Events still in flight (for tests)."""
        return len(self._open)

    async def all_settled(self) -> None:
        """Until no event is in flight (a drain lets its socket go only then)."""
        if self._open:
            await self._idle.wait()

    def saved(self) -> None:
        """The current state was written."""
        self.changed = False
