"""One step told in several wordings is one step (review13 W25).

A careless draft pads its plan: "1. Replace `s += x` in the loop with `''.join(parts)`",
"2. Instead of adding strings, collect them in a list and `''.join()` them once", "3. Replace
the `+=` concatenation with `str.join`". Their words differ (in Korean or Chinese they share
none but the code), so a word-overlap rule sees three steps. What they act on does not: a
step's code names (calls, attributes, operators such as `+=`) are its action and its object,
and a later step naming nothing an earlier one did not is that step again. It goes, and a
list left with fewer than three steps is topped up from the offline answer to this question
(the sections guard). A step that measures (an evidence word, a number) checks the change
rather than repeating it: it always stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_SPAN = re.compile(r"`([^`\n]+)`")
_NAME = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*")
_OPERATOR = re.compile(r"[+\-*/%|&^@]=|//=|\*\*=|<<=|>>=")
_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]\s+|[-*•]\s+|\d{1,2}[、．]\s*|・\s*)(?P<text>.+)$")
_DIGIT = re.compile(r"\d")
_BUILTIN_TYPES = frozenset(
    {"str", "bytes", "list", "dict", "set", "tuple", "int", "float", "object"}
)
"""`str.join` is `join`: the type a method is written on names no other object."""
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"")


def atoms(step: str) -> frozenset[str]:
    """The code a step names: its names' dotted parts, augmented operators and strings."""
    found: set[str] = set()
    for span in _SPAN.findall(step):
        found.update(s.lower() for s in _STRING.findall(span) if len(s) > 2)  # 'traceback'
        bare = _STRING.sub(" ", span)
        found.update(_OPERATOR.findall(bare))
        for name in _NAME.findall(bare):  # `defusedxml.ElementTree.iterparse` is no `ET.iterparse`
            found.update(p.lower() for p in name.split(".") if p.lower() not in _BUILTIN_TYPES)
    return frozenset(found)


def drop_paraphrases(text: str, measures: Callable[[str], bool]) -> tuple[str, int]:
    """`text` without list steps whose code an earlier step already named (W25).

    `measures(step)`: the step asks for evidence (its language's evidence words): it stays.
    """
    earlier: list[frozenset[str]] = []
    kept: list[str] = []
    dropped = 0
    for line in text.split("\n"):
        item = _ITEM.match(line)
        said = item.group("text") if item else ""
        mine = atoms(said) if said and "```" not in line else frozenset()
        if not mine or _DIGIT.search(_SPAN.sub(" ", said)) or measures(said):
            kept.append(line)
            continue
        if any(mine <= other for other in earlier):
            dropped += 1
            continue
        earlier.append(mine)
        kept.append(line)
    return ("\n".join(kept), dropped) if dropped else (text, 0)
