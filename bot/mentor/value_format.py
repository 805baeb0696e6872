"""Numbers shown back in the units a learner reads: 840 s as '14:00 min', bytes as MiB.

Shared by the reasoning lines (bot/mentor/reasoning.py) and the readings beside them, so a
number is written the same way in every line of a reply.
"""

from __future__ import annotations

import re

from bot.mentor.facts import Quantity
from bot.sandbox.render import human_bytes, inline_safe

_PER_MINUTE = re.compile(
    r"(?:/|per|pro|por|par|al|a|в|за|na)\s{0,2}(?:minut|min\b|минут|хвилин)", re.I
)
_PER_HOUR = re.compile(
    r"(?:/|per|pro|por|par|a|à|в|за|na|an)\s{0,2}(?:hour|hora|heure|stunde|ora|uur|godzin|час|годин|h\b|hr\b)",
    re.I,
)


def format_value(q: Quantity, like: Quantity | None = None) -> str:
    """A quantity in the most readable unit: 840 s -> '14:00 min', 0.95 s -> '950 ms'.

    `like`: the other number of a pair, whose wording ('per minute') both are shown in.
    """
    if like is not None and like.unit == q.unit:
        q = Quantity(q.kind, q.value, q.unit, f"{q.text} {like.text}", q.label)
    if q.unit == "s":
        return format_seconds(q.value)
    if q.unit == "B":
        return human_bytes(int(q.value))
    if q.unit == "/s":
        if _PER_MINUTE.search(q.text):
            return f"{q.value * 60:,.0f}/min"
        return f"{q.value:,.0f}/s"
    if q.unit == "B/item":
        noun = q.text.split()[-1] if q.text.split() else "item"
        return f"{human_bytes(int(q.value))}/{inline_safe(noun.rstrip('s.,;:'), 30)}"
    if q.unit == "B/s":
        per_hour = _PER_HOUR.search(q.text) or q.value < 1024
        return (
            f"{human_bytes(int(q.value * 3600))}/h"
            if per_hour
            else f"{human_bytes(int(q.value))}/s"
        )
    if q.unit == "x":
        return f"{q.value:g}x"
    if q.unit == "%":
        return f"{q.value:g}%"
    return f"{q.value:,.0f}"


def format_seconds(seconds: float) -> str:
    """Seconds as µs, ms, s or m:ss min."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.0f} ms"
    if seconds < 60:
        return f"{seconds:.2g} s" if seconds < 10 else f"{seconds:.0f} s"
    if seconds >= 2 * 3600:
        return f"{seconds / 3600:.1f} h"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d} min"
