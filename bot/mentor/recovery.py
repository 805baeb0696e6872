"""Nothing accepted is lost: the outbox of platform turns, and recovery after a crash.

Persist-then-reply stores a learner turn as 'pending' before any work. A platform that can
post later (Slack, Discord) registers the turn in the outbox right then (`Outbox.accept`),
records every platform message carrying part of the reply (`record_part`), and marks the turn
delivered once the whole reply is posted (`delivered`). When the process dies in between, the
next start (`Recovery.run`) finds, per platform it serves:

- turns still 'pending': answered now (`MentorService.answer_pending`), then delivered;
- turns answered but not delivered: the stored reply is delivered.

Delivery goes through the platform's `Redeliverer.redeliver`, which is idempotent: it edits
the messages already recorded for the turn, and posts the missing parts with a marker the
platform can find again (Slack message metadata, Discord's `nonce` + `enforce_nonce`), so a
crash between posting and recording does not post the answer twice.

Console and CLI turns cannot be delivered later (the terminal that asked is gone): they are
left 'pending' (the question is kept in the thread's history) and, like any turn older than
`lifecycle.recovery_max_age_s`, marked 'failed' by the next `mca-bot run`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import structlog

from bot.lifecycle.settings import LifecycleSettings
from bot.storage.database import Database, Tx
from bot.storage.store import SET_EXTERNAL_ID, ThreadRecord

if TYPE_CHECKING:
    from bot.mentor.service import MentorService

log = structlog.get_logger()


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


class Outbox:
    """Delivery state of platform turns, in the database beside the messages."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def accept(self, turn_id: int, platform: str, *, first_part: str | None = None) -> None:
        """Register a stored turn for delivery (and the message already shown for it, if any)."""
        now = time.time()
        register = (
            "INSERT INTO outbox (turn_id, platform, created_at, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (turn_id) DO NOTHING"
        )
        if first_part is None:  # one statement: one trip to the database
            await self._db.execute(register, (turn_id, platform, now, now))
            return
        shown = first_part

        async def write(tx: Tx) -> None:
            await tx.execute(register, (turn_id, platform, now, now))
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

        async def write(tx: Tx) -> None:
            if reply_id and external_id is not None:
                await tx.execute(SET_EXTERNAL_ID, (external_id, reply_id))
            await tx.executemany(
                RECORD_PART, [(turn_id, index, external) for index, external in enumerate(parts)]
            )
            await tx.execute(
                "UPDATE outbox SET delivered = 1, updated_at = ? WHERE turn_id = ?", (now, turn_id)
            )

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
        rows = await self._db.fetchall(
            "SELECT m.id AS turn_id, m.thread_id, m.text, m.language, m.status,"
            " r.id AS reply_id, r.text AS reply_text"
            " FROM messages m JOIN threads t ON t.id = m.thread_id"
            " LEFT JOIN outbox o ON o.turn_id = m.id"
            " LEFT JOIN messages r ON r.reply_to = m.id AND r.author = 'mentor'"
            " WHERE m.author = 'learner' AND t.platform = ?"
            " AND (m.status = 'pending' OR (m.status = 'answered' AND o.delivered = 0))"
            " ORDER BY m.id",
            (platform,),
        )
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


@runtime_checkable
class Redeliverer(Protocol):
    """What a platform implements so recovered replies reach the thread they came from."""

    name: str

    async def wait_ready(self) -> None:
        """Return once the platform can post (logged in, connected)."""
        ...

    async def redeliver(
        self, thread: ThreadRecord, *, turn_id: int, reply_id: int, markdown: str
    ) -> None:
        """Show the whole reply in `thread`, exactly once (idempotent; see the module doc)."""
        ...


MAX_ATTEMPTS = 3
"""A turn whose recovery failed this many times (across restarts) is given up (marked failed)."""


class Recovery:
    """On start: answer and deliver what a crash left behind, per platform served."""

    def __init__(
        self, *, mentor: MentorService, outbox: Outbox, settings: LifecycleSettings
    ) -> None:
        self.mentor = mentor
        self.outbox = outbox
        self.settings = settings

    async def snapshot(self, platforms: Sequence[str]) -> dict[str, list[Unfinished]]:
        """What to recover, read before any new turn is taken; stale turns are marked failed."""
        expired = await self.outbox.expire(time.time() - self.settings.recovery_max_age_s)
        if expired:
            log.warning("recovery.turns_expired", count=expired)
        todo = {name: await self.outbox.unfinished(name) for name in platforms}
        for name, items in todo.items():
            if items:
                pending = sum(1 for i in items if i.reply_id is None)
                log.info(
                    "recovery.found",
                    platform=name,
                    unanswered=pending,
                    undelivered=len(items) - pending,
                )
        return todo

    async def run(self, platform: Redeliverer, todo: Sequence[Unfinished]) -> int:
        """Answer/deliver each turn once the platform is ready; returns how many were finished."""
        if not todo:
            return 0
        await platform.wait_ready()
        finished = 0
        for item in todo:
            if not self.mentor.drain.accepting:
                log.info("recovery.stopped_by_shutdown", left=len(todo) - finished)
                break
            if await self._one(platform, item):
                finished += 1
        log.info("recovery.done", platform=platform.name, finished=finished, total=len(todo))
        return finished

    async def _one(self, platform: Redeliverer, item: Unfinished) -> bool:
        attempts = await self.outbox.attempted(item.turn_id, platform.name)
        if attempts > MAX_ATTEMPTS:
            log.error("recovery.gave_up", turn=item.turn_id, attempts=attempts - 1)
            if item.reply_id is None:
                await self.mentor.store.mark_turn(item.turn_id, "failed")
            return False
        store = self.mentor.store
        try:
            async with self.mentor.drain.track():
                thread = await store.get_thread_by_id(item.thread_id)
                if thread is None:  # forgotten meanwhile: nothing to deliver
                    return False
                reply_id, text = item.reply_id, item.reply_text
                if reply_id is None or text is None:
                    reply = await self.mentor.answer_pending(
                        thread, turn_id=item.turn_id, text=item.text, language=item.language
                    )
                    reply_id, text = reply.reply_id, reply.text
                await platform.redeliver(
                    thread, turn_id=item.turn_id, reply_id=reply_id, markdown=text
                )
                await self.outbox.delivered(item.turn_id)
        except Exception:
            log.exception("recovery.turn_failed", turn=item.turn_id, platform=platform.name)
            return False
        log.info(
            "recovery.turn_delivered",
            turn=item.turn_id,
            platform=platform.name,
            answered_now=item.reply_id is None,
        )
        return True
