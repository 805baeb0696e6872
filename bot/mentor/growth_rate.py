"""A growth given as a rate ("grows 40 MB a day"), read per period, never as a reading.

"Our worker grows about 40 MB a day; after 9 days it is 360 MB above the start" was read
"40 MB → 360 MB over 9 days: about 1.5 MB/h": a rate taken for the first reading. A number
said per a period is the growth per that period: per day it is compared with readings at
other ages (bot/mentor/growth_by_age.py), and with a rate over another period ("per 12 h").
Words per language are data: config/knowledge/lexicon/growth_rate.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from bot.mentor import over_time
from bot.mentor.facts import Quantity
from bot.mentor.lexicon import lexicon_file
from bot.settings import DEFAULT_CONFIG_DIR

PER = "per"
"""Label word prefix of a rate's period in seconds ('per86400': so much a day)."""
RATE = "rate"
"""Label word of a growth rate: never a reading to pair with another."""
SECONDS = {"day": 86400.0, "hour": 3600.0}
REACH = 14
"""Characters between a number and its period word ("40 MB a day", "每天增长约 1.2 GB")."""


def _alternation(words: list[str]) -> str:
    """Phrases longest first, a Latin or Cyrillic one ending where its letters end."""
    parts = []
    for word in sorted({w.lower() for w in words if w.strip()}, key=len, reverse=True):
        end = r"(?![^\W\d_])" if word[-1].isalpha() and ord(word[-1]) < 0x3000 else ""
        parts.append(re.escape(word) + end)
    return "|".join(parts) or r"(?!x)x"


@dataclass(frozen=True)
class Periods:
    """Per period: the words after a number and the words before it, compiled."""

    after: tuple[tuple[float, re.Pattern[str]], ...]
    before: tuple[tuple[float, re.Pattern[str]], ...]
    span_after: re.Pattern[str]
    """'in 12 h' right after the growth: group 1 the number, group 2 the unit."""
    span_before: re.Pattern[str]
    """'12時間で' right before the growth (at the end of the window)."""

    @classmethod
    def load(cls, config_dir: Path) -> Periods:
        """Read config_dir/knowledge/lexicon/growth_rate.toml."""
        data = lexicon_file(config_dir, "growth_rate")
        after, before = [], []
        for name, seconds in SECONDS.items():
            words = data.get(name, {})
            after.append(
                (seconds, re.compile(rf"^\s{{0,2}}(?:{_alternation(words.get('after', []))})"))
            )
            phrase = _alternation(words.get("before", []))
            before.append((seconds, re.compile(rf"(?:{phrase})\D{{0,8}}$")))
        span = data.get("span", {})
        units = _alternation(list(over_time.cues().units))
        number = r"(\d{1,4}(?:[.,]\d{1,2})?)"
        return cls(
            tuple(after),
            tuple(before),
            re.compile(
                rf"^\s{{0,2}}(?:{_alternation(span.get('after', []))})\s{{1,2}}{number}\s{{0,2}}({units})"
            ),
            re.compile(
                rf"{number}\s{{0,2}}({units})\s{{0,2}}(?:{_alternation(span.get('suffix', []))})\W{{0,2}}\D{{0,6}}$"
            ),
        )


@lru_cache(maxsize=2)
def periods(config_dir: Path | None = None) -> Periods:
    """The period words of `config_dir` (the repository's config by default), cached."""
    return Periods.load(config_dir or DEFAULT_CONFIG_DIR)


def per_period(text: str, start: int, end: int) -> float:
    """The period (seconds) the number at text[start:end] is said per, 0 when none."""
    words = periods()
    tail = text[end : end + REACH].lower()
    for seconds, pattern in words.after:
        if pattern.search(tail):
            return seconds
    head = text[max(0, start - REACH) : start].lower()
    cut = max((m.end() for m in re.finditer(r"[.;!?。；！？\n]", head)), default=0)
    for seconds, pattern in words.before:
        if pattern.search(head[cut:]):
            return seconds
    # "200 MB in 12 h", "12時間で200MB": a growth over a span the message gives
    found = words.span_after.search(text[end : end + 2 * REACH].lower())
    found = found or words.span_before.search(head)
    if found is None:
        return 0.0
    scale = over_time.cues().units.get(found.group(2), 0.0)
    return float(found.group(1).replace(",", ".")) * scale


def period_of(q: Quantity) -> float:
    """The rate's period in seconds (0 for a reading)."""
    for word in q.label.split():
        if word.startswith(PER) and word[len(PER) :].isdigit():
            return float(word[len(PER) :])
    return 0.0


def as_rate(q: Quantity, seconds: float) -> Quantity:
    """The number as a growth per `seconds`: no side of a change, no reading."""
    kept = [w for w in q.label.split() if w not in ("before", "after")]
    return replace(q, label=" ".join([*kept, RATE, f"{PER}{int(seconds)}"]))
