"""A solution split inside a draft or a thread, over sections or by filler code, is one."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest
from tests.fakes.cache_drafts import (
    FILLER_SPLITS,
    FILLERS,
    filler_block,
    guard_alone,
    shown,
    split_solution,
)
from tests.fakes.hostile_llm import THREAD_CASES, thread_drafts
from tests.fakes.openai_server import FakeOpenAI
from tests.fakes.openai_server import reply as llm_reply

SPLITS = {
    **{f"filler_{where}": (FILLERS, same) for where, same in FILLER_SPLITS.items()},
    "next_section": (0, False),
}
"""Class and missing method apart: (filler blocks between them, method in the same section)."""


@pytest.mark.parametrize("split", sorted(SPLITS))
async def test_solution_split_inside_one_draft_is_replaced(app: App, split: str) -> None:
    """A class, then its missing method after 14 one-line blocks or in the next section: withheld."""
    fillers, same_section = SPLITS[split]
    draft = split_solution(fillers, same_section=same_section, after="Measure loader calls again.")
    guarded = await guard_alone(app.mentor.guards, draft)
    assert "future.set_result(value)" not in shown(guarded)


async def test_solution_halves_apart_by_replies_of_filler_code_are_one(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """Half the functions, 3 replies with 15 one-line blocks, then the rest: withheld."""
    case = THREAD_CASES["split_functions"]
    headings = list(catalog.headings("en").values())
    first, last = thread_drafts("split_functions", headings, "en")
    filler = first.split("```python")[0]
    blocks = ["\n\n".join(filler_block(5 * r + n) for n in range(5)) for r in range(3)]
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
