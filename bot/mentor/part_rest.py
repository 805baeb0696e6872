"""A part that shrank against its total: where the rest went, by arithmetic.

"The endpoint takes 1.8 s; 80 % of the time is a PostgreSQL query", then "the index brought the
query to 90 ms, but the endpoint is still at 1.1 s: where did the rest go?" was answered "1.8 s
→ 1.1 s is 1.6x faster: the hypothesis is confirmed" (review12 V18). The part and the total are
two roles: the query was about 1.44 s of the 1.8 s, so everything else was 0.36 s; now it is
1.1 s − 90 ms ≈ 1.01 s. The rest grew (or the share was measured on another request), and
the next measurement is the request timed in parts again. When the rest did not move ("800 ms,
of which 600 ms rendering", then "rendering 90 ms, endpoint 290 ms"), the whole gain is the
part's and what is left to win is outside it.
"""

from __future__ import annotations

import re

from bot.mentor.facts import Quantity, QuestionFacts, ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.judgement import PART, WHOLE
from bot.mentor.measures import head
from bot.mentor.per_item import per_item
from bot.mentor.quantity_labels import measured, side_of
from bot.mentor.value_format import format_value

TIME_KINDS = frozenset({"latency", "duration"})
NEAR = 3
"""A share and its total stand this close in the thread's evidence (one message)."""
GREW = 1.25
"""The rest outside the part grew when it is now this many times what it was."""
STEM = 5
"""Names meet on their first letters ("template rendering" and "rende")."""
MIN_SHARE = 5.0
MAX_SHARE = 100.0


def _time(q: Quantity) -> bool:
    return q.kind in TIME_KINDS and measured(q) and not per_item(q)


def _share(memory: ThreadMemory) -> tuple[float, Quantity, Quantity] | None:
    """The thread's latest share of a named part, its percent and the total it is of.

    "80 % of the time is a query" (a percent beside a total), or "800 ms, of which 600 ms
    Jinja2 rendering" (a part and its whole, read by bot/mentor/judgement.py).
    """
    items = memory.evidence
    for at in range(len(items) - 1, -1, -1):
        q = items[at]
        near = [
            items[j]
            for j in range(max(0, at - NEAR), min(len(items), at + NEAR + 1))
            if j != at and items[j].kind in TIME_KINDS and not per_item(items[j])
        ]
        if q.of and PART in q.label.split():
            wholes = [t for t in near if WHOLE in t.label.split() and t.value > q.value]
            if wholes:
                return q.value / wholes[0].value * 100, q, wholes[0]
        if q.unit != "%" or not q.of or not MIN_SHARE <= q.value < MAX_SHARE:
            continue
        totals = [t for t in near if _time(t)]
        if totals:
            return q.value, q, min(totals, key=lambda t: abs(items.index(t) - at))
    return None


def _word(stem: str, text: str) -> str:
    """The learner's own word for a part ('consulta' for the stem 'consu')."""
    found = re.search(re.escape(stem) + r"\w{0,12}", text, re.I)
    return found.group(0) if found else stem


def rest_line(
    facts: QuestionFacts, memory: ThreadMemory, text: str, language: str, catalog: Catalog
) -> str:
    """The rest outside a part, then and now, when the part shrank and the rest grew.

    '' when the turn does not name the thread's part beside a total, or the rest did not grow.
    """
    found = _share(memory)
    if found is None:
        return ""
    pct, share, total = found
    names = {name[:STEM] for name in share.of.split()}
    times = [q for q in facts.quantities if _time(q)]
    parts = [q for q in times if head(q)[:STEM] in names]
    # "the query fell to 100 ms, the page is still 1.6 s" may read as a before and an after;
    # they are two measures: the part's own pair is two numbers naming it ("1.44 s -> 90 ms")
    wholes = [q for q in times if q not in parts and q.unit == total.unit]
    if not parts or not wholes:
        return ""
    part_after, whole_after = parts[-1], wholes[-1]
    paired = len(parts) > 1 and side_of(parts[-2].label) == "before"
    part_before = parts[-2].value if paired else total.value * pct / 100
    rest_before = total.value - part_before
    rest_after = whole_after.value - part_after.value
    if part_after.value >= part_before or rest_after < 0:
        return ""
    grew = rest_after > max(rest_before, 0.0) * GREW

    def shown(value: float) -> str:
        return format_value(Quantity(total.kind, value, total.unit, "", ""), total)

    return catalog.message(
        language,
        "reasoning_rest_grew" if grew else "reasoning_rest_same",
        part=_word(head(part_after), text),
        pct=f"{pct:.0f}",
        total=format_value(total, whole_after),
        part_before=shown(part_before),
        part_after=format_value(part_after, total),
        rest_before=shown(rest_before),
        rest_after=shown(rest_after),
        whole_after=format_value(whole_after, total),
        grew=shown(rest_after - rest_before),
    )
