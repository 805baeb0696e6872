"""Which of many regexes can match a text at all: by the literal text every match must contain.

A guard that searches hundreds of cue patterns (every language's) in each line paid one regex
call per pattern per line, ~0.5 ms a line. Most patterns cannot match a given line because a
literal they require is missing from it: `required_literals` reads a pattern's syntax tree for
strings one of which every match contains, and `PatternIndex` files each pattern under those
strings, so a line is searched only with the patterns one of whose literals it holds (a
substring test costs a small fraction of a regex call).
The answer is exact: a pattern left out cannot match, and a pattern with no usable literal
(too short, case-insensitive flags, a syntax this reader does not know) is always searched.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from re import _constants as sre  # type: ignore[attr-defined]  # CPython's own regex parser
from re import _parser as sre_parse  # type: ignore[attr-defined]  # (3.11+; sre_parse before)
from typing import Any

MIN_LITERAL = 2
"""Literals shorter than this prove nothing useful: their pattern is always searched."""
_FLAGS_WE_READ = re.UNICODE | re.VERBOSE | re.DOTALL | re.MULTILINE
"""Flags under which a LITERAL node matches exactly that character (IGNORECASE does not)."""


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` contains; None when none is known."""
    return _literals(pattern.pattern, pattern.flags)


@functools.lru_cache(maxsize=1 << 14)
def _literals(source: str, flags: int) -> frozenset[str] | None:
    """`required_literals` by the pattern's source and flags, read once per process.

    Reading ~600 cue patterns' syntax trees was most of building the output guards (~0.5 s of
    each forked bot's start in the fault tests, and of every test that builds the app); the
    answer depends only on the source and flags.
    """
    if flags & ~_FLAGS_WE_READ:
        return None
    try:
        tree = sre_parse.parse(source, flags)
        found = _needed(tree)
    except Exception:  # an unknown node or parser change: no proof, so always search it
        return None
    if found is None or min(map(len, found)) < MIN_LITERAL:
        return None
    return frozenset(found)


def _needed(sequence: Iterable[tuple[Any, Any]]) -> set[str] | None:
    """For a sequence of nodes: the best set of strings one of which every match contains."""
    options: list[set[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            options.append({"".join(run)})
            run.clear()

    for op, arg in sequence:
        if op is sre.LITERAL:
            run.append(chr(arg))
            continue
        close_run()  # any other node breaks the run of consecutive literal characters
        inner: set[str] | None = None
        if op is sre.SUBPATTERN:
            add_flags = arg[1]
            inner = None if add_flags & ~_FLAGS_WE_READ else _needed(arg[-1])
        elif op is sre.ATOMIC_GROUP:
            inner = _needed(arg)
        elif op is sre.BRANCH:
            branches = [_needed(branch) for branch in arg[1]]
            if branches and all(branches):
                inner = set().union(*(b for b in branches if b))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
            inner = _needed(arg[2])
        if inner:
            options.append(inner)
    close_run()
    if not options:
        return None
    return max(options, key=lambda strings: min(map(len, strings)))


PAIRS_FROM = 24
"""Literals from which an index first asks which of its literals' opening character pairs the
text holds (one set of a line's pairs, shared by every index): a guard's index of ~120
literals tested each with `in` cost more than the regexes it spared."""
PAIRS_UP_TO = 2000
"""Longer texts test each literal: building their pair set costs more than it spares."""
PAIRS_CACHED = 256
"""Texts whose character pairs are kept: every harm's index reads the same line."""


@functools.lru_cache(maxsize=PAIRS_CACHED)
def _pairs(text: str) -> frozenset[str]:
    """Every two consecutive characters of `text`."""
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


class PatternIndex:
    """Patterns filed by their required literals; `candidates` keeps their order."""

    __slots__ = ("_always", "_by_literal", "_by_pair", "_pair_keys", "patterns")

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = tuple(patterns)
        self._always: list[int] = []
        self._by_literal: dict[str, list[int]] = {}
        for index, pattern in enumerate(self.patterns):
            literals = required_literals(pattern)
            if literals is None:
                self._always.append(index)
                continue
            for literal in literals:
                self._by_literal.setdefault(literal, []).append(index)
        self._by_pair: dict[str, list[tuple[str, list[int]]]] | None = None
        """Each literal under its first two characters (a literal has at least MIN_LITERAL)."""
        if len(self._by_literal) >= PAIRS_FROM:
            self._by_pair = {}
            for literal, filed in self._by_literal.items():
                self._by_pair.setdefault(literal[:2], []).append((literal, filed))
        self._pair_keys = frozenset(self._by_pair or ())
        """A set to intersect with (`set.intersection(dict)` copied the dict's keys per text)."""

    def _filed(self, text: str) -> Iterator[tuple[str, list[int]]]:
        """(literal, its patterns) for the literals that may occur in `text`: a superset."""
        if self._by_pair is None or len(text) > PAIRS_UP_TO:
            yield from self._by_literal.items()
            return
        by_pair = self._by_pair
        for pair in _pairs(text) & self._pair_keys:
            yield from by_pair[pair]

    def search(self, text: str) -> bool:
        """True when any pattern occurs in `text` (`any(p.search(text) for p in patterns)`)."""
        patterns = self.patterns
        if any(patterns[i].search(text) for i in self._always):
            return True
        for literal, filed in self._filed(text):
            if literal in text and any(patterns[i].search(text) for i in filed):
                return True
        return False

    def candidate_indices(self, text: str) -> list[int]:
        """Indices of the patterns that may match `text`, ascending."""
        hits = set(self._always)
        for literal, filed in self._filed(text):
            if literal in text:
                hits.update(filed)
        return sorted(hits)

    def candidates(self, text: str) -> tuple[re.Pattern[str], ...]:
        """The patterns that may match `text` (all others cannot), in their original order."""
        hits = set(self._always)
        for literal, filed in self._filed(text):
            if literal in text:  # a C substring search: ~20x cheaper than a regex call
                hits.update(filed)
        return tuple(self.patterns[i] for i in sorted(hits))
