"""Numbers by role: what a number is in the learner's account, so only like is compared."""

from __future__ import annotations

import re

from bot.mentor.facts import Quantity, QuestionFacts, ThreadMemory
from bot.mentor.growth_by_age import growth_line
from bot.mentor.i18n import Catalog
from bot.mentor.part_rest import rest_line
from bot.mentor.per_item import EACH, floor_line
from bot.mentor.reasoning_verdicts import side

ROLES = (
    "baseline",
    "result",
    "target",
    "size",
    "held",
    "rate",
    "expected",
    "per_item",
    "measured",
)
"""What a number is in the learner's account: measured before a change (baseline), after it
(result), a goal or budget (target), how big the data is (size), held constant while measuring
(held: the load, the hardware, a value the learner configures such as a TTL), a rate (per
second, per hour), what they expected, one item's time ("each API ~3 s": per_item, compared
only with another item's time), or a measurement with no side yet."""


def role(q: Quantity) -> str:
    """The number's role (one of ROLES): only a baseline and a result are ever compared."""
    words = set(q.label.split())
    if "goal" in words:
        return "target"
    if "control" in words or "setting" in words or ("load" in words and not side(q)):
        return "held"
    if "expected" in words:
        return "expected"
    if EACH in words:
        return "per_item"
    if q.kind in ("size", "count"):
        return "size"
    taken = side(q)
    if taken:
        return "baseline" if taken == "before" else "result"
    if q.kind == "concurrency":
        return "held"
    if q.unit in ("/s", "B/s"):
        return "rate"
    return "measured"


_PAIR = re.compile(r"(\S+ \S+ → \S+ \S+) \(\d")
"""'9 s → 3.2 s (2.8x': a pair as a line writes it."""


def lead_with_roles(  # noqa: PLR0917  # the turn's notes, the turn, its thread, how to say it
    notes: list[str],
    facts: QuestionFacts,
    memory: ThreadMemory,
    text: str,
    language: str,
    catalog: Catalog,
) -> list[str]:
    """The notes led by what the numbers' roles decide (review12 V18).

    A part that shrank while the total did not (where the rest went), a total now close to one
    item's time (the floor of running the items at once), readings at different ages per day:
    each is the answer the learner asked for, so it comes first; a line comparing the same
    totals again is dropped.
    """
    lines = [
        line
        for read in (rest_line, floor_line)
        if (line := read(facts, memory, text, language, catalog))
    ]
    grown = growth_line(facts, memory, language, catalog)
    lines.extend([grown] if grown else [])
    said = {m.group(1) for line in lines for m in _PAIR.finditer(line)}
    return [*lines, *(n for n in notes if not any(pair in n for pair in said))]
