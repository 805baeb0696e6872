"""Integrity sees a task's solution however it is dressed, and padding is not effort."""

from __future__ import annotations

import ast

import pytest

from bot.course.checks import CheckRunner
from bot.course.content import Course, Task
from bot.course.settings import CourseSettings
from bot.mentor.guards.integrity import IntegrityGuard, TaskInterfaces, course_checker
from bot.sandbox.settings import SandboxSettings
from bot.settings import DEFAULT_CONFIG_DIR
from tests.course.sandbox_double import SubprocessSandboxDouble
from tests.fakes.hostile_code import disguised_solutions, trivial_edits
from tests.fakes.solutions import CACHE_SOLUTION

COURSE = Course.load(DEFAULT_CONFIG_DIR)
INTERFACES = TaskInterfaces(COURSE.tasks)
DISGUISES = disguised_solutions(CACHE_SOLUTION, "SingleFlightLRU", "get")
CHECKER = course_checker(
    CheckRunner(
        sandbox=SubprocessSandboxDouble(),
        settings=CourseSettings(),
        sandbox_settings=SandboxSettings(),
    ).check
)


def _starter() -> str:
    task = COURSE.task("thread-safe-cache")
    assert task is not None
    return task.starter


@pytest.mark.parametrize("name", sorted(n for n in DISGUISES if n != "split_over_sections"))
async def test_disguised_solution_is_withheld(name: str) -> None:
    """Renamed, indented, diffed, doctest, <pre> or import-less: the checker decides, it goes."""
    guard = IntegrityGuard(interfaces=INTERFACES, checker=CHECKER)
    result = await guard.guard(DISGUISES[name], language="en", effort=False)
    assert result.replaced == 1, name
    assert "set_result" not in result.text


async def test_lookalike_class_stays_and_costs_no_run() -> None:
    """A class with the task's shape but not its vocabulary is no solution: no sandbox run."""
    lookalike = (
        "```python\nclass Memo:\n    def __init__(self, size):\n        self.size = size\n"
        "        self.seen = {}\n\n    def lookup(self, key, make):\n"
        "        return self.seen.setdefault(key, make(key))\n\n"
        "    def __len__(self):\n        return len(self.seen)\n```"
    )
    asked: list[str] = []

    async def checker(task: Task, code: str) -> bool:
        asked.append(task.id)
        return await CHECKER(task, code) is True  # pragma: no cover - must not run

    guard = IntegrityGuard(interfaces=INTERFACES, checker=checker)
    result = await guard.guard(lookalike, language="en", effort=False)
    assert asked == []
    assert result.replaced == 0
    assert "setdefault" in result.text


@pytest.mark.parametrize("name", sorted(trivial_edits("")))
def test_trivially_edited_starter_is_not_effort(name: str) -> None:
    """An unread local, a dead branch, a print or code after `return` is not the learner's work."""
    edited = trivial_edits(_starter())[name]
    assert edited != _starter()
    assert not INTERFACES.shows_effort("please finish it", (edited,), says_tried=False)


def test_real_change_to_the_starter_is_effort() -> None:
    """A lock the learner added around the cache's bookkeeping is a material change."""
    attempt = _starter().replace(
        "        if key in self._data:",
        "        with self._lock:\n            hit = key in self._data\n        if hit:",
        1,
    )
    ast.parse(attempt)
    assert INTERFACES.shows_effort("please finish it", (attempt,), says_tried=False)


async def test_unrelated_attached_code_does_not_unlock_a_task_solution() -> None:
    """Effort unlocks a task's solution only when the attached code is work on that task."""
    guard = IntegrityGuard(interfaces=INTERFACES, checker=CHECKER)
    draft = f"```python\n{CACHE_SOLUTION.strip()}\n```"
    junk = await guard.guard(
        draft, language="en", effort=True, learner_code=("x = 1\ny = 2\nprint(x + y)\n",)
    )
    assert junk.replaced == 1
    assert "set_result" not in junk.text
    attempt = _starter().replace(
        "        if key in self._data:",
        "        with self._lock:\n            hit = key in self._data\n        if hit:",
        1,
    )
    own = await guard.guard(draft, language="en", effort=True, learner_code=(attempt,))
    assert (own.replaced, own.allowed) == (0, 1)
