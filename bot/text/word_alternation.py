r"""One regex for a long list of cue words, filed by first character: same matches, less work.

The cue lexicons (ruled-out libraries, "I changed", measures, ...) compile to one alternation
of hundreds of words, each wrapped as `(?<!\w)word(?!\w)`. Python's regex engine tries every
branch at every position of the text, and a branch opening with a lookbehind is tried in full
(`constraints.excluded` spent ~1-5 ms on one short question, `measures.reports_change`
~0.5-0.8 ms: a few per cent of an LLM turn between them). Here the branches are grouped
under their first character, which is matched first, and the word-start condition is checked
after it as a two-character lookbehind (`c(?<!\wc)` holds exactly where `(?<!\w)c` does).
At a position only the words starting with that character can match, so grouping keeps
the leftmost match and, at one position, the first branch in the given order: `finditer`
gives the same matches as the flat alternation (a property test compares both).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

NEVER = r"(?!x)x"


def grouped(branches: Sequence[tuple[str, str, str]]) -> str:
    r"""The alternation of `branches`, in priority order, grouped by first character.

    Each branch is (word, before, after): `word` is matched literally; `before` is a character
    class that must not precede it (r"\w", r"[\w.]", or "" for none); `after` is a regex
    written after it (a lookahead, a stem's ending, or "").
    Equivalent to "|".join(f"(?<!{before}){re.escape(word)}{after}") with "" befores left out.
    """
    groups: dict[str, list[str]] = {}
    for word, before, after in branches:
        if not word:  # an empty word matches anywhere: no first character to file it under
            return "|".join(_flat(w, b, a) for w, b, a in branches) or NEVER
        first = re.escape(word[0])
        start = f"(?<!{before}{first})" if before else ""
        groups.setdefault(word[0], []).append(f"{start}{re.escape(word[1:])}{after}")
    return (
        "|".join(f"{re.escape(char)}(?:{'|'.join(rests)})" for char, rests in groups.items())
        or NEVER
    )


def _flat(word: str, before: str, after: str) -> str:
    return (f"(?<!{before})" if before else "") + re.escape(word) + after
