"""Allowance rows: each learner's refilling question tokens, each community's daily LLM tokens.

The rules (burst size, refill rate, budgets) belong to bot/mentor/limits.py; this module only
reads and writes, with the read-decide-write of a question in one transaction that locks the
learner's row on PostgreSQL (`SELECT ... FOR UPDATE`), so two processes never overdraw.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.database import Database, Tx


@dataclass(frozen=True, slots=True)
class Taken:
    """The outcome of taking one question token: granted or not, and the tokens left."""

    granted: bool
    tokens: float


class AllowanceRepository:
    """Question tokens per learner and LLM tokens per community and UTC day."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def take_token(
        self, learner_id: int, *, capacity: float, refill_s: float, now: float
    ) -> Taken:
        """Refill by the time elapsed (up to `capacity`), then spend one token if there is one."""

        async def take(tx: Tx) -> Taken:  # read, decide, write: one transaction
            # A first question creates a full row, so there is always a row to lock.
            await tx.execute(
                "INSERT INTO learner_allowance (learner_id, tokens, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (learner_id) DO NOTHING",
                (learner_id, float(capacity), now),
            )
            lock = tx.for_update  # a fixed clause of the adapter, never input
            row = await tx.fetchone(
                f"SELECT tokens, updated_at FROM learner_allowance WHERE learner_id = ?{lock}",  # noqa: S608
                (learner_id,),
            )
            tokens = float(capacity)
            if row is not None:
                elapsed = max(0.0, now - float(row[1]))
                tokens = min(float(capacity), float(row[0]) + elapsed / refill_s)
            if tokens < 1.0:
                return Taken(granted=False, tokens=tokens)
            tokens -= 1.0
            await tx.execute(
                "UPDATE learner_allowance SET tokens = ?, updated_at = ? WHERE learner_id = ?",
                (tokens, now, learner_id),
            )
            return Taken(granted=True, tokens=tokens)

        return await self._db.run(take)

    async def tokens_used(self, community: str, day: str) -> int:
        """LLM tokens a community used on a UTC day ('2025-01-31')."""
        row = await self._db.fetchone(
            "SELECT tokens FROM community_usage WHERE community = ? AND day = ?",
            (community, day),
        )
        return int(row[0]) if row else 0

    async def add_tokens(self, community: str, day: str, tokens: int) -> None:
        """Add to a community's use on a day (one statement: concurrent adds all count)."""
        await self._db.execute(
            "INSERT INTO community_usage (community, day, tokens) VALUES (?, ?, ?)"
            " ON CONFLICT (community, day) DO UPDATE"
            " SET tokens = community_usage.tokens + excluded.tokens",
            (community, day, tokens),
        )

    async def prune_before(self, day: str) -> None:
        """Forget community use of days before `day`."""
        await self._db.execute("DELETE FROM community_usage WHERE day < ?", (day,))
