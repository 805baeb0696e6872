"""review8 F43: a solution replaced by the integrity guard leaves its scaffold in section 4
(not in the steps under "No scaffold this time"), and a learner who sent the unchanged
starter with a failing test is told why that evidence does not unlock more."""

from __future__ import annotations

from bot.app import App
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.models import Sections
from tests.fakes.solutions import CACHE_SOLUTION

STEPS = f"1. Count loader calls per key.\n\nHere is the corrected class:\n\n```python\n{CACHE_SOLUTION.strip()}\n```"


def _draft() -> Sections:
    return Sections(
        context="How many loader calls per key do 16 threads make?",
        hypotheses="One load per key should cut loader calls from 16 to 1 (`perf_counter`).",
        steps=STEPS,
        scaffold="",
        topics="- concurrency",
        next_steps="https://docs.python.org/3/library/threading.html",
        reflection="How many loader calls did you measure before and after?",
    )


async def _guard(app: App, learner_code: tuple[str, ...]) -> tuple[Sections, tuple[str, ...]]:
    draft = _draft()

    async def offline() -> Sections:  # the offline answer tops up the thinned steps
        return Sections(**{**draft.to_dict(), "steps": "1. Time 16 threads.\n2. Count loads."})

    turn = DraftTurn(
        language="en",
        wants_scaffold=False,
        strict=False,
        effort=False,
        learner_code=learner_code,
    )
    guarded = await app.mentor.guards.apply(draft, turn, offline)
    return guarded.sections, guarded.notices


async def test_the_tasks_scaffold_lands_in_section_4_not_in_the_steps(app: App) -> None:
    sections, notices = await _guard(app, ())
    assert "set_exception" not in "\n".join(sections.to_dict().values())
    assert "class SingleFlightLRU" in sections.scaffold
    assert "class SingleFlightLRU" not in sections.steps
    assert app.catalog.message("en", "guardsout_turnkey_replaced") in notices


async def test_the_unchanged_starter_is_told_why_its_evidence_unlocks_nothing(app: App) -> None:
    task = app.practice.course.task("thread-safe-cache")
    assert task is not None
    _, notices = await _guard(app, (task.starter,))
    assert app.catalog.message("en", "guardsout_turnkey_replaced_starter") in notices
