"""A shown list counts 1, 2, 3...: no gap, no repeat, no list starting at 2 (review13 W22).

Every guard that removes a step renumbers what it touched, but the list a learner sees is the
work of several: the safety guard drops step 2 with its block, the integrity guard drops the
steps handing in the withheld code, the sections guard tops up a thin list by counting its
items (`4.` after a kept `4.`). The last word is this pass over the shown sections: top-level
numbered items outside code are counted again. A paragraph between items (a concept note)
does not restart the count; an item written as `1.` after one does (a second list).
"""

from __future__ import annotations

import re

from bot.text import markdown

_ITEM = re.compile(r"^(\d{1,2})([.)])(\s)")
_ANY_ITEM = re.compile(r"^\d{1,2}[.)](?:\s|$)", re.M)
_EMPTY_ITEM = re.compile(r"^\d{1,2}[.)]\s*(?:\*\*|__)?\s*$")
"""An item left with nothing after it ("2." over a removed block): no step at all."""


def count_steps(text: str) -> str:
    """`text` with its top-level numbered items counted 1..n (a new list restarts at 1)."""
    if not _ANY_ITEM.search(text):
        return text
    source = markdown.normalize(text)
    lines = source.split("\n")
    fenced: set[int] = set()
    for block in markdown.code_blocks(source):
        fenced.update(range(block.first_line, block.end_line))
    number = 0
    after_prose = False
    out: list[str] = []
    for index, line in enumerate(lines):
        if index not in fenced and _EMPTY_ITEM.match(line):
            continue
        match = None if index in fenced else _ITEM.match(line)
        if match is None:
            if index not in fenced and line.strip() and not line[:1].isspace():
                after_prose = number > 0
            out.append(line)
            continue
        number = 1 if (match.group(1) == "1" and after_prose) else number + 1
        after_prose = False
        out.append(f"{number}{match.group(2)}{match.group(3)}{line[match.end() :]}")
    counted = "\n".join(out)
    return text if counted == source else counted
