"""One item's time is its own role: never the total's "before"; the floor concurrent items reach.

"My script fetches from 3 APIs and takes 9 s; each API answers in about 3 s", then "with
asyncio.gather: now 3.2 s. Is this the limit?" read the per-call 3 s as the before: "3 s → 3.2 s
is 7% worse: revert it" for a 2.8x win (review12 V18). A time said of each item is one item's
latency; the total's result is read against the total (9 s → 3.2 s), and a total close to one
item's time after the items were overlapped is the floor of that design: the slowest item bounds
it, so it drops only when that item gets faster or is no longer waited for. Cue words per
language: config/knowledge/lexicon/per_item.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.mentor.facts import Quantity, QuestionFacts, ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.lexicon import lexicon_file, phrases
from bot.mentor.quantity_labels import measured, side_of
from bot.mentor.value_format import format_value
from bot.settings import DEFAULT_CONFIG_DIR

EACH = "each"
"""Label word of one item's time ("each API ~3 s"): compared only with another item's time."""
EACH_REACH = 40
"""Characters before a time where its "each" may stand, within its own clause."""
FLOOR_LOW = 0.8
FLOOR_HIGH = 1.6
"""A total between these multiples of one item's time is that item's time plus overhead."""
MIN_ITEMS = 1.8
"""The earlier total was at least this many items' times: they ran one after another."""
MAX_TEXT = 4000
_STOP = re.compile(r"\d|[.;:!?。；：！？\n]")
TIME_KINDS = frozenset({"latency", "duration"})


@dataclass(frozen=True)
class Cues:
    """The per-item and limit words, loaded once."""

    each: re.Pattern[str]
    limit: re.Pattern[str]

    @classmethod
    def load(cls, config_dir: Path) -> Cues:
        """Read config_dir/knowledge/lexicon/per_item.toml."""
        data = lexicon_file(config_dir, "per_item")
        return cls(
            each=phrases(data.get("each", {}).get("cues", []), particles=True),
            limit=phrases(data.get("limit", {}).get("cues", []), particles=True),
        )


@lru_cache(maxsize=2)
def cues(config_dir: Path | None = None) -> Cues:
    """The cues of `config_dir` (the repository's config by default), cached."""
    return Cues.load(config_dir or DEFAULT_CONFIG_DIR)


def is_each(text: str, start: int) -> bool:
    """The time at `start` is said of each item ("każde API odpowiada w około 3 s")."""
    window = text[max(0, start - EACH_REACH) : start]
    cut = max((m.end() for m in _STOP.finditer(window)), default=0)
    return bool(cues().each.search(window[cut:].lower()))


def per_item(q: Quantity) -> bool:
    """The number is one item's time."""
    return EACH in q.label.split()


def asks_limit(text: str) -> bool:
    """The learner asks whether this is the floor ("is this the limit?", "czy to już limit?")."""
    return bool(cues().limit.search(text[:MAX_TEXT].lower()))


def pair_text(before: Quantity, after: Quantity) -> str:
    """'9 s → 3.2 s (2.8x)': a total before and after, as every language writes it."""
    low, high = sorted((before.value, after.value))
    ratio = f"{high / low:.1f}x" if low > 0 else "∞"
    return f"{format_value(before, after)} → {format_value(after, before)} ({ratio})"


def _is_time(q: Quantity) -> bool:
    return q.kind in TIME_KINDS and measured(q)


def floor_line(
    facts: QuestionFacts, memory: ThreadMemory, text: str, language: str, catalog: Catalog
) -> str:
    """The total now close to one item's time, after the items ran one after another before.

    Answered "yes" first when the learner asks whether it is the limit: the measurement
    decides it (the total is one item's time plus overhead).
    """
    seen = (*memory.evidence, *facts.quantities)
    items = [q for q in seen if _is_time(q) and per_item(q)]
    results = [
        q
        for q in facts.quantities
        if _is_time(q) and not per_item(q) and side_of(q.label) != "before"
    ]
    if not items or not results:
        return ""
    item, after = items[-1], results[-1]
    totals = [
        q
        for q in seen
        if _is_time(q)
        and not per_item(q)
        and q is not after
        and q.unit == item.unit
        and q.value >= MIN_ITEMS * item.value
    ]
    if not totals or not FLOOR_LOW * item.value <= after.value <= FLOOR_HIGH * item.value:
        return ""
    before = totals[-1]
    extra = Quantity(after.kind, max(after.value - item.value, 0.0), after.unit, "", "")
    line = catalog.message(
        language,
        "reasoning_concurrent_floor",
        after=format_value(after, item),
        item=format_value(item, after),
        before=format_value(before, item),
        calls=f"{before.value / item.value:.0f}",
        extra=format_value(extra, item),
    )
    # the total against the total, said here whatever else reads the turn (9 s → 3.2 s)
    line = f"{pair_text(before, after)}: {line}"
    if asks_limit(text):
        line = catalog.message(language, "reasoning_answer_yes", reason=line)
    return line
