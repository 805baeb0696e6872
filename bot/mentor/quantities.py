"""Numbers with units in a learner's message: parsed, normalized and labelled (p99, before...).

Bounded quantifiers and no nested repetition, so hostile input stays linear; at most
MAX_QUANTITIES numbers are read from one message.
"""

from __future__ import annotations

import re

from bot.mentor.facts import Quantity
from bot.mentor.judgement import shares, warm_runs
from bot.mentor.lexicon import Lexicon, lexicon
from bot.mentor.measures import read_measures
from bot.mentor.quantity_labels import (
    NOT_MEASURED,
    RANGE,
    label_of,
    leading_side,
    measured,
    metric,
    side_of,
    with_side,
)
from bot.mentor.quantity_units import (
    QUANTITY,
    grouped_by_spaces,
    parse_number,
    read_quantity,
    time_kind,
)

__all__ = [
    "BASELINE_KINDS",
    "NOT_MEASURED",
    "RANGE",
    "measured",
    "parse_number",
    "quantities",
]

MAX_QUANTITIES = 24
"""A message with more numbers than this is a paste, not a report: keep the first ones."""
_CLOCK = re.compile(
    r"(?<![0-9A-Za-z_:.])(?P<h>\d{1,2}):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\w:])"
)
_BARE_BEFORE = re.compile(
    r"(?<![0-9A-Za-z_.,])(?P<num>\d{1,12}(?:[.,]\d{1,12}){0,3})[ \u00a0]{0,3}"
    r"(?:->|→|=>|—|–|-|to|a|à|para|auf|zu|naar|do|до|на|から|到|에서"
    r"|降到|降至|减到|减少到|升到|增加到|涨到|变成|变为|'den|'dan|'ten|'tan)[ \u00a0]{0,3}$",
    re.I,
)
_RANGE = re.compile(r"[-–]")
"""A hyphen or en dash written tight between two numbers ("40-60 s") marks a range."""
_PERCENT_FIRST = re.compile(r"(?<![\w%])%(?P<num>\d{1,3}(?:[.,]\d{1,3})?)(?![\d%])")


def quantities(text: str, lex: Lexicon | None = None, language: str = "") -> tuple[Quantity, ...]:
    """Every number-with-unit in `text`, in order (clock times like 3:40 are durations).

    `language` decides what "1.000" is (a thousand in pt/de/it..., one in English).
    """
    lex = lex or lexicon()
    text = grouped_by_spaces(text, language)
    # Turkish writes the percent sign first ("%95"): same length, so positions hold.
    text = _PERCENT_FIRST.sub(r"\g<num>%", text)
    found: list[tuple[int, Quantity]] = []
    for match in QUANTITY.finditer(text):
        quantity = read_quantity(match, text, lex, language)
        if quantity is None:
            continue
        bare = _BARE_BEFORE.search(text, max(0, match.start() - 32), match.start())
        if bare is not None and _RANGE.fullmatch(text, bare.end("num"), match.start()):
            bare = None  # "40-60 s", "3–4 requests": a range observed, not a change
            # ... nor a number a later turn is compared with ("10-15 min" of delay, then
            # "tasks run 8 min" is another quantity, not 1.9x faster).
            label = f"{quantity.label} {RANGE}".strip()
            quantity = Quantity(quantity.kind, quantity.value, quantity.unit, quantity.text, label)
        if bare is not None and quantity.kind != "ratio":
            # "800 -> 950 ms", "from 2 to 0.4 s": the first number shares the unit.
            scale = quantity.value / (parse_number(match.group("num"), language) or 1.0)
            pct = " ".join(w for w in quantity.label.split() if w not in ("before", "after"))
            label = label_of(text, bare.start(), lex) or pct
            first = Quantity(
                quantity.kind,
                parse_number(bare.group("num"), language) * scale,
                quantity.unit,
                bare.group("num"),
                with_side(Quantity("", 0, "", "", label), "before").label,
            )
            found.append((bare.start(), first))
            if pct and not any(w.startswith("p") for w in quantity.label.split()):
                quantity = Quantity(
                    quantity.kind, quantity.value, quantity.unit, quantity.text, pct
                )
            elif not pct and first.label != "before":
                shared = first.label.replace("before", "").strip()
                quantity = Quantity(
                    quantity.kind, quantity.value, quantity.unit, quantity.text, shared
                )
            quantity = with_side(quantity, "after")
        found.append((match.start(), quantity))
        if len(found) >= MAX_QUANTITIES:
            break
    for match in _CLOCK.finditer(text):
        if len(found) >= MAX_QUANTITIES:
            break
        if match.group("s"):
            seconds = int(match["h"]) * 3600 + int(match["m"]) * 60 + int(match["s"])
        else:
            seconds = int(match["h"]) * 60 + int(match["m"])
        label = label_of(text, match.start(), lex)
        found.append((match.start(), Quantity("duration", float(seconds), "s", match[0], label)))
    found.sort(key=lambda item: item[0])
    found = _compound_durations(text, found)
    paired = shares(text, found, _pair_labels(_transitions(text, found, lex)))
    paired = warm_runs(text, found, paired)
    led = [(at, _leading(text, at, q, lex)) for (at, _), q in zip(found, paired, strict=True)]
    return tuple(read_measures(text, led, language))


_JOINER = re.compile(r"[ \u00a0,]{0,2}(?:(?:and|und|et|e|y|i|ve|и|і|та)[ \u00a0]{1,2})?")


def _compound_durations(text: str, found: list[tuple[int, Quantity]]) -> list[tuple[int, Quantity]]:
    """One duration written in two units is one number: "5 minutos 40 s", "1 h 20 min"."""
    out: list[tuple[int, Quantity]] = []
    for at, q in found:
        if out:
            before_at, before = out[-1]
            end = before_at + len(before.text)
            joined = _JOINER.fullmatch(text, end, at) is not None
            whole = 3600.0 if before.value % 3600 == 0 else 60.0
            if (
                joined
                and before.unit == q.unit == "s"
                and before.value >= whole
                and before.value % whole == 0
                and 0 < q.value < whole
                and not q.label
            ):
                value = before.value + q.value
                written = text[before_at : at + len(q.text)]
                kind = time_kind(value, before.label)
                out[-1] = (before_at, Quantity(kind, value, "s", written, before.label))
                continue
        out.append((at, q))
    return out


def _leading(text: str, start: int, q: Quantity, lex: Lexicon) -> Quantity:
    """'Before the change, the export took 14 min': a lone number takes its sentence's side."""
    if q.label.split() or not measured(q):
        return q
    side = leading_side(text, start, lex)
    return with_side(q, side[0]) if side else q


def _transitions(
    text: str, found: list[tuple[int, Quantity]], lex: Lexicon
) -> tuple[Quantity, ...]:
    """'from 2,1 s to 800 ms', '2,1 s para 800ms': neighbours joined by 'to' are before/after."""
    items = [q for _, q in found]
    for i in range(len(items) - 1):
        first, second = items[i], items[i + 1]
        # "from 1% to 6%", "1.6x -> 5.9x": shares and speed-ups pair like any measurement
        same = first.unit == second.unit
        # "95 s -> 52 s": the arrow already made the second an 'after'; the first is its before
        arrowed = side_of(second.label) == "after" and not side_of(first.label)
        if not same or side_of(first.label) or (side_of(second.label) and not arrowed):
            continue
        if not (measured(first) and measured(second)):
            continue
        if metric(second.label) and metric(second.label) != metric(first.label):
            continue
        between = text[found[i][0] + len(first.text) : found[i + 1][0]]
        if len(between) <= 40 and lex.to.search(between.lower()):
            items[i] = with_side(first, "before")
            items[i + 1] = with_side(second, "after")
    return tuple(items)


def _pair_labels(items: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """Two numbers of one kind where only one is labelled: the other is its counterpart."""
    out = list(items)
    for kind in {q.kind for q in items}:
        same = [i for i, q in enumerate(out) if q.kind == kind and measured(q)]
        if len(same) != 2:
            continue
        first, second = (out[i] for i in same)
        sides = [side_of(first.label), side_of(second.label)]
        metrics = [metric(first.label), metric(second.label)]
        # "before, p95 was 1.2 s ... now 300 ms": a later bare number continues the labelled
        # one; otherwise the metrics must agree (a 300 ms loop hold is not the p99's twin)
        if metrics[0] != metrics[1] and not (sides == ["before", ""] and not metrics[1]):
            continue
        if sides == ["", "after"]:
            out[same[0]] = with_side(first, "before")
        elif sides == ["before", ""]:
            out[same[1]] = with_side(second, "after")
        elif sides in (["after", "before"], ["", "before"]):
            out[same[0]] = with_side(first, "after")
    return tuple(out)


BASELINE_KINDS = frozenset({"latency", "duration", "throughput", "memory"})
