"""The outbox: delivery state of each platform turn, so recovery finishes what a crash left.

See bot/mentor/recovery.py for the algorithm; this module only stores and reads its state.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from bot.storage.database import Database, Row, Tx, marks
from bot.storage.leases import LeaseOwner

SET_EXTERNAL_ID = "UPDATE messages SET external_id = ? WHERE id = ?"
"""(external id, message id): the platform message carrying a reply (also run inside the
outbox's and Discord's delivery transactions)."""


@dataclass(frozen=True, slots=True)
class Unfinished:
    """A turn a crash left unanswered or undelivered."""

    turn_id: int
    thread_id: int
    platform: str
    text: str
    language: str | None
    reply_id: int | None
    """Set when the reply is stored and only delivery is missing."""
    reply_text: str | None


RECORD_PART = (
    "INSERT INTO outbox_parts (turn_id, part, external_id) VALUES (?, ?, ?)"
    " ON CONFLICT (turn_id, part) DO UPDATE SET external_id = excluded.external_id"
)
"""(turn id, part index, platform message id): remember (or replace) one part of a reply."""


UNFINISHED = (
    "SELECT m.id AS turn_id, m.thread_id, m.text, m.language, m.status,"
    " r.id AS reply_id, r.text AS reply_text"
    " FROM messages m JOIN threads t ON t.id = m.thread_id"
    " LEFT JOIN outbox o ON o.turn_id = m.id"
    " LEFT JOIN messages r ON r.reply_to = m.id AND r.author = 'mentor'"
    " WHERE m.author = 'learner' AND t.platform = ?"
    " AND (m.status = 'pending' OR (m.status = 'answered' AND o.delivered = 0))"
)
"""(platform): turns pending, or answered but not delivered."""
ADOPT = (
    "INSERT INTO outbox (turn_id, platform, created_at, updated_at, lease_owner, lease_until)"
    " SELECT m.id, t.platform, ?, ?, '', m.created_at + ? FROM messages m"
    " JOIN threads t ON t.id = m.thread_id WHERE t.platform = ? AND m.author = 'learner'"
    " AND m.status = 'pending' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.turn_id = m.id)"
    " ON CONFLICT (turn_id) DO NOTHING"
)
"""(now, now, lease s, platform): pending turns a crash left before their outbox row get one,
held by nobody from their creation for one lease (their process may still be registering)."""
_PARTS_PG = (
    "parts AS (INSERT INTO outbox_parts (turn_id, part, external_id)"
    " SELECT ?, p.ordinality - 1, p.external_id"
    " FROM unnest(?::text[]) WITH ORDINALITY AS p (external_id, ordinality)"
    " ON CONFLICT (turn_id, part) DO UPDATE SET external_id = excluded.external_id)"
)
"""(turn id, [platform message ids]): RECORD_PART for every part at once, in order."""
_CLOSE = "UPDATE outbox SET delivered = 1, updated_at = ? WHERE turn_id = ?"
DELIVERED_PG = f"WITH {_PARTS_PG} {_CLOSE}"
"""PostgreSQL: the parts recorded and the turn closed in one statement (data-modifying CTEs
all run, atomically): (turn id, [part ids], time, turn id)."""
DELIVERED_WITH_ID_PG = f"WITH located AS ({SET_EXTERNAL_ID}), {_PARTS_PG} {_CLOSE}"
"""DELIVERED_PG that also stores where the reply lives: (external id, reply id, ...)."""


class Outbox:
    """Delivery state of platform turns, in the database beside the messages.

    Each undelivered turn is leased to one process (`owner`): the one answering it live, or
    the one that took it over (`take`) after its holder died.
    """

    def __init__(self, db: Database, owner: LeaseOwner | None = None) -> None:
        self._db = db
        self.owner = owner or LeaseOwner.this_process()
        self.orphans: set[int] = set()
        """Our stored turns whose answer the database failed: the reaper answers them again."""

    async def accept(self, turn_id: int, platform: str, *, first_part: str | None = None) -> None:
        """Register a stored turn for delivery (and the message already shown for it, if any)."""
        now = time.time()
        register = (
            "INSERT INTO outbox (turn_id, platform, created_at, updated_at, lease_owner,"
            " lease_until) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (turn_id) DO NOTHING"
        )
        values = (turn_id, platform, now, now, self.owner.id, now + self.owner.lease_s)
        if first_part is None:  # one statement: one trip to the database
            await self._db.execute(register, values)
            return
        shown = first_part
        if self._db.dialect == "postgres":  # one statement: one round trip instead of four
            await self._db.execute(
                f"WITH registered AS ({register}) {RECORD_PART}",
                (*values, turn_id, 0, shown),
            )
            return

        async def write(tx: Tx) -> None:
            await tx.execute(register, values)
            await tx.execute(RECORD_PART, (turn_id, 0, shown))

        await self._db.run(write)

    async def record_part(self, turn_id: int, part: int, external_id: str) -> None:
        """Remember the platform message that carries part `part` of the turn's reply."""
        await self._db.execute(RECORD_PART, (turn_id, part, external_id))

    async def parts(self, turn_id: int) -> dict[int, str]:
        """Recorded platform messages of a turn's reply, by part index."""
        rows = await self._db.fetchall(
            "SELECT part, external_id FROM outbox_parts WHERE turn_id = ?", (turn_id,)
        )
        return {int(r["part"]): str(r["external_id"]) for r in rows}

    async def delivered(
        self,
        turn_id: int,
        parts: Sequence[str] = (),
        *,
        reply_id: int | None = None,
        external_id: str | None = None,
    ) -> None:
        """The whole reply is on the platform: record its parts and close the turn, atomically.

        `external_id` (the platform message that carries reply `reply_id`, for reactions) is
        stored in the same transaction: one write per delivered reply instead of two.
        """
        now = time.time()
        located = bool(reply_id) and external_id is not None
        if self._db.dialect == "postgres":  # one statement: one round trip instead of five
            where = (external_id, reply_id) if located else ()
            await self._db.execute(
                DELIVERED_WITH_ID_PG if located else DELIVERED_PG,
                (*where, turn_id, list(parts), now, turn_id),
            )
            return

        async def write(tx: Tx) -> None:
            if located:
                await tx.execute(SET_EXTERNAL_ID, (external_id, reply_id))
            await tx.executemany(
                RECORD_PART, [(turn_id, index, external) for index, external in enumerate(parts)]
            )
            await tx.execute(_CLOSE, (now, turn_id))

        await self._db.run(write)

    async def attempted(self, turn_id: int, platform: str) -> int:
        """Count a recovery attempt (registering the turn if needed); returns the count."""
        now = time.time()

        async def count(tx: Tx) -> int:  # register, count, read back: one transaction
            await tx.execute(
                "INSERT INTO outbox (turn_id, platform, created_at, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (turn_id) DO NOTHING",
                (turn_id, platform, now, now),
            )
            row = await tx.fetchone(
                "UPDATE outbox SET attempts = attempts + 1, updated_at = ? WHERE turn_id = ?"
                " RETURNING attempts",
                (now, turn_id),
            )
            return int(row[0]) if row else 0

        return await self._db.run(count)

    async def unfinished(self, platform: str) -> list[Unfinished]:
        """Turns of `platform` that are pending, or answered but not delivered; oldest first."""
        rows = await self._db.fetchall(UNFINISHED + " ORDER BY m.id", (platform,))
        return self._unfinished(platform, rows)

    async def take(
        self,
        platform: str,
        *,
        dead: Sequence[str] = (),
        ours: bool = False,
        alive: Sequence[str] = (),
    ) -> list[Unfinished]:
        """Lease the unfinished turns of `platform` whose holder is gone; only we get them.

        Gone: its lease expired (not renewed for `lease_s`), or its owner is in `dead`. One
        atomic UPDATE ... RETURNING decides, so two processes never take the same turn.
        `ours`: also the turns this process holds (a start-up pass, or a test re-running one).
        Never the turns of an owner in `alive` (known to run now, whatever its lease says).
        """
        now = time.time()
        lease_s = self.owner.lease_s
        await self._db.execute(ADOPT, (now, now, lease_s, platform))
        holders = [*dead, self.owner.id] if ours else list(dead)
        gone = f" OR lease_owner IN ({marks(len(holders))})" if holders else ""
        live = "" if ours else " AND lease_owner != ?"  # never a turn we answer right now
        if alive:
            live += f" AND lease_owner NOT IN ({marks(len(alive))})"
        params = (self.owner.id, now + lease_s, platform, now, *holders)
        taken = await self._db.returning(
            "UPDATE outbox SET lease_owner = ?, lease_until = ?"  # noqa: S608  # only ? marks are joined in
            f" WHERE platform = ? AND delivered = 0 AND (lease_until < ?{gone}){live}"
            " AND turn_id IN (SELECT id FROM messages WHERE status IN ('pending', 'answered'))"
            " RETURNING turn_id",
            (*params, *alive) if ours else (*params, self.owner.id, *alive),
        )
        ids = [int(r[0]) for r in taken]
        if not ids:
            return []
        rows = await self._db.fetchall(
            UNFINISHED + f" AND m.id IN ({marks(len(ids))}) ORDER BY m.id", (platform, *ids)
        )
        return self._unfinished(platform, rows)

    async def mine(self, platform: str, turn_ids: Sequence[int]) -> list[Unfinished]:
        """Those of `turn_ids` (ours: `orphans`) still unfinished on `platform`, oldest first."""
        if not turn_ids:
            return []
        rows = await self._db.fetchall(
            UNFINISHED + f" AND m.id IN ({marks(len(turn_ids))}) ORDER BY m.id",
            (platform, *turn_ids),
        )
        return self._unfinished(platform, rows)

    async def owners(self) -> list[str]:
        """Who holds undelivered turns now (to find the dead among them)."""
        rows = await self._db.fetchall(
            "SELECT DISTINCT lease_owner FROM outbox WHERE delivered = 0"
        )
        return [str(r[0]) for r in rows]

    async def renew(self) -> int:
        """Heartbeat: push out the expiry of every undelivered turn we hold; returns how many."""
        written = await self._db.execute(
            "UPDATE outbox SET lease_until = ? WHERE lease_owner = ? AND delivered = 0",
            (time.time() + self.owner.lease_s, self.owner.id),
        )
        return written.rowcount

    @staticmethod
    def _unfinished(platform: str, rows: Sequence[Row]) -> list[Unfinished]:
        return [
            Unfinished(
                turn_id=int(r["turn_id"]),
                thread_id=int(r["thread_id"]),
                platform=platform,
                text=str(r["text"]),
                language=r["language"],
                reply_id=int(r["reply_id"]) if r["reply_id"] is not None else None,
                reply_text=r["reply_text"],
            )
            for r in rows
        ]

    async def expire(self, older_than: float) -> int:
        """Mark pending turns created before `older_than` (epoch s) failed; returns how many."""
        written = await self._db.execute(
            "UPDATE messages SET status = 'failed'"
            " WHERE status = 'pending' AND author = 'learner' AND created_at < ?",
            (older_than,),
        )
        return written.rowcount
