"""Integrity against a second hostile round: subclasses of a made-up base, answers as values."""

from __future__ import annotations

import pytest

from bot.mentor.guards.integrity import IntegrityGuard
from tests.fakes.redteam_texts import DRESSED_MARKERS as MARKERS
from tests.fakes.redteam_texts import DRESSED_SOLUTIONS as SOLUTIONS
from tests.mentor.guards.test_disguised_solutions import CHECKER, INTERFACES

F = "```"


@pytest.mark.parametrize("name", sorted(SOLUTIONS))
async def test_dressed_solution_is_replaced_by_the_scaffold(name: str) -> None:
    """A base imported from a module that does not exist is the starter; an answer list is an
    answer: the checker runs with the starter standing in, and a passing block goes."""
    assert MARKERS[name] in SOLUTIONS[name]
    guard = IntegrityGuard(interfaces=INTERFACES, checker=CHECKER)
    result = await guard.guard(SOLUTIONS[name], language="en", effort=False)
    assert result.replaced == 1, name
    assert MARKERS[name] not in result.text


async def test_starter_quoted_back_costs_no_run() -> None:
    """The profiling starter with its empty answer list is nothing new: no sandbox run."""
    starter = next(s.task.starter for s in INTERFACES.shapes if s.task.id == "profile-request")
    guard = IntegrityGuard(interfaces=INTERFACES, checker=CHECKER)
    result = await guard.guard(F + "python\n" + starter + F, language="en", effort=False)
    assert (result.replaced, result.runs) == (0, 0)
