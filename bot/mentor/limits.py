"""Allowances: a refilling question allowance per learner, a daily token budget per community.

Both live in the database, so they survive restarts and are shared by every platform and
process (PostgreSQL locks the learner's row while it reads, decides and writes).

The learner allowance works like CS50's hearts: `rate_limit_questions` questions in a burst,
one coming back every `rate_limit_refill_s`. The community budget counts LLM tokens per UTC
day (the offline engine costs none). Both raise RateLimited with `retry_after_s`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.errors import RateLimited
from bot.mentor.settings import MentorSettings
from bot.storage.allowances import AllowanceRepository
from bot.storage.database import Database

DAY_S = 86400


def utc_day(now: float) -> str:
    """'2025-01-31' for a Unix time."""
    return datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d")


def seconds_to_midnight(now: float) -> float:
    """Seconds until the next UTC day starts."""
    current = datetime.fromtimestamp(now, UTC)
    midnight = (current + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1.0, midnight.timestamp() - now)


class Allowances:
    """Checks and spends learner allowances and community budgets."""

    def __init__(
        self,
        db: Database,
        settings: MentorSettings,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._rows = AllowanceRepository(db)
        self.settings = settings
        self.clock = clock
        self._pruned_on = ""
        """The UTC day community usage older than a week was last pruned."""

    async def take_question(self, learner_id: int) -> float:
        """Spend one question; raise RateLimited when none is left. Returns what remains."""
        capacity = self.settings.rate_limit_questions
        if capacity <= 0:
            return math.inf
        refill = self.settings.rate_limit_refill_s
        now = self.clock()

        taken = await self._rows.take_token(
            learner_id, capacity=capacity, refill_s=refill, now=now
        )
        if not taken.granted:
            wait = (1.0 - taken.tokens) * refill
            raise RateLimited(
                f"Out of questions for now; try again in {math.ceil(wait)} s.",
                retry_after_s=math.ceil(wait),
                key="rate_limited",
            )
        return taken.tokens

    async def check_budget(self, community: str, *, budget: int | None = None) -> None:
        """Raise RateLimited when the community's LLM budget for today is spent.

        `budget` is the community's own daily budget when its admins set one.
        """
        budget = self.settings.community_daily_tokens if budget is None else budget
        if budget <= 0:
            return
        now = self.clock()
        used = await self.tokens_used(community, now=now)
        if used >= budget:
            wait = seconds_to_midnight(now)
            raise RateLimited(
                f"This community's mentoring budget for today is used up; it resets in "
                f"{math.ceil(wait)} s.",
                retry_after_s=math.ceil(wait),
                key="budget_exhausted",
            )

    async def tokens_used(self, community: str, *, now: float | None = None) -> int:
        """LLM tokens a community used today (UTC)."""
        return await self._rows.tokens_used(community, utc_day(self.clock() if now is None else now))

    async def spend_tokens(self, community: str, tokens: int) -> None:
        """Add LLM tokens to today's use; older days are pruned."""
        if tokens <= 0:
            return
        now = self.clock()
        day = utc_day(now)
        await self._rows.add_tokens(community, day, tokens)
        if self._pruned_on != day:  # once a day per process is enough to keep a week
            await self._rows.prune_before(utc_day(now - 7 * DAY_S))
            self._pruned_on = day
