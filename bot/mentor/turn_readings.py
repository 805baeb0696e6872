"""Readings of a learner's numbers that are no before/after of a change.

A first run then the later runs ("120 s the first time, then 2.1 s") is a warm-up: the first
run pays a JIT's compilation or a cache filling once, the later runs are what the change
achieved (review9 R11); asked "why is the first run slower?" later, the same reading answers.
A lone time a profile places in one part ("Profiling shows 4.3 s in the template rendering")
is a share of the thread's total, not a new total (review9 R9). A time at two sizes is a
growth exponent; a time for a few items with many in production, a projection.
"""

from __future__ import annotations

import math
import re

from bot.mentor.facts import Quantity, QuestionFacts, ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.judgement import asks_first_run, warm_pair
from bot.mentor.quantities import measured
from bot.mentor.reasoning_verdicts import TIME_KINDS, kind_family, side
from bot.mentor.thread_subject import reports_measurement
from bot.mentor.value_format import format_seconds, format_value

_IN_PART = (
    r"[ \u00a0]{1,2}(?:in|inside|em|no|na|en|el|la|dans|le|im|in der|nel|nella|w|we|в|у|içinde)\s"
)


def warmup_line(
    facts: QuestionFacts, memory: ThreadMemory, text: str, language: str, catalog: Catalog
) -> str:
    """The warm-up read: this turn's first run and steady state, or the thread's when asked."""
    pair = warm_pair(facts.quantities)
    if pair is None and not facts.quantities and asks_first_run(text):
        pair = warm_pair(memory.evidence)  # "why is the first run slower?" a turn later
    if pair is None:
        return ""
    cold, warm = pair
    return catalog.message(
        language,
        "reasoning_warmup",
        cold=format_value(cold, warm),
        warm=format_value(warm, cold),
    )


def profiled_part(q: Quantity, whole: Quantity, text: str) -> bool:
    """A lone time a profile places in one part of the thread's total (less than it)."""
    if kind_family(q) != kind_family(whole) or not 0 < q.value < whole.value:
        return False
    if not reports_measurement(text):
        return False
    return re.search(re.escape(q.text) + _IN_PART, text, re.I) is not None


MIN_SCALE = 10.0
"""Two counts of one thing this far apart are 'now' and 'in production'."""


def extrapolation(facts: QuestionFacts, language: str, catalog: Catalog) -> str:
    """'0.5 s for 40 users, 50k users in prod': the same cost per item, projected."""
    times = [q for q in facts.quantities if q.kind in TIME_KINDS and measured(q) and not side(q)]
    if len(times) != 1:
        return ""
    counts: dict[str, list[Quantity]] = {}
    for q in facts.quantities:
        if q.kind in {"concurrency", "size"} and q.unit == "" and q.value > 0:
            counts.setdefault(q.text.split()[-1].lower(), []).append(q)
    for noun, items in counts.items():
        small = min(items, key=lambda q: q.value)
        large = max(items, key=lambda q: q.value)
        ratio = large.value / small.value
        if ratio < MIN_SCALE or noun[:1].isdigit():
            continue
        return catalog.message(
            language,
            "reasoning_extrapolate",
            time=format_value(times[0]),
            small=f"{small.value:,.0f}",
            large=f"{large.value:,.0f}",
            noun=noun,
            projected=format_seconds(times[0].value * ratio),
            ratio=f"{ratio:,.0f}",
        )
    return ""


SUPERLINEAR = 1.5
MIN_GROWTH_SCALE = 2.0
"""Two sizes at least this far apart give a growth exponent worth reading."""
"""A growth exponent from here on points at a nested loop or a repeated scan."""


def growth(facts: QuestionFacts, language: str, catalog: Catalog) -> str:
    """'1,000 rows 0.2 s, 10,000 rows 20 s': the time's growth exponent, and a third size to try.

    Two sizes of one thing and two times, in the order written: 10x the rows for 100x the
    time is n^2, a complexity to confirm at a third size before hunting the loop.
    """
    times = [q for q in facts.quantities if q.kind in TIME_KINDS and measured(q) and not side(q)]
    sizes = [q for q in facts.quantities if q.kind in {"size", "count"} and q.value > 0]
    if (
        len(times) != 2
        or len(sizes) != 2
        or sizes[0].text.split()[-1:] != sizes[1].text.split()[-1:]
    ):
        return ""
    (n1, n2), (t1, t2) = sizes, times
    if any(side(q) for q in (n1, n2)):  # "before 40 MiB, after 10 MiB": a change, not two inputs
        return ""
    scale = n2.value / n1.value
    if MIN_GROWTH_SCALE > scale > 1 / MIN_GROWTH_SCALE or t1.value <= 0 or t2.value <= 0:
        return ""
    exponent = math.log(t2.value / t1.value) / math.log(scale)
    key = "reasoning_growth_superlinear" if exponent >= SUPERLINEAR else "reasoning_growth"
    return catalog.message(
        language,
        key,
        sizes=f"{n1.text} → {n2.text}",
        times=f"{format_value(t1)} → {format_value(t2)}",
        scale=f"{scale:.0f}" if scale >= 1 else f"{scale:.2f}",
        ratio=f"{t2.value / t1.value:.0f}"
        if t2.value >= t1.value
        else f"{t2.value / t1.value:.2f}",
        exponent=f"{exponent:.1f}",
        third=f"2× {n2.text}",
        expected=format_seconds(t2.value * 2**exponent),
    )
