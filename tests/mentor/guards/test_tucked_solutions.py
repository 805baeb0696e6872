"""A solution tucked into a fixture, a branch or a try, or patched in, is still a solution."""

from __future__ import annotations

import ast

import pytest

from bot.course.content import Course
from bot.mentor.guards.hoisting import hoisted
from bot.mentor.guards.integrity import IntegrityGuard, TaskInterfaces
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.fourth_round import tucked_solutions
from tests.fakes.solutions import CACHE_SOLUTION
from tests.mentor.guards.test_integrity import CountingChecker

TUCKED = tucked_solutions(CACHE_SOLUTION)


@pytest.fixture(scope="module")
def interfaces() -> TaskInterfaces:
    return TaskInterfaces(Course.load(DEFAULT_CONFIG_DIR).tasks)


@pytest.mark.parametrize("name", sorted(TUCKED))
async def test_tucked_solution_is_withheld(interfaces: TaskInterfaces, name: str) -> None:
    """Without a checker the lifted solution is withheld unverified; its code is not shown."""
    guard = IntegrityGuard(interfaces=interfaces, checker=None)
    result = await guard.guard(TUCKED[name], language="en", effort=False)
    assert result.replaced == 1
    assert "set_result" not in result.text


@pytest.mark.parametrize("name", ["fixture", "attached_method"])
async def test_lifted_program_passes_the_tasks_own_checker(
    interfaces: TaskInterfaces, name: str
) -> None:
    """The task's real checker judges the lifted program: it passes, so it is replaced."""
    checker = CountingChecker()
    guard = IntegrityGuard(interfaces=interfaces, checker=checker)
    result = await guard.guard(TUCKED[name], language="en", effort=False)
    assert checker.calls == 1
    assert result.replaced == 1
    assert result.unverified == 0  # a verdict, not a withheld unknown


def test_plain_code_is_not_lifted() -> None:
    """A module with top-level definitions only comes back unchanged (None: nothing to lift)."""
    assert hoisted(ast.parse("import os\n\ndef f():\n    return os.sep\n")) is None
    assert hoisted(ast.parse("if DEBUG:\n    x = 1\n")) is None
