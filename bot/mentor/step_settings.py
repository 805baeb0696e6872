"""Settings a step sets (`worker_prefetch_multiplier=4`): one reply never sets one two ways.

Steps come from several knowledge units; two of them may tune the same setting for different
goals (throughput: prefetch 4; no lost tasks: prefetch 1), and shown one after the other the
reply contradicts itself (review F4). A setting is a dotted or snake_case name given a literal
(a number, True/False/None, a quoted string); ordinary code (`d2 = a @ b.T`) is not one.
Bounded patterns over one step at a time, so hostile text stays linear.
"""

from __future__ import annotations

import re

_SETTING = re.compile(
    r"(?<![\w.])([A-Za-z][A-Za-z0-9]{0,30}+(?:[._][A-Za-z0-9]{1,30}+){1,4}+)`?"
    r"[ \t]{0,2}=(?!=)[ \t]{0,2}`?"
    r"(-?\d{1,12}+(?:\.\d{1,6}+)?+|True|False|None|true|false|'[^'\n]{0,40}+'|\"[^\"\n]{0,40}+\")"
    r"(?![\w.(\[])"
)
MAX_STEP = 2000
"""Characters of a step read (settings come early; steps are a few lines)."""


def settings(step: str) -> dict[str, str]:
    """The settings `step` gives a value, name (lowercase, last dotted part) -> value."""
    found: dict[str, str] = {}
    for name, value in _SETTING.findall(step[:MAX_STEP]):
        found.setdefault(name.lower().rpartition(".")[2], value.strip("'\"").lower())
    return found


def contradicts(step: str, seen: dict[str, str]) -> bool:
    """The step sets a setting an earlier step of the reply set to another value."""
    return any(seen.get(name, value) != value for name, value in settings(step).items())
