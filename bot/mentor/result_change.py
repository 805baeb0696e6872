"""A change that also changed the output: faster, but 12 rows fewer, another sum, the order lost.

A speed-up is only a win when the program still computes the same thing. "apply -> agg: now
4.5 s, but the result has 12 fewer rows" was praised as "confirms the hypothesis, keep what you
changed" (review11 U26): the verdict came from the timing pair alone. A noun naming the output
(rows, a sum, the order, the result) and a word saying it differs, in one clause and close
together, make the reading; what kind of output differs says what could have changed it (a
join or a groupby dropping NaN keys for rows, float summation order for a sum, a set for the
order). Words per language are data: config/knowledge/lexicon/result_change.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.mentor.facts import Quantity, ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.lexicon import lexicon_file, phrases
from bot.mentor.measures import reports_change
from bot.mentor.reasoning_verdicts import percentile
from bot.mentor.value_format import format_value
from bot.settings import DEFAULT_CONFIG_DIR

ROWS, VALUES, ORDER, TESTS, RESULT = "rows", "values", "order", "tests", "result"
KINDS = (ROWS, VALUES, ORDER, TESTS, RESULT)
"""What differs, the most telling first: a count says more about the cause than "the result"."""
BEFORE_REACH = 24
"""Characters before the noun where "fewer" / "a different" stands."""
AFTER_REACH = 40
"""Characters after the noun where "differs" / "in meno" / "減った" stands."""
MAX_TEXT = 4000
_CLAUSE_END = re.compile(r"[.;!?\n。；！？](?:\s|$)|[\n。；！？]")


@dataclass(frozen=True)
class Cues:
    """The output nouns and the words saying they differ, loaded once."""

    nouns: tuple[tuple[str, re.Pattern[str]], ...]
    count: re.Pattern[str]
    other: re.Pattern[str]
    after: re.Pattern[str]
    failing: re.Pattern[str]
    """Tests that fail since the change ("3 tests fail randomly"): a changed result too."""
    ignored: re.Pattern[str]

    @classmethod
    def load(cls, config_dir: Path) -> Cues:
        """Read config_dir/knowledge/lexicon/result_change.toml."""
        data = lexicon_file(config_dir, "result_change")
        nouns = data.get("nouns", {})
        differs = data.get("differs", {})
        return cls(
            nouns=tuple((kind, phrases(nouns.get(kind, []), particles=True)) for kind in KINDS),
            count=phrases(differs.get("count", []), particles=True),
            other=phrases(differs.get("other", []), particles=True),
            after=phrases(differs.get("after", []), particles=True),
            failing=phrases(differs.get("failing", []), stem=True),
            ignored=phrases(data.get("not", {}).get("phrases", []), particles=True),
        )


@lru_cache(maxsize=2)
def cues(config_dir: Path | None = None) -> Cues:
    """The cues of `config_dir` (the repository's config by default), cached."""
    return Cues.load(config_dir or DEFAULT_CONFIG_DIR)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the clause holding text[start:end] (no sentence end crossed)."""
    ends = [m.end() for m in _CLAUSE_END.finditer(text, 0, start)]
    after = _CLAUSE_END.search(text, end)
    return (ends[-1] if ends else 0), (after.start() if after else len(text))


def changed_output(text: str) -> str:
    """What of the output the message says differs ('rows', 'values', 'order', 'result'), or ''."""
    words = cues()
    lower = words.ignored.sub(lambda m: " " * len(m.group(0)), text[:MAX_TEXT].lower())
    for kind, nouns in words.nouns:
        before_words = (
            [words.count]
            if kind == ROWS
            else [words.other]
            if kind == VALUES
            else [words.failing]
            if kind == TESTS
            else [words.other, words.count]
        )
        for noun in nouns.finditer(lower):
            low, high = _clause(lower, noun.start(), noun.end())
            ahead = lower[max(low, noun.start() - BEFORE_REACH) : noun.start()]
            behind = lower[noun.end() : min(high, noun.end() + AFTER_REACH)]
            after = words.failing if kind == TESTS else words.after
            if any(w.search(ahead) for w in before_words) or after.search(behind):
                return kind
    return ""


def reads_changed_output(text: str, memory: ThreadMemory, reported_pair: bool) -> str:
    """What of the output differs, when the message reports a change or a result to compare.

    "16 different keys" in a first question is an input; "12 fewer rows" after "I replaced apply
    with agg" or against the thread's earlier numbers is an output that moved.
    """
    if not (reported_pair or memory.evidence or memory.turns or reports_change(text)):
        return ""
    return changed_output(text)


def output_line(kind: str, language: str, catalog: Catalog) -> str:
    """What could have changed this kind of output, and the check to run before timing again."""
    return catalog.message(language, f"measured_output_{kind}")


def faster_but_changed(
    before: Quantity, after: Quantity, kind: str, language: str, catalog: Catalog
) -> str:
    """'48 s → 4.5 s (10.7x faster), but the output changed: not yet a win' and its causes."""
    label = percentile(after) or percentile(before)
    low, high = sorted((before.value, after.value))
    head = catalog.message(
        language,
        "measured_output_faster",
        label=f"{label} " if label else "",
        before=format_value(before, after),
        after=format_value(after, before),
        ratio=f"{high / low:.1f}" if low > 0 else "∞",
    )
    return f"{head} {output_line(kind, language, catalog)}"
