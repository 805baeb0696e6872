"""Readings taken at different ages of a process are compared per day, never side by side.

"6 GB after a week instead of 400 MB", then "with gc.collect() every minute it is already 3 GB
after two days: so it does not help?" was read "5.6 GiB → 2.8 GiB: 50% less memory" (review12
V4, nl): the readings are 7 and 2 days into the run. Per day above the 400 MB start they are
about 0.8 GB and 1.3 GB: the growth is faster now, so the change did not slow it. A reading
carries its age when its sentence says how long the program ran ("na een week", "after two
days", "一週間後"): bot/mentor/over_time.py reads the span, here it becomes the reading's label.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.mentor.facts import Quantity, QuestionFacts, ThreadMemory
from bot.mentor.growth_rate import as_rate, per_period, period_of
from bot.mentor.i18n import Catalog
from bot.mentor.over_time import elapsed_spans
from bot.mentor.value_format import format_value

AGE = "age"
"""Label word prefix of a reading's age in seconds ('age604800': a week into the run)."""
AGE_REACH = 48
"""Characters between a reading and the span saying how long the program had run."""
GROWING = frozenset({"memory"})
"""Kinds read per day of uptime (memory accumulates; a latency is read by over_time.py)."""
SAME_AGE = 1.5
"""Ages closer than this factor are one age: their readings compare directly."""
SAME_RATE = 1.2
"""Rates closer than this factor grow about as fast."""
DAY = 86400.0
_SENTENCE_END = re.compile(r"[.;!?\n。；！？]")


def age_of(q: Quantity) -> float:
    """How long the program had run at this reading, in seconds (0 when not said)."""
    for word in q.label.split():
        if word.startswith(AGE) and word[len(AGE) :].isdigit():
            return float(word[len(AGE) :])
    return 0.0


def aged(text: str, found: list[tuple[int, Quantity]]) -> list[Quantity]:
    """The readings with the age their own sentence gives them ("na twee dagen ... 3 GB").

    A span belongs to one reading: the next one after it in its sentence ("après 24 h il est à
    1,9 Go"), else the one just before it ("5.3 GB after 10 days"). A start or an expectation
    ("instead of 400 MB") is where the growth began, never aged.
    """
    out = [q for _, q in found]
    for i, (at, q) in enumerate(found):
        period = per_period(text, at, at + len(q.text)) if q.kind in GROWING else 0.0
        if period:
            out[i] = as_rate(q, period)  # "40 MB a day": a growth per day, no reading
    readings = [
        (i, at, q)
        for i, (at, q) in enumerate(found)
        if q.kind in GROWING
        and not period_of(out[i])
        and not {"before", "expected"} & set(q.label.split())
    ]
    for span in elapsed_spans(text):
        after = [
            (i, q)
            for i, at, q in readings
            if 0 <= at - span.end <= AGE_REACH and not _SENTENCE_END.search(text[span.end : at])
        ]
        before = [
            (i, q)
            for i, at, q in readings
            if 0 <= span.start - (at + len(q.text)) <= AGE_REACH
            and not _SENTENCE_END.search(text[at + len(q.text) : span.start])
        ]
        owner = after[0] if after else before[-1] if before else None
        if owner is not None and not age_of(out[owner[0]]):
            i, q = owner
            out[i] = replace(q, label=f"{q.label} {AGE}{int(span.seconds)}".strip())
    return out


def different_ages(old: Quantity, new: Quantity) -> bool:
    """Two readings each taken at its own age, the ages far apart: no before and after."""
    a, b = age_of(old), age_of(new)
    return bool(a and b) and max(a, b) / min(a, b) >= SAME_AGE


def _start(readings: list[Quantity], like: Quantity, low: float) -> Quantity | None:
    """Where the growth began: the thread's smallest reading with no age under both."""
    starts = [
        q
        for q in readings
        if q.kind == like.kind and q.unit == like.unit and not age_of(q) and 0 < q.value < low
    ]
    return min(starts, key=lambda q: q.value, default=None)


def _other_time(old: Quantity, new: Quantity) -> bool:
    """Two growths over different times: readings at far ages, or a rate beside another time."""
    if period_of(old) or period_of(new):
        spans = {period_of(old) or age_of(old), period_of(new) or age_of(new)}
        return 0 not in spans and (len(spans) > 1 or bool(period_of(old)) != bool(period_of(new)))
    return different_ages(old, new)


def _daily(q: Quantity, base: float) -> float:
    """The growth a day: a rate scaled to a day, a reading above the start over its age."""
    period = period_of(q)
    if period:
        return q.value * DAY / period
    return (q.value - base) / (age_of(q) / DAY)


def rate_line(  # noqa: PLR0917  # the two growths, per day, how to say it
    old: Quantity, new: Quantity, then: float, now: float, language: str, catalog: Catalog
) -> str:
    """Two growths per day, one of them a rate: as fast, faster or slower."""
    ratio = max(then, now) / min(then, now)
    key = (
        "measured_rate_same"
        if ratio < SAME_RATE
        else "measured_rate_faster"
        if now > then
        else "measured_rate_slower"
    )

    def per_day(value: float) -> str:
        return format_value(Quantity(new.kind, value, new.unit, "", ""), new)

    return catalog.message(
        language,
        key,
        old=old.text or format_value(old, new),
        new=new.text or format_value(new, old),
        then=per_day(then),
        now=per_day(now),
        ratio=f"{ratio:.1f}",
    )


def growth_line(facts: QuestionFacts, memory: ThreadMemory, language: str, catalog: Catalog) -> str:
    """The turn's reading against the thread's reading at another age, both per day."""
    timed = [q for q in facts.quantities if q.kind in GROWING and (age_of(q) or period_of(q))]
    new = next((q for q in reversed(timed) if not period_of(q)), timed[-1] if timed else None)
    if new is None:
        return ""
    # the thread's readings at another age, or a rate (this message's too: "40 MB a day;
    # after 9 days 360 MB" reads the reading against the rate)
    earlier = [*memory.evidence, *(q for q in facts.quantities if period_of(q) and q is not new)]
    olds = [q for q in earlier if q.kind == new.kind and q.unit == new.unit and _other_time(q, new)]
    if not olds:
        return ""
    old = olds[-1]
    start = _start([*memory.evidence, *facts.quantities], new, min(old.value, new.value))
    base = start.value if start else 0.0
    then, now = _daily(old, base), _daily(new, base)
    if then <= 0 or now <= 0:
        return ""
    if period_of(old) or period_of(new):
        return rate_line(old, new, then, now, language, catalog)

    def per_day(value: float) -> str:
        return format_value(Quantity(new.kind, value, new.unit, "", ""), new)

    ratio = max(then, now) / min(then, now)
    key = (
        "measured_growth_same"
        if ratio < SAME_RATE
        else "measured_growth_faster"
        if now > then
        else "measured_growth_slower"
    )
    return catalog.message(
        language,
        key,
        old=old.text or format_value(old, new),  # as the learner wrote them ("6 GB")
        new=new.text or format_value(new, old),
        old_days=f"{age_of(old) / DAY:g}",
        new_days=f"{age_of(new) / DAY:g}",
        start=start.text if start else "0",
        then=per_day(then),
        now=per_day(now),
        ratio=f"{ratio:.1f}",
    )
