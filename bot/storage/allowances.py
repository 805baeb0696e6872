"""Allowance rows: each platform user's refilling question tokens, each community's LLM tokens.

The rules (burst size, refill rate, budgets) belong to bot/mentor/limits.py; this module only
reads and writes, with the read-decide-write of a question in one upsert statement that holds
the learner's row while it decides (on PostgreSQL too), so two processes never overdraw.
A question allowance is keyed by a digest of the platform user (`subject`), not by the learner
row: it is an abuse counter that `/mca forget` does not refill (review9 R48).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from bot.storage.database import Database


@dataclass(frozen=True, slots=True)
class Taken:
    """The outcome of taking one question token: granted or not, and the tokens left."""

    granted: bool
    tokens: float


_ELAPSED = (
    "CASE WHEN excluded.updated_at > question_allowance.updated_at"
    " THEN excluded.updated_at - question_allowance.updated_at ELSE 0 END"
)
_AVAILABLE = (
    f"CASE WHEN question_allowance.tokens + ({_ELAPSED}) / ? < ?"
    f" THEN question_allowance.tokens + ({_ELAPSED}) / ? ELSE ? END"
)
"""(refill s, capacity, refill s, capacity): the row's tokens refilled up to capacity."""
TAKE_TOKEN = (
    "INSERT INTO question_allowance (subject, tokens, updated_at) VALUES (?, ?, ?)"  # noqa: S608  # constants
    f" ON CONFLICT (subject) DO UPDATE SET tokens = ({_AVAILABLE}) - 1,"
    f" updated_at = excluded.updated_at WHERE ({_AVAILABLE}) >= 1 RETURNING tokens"
)
"""(subject, capacity - 1, now, then _AVAILABLE's parameters twice): spend one token.

A new subject's row is created with one token spent; an existing row is refilled by the time
elapsed and spent only when a whole token is there. No row returned: refused, nothing written.
"""


ADD_TOKENS = (
    "INSERT INTO community_usage (community, day, tokens) VALUES (?, ?, ?)"
    " ON CONFLICT (community, day) DO UPDATE"
    " SET tokens = community_usage.tokens + excluded.tokens"
)
"""(community, UTC day, tokens): add to a community's use (concurrent adds all count)."""


class TokenSpend(NamedTuple):
    """LLM tokens a turn adds to its community's use of a UTC day (written with its reply)."""

    community: str
    day: str
    tokens: int


class AllowanceRepository:
    """Question tokens per learner and LLM tokens per community and UTC day."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def take_token(
        self, subject: str, *, capacity: float, refill_s: float, now: float
    ) -> Taken:
        """Refill by the time elapsed (up to `capacity`), then spend one token if there is one.

        One statement, so one round trip on PostgreSQL (it was a five-trip transaction): the
        upsert holds the learner's row for its read-decide-write, so two processes racing
        for the last token never both get it. A first question creates the row already spent.
        """
        if capacity < 1.0:
            return Taken(granted=False, tokens=float(capacity))
        cap, refill = float(capacity), float(refill_s)
        available = (refill, cap, refill, cap)
        params = (subject, cap - 1.0, float(now), *available, *available)
        rows = await self._db.returning(TAKE_TOKEN, params)
        if rows:
            return Taken(granted=True, tokens=float(rows[0][0]))
        row = await self._db.fetchone(  # refused: what is left, for "try again in N s"
            "SELECT tokens, updated_at FROM question_allowance WHERE subject = ?",
            (subject,),
        )
        if row is None:  # pruned meanwhile
            return Taken(granted=False, tokens=0.0)
        elapsed = max(0.0, now - float(row[1]))
        return Taken(granted=False, tokens=min(cap, float(row[0]) + elapsed / refill))

    async def tokens_used(self, community: str, day: str) -> int:
        """LLM tokens a community used on a UTC day ('2025-01-31')."""
        row = await self._db.fetchone(
            "SELECT tokens FROM community_usage WHERE community = ? AND day = ?",
            (community, day),
        )
        return int(row[0]) if row else 0

    async def add_tokens(self, community: str, day: str, tokens: int) -> None:
        """Add to a community's use on a day (one statement: concurrent adds all count)."""
        await self._db.execute(ADD_TOKENS, (community, day, tokens))

    async def prune_before(self, day: str) -> None:
        """Forget community use of days before `day`."""
        await self._db.execute("DELETE FROM community_usage WHERE day < ?", (day,))

    async def prune_full(self, before: float) -> None:
        """Drop question allowances untouched since `before`: refilled to full, a row says nothing."""
        await self._db.execute("DELETE FROM question_allowance WHERE updated_at < ?", (before,))
