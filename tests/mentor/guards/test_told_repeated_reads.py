"""The told-solution guard gives the same verdict however often a thread's replies are read."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.course.content import Course
from bot.mentor.guards.told_solution import ToldSolutions
from bot.mentor.guards.told_units import _SCRIPT_EDGE, spaced
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.told_solutions import TOLD_SPLIT

PIECES = st.sampled_from(["pending", "にする", "锁", "키", "a_1", ")", "`", " ", "é", "→", "x"])
TEXTS = st.lists(PIECES, max_size=8).map("".join)


@pytest.fixture(scope="module")
def told() -> ToldSolutions:
    course = Course.load(DEFAULT_CONFIG_DIR)
    return ToldSolutions.load(
        DEFAULT_CONFIG_DIR, [t.id for t in course.tasks if t.kind == "checked"]
    )


@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
def test_spaced_text_matches_the_edge_search_with_or_without_cjk(text: str) -> None:
    """A space goes exactly where Latin meets CJK; text without CJK comes back unchanged."""
    assert spaced(text) == _SCRIPT_EDGE.sub(" ", text)


def test_steps_finished_over_turns_are_found_each_time_the_thread_is_read(
    told: ToldSolutions,
) -> None:
    """Steps 1-2 last turn and 3-4 now tell the solution on every read, not just the first."""
    earlier, now = TOLD_SPLIT
    for _ in range(3):
        assert told.tasks({"draft": now}, "en", (earlier,)) == {"thread-safe-cache"}


def test_another_threads_replies_do_not_carry_over(told: ToldSolutions) -> None:
    """Read after a thread that began the solution, a thread that did not tells nothing."""
    earlier, now = TOLD_SPLIT
    assert told.tasks({"draft": now}, "en", (earlier,)) == {"thread-safe-cache"}
    assert told.tasks({"draft": now}, "en", ("Measure the hit rate first.",)) == frozenset()
    assert told.tasks({"draft": now}, "en", (earlier,)) == {"thread-safe-cache"}
