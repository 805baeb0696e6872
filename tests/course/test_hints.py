"""The hint ladder climbs with distinct stored attempts only, never by asking."""

from __future__ import annotations

import pytest

from bot.course.content import COURSE_LANGUAGES, Course
from bot.course.hints import MAX_LEVEL, hint_text, level_for
from bot.course.service import Who
from bot.course.wiring import CourseServices
from tests.course.conftest import fenced

WHO = Who("console", "ana")


def tried(starter: str, n: int) -> str:
    """The thread-safe-cache starter with one more statement in `__init__`: attempt number n."""
    line = "        self.capacity = capacity\n"
    return starter.replace(line, f"{line}        self.tries = {n}\n")


@pytest.mark.parametrize(
    ("codes", "level"),
    [
        ([], 0),
        (["x = 1"], 1),
        (["x = 1", "x = 1\n\n", "x = 1   "], 1),
        (["x = 1", "x = 2"], 2),
        (["a = 1", "a = 2", "a = 3", "a = 4", "a = 5", "a = 6"], MAX_LEVEL),
    ],
)
def test_level_counts_distinct_attempts_and_caps(codes: list[str], level: int) -> None:
    """Resubmitting the same code (modulo whitespace) does not climb; the ladder has 4 rungs."""
    assert level_for(codes) == level


def test_rungs_are_concept_pointer_pseudocode_scaffold(course: Course) -> None:
    """Rungs 1-3 are the task's texts in order; rung 4 carries the scaffold code."""
    for task in course.tasks:
        for lang in COURSE_LANGUAGES:
            text = task.in_language(lang)
            assert [hint_text(task, lang, n) for n in (1, 2, 3)] == list(text.hints)
            assert task.scaffold.strip().splitlines()[0] in hint_text(task, lang, 4)
            assert hint_text(task, lang, 0) == ""


async def test_asking_for_hints_never_climbs(services: CourseServices) -> None:
    """Before any attempt the ladder is locked; asking again and again changes nothing."""
    practice = services.practice
    for _ in range(3):
        text = await practice.hint(WHO, "thread-safe-cache", "en")
        assert "Hints unlock with attempts" in text


async def test_failed_attempts_climb_one_rung_each(services: CourseServices) -> None:
    """Each distinct failed attempt opens the next rung; the submit reply shows it."""
    practice = services.practice
    task = practice.task("thread-safe-cache")
    levels = []
    for n in range(1, 6):
        result = await practice.submit(WHO, task.id, fenced(tried(task.starter, n)), "en")
        assert not result.verdict.passed
        levels.append(result.hint_level)
        assert result.hint is not None
        assert result.hint == hint_text(task, "en", min(n, MAX_LEVEL))
    assert levels == [1, 2, 3, 4, 4]
    assert "(scaffold)" in await practice.hint(WHO, task.id, "en")


async def test_identical_resubmission_does_not_climb(services: CourseServices) -> None:
    """The same code twice is one rung, though both attempts are stored."""
    practice = services.practice
    code = tried(practice.task("thread-safe-cache").starter, 1)
    first = await practice.submit(WHO, "thread-safe-cache", fenced(code), "en")
    second = await practice.submit(WHO, "thread-safe-cache", fenced(code + "\n\n"), "en")
    assert (first.hint_level, second.hint_level) == (1, 1)
    assert second.attempt == 2
    assert "concept" in await practice.hint(WHO, "thread-safe-cache", "en")


async def test_hint_is_localized(services: CourseServices, course: Course) -> None:
    """The hint comes in the learner's language."""
    practice = services.practice
    starter = practice.task("asyncio-blocking").starter
    code = starter.replace(
        "fetch_profile(user_id)", "await asyncio.to_thread(fetch_profile, user_id)"
    )
    await practice.submit(WHO, "asyncio-blocking", fenced(code), "pt")
    text = await practice.hint(WHO, "asyncio-blocking", "pt")
    task = course.task("asyncio-blocking")
    assert task is not None
    assert task.in_language("pt").hints[0] in text
    assert "Dica 1/4" in text
