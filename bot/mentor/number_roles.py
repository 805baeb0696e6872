"""Numbers by role: what a number is in the learner's account, so only like is compared."""

from __future__ import annotations

from bot.mentor.facts import Quantity
from bot.mentor.reasoning_verdicts import side

ROLES = ("baseline", "result", "target", "size", "held", "rate", "expected", "measured")
"""What a number is in the learner's account: measured before a change (baseline), after it
(result), a goal or budget (target), how big the data is (size), held constant while measuring
(held: the load, the hardware, a value the learner configures such as a TTL), a rate (per second, per hour), what they expected, or a
measurement with no side yet."""


def role(q: Quantity) -> str:
    """The number's role (one of ROLES): only a baseline and a result are ever compared."""
    words = set(q.label.split())
    if "goal" in words:
        return "target"
    if "control" in words or "setting" in words or ("load" in words and not side(q)):
        return "held"
    if "expected" in words:
        return "expected"
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
