"""Two steps of one reply that say the same thing (from two units): the second is dropped.

Units overlap: "a PostgreSQL container per session" is a step of the testcontainers unit and of
the test-isolation unit, and an offline reply composed of both showed it twice, then
"rollback per test" twice (review9 R6). Steps are compared by their content words (retrieval
stems, numbers and short words left out): a step sharing most of its words with an earlier one
adds nothing.
"""

from __future__ import annotations

from bot.mentor.tokens import tokenize

TWIN_SHARE = 0.5
"""Share of the smaller step's words found in the other above which two steps are twins."""
MIN_WORDS = 4
"""A step with fewer content words is too short to judge (a command alone)."""
MIN_SHARED = 5
"""Shared words below this are a shared API name or two ("numba", "njit"), not one step."""
MAX_STEP = 1500
_LITERALS = frozenset({"true", "false", "none", "null"})


def words(step: str, language: str) -> frozenset[str]:
    """A step's content words: stems of three letters or more, no bare numbers."""
    return frozenset(
        t
        for t in tokenize(step[:MAX_STEP], language)
        if len(t) >= 3 and not t.isdigit() and t not in _LITERALS
    )


def is_twin(step: str, language: str, earlier: list[frozenset[str]]) -> bool:
    """The step shares most of its content words with a step already in the reply."""
    mine = words(step, language)
    if len(mine) < MIN_WORDS:
        return False
    return any(
        len(mine & other) >= max(MIN_SHARED, TWIN_SHARE * min(len(mine), len(other)))
        for other in earlier
        if len(other) >= MIN_WORDS
    )
