"""Allowances: a refilling question allowance per learner, a daily token budget per community.

Both live in the database, so they survive restarts and are shared by every platform and
process (PostgreSQL locks the learner's row while it reads, decides and writes).

The learner allowance works like CS50's hearts: `rate_limit_questions` questions in a burst,
one coming back every `rate_limit_refill_s`. The community budget counts LLM tokens per UTC
day (the offline engine costs none). Both raise RateLimited with `retry_after_s`.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.errors import RateLimited
from bot.mentor.settings import MentorSettings
from bot.storage.allowances import AllowanceRepository, TokenSpend
from bot.storage.database import Database

DAY_S = 86400
BUDGET_READ_S = 2.0
"""How long a community's use today, as read, answers the budget check."""
BUDGET_READ_SIZE = 4096


def utc_day(now: float) -> str:
    """'2025-01-31' for a Unix time."""
    return datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d")


def seconds_to_midnight(now: float) -> float:
    """Seconds until the next UTC day starts."""
    current = datetime.fromtimestamp(now, UTC)
    midnight = (current + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1.0, midnight.timestamp() - now)


def allowance_subject(platform: str, user: str) -> str:
    """Who a question allowance counts: a digest of the platform user, outliving `/mca forget`.

    The allowance protects the mentor's pace and the community's LLM budget; deleting one's
    data must not refill it (review9 R48), and the digest keeps no readable id.
    """
    return hashlib.sha256(f"{platform}\x00{user}".encode()).hexdigest()


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
        self._used: dict[str, tuple[float, str, int]] = {}
        """community -> (read at, UTC day, tokens): today's use as last read or spent here."""

    async def take_question(self, subject: str) -> float:
        """Spend one of `subject`'s questions (`allowance_subject`); RateLimited when none is left."""
        capacity = self.settings.rate_limit_questions
        if capacity <= 0:
            return math.inf
        refill = self.settings.rate_limit_refill_s
        now = self.clock()

        taken = await self._rows.take_token(subject, capacity=capacity, refill_s=refill, now=now)
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
        used = await self._recent_use(community, now)
        if used >= budget:
            wait = seconds_to_midnight(now)
            raise RateLimited(
                f"This community's mentoring budget for today is used up; it resets in "
                f"{math.ceil(wait)} s.",
                retry_after_s=math.ceil(wait),
                key="budget_exhausted",
            )

    async def _recent_use(self, community: str, now: float) -> int:
        """Today's use as read at most BUDGET_READ_S ago (this process's spends counted at once).

        The budget check runs before every LLM turn; under a burst it would read the same row
        for every turn. Other processes' spends show within BUDGET_READ_S: the budget was
        already approximate (turns check before they spend), now by at most that much more.
        """
        day = utc_day(now)
        seen = self._used.get(community)
        if seen is not None and seen[1] == day and 0 <= now - seen[0] < BUDGET_READ_S:
            return seen[2]
        used = await self._rows.tokens_used(community, day)
        if len(self._used) >= BUDGET_READ_SIZE:
            self._used.clear()
        self._used[community] = (now, day, used)
        return used

    async def tokens_used(self, community: str, *, now: float | None = None) -> int:
        """LLM tokens a community used today (UTC)."""
        return await self._rows.tokens_used(
            community, utc_day(self.clock() if now is None else now)
        )

    async def spend_tokens(self, community: str, tokens: int) -> None:
        """Add LLM tokens to today's use; older days are pruned."""
        spend = self.spending(community, tokens)
        if spend is None:
            return
        await self._rows.add_tokens(*spend)
        await self.spent(spend)

    def spending(self, community: str, tokens: int) -> TokenSpend | None:
        """Today's spend of `tokens` as the store writes it (with the turn's reply); None: 0."""
        if tokens <= 0:
            return None
        return TokenSpend(community, utc_day(self.clock()), tokens)

    async def spent(self, spend: TokenSpend) -> None:
        """A spend was written: count it here at once; older days are pruned once a day."""
        community, day, tokens = spend
        seen = self._used.get(community)
        if seen is not None and seen[1] == day:
            self._used[community] = (seen[0], day, seen[2] + tokens)
        if self._pruned_on != day:  # once a day per process is enough to keep a week
            await self._rows.prune_before(utc_day(self.clock() - 7 * DAY_S))
            full_after = self.settings.rate_limit_questions * self.settings.rate_limit_refill_s
            await self._rows.prune_full(self.clock() - max(full_after, DAY_S))
            self._pruned_on = day
