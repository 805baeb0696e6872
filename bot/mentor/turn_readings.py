"""Two readings of a follow-up's numbers that are no before/after of a change.

A first run then the later runs ("120 s the first time, then 2.1 s") is a warm-up: the first
run pays a JIT's compilation or a cache filling once, the later runs are what the change
achieved (review9 R11); asked "why is the first run slower?" later, the same reading answers.
A lone time a profile places in one part ("Profiling shows 4.3 s in the template rendering")
is a share of the thread's total, not a new total (review9 R9).
"""

from __future__ import annotations

import re

from bot.mentor.facts import Quantity, QuestionFacts, ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.judgement import asks_first_run, warm_pair
from bot.mentor.reasoning_verdicts import kind_family
from bot.mentor.thread_subject import reports_measurement
from bot.mentor.value_format import format_value

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
