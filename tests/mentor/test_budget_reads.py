"""The community budget check reads today's use at most every few seconds, on both stores."""

from __future__ import annotations

import pytest

from bot.errors import RateLimited
from bot.mentor.limits import BUDGET_READ_S, Allowances
from bot.mentor.settings import MentorSettings
from bot.storage.database import Database


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_another_processes_spending_closes_the_budget_within_seconds(
    database: Database,
) -> None:
    """Spent elsewhere: the budget check sees it within BUDGET_READ_S; spent here: at once."""
    clock = Clock()
    mentor = MentorSettings(community_daily_tokens=1000)
    here = Allowances(database, mentor, clock=clock)
    elsewhere = Allowances(database, mentor, clock=clock)
    await here.check_budget("guild-1")
    await elsewhere.spend_tokens("guild-1", 1500)
    await here.check_budget("guild-1")  # read a moment ago: not seen yet
    clock.now += BUDGET_READ_S
    with pytest.raises(RateLimited):
        await here.check_budget("guild-1")
    await here.check_budget("guild-2")
    await here.spend_tokens("guild-2", 1000)
    with pytest.raises(RateLimited):
        await here.check_budget("guild-2")
