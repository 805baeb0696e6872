"""The inbox: each acknowledged platform event, written in the ack path, until its turn is stored.

A platform writes the event (`accept`) before or together with its ack; Slack's event-id claim
goes in the same transaction, so an event is either claimed and kept, or neither. The handler
runs inside `handling(key)`: the learner turn it stores deletes the row in the turn's own
transaction (and registers the turn in the outbox under this process's lease), and a handler
that stores no turn deletes it when it ends. A row still here belongs to a process that died
between ack and store: the reaper takes it under a lease (`take`) and replays it, once.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from bot.errors import StorageError
from bot.storage.database import Database, Tx, marks
from bot.storage.leases import LeaseOwner


@dataclass(slots=True)
class Handling:
    """The event the running task handles: its inbox key, and whether its turn took the row."""

    key: str
    stored: bool = False
    storage_failed: bool = False
    """The database failed the turn and the handler told the learner (`storage_failed()`)."""


HANDLING: ContextVar[Handling | None] = ContextVar("mca_inbox_handling", default=None)
"""The event the running task handles (read where its turn is stored)."""

CLAIM = "INSERT INTO slack_claims (key, created_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"
ACCEPT = (
    "INSERT INTO inbox (platform, key, payload, lease_owner, lease_until, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING"
)
CLAIM_AND_ACCEPT = (
    "WITH claimed AS (INSERT INTO slack_claims (key, created_at) VALUES (?, ?)"
    " ON CONFLICT (key) DO NOTHING RETURNING key)"
    " INSERT INTO inbox (platform, key, payload, lease_owner, lease_until, created_at)"
    " SELECT ?, ?, ?, ?, ?, ? FROM claimed ON CONFLICT (key) DO NOTHING RETURNING id"
)
"""PostgreSQL only (SQLite has no INSERT in WITH): the claim and the row in one statement;
a row comes back only when both were new."""
STORED = "DELETE FROM inbox WHERE key = ? RETURNING platform"
"""(key): the event's turn is stored; the row goes in the turn's transaction."""
LEASE_TURN = (
    "INSERT INTO outbox (turn_id, platform, created_at, updated_at, lease_owner, lease_until)"
    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (turn_id) DO NOTHING"
)
"""(turn, platform, now, now, owner, until): the turn is this process's to deliver."""


@dataclass(frozen=True, slots=True)
class InboxEvent:
    """An acknowledged event no handler finished: replay it."""

    key: str
    platform: str
    payload: dict[str, Any]
    attempts: int


class Inbox:
    """Acknowledged platform events, durable from the ack until their turn is stored."""

    def __init__(self, db: Database, owner: LeaseOwner) -> None:
        self._db = db
        self.owner = owner
        self.orphans: set[str] = set()
        """Keys of our rows whose handler the database failed: the reaper replays them."""

    async def accept(
        self, platform: str, key: str, payload: dict[str, Any], *, claim: str | None = None
    ) -> bool:
        """Keep an event before it is acked; False when `claim` (or `key`) was seen before.

        `claim` (a Slack event id) is claimed in the same transaction as the row, so a retry
        finds either both or neither.
        """
        now = time.time()
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        row = (platform, key, data, self.owner.id, now + self.owner.lease_s, now)

        if claim is None:  # one statement, atomic alone: one round trip (not BEGIN, it, COMMIT)
            return (await self._db.execute(ACCEPT, row)).rowcount == 1
        if self._db.dialect == "postgres":  # one round trip, not four
            kept = await self._db.returning(CLAIM_AND_ACCEPT, (claim, now, *row))
            return len(kept) == 1

        async def write(tx: Tx) -> bool:  # SQLite: one trip to its thread, one transaction
            if await tx.execute(CLAIM, (claim, now)) != 1:
                return False
            return await tx.execute(ACCEPT, row) == 1

        return await self._db.run(write)

    @asynccontextmanager
    async def handling(self, key: str) -> AsyncIterator[None]:
        """Run an event's handler: its stored turn takes the row; if none, the row goes at the end.

        A handler that raises still ends the row: a replay would raise again. A handler
        cancelled (the process stopping) leaves it, like a process that dies here: the next
        start, or another process, replays it. One the database failed (StorageError: the
        server restarting, a lost connection) leaves it too, in `orphans`: this process's
        reaper replays it once the database answers again (nobody else would: the row is ours).
        """
        handling = Handling(key)
        token = HANDLING.set(handling)
        try:
            yield
        except asyncio.CancelledError:
            raise
        except StorageError:
            if not handling.stored:  # the database failed it (down, restarting): not the event
                self.orphans.add(key)
            raise
        except BaseException:
            if not handling.stored:
                await self.done(key)
            raise
        else:
            if not handling.stored and handling.storage_failed:
                self.orphans.add(key)  # told the learner, not lost: replayed when it answers
            elif not handling.stored:  # a stored turn already took the row
                try:
                    await self.done(key)
                except StorageError:  # the handler ran, its end could not be written
                    self.orphans.add(key)
                    raise
        finally:
            HANDLING.reset(token)

    async def update(self, key: str, payload: dict[str, Any]) -> None:
        """Rewrite a row's payload (what a replay needs to know of the work already done)."""
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        await self._db.execute("UPDATE inbox SET payload = ? WHERE key = ?", (data, key))

    async def done(self, key: str) -> None:
        """The event needs nothing more (no turn came of it, or it was given up)."""
        await self._db.execute("DELETE FROM inbox WHERE key = ?", (key,))

    async def take(
        self, platforms: Sequence[str], *, dead: Sequence[str] = (), alive: Sequence[str] = ()
    ) -> list[InboxEvent]:
        """Lease the rows whose holder is gone (lease expired, or in `dead`); only we get them.

        Never the rows of an owner in `alive` (known to run now, however late its heartbeat).
        """
        if not platforms:
            return []
        now = time.time()
        gone = f" OR lease_owner IN ({marks(len(dead))})" if dead else ""
        kept = f" AND lease_owner NOT IN ({marks(len(alive))})" if alive else ""
        rows = await self._db.returning(
            "UPDATE inbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1"  # noqa: S608  # only ? marks are joined in
            f" WHERE platform IN ({marks(len(platforms))}) AND lease_owner != ?"
            f" AND (lease_until < ?{gone}){kept} RETURNING id, key, platform, payload, attempts",
            (
                self.owner.id,
                now + self.owner.lease_s,
                *platforms,
                self.owner.id,
                now,
                *dead,
                *alive,
            ),
        )
        return self._events(rows)

    @staticmethod
    def _events(rows: Sequence[Any]) -> list[InboxEvent]:
        rows = sorted(rows, key=lambda r: int(r["id"]))  # in arrival order
        return [
            InboxEvent(
                key=str(r["key"]),
                platform=str(r["platform"]),
                payload=json.loads(r["payload"]),
                attempts=int(r["attempts"]),
            )
            for r in rows
        ]

    async def mine(self, keys: Sequence[str]) -> list[InboxEvent]:
        """Rows this process kept and still holds (acked while it started): it replays them."""
        if not keys:
            return []
        rows = await self._db.returning(
            "UPDATE inbox SET attempts = attempts + 1"  # noqa: S608  # only ? marks are joined in
            f" WHERE lease_owner = ? AND key IN ({marks(len(keys))})"
            " RETURNING id, key, platform, payload, attempts",
            (self.owner.id, *keys),
        )
        return self._events(rows)

    async def owners(self) -> list[str]:
        """Who holds rows now (to find the dead among them)."""
        rows = await self._db.fetchall("SELECT DISTINCT lease_owner FROM inbox")
        return [str(r[0]) for r in rows]

    async def renew(self) -> int:
        """Heartbeat: push out the expiry of every row this process holds; returns how many."""
        written = await self._db.execute(
            "UPDATE inbox SET lease_until = ? WHERE lease_owner = ?",
            (time.time() + self.owner.lease_s, self.owner.id),
        )
        return written.rowcount

    async def pending(self) -> int:
        """Rows waiting (for metrics and tests)."""
        row = await self._db.fetchone("SELECT COUNT(*) FROM inbox")
        return int(row[0]) if row else 0


def storage_failed() -> None:
    """The running event's turn failed in the database before it was stored (see `handling`)."""
    handling = HANDLING.get()
    if handling is not None:
        handling.storage_failed = True


async def store_turn_of_event(tx: Tx, turn_id: int, owner: LeaseOwner, key: str) -> None:
    """Inside a learner turn's transaction: the inbox row `key` (`HANDLING`) becomes the turn.

    The row is deleted and the turn registered in the outbox under our lease, atomically: a
    crash before this replays the event, after it recovers the turn; never both, never none.
    Read `HANDLING` before the transaction: SQLite runs the body on its own thread.
    """
    row = await tx.fetchone(STORED, (key,))
    if row is None:
        return
    now = time.time()
    await tx.execute(
        LEASE_TURN, (turn_id, str(row["platform"]), now, now, owner.id, now + owner.lease_s)
    )
