"""A line the course itself showed (a hint rung) is never counted as part of a told solution."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.mentor.guards.told_solution import ToldSolutions

PIECES = st.sampled_from(["loop", "sum", "\x00", "a", " ", "i += 1", "return total", "é"])
TEXTS = st.lists(PIECES, max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(rungs=st.lists(TEXTS, max_size=5), text=TEXTS)
def test_a_text_is_in_the_course_exactly_when_one_rung_holds_it(
    rungs: list[str], text: str
) -> None:
    """Found in the rungs searched together iff one rung holds it (never across two rungs)."""
    told = ToldSolutions((), course_texts=rungs)
    assert told._in_course(text) == any(text in rung.lower() for rung in rungs)
