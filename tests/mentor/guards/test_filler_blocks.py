"""Filler code blocks between the halves of a solution do not hide its first half."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest, Sections
from tests.fakes.hostile_llm import THREAD_CASES, thread_drafts
from tests.fakes.openai_server import FakeOpenAI
from tests.fakes.openai_server import reply as llm_reply

FILLERS = 14
"""More filler blocks than the thread's shown-code window held before (12)."""


def _filler(n: int) -> str:
    return f"Check {n}:\n\n```python\nprint(len(cache), {n})\n```"


@pytest.mark.parametrize("where", ["same_section", "next_section"])
async def test_solution_halves_apart_by_filler_blocks_are_replaced(app: App, where: str) -> None:
    """The class, 14 one-line blocks, then its missing method: still one solution, withheld."""
    case = THREAD_CASES["fix_one_line"]
    method = case.turns[1].replace("self.capacity + 1:", "self.capacity:")
    fillers = "\n\n".join(_filler(n) for n in range(FILLERS))
    first = "Start from this class:\n\n```python\n" + case.turns[0].strip() + "\n```"
    last = "Then add this method:\n\n```python\n" + method + "\n```"
    steps = f"{first}\n\n{fillers}" + (f"\n\n{last}" if where == "same_section" else "")
    draft = Sections(
        context="How many threads miss the same key at once?",
        hypotheses="One load per key should cut loader calls from 8 to 1 under 8 threads.",
        steps=steps,
        scaffold="",
        topics="- concurrency",
        next_steps=last if where == "next_section" else "Measure loader calls again.",
        reflection="How many loader calls did you measure before and after?",
    )

    async def offline() -> Sections:
        return draft

    turn = DraftTurn(language="en", wants_scaffold=False, strict=False, effort=False)
    guarded = await app.mentor.guards.apply(draft, turn, offline)
    shown = "\n".join(guarded.sections.to_dict().values())
    assert "future.set_result(value)" not in shown


async def test_solution_halves_apart_by_replies_of_filler_code_are_one(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """Half the functions, 3 replies with 15 one-line blocks, then the rest: withheld."""
    case = THREAD_CASES["split_functions"]
    headings = list(catalog.headings("en").values())
    first, last = thread_drafts("split_functions", headings, "en")
    filler = first.split("```python")[0]
    blocks = ["\n\n".join(_filler(5 * r + n) for n in range(5)) for r in range(3)]
    drafts = [first, *[filler + "\n\n" + b + "\n" for b in blocks], last]
    texts = []
    for i, draft in enumerate(drafts):
        fake_openai.reset(default=llm_reply(draft))
        result = await llm_app.mentor.handle(
            MentorRequest(platform="console", user="u1", text=f"And then? ({i})", thread="t-fill")
        )
        texts.append("\n".join(result.sections.to_dict().values()))
    task = llm_app.practice.course.task(case.task)
    assert task is not None
    assert not case.leaked([texts[0], texts[-1]], task.starter, task.scaffold)
