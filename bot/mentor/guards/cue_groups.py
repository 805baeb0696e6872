"""Which groups of cue patterns match a line, with one literal pass for every group.

The prose rule asks of each new line which harms' cues it holds: ten groups (a harm's step
cues, or the cues a line commits alone), each a `PatternIndex` of its own. Each index took the
line's character pairs, walked its literals and searched its candidates, so a line paid ten
walks, the same literal tested once per group holding it: ~0.4-0.7 ms of the event loop per
new line, the stream gate's largest cost (docs/scaling.md, sixth pass). Here all groups'
patterns are filed together: a line's pairs are intersected once, each literal is tested once,
and a group is searched only with its candidates, until one matches.
The answer is exact (`bot/text/prefilter.py`'s proof): a pattern whose required literals are
all missing cannot match, and a pattern without a usable literal is always searched.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from bot.text.prefilter import MIN_LITERAL, PAIRS_UP_TO, required_literals


@functools.lru_cache(maxsize=64)
def _pairs(text: str) -> frozenset[str]:
    """Every two consecutive characters of `text` (a line and its unbulleted self often agree)."""
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


class CueGroups:
    """Named groups of patterns; `matching(text)` says which groups match `text`."""

    __slots__ = ("_always", "_by_pair", "_group", "_names", "_pair_keys", "_patterns")

    def __init__(self, groups: Mapping[str, Sequence[re.Pattern[str]]]) -> None:
        self._names = tuple(groups)
        self._patterns: list[re.Pattern[str]] = []
        self._group: list[int] = []
        for number, name in enumerate(self._names):
            for pattern in groups[name]:
                self._patterns.append(pattern)
                self._group.append(number)
        self._always: list[int] = []
        by_literal: dict[str, list[int]] = {}
        for index, pattern in enumerate(self._patterns):
            literals = required_literals(pattern)
            if literals is None:
                self._always.append(index)
                continue
            for literal in literals:
                by_literal.setdefault(literal, []).append(index)
        self._by_pair: dict[str, list[tuple[str, list[int]]]] = {}
        """Each literal under its first two characters (every literal has MIN_LITERAL)."""
        for literal, filed in by_literal.items():
            assert len(literal) >= MIN_LITERAL
            self._by_pair.setdefault(literal[:2], []).append((literal, filed))
        self._pair_keys = frozenset(self._by_pair)
        """A set to intersect with (`set & dict` would copy the dict's keys at every line)."""

    def matching(self, text: str) -> frozenset[str]:
        """The names of the groups one of whose patterns occurs in `text`."""
        hits = set(self._always)
        by_pair = self._by_pair
        if len(text) > PAIRS_UP_TO:  # a pair set costs more than it spares: test each literal
            for filed_literals in by_pair.values():
                for literal, filed in filed_literals:
                    if literal in text:
                        hits.update(filed)
        else:
            pairs = _pairs(text)
            for pair in pairs & self._pair_keys:
                for literal, filed in by_pair[pair]:
                    if literal in text:
                        hits.update(filed)
        found: set[int] = set()
        patterns, group = self._patterns, self._group
        for index in sorted(hits):
            number = group[index]
            if number not in found and patterns[index].search(text):
                found.add(number)
        return frozenset(self._names[n] for n in sorted(found))
