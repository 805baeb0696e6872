"""Course repositories: submissions, session progress, session threads, announcement claims."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from bot.storage.database import Database, Tx

SessionStatus = Literal["opened", "handed_in", "done"]
_STATUS_RANK = {"opened": 0, "handed_in": 1, "done": 2}


@dataclass(frozen=True, slots=True)
class Submission:
    """One stored attempt at a practice task, with its verdict (the check's JSON)."""

    id: int
    task_id: str
    code: str
    passed: bool
    verdict: dict[str, Any]
    created_at: float

    def __repr__(self) -> str:
        return f"Submission(id={self.id}, task_id={self.task_id!r}, passed={self.passed})"


@dataclass(frozen=True, slots=True)
class SessionProgress:
    """A learner's state in one course session."""

    session: int
    status: SessionStatus
    covered: tuple[str, ...]


SESSION_CACHE_S = 5.0
"""How long a thread's session (or none) is remembered between reads."""
SESSION_CACHE_SIZE = 4096


class CourseStore:
    """Course state over the bot's database (tables from migration 0200)."""

    def __init__(self, db: Database, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.db = db
        self._clock = clock
        self._sessions: dict[tuple[str, str], tuple[float, tuple[int, int] | None]] = {}
        """thread_session's recent answers: a turn asks twice (graded? which session?)."""

    # Submissions -----------------------------------------------------------------------
    async def add_submission(
        self, learner_id: int, task_id: str, code: str, *, passed: bool, verdict: dict[str, Any]
    ) -> int:
        """Store an attempt; attempts are what climbs the hint ladder."""
        rows = await self.db.returning(
            "INSERT INTO course_submissions (learner_id, task_id, code, passed, verdict,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (learner_id, task_id, code, int(passed), json.dumps(verdict), time.time()),
        )
        return int(rows[0]["id"])

    async def submissions(self, learner_id: int, task_id: str | None = None) -> list[Submission]:
        """A learner's attempts, oldest first (optionally for one task)."""
        sql = "SELECT * FROM course_submissions WHERE learner_id = ?"
        params: list[Any] = [learner_id]
        if task_id is not None:
            sql += " AND task_id = ?"
            params.append(task_id)
        rows = await self.db.fetchall(sql + " ORDER BY id", params)
        return [
            Submission(
                id=r["id"],
                task_id=r["task_id"],
                code=r["code"],
                passed=bool(r["passed"]),
                verdict=json.loads(r["verdict"]),
                created_at=r["created_at"],
            )
            for r in rows
        ]

    async def attempts(self, learner_id: int, task_id: str) -> int:
        """How many times the learner submitted this task."""
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM course_submissions WHERE learner_id = ? AND task_id = ?",
            (learner_id, task_id),
        )
        return int(row[0]) if row else 0

    async def passed_tasks(self, learner_id: int) -> set[str]:
        """Task ids with at least one passing submission."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT task_id FROM course_submissions WHERE learner_id = ? AND passed = 1",
            (learner_id,),
        )
        return {str(r[0]) for r in rows}

    # Sessions --------------------------------------------------------------------------
    async def set_session(
        self, learner_id: int, session: int, status: SessionStatus, covered: tuple[str, ...] = ()
    ) -> SessionProgress:
        """Move a session forward (never backwards); returns the stored state."""
        current = await self.session(learner_id, session)
        if current is not None and _STATUS_RANK[current.status] > _STATUS_RANK[status]:
            return current
        merged = tuple(dict.fromkeys((*(current.covered if current else ()), *covered)))
        await self.db.execute(
            "INSERT INTO course_sessions (learner_id, session, status, covered, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner_id, session) DO UPDATE SET"
            " status = excluded.status, covered = excluded.covered,"
            " updated_at = excluded.updated_at",
            (learner_id, session, status, json.dumps(list(merged)), time.time()),
        )
        return SessionProgress(session, status, merged)

    async def session(self, learner_id: int, session: int) -> SessionProgress | None:
        """One session's state, if the learner opened it."""
        rows = await self.sessions(learner_id)
        return rows.get(session)

    async def sessions(self, learner_id: int) -> dict[int, SessionProgress]:
        """Every session the learner opened."""
        rows = await self.db.fetchall(
            "SELECT session, status, covered FROM course_sessions WHERE learner_id = ?",
            (learner_id,),
        )
        return {
            int(r["session"]): SessionProgress(
                int(r["session"]), r["status"], tuple(json.loads(r["covered"]))
            )
            for r in rows
        }

    # Session threads -------------------------------------------------------------------
    async def bind_thread(self, platform: str, thread: str, learner_id: int, session: int) -> None:
        """Remember that a thread belongs to a course session."""
        self._sessions.pop((platform, thread), None)
        await self.db.execute(
            "INSERT INTO course_threads (platform, thread, learner_id, session, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, thread) DO UPDATE SET"
            " session = excluded.session, learner_id = excluded.learner_id",
            (platform, thread, learner_id, session, time.time()),
        )

    async def learner_id(self, platform: str, external_id: str) -> int | None:
        """The stored learner's id for a platform user, None when they never wrote."""
        row = await self.db.fetchone(
            "SELECT id FROM learners WHERE platform = ? AND external_id = ?",
            (platform, external_id),
        )
        return int(row["id"]) if row is not None else None

    async def thread_session(self, platform: str, thread: str) -> tuple[int, int] | None:
        """(learner id, session number) of a session thread, else None.

        Remembered for SESSION_CACHE_S (a turn asks twice, a burst of turns many times); a
        binding made here is seen at once, one made by another process within that time.
        """
        key, now = (platform, thread), self._clock()
        seen = self._sessions.get(key)
        if seen is not None and now - seen[0] < SESSION_CACHE_S:
            return seen[1]
        row = await self.db.fetchone(
            "SELECT learner_id, session FROM course_threads WHERE platform = ? AND thread = ?",
            (platform, thread),
        )
        found = (int(row[0]), int(row[1])) if row else None
        if len(self._sessions) >= SESSION_CACHE_SIZE:
            self._sessions.clear()
        self._sessions[key] = (now, found)
        return found

    def forget_sessions(self) -> None:
        """Drop the remembered session threads (a learner was forgotten with theirs)."""
        self._sessions.clear()

    # Announcements ---------------------------------------------------------------------
    async def claim_announcement(
        self,
        platform: str,
        channel: str,
        week: str,
        task_id: str,
        *,
        owner: str,
        lease_s: float,
    ) -> bool:
        """Claim (platform, channel, week) before posting; True for exactly one claimant.

        The unique constraint decides between processes. A claim whose owner never marked it
        posted within `lease_s` (it crashed mid-post) may be retaken.
        """
        now = time.time()

        async def claim(tx: Tx) -> bool:  # insert, else retake a stale lease
            inserted = await tx.execute(
                "INSERT INTO course_announcements (platform, channel, week, task_id,"
                " status, owner, claimed_at) VALUES (?, ?, ?, ?, 'claimed', ?, ?)"
                " ON CONFLICT (platform, channel, week) DO NOTHING",
                (platform, channel, week, task_id, owner, now),
            )
            if inserted == 1:
                return True
            retaken = await tx.execute(
                "UPDATE course_announcements SET owner = ?, claimed_at = ? WHERE platform = ?"
                " AND channel = ? AND week = ? AND status = 'claimed' AND claimed_at < ?",
                (owner, now, platform, channel, week, now - lease_s),
            )
            return retaken == 1

        return await self.db.run(claim)

    async def newest_week(self, platform: str, channel: str) -> str | None:
        """The latest week claimed for a channel (ISO week keys sort as text)."""
        row = await self.db.fetchone(
            "SELECT MAX(week) FROM course_announcements WHERE platform = ? AND channel = ?",
            (platform, channel),
        )
        return str(row[0]) if row and row[0] is not None else None

    async def mark_posted(self, platform: str, channel: str, week: str) -> None:
        """The post went out: the claim is final."""
        await self.db.execute(
            "UPDATE course_announcements SET status = 'posted', posted_at = ?"
            " WHERE platform = ? AND channel = ? AND week = ?",
            (time.time(), platform, channel, week),
        )

    async def release_claim(self, platform: str, channel: str, week: str, owner: str) -> None:
        """The post failed: let the next check try again."""
        await self.db.execute(
            "DELETE FROM course_announcements WHERE platform = ? AND channel = ? AND week = ?"
            " AND owner = ? AND status = 'claimed'",
            (platform, channel, week, owner),
        )

    async def announcements(self) -> list[dict[str, Any]]:
        """Every claim, oldest first (for tests and the operator)."""
        rows = await self.db.fetchall(
            "SELECT * FROM course_announcements ORDER BY week, platform, channel"
        )
        return [dict(r) for r in rows]
