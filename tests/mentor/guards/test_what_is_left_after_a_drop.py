"""review13 W16, W22, W25: what is left of a draft after a guard removes part of it is coherent.

A step that only served dropped attack code (publish it disguised, mail it to a colleague, run
it on their machine, paste its output) goes with it while the defensive steps stay; steps
pointing at a withheld solution ("paste the class below", "submit it", an introduction over
nothing) go; every shown list counts 1..n; a context "question" asking nothing is refilled;
one step told in three wordings is one step. New wordings, several languages.
"""

from __future__ import annotations

import re

import pytest

from bot.app import App
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.models import Sections
from tests.fakes.fourteenth_round_drafts import AFTER_DROP, HOLLOW, POINTERS, DraftCase

_ITEM = re.compile(r"^\s*(\d{1,2})[.)]\s", re.M)


def _counts_from_one(text: str) -> bool:
    numbers = [int(n) for n in _ITEM.findall(text)]
    expected = 1
    for number in numbers:
        if number not in (expected, 1):
            return False
        expected = number + 1
    return True


async def _shown(app: App, case: DraftCase, *, strict: bool = False) -> tuple[str, Sections]:
    draft = Sections(*case.bodies)

    async def offline() -> Sections:  # this question's offline answer (its own steps)
        return Sections(
            case.bodies[6],  # a question of this language asking for a number
            case.bodies[1],
            "1. Time the slow part with `timeit` before any change.\n"
            "2. Profile one run with `cProfile` and sort by cumulative time.\n"
            "3. Change one thing, then time it again with the same input.",
            "",
            *case.bodies[4:],
        )

    turn = DraftTurn(
        language=case.language,
        wants_scaffold=False,
        strict=strict,
        effort=False,
        question=case.question,
    )
    guarded = await app.mentor.guards.apply(draft, turn, offline)
    return "\n".join(guarded.sections.to_dict().values()), guarded.sections


@pytest.mark.parametrize("name", sorted(AFTER_DROP))
async def test_a_step_serving_dropped_attack_code_goes_and_the_defence_stays(
    app: App, name: str
) -> None:
    case = AFTER_DROP[name]
    text, sections = await _shown(app, case)
    for gone in case.gone:
        assert gone not in text, f"{name}: the step serving the dropped code is shown"
    for kept in case.kept:
        assert kept in text, f"{name}: the defensive step was removed"
    assert "```" not in sections.steps
    assert _counts_from_one(sections.steps), sections.steps


@pytest.mark.parametrize("name", sorted(POINTERS))
async def test_no_step_points_at_a_withheld_solution(app: App, name: str) -> None:
    case = POINTERS[name]
    text, sections = await _shown(app, case, strict=True)
    assert "set_exception" not in sections.steps  # the solution was withheld
    for gone in case.gone:
        assert gone not in text, f"{name}: a step still points at the withheld code"
    for kept in case.kept:
        assert kept in text
    assert _counts_from_one(sections.steps), sections.steps


@pytest.mark.parametrize("name", sorted(n for n in HOLLOW if HOLLOW[n].kept == ()))
async def test_a_context_question_asking_nothing_is_refilled(app: App, name: str) -> None:
    case = HOLLOW[name]
    text, sections = await _shown(app, case)
    assert case.gone[0] not in text
    assert sections.context.strip(), "the context section is refilled, not emptied"


@pytest.mark.parametrize("name", sorted(n for n in HOLLOW if HOLLOW[n].kept))
async def test_one_step_in_three_wordings_is_one_step(app: App, name: str) -> None:
    case = HOLLOW[name]
    text, sections = await _shown(app, case)
    for gone in case.gone:
        assert gone not in text, f"{name}: a paraphrase of step 1 is shown"
    first = case.bodies[2].split("\n")[0].split(". ", 1)[1]
    assert first in sections.steps
    assert case.kept[0] in sections.steps
    steps = _ITEM.findall(sections.steps)
    assert 3 <= len(steps) <= 6, sections.steps  # topped up from this question's answer
    assert _counts_from_one(sections.steps), sections.steps


def test_a_list_with_a_gap_and_a_repeat_counts_one_to_n() -> None:
    """1, (empty), 3, 4, 4 -> 1, 2, 3, 4; a concept paragraph between items keeps the count."""
    from bot.mentor.guards.step_numbers import count_steps  # noqa: PLC0415

    text = "1. Explain it.\n2.\n3. Measure it.\n4. Count reports.\n4. Review the policy."
    assert _ITEM.findall(count_steps(text)) == ["1", "2", "3", "4"]
    with_note = "2. Check the loop lag.\n\nA blocking call stops the loop.\n\n3. Record a baseline."
    assert _ITEM.findall(count_steps(with_note)) == ["1", "2"]
    code = "1. Run:\n\n```python\n1. not a step\n```\n\n3. Compare."
    assert "1. not a step" in count_steps(code)
    assert _ITEM.findall(count_steps(code).replace("1. not a step", "")) == ["1", "2"]
