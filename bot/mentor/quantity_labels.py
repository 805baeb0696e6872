"""What a number in a learner's message is: p99, before/after, a goal, a load, a share.

Read from the words just before the number (bounded windows, so hostile input stays linear).
A number labelled a goal, a control, an expectation or a share is not a measurement.
"""

from __future__ import annotations

import re

from bot.mentor.facts import Quantity
from bot.mentor.judgement import COLD, PART, WHOLE
from bot.mentor.lexicon import Lexicon

LABEL_WINDOW = 28
"""Characters before a number searched for its label (p99, before, after...)."""
_PERCENTILE = re.compile(
    # not \b at the end: "p99가", "p99は" (a particle right after) are still the p99
    r"\b(p(?:50|75|90|95|99|999)|median|mediana|médiane|медиана|中央値|中位数)(?![0-9A-Za-z_])",
    re.I,
)

_DIGIT = re.compile(r"\d")


def label_of(text: str, start: int, lex: Lexicon) -> str:
    """p99 / before / after from the words just before position `start`."""
    window = text[max(0, start - LABEL_WINDOW) : start].lower()
    masked = _PERCENTILE.sub(lambda m: "p" * len(m.group(0)), window)
    last_digit = max((m.end() for m in _DIGIT.finditer(masked)), default=0)
    window = window[last_digit:]  # a label never reaches past an earlier number
    parts: list[str] = []
    percentile = None
    for match in _PERCENTILE.finditer(window):
        percentile = match.group(1).lower()
    if percentile:
        parts.append("p50" if percentile.startswith(("med", "中")) else percentile)
    tail = window[-14:]
    if lex.instead.search(tail):
        # "now 0.4 s instead of 2.1 s" reports a change; "take 1 s instead of 0.2 s" (no
        # change named) compares what was observed with what was expected.
        parts.append("before" if lex.after.search(_sentence(text, start)) else "expected")
    elif "->" in tail or "→" in tail or "=>" in tail:
        parts.append("after")
    else:
        cues = {
            tag: max((m.end() for m in found.finditer(window)), default=-1)
            for tag, found in (
                ("before", lex.before),
                ("after", lex.after),
                ("goal", lex.goal),
                ("control", lex.control),
            )
        }
        tag, at = max(cues.items(), key=lambda item: item[1])
        if at >= 0 and list(cues.values()).count(at) == 1:
            parts.append(tag)
    return " ".join(parts)


LEADING_CHARS = 30
"""How far into its sentence a leading 'Before the change,' / 'After the change,' is read."""


def leading_side(text: str, start: int, lex: Lexicon) -> list[str]:
    """'Before the change, the export took 14 min': the sentence opens with its side."""
    head = text[max(0, start - 200) : start]
    cut = max(head.rfind(c) for c in ".?!。？！\n")
    opening = head[cut + 1 :].lstrip()[:LEADING_CHARS].lower()
    before, after = lex.before.search(opening), lex.after.search(opening)
    if bool(before) == bool(after):
        return []
    return ["before" if before else "after"]


def _sentence(text: str, start: int) -> str:
    """The sentence around `start` (bounded), lowercased."""
    head = text[max(0, start - 200) : start]
    cut = max(head.rfind(c) for c in ".?!。？！\n")
    if cut >= 0 and not head[cut + 1 : cut + 2].isdigit():
        head = head[cut + 1 :]
    rest = text[start : start + 200]
    ends = [i for i in (rest.find(c, 1) for c in "?!。？！\n") if i > 0]
    return (head + rest[: min(ends, default=len(rest))]).lower()


def at_load(text: str, start: int, lex: Lexicon) -> bool:
    """'at 200 rps', 'under 50 rps': the rate a measurement was taken at."""
    return bool(lex.load_cue.search(text[max(0, start - 8) : start].lower()))


RANGE = "range"
"""Label word of a number written as the end of a range ("10-15 min")."""
NOT_MEASURED = frozenset(
    {"goal", "control", "expected", "setting", "elapsed", "rate", PART, WHOLE, COLD}
)
"""Labels of numbers that are not a measurement of this run: a target, a load held
constant, what the learner expected, a value the learner configures (a TTL, a timeout:
bot/mentor/measures.py), how long the program ran between two readings ("after 6 h":
bot/mentor/over_time.py), a growth per period ("40 MB a day": bot/mentor/growth_rate.py), a
share of a total (read as a share, never paired)."""


def measured(q: Quantity) -> bool:
    """A number the learner measured (not a goal, a control, an expectation or a bare load)."""
    words = set(q.label.split())
    if words & NOT_MEASURED:
        return False
    return "load" not in words or bool(side_of(q.label))


def metric(label: str) -> str:
    """The label's metric words (p99, load...), without the before/after side."""
    return " ".join(w for w in label.split() if w not in ("before", "after"))


def side_of(label: str) -> str:
    """'before', 'after' or '' from a label's words."""
    words = label.split()
    return "before" if "before" in words else "after" if "after" in words else ""


def with_side(q: Quantity, side: str) -> Quantity:
    """The number on `side` of a change (its other label words kept)."""
    words = [w for w in q.label.split() if w not in ("before", "after")]
    return Quantity(q.kind, q.value, q.unit, q.text, " ".join([*words, side]))
