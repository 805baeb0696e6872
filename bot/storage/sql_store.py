"""The Store adapter: learners, threads, turns, memory and reply parts as SQL on the Database.

The mentor persists a learner's turn (status 'pending') before any engine or sandbox work, and
stores the reply together with the turn's new status in one transaction.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

from bot.storage.allowances import ADD_TOKENS, AllowanceRepository, TokenSpend
from bot.storage.claims import Claims
from bot.storage.community import CommunitySettingsRepository
from bot.storage.course import CourseStore
from bot.storage.database import Database, Row, Tx
from bot.storage.discord_sessions import GatewaySessions
from bot.storage.inbox import HANDLING, Inbox, store_turn_of_event
from bot.storage.leases import LeaseOwner
from bot.storage.outbox import SET_EXTERNAL_ID, Outbox
from bot.storage.store import (
    Forgotten,
    Learner,
    MessageRecord,
    ThreadRecord,
    TurnStart,
    TurnStatus,
)
from bot.storage.turn_sql import (
    ADD_REPLY_PG,
    ADD_REPLY_SPENDING_PG,
    ADD_REPLY_WITH_MEMORY_PG,
    ADD_REPLY_WITH_MEMORY_SPENDING_PG,
    FORGET_COUNTS,
    FORGET_OTHER_MEMORY,
    FORGET_OTHER_SUMMARY,
    INSERT_REPLY,
    MARK_ANSWERED,
    RECORD_REPLY_PART,
    RECORD_REPLY_PARTS_PG,
    SAVE_MEMORY,
    TURN_OF_EVENT,
    TURN_START_PG,
    UPDATE_THREAD,
    UPSERT_LEARNER,
)


def _learner(row: Row) -> Learner:
    return Learner(
        id=row["id"],
        platform=row["platform"],
        external_id=row["external_id"],
        display_name=row["display_name"],
        locale=row["locale"],
        language=row["language"],
        competence=json.loads(row["competence"] or "{}"),
    )


def _thread(row: Row) -> ThreadRecord:
    return ThreadRecord(
        id=row["id"],
        platform=row["platform"],
        external_id=row["external_id"],
        community=row["community"],
        channel=row["channel"],
        learner_id=row["learner_id"],
        language=row["language"],
        role=row["role"],
        topics=tuple(json.loads(row["topics"] or "[]")),
        summary=row["summary"],
    )


def _message(row: Row) -> MessageRecord:
    return MessageRecord(
        id=row["id"],
        thread_id=row["thread_id"],
        author=row["author"],
        text=row["text"],
        language=row["language"],
        engine=row["engine"],
        status=row["status"],
        reply_to=row["reply_to"],
        created_at=row["created_at"],
    )


def _memory_dict(stored: str | None) -> dict[str, Any]:
    """A stored memory as a dict; {} when empty or unreadable."""
    try:
        data = json.loads(stored or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _memory_json(memory: dict[str, Any]) -> str:
    return json.dumps(memory, ensure_ascii=False, sort_keys=True)


class SqlStore:
    """The Store over one Database (SQLite or PostgreSQL): every repository shares it."""

    def __init__(self, db: Database, owner: LeaseOwner | None = None) -> None:
        self.db = db
        self.owner = owner or LeaseOwner.this_process()
        """This process as the holder of leases on inbox rows and outbox turns."""
        self.inbox = Inbox(db, self.owner)
        self.outbox = Outbox(db, self.owner)
        self.course = CourseStore(db)
        self.allowances = AllowanceRepository(db)
        self.community = CommunitySettingsRepository(db)
        self.gateway_sessions = GatewaySessions(db, self.owner)
        """Discord shards' gateway sessions, for RESUME after a restart."""

    def claims(self, *, ttl_s: float) -> Claims:
        """Exactly-once keys (Slack events and messages), pruned after `ttl_s`."""
        return Claims(self.db, ttl_s=ttl_s)

    async def ping(self) -> None:
        """Answer once the database does (readiness); StorageError when it cannot."""
        await self.db.ping()

    # Learners --------------------------------------------------------------------------
    async def upsert_learner(
        self, platform: str, external_id: str, *, display_name: str = "", locale: str | None = None
    ) -> Learner:
        """Find or create a learner, refreshing name and locale when given."""
        rows = await self.db.returning(
            UPSERT_LEARNER, (platform, external_id, display_name, locale, time.time())
        )
        return _learner(rows[0])

    async def turn_start(
        self,
        platform: str,
        external_id: str,
        thread: str,
        *,
        display_name: str = "",
        locale: str | None = None,
    ) -> TurnStart:
        """`upsert_learner`, `get_thread` and that thread's `load_memory`: what a turn reads first.

        One statement on PostgreSQL (three round trips before); two trips on SQLite.
        """
        params = (platform, external_id, display_name, locale, time.time())
        if self.db.dialect != "postgres":
            learner = await self.upsert_learner(
                platform, external_id, display_name=display_name, locale=locale
            )
            found = await self.get_thread(platform, thread)
            memory = await self.load_memory(found.id) if found is not None else None
            return TurnStart(learner, found, memory)
        rows = await self.db.returning(TURN_START_PG, (*params, platform, thread))
        row = rows[0]
        found = _thread(json.loads(row["thread"])) if row["thread"] is not None else None
        memory = None if found is None else _memory_dict(row["memory"])
        return TurnStart(_learner(json.loads(row["learner"])), found, memory)

    async def learner_id(self, platform: str, external_id: str) -> int | None:
        """Our id of a platform user who has written before (None for everyone else)."""
        row = await self.db.fetchone(
            "SELECT id FROM learners WHERE platform = ? AND external_id = ?",
            (platform, external_id),
        )
        return int(row["id"]) if row else None

    async def get_learner(self, learner_id: int) -> Learner | None:
        """A learner by id."""
        row = await self.db.fetchone("SELECT * FROM learners WHERE id = ?", (learner_id,))
        return _learner(row) if row else None

    async def set_competence(self, learner_id: int, competence: dict[str, Any]) -> None:
        """Replace a learner's competence record."""
        await self.db.execute(
            "UPDATE learners SET competence = ? WHERE id = ?",
            (json.dumps(competence, sort_keys=True), learner_id),
        )

    async def forget_learner(self, platform: str, external_id: str) -> Forgotten:
        """Delete a learner and everything stored about them, wherever they wrote; say what.

        Their threads go with everything in them (memory, replies, reports, deliveries and the
        platform parts of those replies); their turns in other learners' threads go with the
        replies to them, and those threads' memory and summary, built partly from their
        words, are cleared. Course progress and feedback go with the learner. One transaction.
        """

        async def body(tx: Tx) -> Forgotten:
            row = await tx.fetchone(
                "SELECT id FROM learners WHERE platform = ? AND external_id = ?",
                (platform, external_id),
            )
            if row is None:
                return Forgotten()
            me = int(row["id"])
            n = await tx.fetchone(FORGET_COUNTS, (me,) * FORGET_COUNTS.count("?"))
            assert n is not None  # one row of counts, always
            await tx.execute(FORGET_OTHER_MEMORY, (me, me))
            await tx.execute(FORGET_OTHER_SUMMARY, (me, me))
            await tx.execute("DELETE FROM messages WHERE learner_id = ?", (me,))
            await tx.execute("DELETE FROM learners WHERE id = ?", (me,))
            return Forgotten(
                messages=int(n["own"]) + int(n["elsewhere"]) + int(n["replies"]),
                threads=int(n["threads"]),
                elsewhere=int(n["elsewhere"]),
                course=int(n["course"]),
                deliveries=int(n["deliveries"]),
            )

        forgotten = await self.db.run(body)
        self.course.forget_sessions()  # their session threads went with them
        return forgotten

    # Threads ---------------------------------------------------------------------------
    async def get_thread(self, platform: str, external_id: str) -> ThreadRecord | None:
        """A thread by its platform id."""
        row = await self.db.fetchone(
            "SELECT * FROM threads WHERE platform = ? AND external_id = ?", (platform, external_id)
        )
        return _thread(row) if row else None

    async def get_thread_by_id(self, thread_id: int) -> ThreadRecord | None:
        """A thread by our id."""
        row = await self.db.fetchone("SELECT * FROM threads WHERE id = ?", (thread_id,))
        return _thread(row) if row else None

    async def create_thread(
        self,
        *,
        platform: str,
        external_id: str,
        learner_id: int,
        community: str = "",
        channel: str = "",
        language: str | None = None,
    ) -> ThreadRecord:
        """Start a thread (idempotent on the platform id)."""
        now = time.time()
        rows = await self.db.returning(  # the no-op update returns an existing row unchanged
            "INSERT INTO threads (platform, external_id, community, channel, learner_id,"
            " language, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (platform, external_id) DO UPDATE SET external_id = threads.external_id"
            " RETURNING *",
            (platform, external_id, community, channel, learner_id, language, now, now),
        )
        return _thread(rows[0])

    async def load_memory(self, thread_id: int) -> dict[str, Any]:
        """A thread's memory as stored (JSON object), {} for a new thread or unreadable data."""
        row = await self.db.fetchone(
            "SELECT memory FROM thread_memory WHERE thread_id = ?", (thread_id,)
        )
        return {} if row is None else _memory_dict(row["memory"])

    async def save_memory(self, thread_id: int, memory: dict[str, Any]) -> None:
        """Replace a thread's memory (one statement: written whole or not at all)."""
        await self.db.execute(SAVE_MEMORY, (thread_id, _memory_json(memory), time.time()))

    # Turns -----------------------------------------------------------------------------
    async def add_learner_turn(
        self, thread_id: int, text: str, *, language: str | None, learner_id: int | None = None
    ) -> int:
        """Persist a learner's message as 'pending' before any work on it.

        `learner_id` is who wrote it (the thread's learner when not given), so forgetting a
        learner finds their words in any thread.
        """
        insert = (
            "INSERT INTO messages (thread_id, author, text, language, status, created_at,"
            " learner_id) VALUES (?, 'learner', ?, ?, 'pending', ?,"
            " COALESCE(?, (SELECT learner_id FROM threads WHERE id = ?))) RETURNING id"
        )
        values = (thread_id, text, language, time.time(), learner_id, thread_id)
        handling = HANDLING.get()
        if handling is None:  # no acknowledged event behind it (console, CLI)
            rows = await self.db.returning(insert, values)
            return int(rows[0]["id"])
        event = handling.key
        if self.db.dialect == "postgres":  # one round trip, not five
            now, owner = time.time(), self.owner
            lease = (now, now, owner.id, now + owner.lease_s)
            rows = await self.db.returning(TURN_OF_EVENT, (*values, event, *lease))
            turn = int(rows[0]["id"])
        else:

            async def write(tx: Tx) -> int:  # the event's row becomes this turn, atomically
                row = await tx.fetchone(insert, values)
                assert row is not None  # RETURNING of an insert
                await store_turn_of_event(tx, int(row["id"]), self.owner, event)
                return int(row["id"])

            turn = await self.db.run(write)
        handling.stored = True
        return turn

    async def add_report(self, message_id: int, report: dict[str, Any]) -> None:
        """Store the sandbox report of a turn."""
        await self.db.execute(
            "INSERT INTO sandbox_reports (message_id, status, report, created_at)"
            " VALUES (?, ?, ?, ?)",
            (message_id, str(report.get("status", "")), json.dumps(report), time.time()),
        )

    async def reports_for(self, message_id: int) -> list[dict[str, Any]]:
        """Sandbox reports stored with a turn."""
        rows = await self.db.fetchall(
            "SELECT report FROM sandbox_reports WHERE message_id = ? ORDER BY id", (message_id,)
        )
        return [json.loads(r["report"]) for r in rows]

    async def add_reply(
        self,
        *,
        thread_id: int,
        reply_to: int,
        text: str,
        language: str,
        engine: str,
        role: str,
        topics: tuple[str, ...],
        memory: dict[str, Any] | None = None,
        spend: TokenSpend | None = None,
    ) -> int:
        """Store the mentor's reply, mark the turn answered and update the thread, atomically.

        `memory`, when given, replaces the thread's memory in the same transaction (one write);
        `spend`, when given, adds the turn's LLM tokens to its community's use there too.
        """
        now = time.time()
        reply = (thread_id, text, language, engine, reply_to, now)
        thread = (language, role, json.dumps(list(topics)), now, thread_id)
        saved = None if memory is None else (thread_id, _memory_json(memory), now)
        if self.db.dialect == "postgres":  # one statement: one round trip instead of six
            if spend is None:
                sql = ADD_REPLY_PG if saved is None else ADD_REPLY_WITH_MEMORY_PG
            else:
                sql = ADD_REPLY_SPENDING_PG if saved is None else ADD_REPLY_WITH_MEMORY_SPENDING_PG
            params = (*reply, reply_to, *thread, *(saved or ()), *(spend or ()))
            rows = await self.db.returning(sql, params)
            return int(rows[0]["id"]) if rows else 0

        async def write(tx: Tx) -> int:
            row = await tx.fetchone(INSERT_REPLY, reply)
            await tx.execute(MARK_ANSWERED, (reply_to,))
            await tx.execute(UPDATE_THREAD, thread)
            if saved is not None:
                await tx.execute(SAVE_MEMORY, saved)
            if spend is not None:
                await tx.execute(ADD_TOKENS, spend)
            return int(row["id"]) if row is not None else 0

        return await self.db.run(write)

    async def mark_turn(self, message_id: int, status: TurnStatus) -> None:
        """Set a learner turn's status (e.g. 'failed' when no engine could answer)."""
        await self.db.execute("UPDATE messages SET status = ? WHERE id = ?", (status, message_id))

    async def set_thread_summary(self, thread_id: int, summary: str) -> None:
        """Replace the running summary of a long thread."""
        await self.db.execute("UPDATE threads SET summary = ? WHERE id = ?", (summary, thread_id))

    async def recent_messages(self, thread_id: int, limit: int) -> list[MessageRecord]:
        """The newest `limit` messages of a thread, oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM (SELECT * FROM messages WHERE thread_id = ? ORDER BY id DESC LIMIT ?)"
            " AS recent ORDER BY id",
            (thread_id, limit),
        )
        return [_message(r) for r in rows]

    async def count_messages(self, thread_id: int) -> int:
        """How many messages a thread holds."""
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM messages WHERE thread_id = ?", (thread_id,)
        )
        return int(row[0]) if row else 0

    async def pending_turns(self) -> list[MessageRecord]:
        """Learner turns accepted but never answered (e.g. the bot was killed mid-reply)."""
        rows = await self.db.fetchall("SELECT * FROM messages WHERE status = 'pending' ORDER BY id")
        return [_message(r) for r in rows]

    # Platform message ids and feedback ---------------------------------------------------
    async def set_external_id(self, message_id: int, external_id: str) -> None:
        """Remember the platform message that carries a reply (for reactions)."""
        await self.db.execute(SET_EXTERNAL_ID, (external_id, message_id))

    async def record_reply_parts(self, reply_id: int, part_ids: Sequence[str]) -> None:
        """Remember every platform message carrying part of a reply; the first is its id."""
        if not part_ids or not reply_id:
            return
        if self.db.dialect == "postgres":  # one statement: one round trip instead of four
            params = (part_ids[0], reply_id, reply_id, list(part_ids))
            await self.db.execute(RECORD_REPLY_PARTS_PG, params)
            return

        async def write(tx: Tx) -> None:  # one write for the id and every part
            await tx.execute(SET_EXTERNAL_ID, (part_ids[0], reply_id))
            await tx.executemany(RECORD_REPLY_PART, [(p, reply_id) for p in part_ids])

        await self.db.run(write)

    async def reply_external_id(self, part_id: str) -> str | None:
        """The external id of the reply a platform message is part of (None: not a reply)."""
        row = await self.db.fetchone(
            "SELECT m.external_id FROM discord_message_parts p JOIN messages m"
            " ON m.id = p.message_id WHERE p.part_id = ?",
            (part_id,),
        )
        return str(row["external_id"]) if row and row["external_id"] is not None else None

    async def add_feedback(self, external_message_id: str, learner_id: int, value: int) -> bool:
        """Store 👍 (+1) / 👎 (-1) on the reply posted as that platform message."""
        row = await self.db.fetchone(
            "SELECT id FROM messages WHERE external_id = ? AND author = 'mentor'",
            (external_message_id,),
        )
        if row is None:
            return False
        await self.db.execute(
            "INSERT INTO feedback (message_id, learner_id, value, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (message_id, learner_id)"
            " DO UPDATE SET value = excluded.value, created_at = excluded.created_at",
            (row["id"], learner_id, value, time.time()),
        )
        return True
