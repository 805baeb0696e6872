"""A solution split inside one draft, over sections or by filler code blocks, is one."""

from __future__ import annotations

import pytest

from bot.app import App
from tests.fakes.cache_drafts import (
    FILLER_SPLITS,
    FILLERS,
    guard_alone,
    shown,
    split_solution,
)

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
