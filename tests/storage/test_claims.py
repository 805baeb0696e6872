"""Exactly once across processes: two handles on one store (two bots) race for the same claims."""

from __future__ import annotations

import asyncio

from bot.errors import RateLimited
from bot.mentor.limits import Allowances
from bot.mentor.recovery import Outbox
from bot.mentor.settings import MentorSettings
from bot.platforms.slack_store import SlackClaims
from bot.storage.course import CourseStore
from bot.storage.database import Database
from bot.storage.sql_store import SqlStore

RACERS = 24
"""Concurrent attempts per test, split over the two handles."""


async def _turn(db: Database) -> tuple[int, int]:
    store = SqlStore(db)
    learner = await store.upsert_learner("slack", "U1")
    thread = await store.create_thread(platform="slack", external_id="T1", learner_id=learner.id)
    return learner.id, await store.add_learner_turn(thread.id, "q", language="en")


async def test_allowance_spent_from_two_processes_never_overdraws(two: list[Database]) -> None:
    """Racing questions from two bots spend exactly the burst size, the rest are told to wait."""
    learner_id, _ = await _turn(two[0])
    settings = MentorSettings(rate_limit_questions=5, rate_limit_refill_s=3600.0)
    clock = lambda: 1_700_000_000.0  # noqa: E731  # frozen: no refill during the race
    sides = [Allowances(db, settings, clock=clock) for db in two]

    async def ask(n: int) -> bool:
        try:
            await sides[n % 2].take_question(str(learner_id))
        except RateLimited:
            return False
        return True

    granted = await asyncio.gather(*(ask(n) for n in range(RACERS)))
    assert sum(granted) == 5


async def test_slack_event_claimed_by_two_processes_is_answered_once(two: list[Database]) -> None:
    """Each event key is won by exactly one of two bots claiming it at the same moment."""
    sides = [SlackClaims(db, ttl_s=3600.0) for db in two]
    keys = [f"Ev{n}" for n in range(RACERS // 2)]
    won = await asyncio.gather(*(side.claim(key) for key in keys for side in sides))
    assert sum(won) == len(keys)


async def test_weekly_announcement_claimed_by_two_processes_has_one_owner(
    two: list[Database],
) -> None:
    """The unique (platform, channel, week) lets exactly one racing bot post the week's task."""
    sides = [CourseStore(db) for db in two]
    won = await asyncio.gather(
        *(
            sides[n % 2].claim_announcement(
                "discord", "111", "2026-W10", "t1", owner=f"p{n}", lease_s=600
            )
            for n in range(RACERS)
        )
    )
    assert sum(won) == 1


async def test_recovery_attempts_from_two_processes_are_all_counted(two: list[Database]) -> None:
    """Recovery attempts on one turn from two bots count up without losing one."""
    _, turn = await _turn(two[0])
    sides = [Outbox(db) for db in two]
    counts = await asyncio.gather(
        *(sides[n % 2].attempted(turn, "slack") for n in range(RACERS))
    )
    assert sorted(counts) == list(range(1, RACERS + 1))
