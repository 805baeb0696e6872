"""Numbers read over time: how long the program ran, a growth rate, a trend with no change made.

"RSS 200 MB at start, 1.1 GB after 6 h" is no before and after of a change: nothing was changed,
the program ran 6 h, so it is a rate (about 150 MB/h) that says something accumulates. The
6 h is how long it ran, never a measured time to pair with another (review11, followup11's left
item). A latency that grows day after day is a trend to measure against uptime and data size.
Words per language are data: config/knowledge/lexicon/over_time.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.mentor.facts import Quantity, QuestionFacts
from bot.mentor.i18n import Catalog
from bot.mentor.lexicon import lexicon_file, phrases
from bot.mentor.value_format import format_value
from bot.settings import DEFAULT_CONFIG_DIR

SECONDS = {"minute": 60.0, "hour": 3600.0, "day": 86400.0, "week": 604800.0}
MAX_TEXT = 4000
ELAPSED = "elapsed"
"""Label of a duration that says how long the program ran between two readings."""
GROWING = frozenset({"memory", "latency", "duration"})
"""Kinds whose growth over time is read as a trend (memory accumulating, a latency creeping)."""
_NUMBER = r"(\d{1,6}(?:[.,]\d{1,3})?)"
_LETTERS = r"(?![A-Za-z\u00c0-\u024f\u0400-\u04ff])"


def _alternation(words: list[str]) -> str:
    """Words longest first; a Latin or Cyrillic word ends where its letters end."""
    parts = []
    for word in sorted({w.lower() for w in words if w.strip()}, key=len, reverse=True):
        end = _LETTERS if word[-1].isalpha() and ord(word[-1]) < 0x3000 else ""
        parts.append(f"{re.escape(word)}{end}")
    return "|".join(parts) or r"(?!x)x"


@dataclass(frozen=True)
class Cues:
    """The elapsed-time pattern and the cue phrases, loaded once."""

    elapsed: re.Pattern[str]
    numbers: dict[str, float]
    """Number words ("a", "twee", "两") before a unit: their value."""
    whole: dict[str, float]
    """Words that are a whole span ("이틀": two days), in seconds."""
    units: dict[str, float]
    trend: re.Pattern[str]
    explains: re.Pattern[str]
    parallel: re.Pattern[str]

    @classmethod
    def load(cls, config_dir: Path) -> Cues:
        """Read config_dir/knowledge/lexicon/over_time.toml."""
        data = lexicon_file(config_dir, "over_time")
        elapsed = data.get("elapsed", {})
        units = {
            str(word).lower(): SECONDS[name]
            for name, words in elapsed.get("units", {}).items()
            if name in SECONDS
            for word in words
        }
        unit = _alternation(list(units))
        before = _alternation(elapsed.get("before", []))
        later = _alternation(elapsed.get("later", []))
        numbers = {str(w).lower(): float(v) for w, v in elapsed.get("numbers", {}).items()}
        # a number in digits or in words ("after a week", "na twee dagen", "一週間後")
        number = rf"(\d{{1,6}}(?:[.,]\d{{1,3}})?|{_alternation(list(numbers))})"
        whole = {str(w).lower(): float(v) for w, v in elapsed.get("whole", {}).items()}
        pattern = (
            rf"(?<![\w.])(?:{before})\s{{1,2}}(?:{number}\s{{0,2}})?({unit})"
            rf"|(?<![A-Za-z0-9_.,]){number}\s{{0,2}}({unit})\s{{0,2}}(?:{later})"
            rf"|(?<![A-Za-z0-9_.,])({_alternation(list(whole))})\s{{0,2}}(?:{later})"
        )
        return cls(
            elapsed=re.compile(pattern),
            numbers=numbers,
            whole=whole,
            units=units,
            trend=phrases(data.get("trend", {}).get("cues", []), particles=True),
            explains=phrases(data.get("explains", {}).get("cues", []), particles=True),
            parallel=phrases(data.get("parallel", {}).get("cues", [])),
        )


@lru_cache(maxsize=2)
def cues(config_dir: Path | None = None) -> Cues:
    """The cues of `config_dir` (the repository's config by default), cached."""
    return Cues.load(config_dir or DEFAULT_CONFIG_DIR)


@dataclass(frozen=True)
class Elapsed:
    """How long the program ran, where the learner said so."""

    start: int
    end: int
    seconds: float
    text: str


def elapsed_spans(text: str) -> list[Elapsed]:
    """'after 6 h', 'dopo 6 ore', '6 saat sonra', '6時間後': how long it ran, in seconds."""
    words = cues()
    lower = text[:MAX_TEXT].lower()
    found: list[Elapsed] = []
    for m in words.elapsed.finditer(lower):
        if m.group(5):
            found.append(
                Elapsed(m.start(5), m.end(5), words.whole[m.group(5)], text[m.start(5) : m.end(5)])
            )
            continue
        number = m.group(1) or m.group(3) or ""
        unit = m.group(2) or m.group(4)
        if not unit or (m.group(4) and not number):
            continue
        # "через неделю": a unit after its "after" word with no number is one of it
        word = words.numbers.get(number)
        value = word if word is not None else float(number.replace(",", ".") or 1)
        at = m.start(1) if m.group(1) else m.start(2) if m.group(2) else m.start(3)
        end = m.end(2) if m.group(2) else m.end(4)
        found.append(Elapsed(at, end, value * words.units[unit], text[at:end]))
    return found


def is_elapsed(text: str, start: int, end: int) -> bool:
    """The number at text[start:end] is how long the program ran ("after 6 h"), no measurement."""
    return any(e.start <= start < e.end or start <= e.start < end for e in elapsed_spans(text))


def asks_explains(text: str) -> bool:
    """The learner asks whether what they found explains the problem ("is that the cause?")."""
    return bool(cues().explains.search(text[:MAX_TEXT].lower()))


def names_workers(text: str) -> bool:
    """The message names parallel workers (a pool, processes)."""
    return bool(cues().parallel.search(text[:MAX_TEXT].lower()))


def _family(q: Quantity) -> str:
    return "time" if q.kind in ("latency", "duration") else q.kind


def _rate(before: Quantity, after: Quantity, seconds: float) -> str:
    """The growth per hour (per minute under an hour), in the unit of the readings."""
    per, span = ("min", seconds / 60) if seconds < SECONDS["hour"] else ("h", seconds / 3600)
    rate = abs(after.value - before.value) / span
    if after.unit == "B":
        # in the decimal units learners write ("200 MB"), as "150 MB/h"
        scale, name = next(((s, n) for s, n in _DECIMAL if rate >= s), (1.0, "B"))
        shown = rate / scale
        return f"{shown:.0f} {name}/{per}" if shown >= 10 else f"{shown:.1f} {name}/{per}"
    step = Quantity(after.kind, rate, after.unit, after.text, "")
    return f"{format_value(step, after)}/{per}"


_DECIMAL = ((1e9, "GB"), (1e6, "MB"), (1e3, "kB"))


def trend_line(
    facts: QuestionFacts, text: str, language: str, catalog: Catalog, reporting_change: bool
) -> tuple[str, set[int]]:
    """The growth over time this message reports, and the ids of the numbers it read.

    Two readings of one measure and how long the program ran between them: a rate. Without the
    duration, a trend word ("grows every day") beside a memory or latency number: a trend to
    measure, not a change to judge. Nothing when the learner reports a change of their own.
    """
    spans = elapsed_spans(text)
    readings = [
        q
        for q in facts.quantities
        if q.kind in GROWING and not {ELAPSED, "rate"} & set(q.label.split()) and q.value > 0
    ]
    if spans and spans[-1].seconds > 0 and len(readings) >= 2:
        first = readings[0]
        last = next(
            (
                q
                for q in reversed(readings[1:])
                if _family(q) == _family(first) and q.unit == first.unit
            ),
            None,
        )
        if last is not None and last.value > first.value:
            label = next((w for w in last.label.split() if w[:1] == "p" and w[1:].isdigit()), "")
            params = {
                "label": f"{label} " if label else "",
                "before": first.text or format_value(first, last),
                "after": last.text or format_value(last, first),
                "elapsed": spans[-1].text,
            }
            if first.kind == "memory":
                line = catalog.message(
                    language,
                    "measured_trend_memory",
                    rate=_rate(first, last, spans[-1].seconds),
                    **params,
                )
            else:
                line = catalog.message(language, "measured_trend_time", **params)
            return line, {id(first), id(last)}
    if reporting_change or not readings or len(readings) > 1:
        return "", set()
    if cues().trend.search(text[:MAX_TEXT].lower()):
        return catalog.message(language, "measured_trend_words"), set()
    return "", set()
