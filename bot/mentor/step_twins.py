"""Two steps of one reply that say the same thing (from two units): the second is dropped.

Units overlap: "a PostgreSQL container per session" is a step of the testcontainers unit and of
the test-isolation unit, and an offline reply composed of both showed it twice, then
"rollback per test" twice (review9 R6). Steps are compared by their content words (retrieval
stems, numbers and short words left out): a step sharing most of its words with an earlier one
adds nothing.
"""

from __future__ import annotations

import functools

from bot.mentor.tokens import tokenize

TWIN_SHARE = 0.5
"""Share of the smaller step's words found in the other above which two steps are twins."""
MIN_WORDS = 4
"""A step with fewer content words is too short to judge (a command alone)."""
MIN_SHARED = 5
"""Shared words below this are a shared API name or two ("numba", "njit"), not one step."""
MAX_STEP = 1500
_LITERALS = frozenset({"true", "false", "none", "null"})
WORDS_CACHED = 2048
"""Steps whose words are remembered: the units' steps recur in every offline answer."""


@functools.lru_cache(maxsize=WORDS_CACHED)
def words(step: str, language: str) -> frozenset[str]:
    """A step's content words: stems of three letters or more, no bare numbers.

    Cached: the offline answer compares each candidate step with the earlier ones, so the same
    unit steps were tokenized several times a turn (~4% of an LLM turn's CPU with a thin draft).
    """
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
