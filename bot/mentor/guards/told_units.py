"""A draft's prose parsed into told units: list items, table rows, arrow links, clauses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.mentor.guards.code_views import python_view
from bot.mentor.guards.markdown import Part, split_parts
from bot.mentor.tokens import CJK

QUESTION = re.compile(r"[?？]\s*\**\s*$")
_SCRIPT_EDGE = re.compile(
    r"(?<=[a-z0-9_)\]`])(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])"
    r"|(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])(?=[a-z0-9_(`])"
)
"""Where a Latin word meets Japanese, Chinese or Korean ("pendingにする"): a space there lets
the code names' word boundaries match in steps that mix English terms into the language."""
ARROW = re.compile(r"\s*(?:→|->|=>|⇒|⟶|➜|➔)\s*")
"""A chain of arrows is a sequence: "lock → check → load outside the lock → store"."""
TABLE_ROW = re.compile(r"^\s*\|(?P<first>[^|\n]*)\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
ORDINAL = re.compile(
    r"^\s*(?:\d{1,2}[.)]?|[ivx]{1,4}|step\s*\d*|one|two|three|four|five|six|seven|eight|"
    r"first|second|third|fourth|fifth|sixth|last|then|next|finally|[①-⑳])\s*$",
    re.I,
)
"""A table's first cell that numbers its row: the rows are the steps, in order."""


def spaced(low: str) -> str:
    """`low` with a space where Latin letters meet CJK ones (see `_SCRIPT_EDGE`)."""
    if low.isascii() or CJK.search(low) is None:
        return low  # no script edge without CJK; the edge search looks behind at every position
    return _SCRIPT_EDGE.sub(" ", low)


ITEM = re.compile(
    r"^\s*(?:#{1,6}\s*|>\s*)?(?:(?P<n>\d{1,2}\s*[.)、:．]|[(（]\d{1,2}[)）]|[①-⑳]"
    r"|\*\*\d{1,2}[.)]?\*\*|\|\s*\d{1,2}\s*\|"
    r"|(?:step|schritt|paso|passo|étape|etap|krok|шаг|крок|adım|stap|단계|ステップ|步骤)\s*\d+"
    r"\s*[:.)–-]?)|[-*•+])\s*",
    re.I,
)
"""A list item's marker; `n` when it is ordered (a number, "Step 2", ②, a numbered table
row, a "### 3." heading or quoted item)."""
CLAUSE = re.compile(r"(?<=[.;!:。；！])\s+|[;；。]")
MIN_ORDERED = 2
"""Numbered items or control-flow clauses among them that make the steps a procedure."""


def declarative(line: str) -> bool:
    """A non-empty line that is not a question (questions are how a mentor teaches)."""
    return bool(line.strip()) and not QUESTION.search(line)


@dataclass(frozen=True, slots=True)
class Unit:
    """One step of a told procedure: a list item, or a clause of a paragraph."""

    text: str
    """Lowercased."""
    ordered: bool
    """A numbered item."""


TEXT_TAGS = frozenset({"", "text", "txt", "plaintext", "plain", "markdown", "md", "pseudo"})


def prose_of(part: Part) -> str | None:
    """A part's prose: a paragraph, or a block that holds prose (```text, untagged, not code)."""
    if not part.is_code:
        return part.text
    if part.language.lower() in TEXT_TAGS and python_view(part.code or "") is None:
        return part.code
    return None


def prose_parts(text: str) -> list[str]:
    """The prose of every part of `text` (see `prose_of`)."""
    return [prose for p in split_parts(text) if (prose := prose_of(p)) is not None]


class RowItem:
    """A table row read as a list item: ordered when its first cell numbers it."""

    def __init__(self, ordered: bool) -> None:
        self._ordered = ordered

    def group(self, name: str) -> str | None:
        """Like `re.Match.group` for the item marker: "n" when the row is numbered."""
        return "n" if name == "n" and self._ordered else None


def row_item(line: str) -> RowItem | None:
    """A table row as a list item; None for other lines and a table's rule line."""
    row = TABLE_ROW.match(line)
    if row is None or TABLE_RULE.match(line):
        return None
    return RowItem(bool(ORDINAL.match(row.group("first"))))


@lru_cache(maxsize=4096)
def split_units(paragraph: str) -> tuple[Unit, ...]:
    """A paragraph's steps: list items or table rows, an arrow chain's links, or clauses.

    An item keeps its continuation lines. Remembered: the stream gate re-reads the draft's
    paragraphs as it grows.
    """
    lines = [ln for ln in paragraph.splitlines() if not TABLE_RULE.match(ln)]
    low = spaced(paragraph.lower())
    if not any(ITEM.match(line) or row_item(line) for line in lines):
        if len(ARROW.findall(low)) >= MIN_ORDERED:
            links = [c for part in CLAUSE.split(low) for c in ARROW.split(part)]
            return tuple(Unit(c, ordered=True) for c in links if declarative(c))
        clauses = CLAUSE.split(low)
        return tuple(Unit(c, ordered=False) for c in clauses if declarative(c))
    units: list[Unit] = []
    for line in lines:
        item = ITEM.match(line) or row_item(line)
        text = spaced(line.lower())
        if item is not None or not units:
            units.append(Unit(text, ordered=bool(item and item.group("n"))))
        else:
            last = units[-1]
            units[-1] = Unit(f"{last.text}\n{text}", last.ordered)
    return tuple(u for u in units if declarative(u.text))


def line_groups(lines: list[str]) -> list[str]:
    """A list's items, each with its continuation lines."""
    groups: list[list[str]] = []
    for line in lines:
        if ITEM.match(line) or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    return ["\n".join(g) for g in groups]
