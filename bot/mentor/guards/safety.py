"""Output safety: drop a draft's harmful code blocks and attack steps, keep the teaching.

The rules live beside it: bot/mentor/guards/harm_code.py (what code does, with `ast`) and
bot/mentor/guards/harm_prose.py (operational steps in prose, in every language).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.mentor.guards.harm_code import HARMS
from bot.mentor.guards.harm_decoded import scan_code
from bot.mentor.guards.harm_embedded import embedded_harms
from bot.mentor.guards.harm_prose import ENGLISH, ProseRule, scan_prose, suspicious_line
from bot.mentor.guards.markdown import Part, join_parts, split_parts
from bot.mentor.guards.recipe_targets import echoes_code, names_someone

__all__ = [
    "HARMS",
    "LIST_ITEM",
    "ProseRule",
    "SafetyResult",
    "scan_code",
    "scan_prose",
    "strip_harm",
    "suspicious_line",
    "without_intro",
]


@dataclass(frozen=True, slots=True)
class SafetyResult:
    """A text with its harmful parts dropped, and what was dropped."""

    text: str
    harms: frozenset[str] = frozenset()
    blocks: int = 0
    """Code blocks dropped."""
    paragraphs: int = 0
    """Prose paragraphs whose attack steps were dropped."""
    dropped: tuple[str, ...] = ()
    """The code of the dropped blocks: steps that reuse its literals go with it."""

    @property
    def changed(self) -> bool:
        """Something was dropped."""
        return bool(self.blocks or self.paragraphs)


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")
_LEAD_MARK = re.compile(r"^\s*(?:\d{1,2}[.)、．]|[-*•]|・)?\s*(?:\*\*|__)?\s*$")


def without_intro(paragraph: str) -> str:
    """`paragraph` without the sentence that introduces the block after it ("run it:").

    A dropped block takes its introduction along: a closing colon points at the block.
    """
    lines = paragraph.rstrip().split("\n")
    last = lines[-1].rstrip()
    if not last.endswith((":", "：")):
        return paragraph
    sentences = _SENTENCE_END.split(last)
    rest = " ".join(sentences[:-1]).rstrip()
    if rest and not _LEAD_MARK.match(rest):
        return "\n".join([*lines[:-1], rest]).strip()
    return "\n".join(lines[:-1]).strip()


AFTERWORD = 240
"""Longest paragraph read as a dropped block's afterword ("Run it on their PC while they are
out."): it tells how to use what was removed, so it goes with it (a list item never does)."""
_REFERS_BACK = re.compile(
    r"^(?:(?:then|now|and|just)\s+)?(?:[\w']+\s+){0,5}(?:it|this|that|them|these)\b|^now\b",
    re.I,
)
"""The afterword's first words point at the block ("Paste that...", "Do this after...",
"Now your laptop sees...", "Open a pull request with this"); teaching after it ("Measure the
import time...") does not. Nor does it when it names the block's own values ("k.py records
every key") or someone else ("the teacher never logs out"): it aims what was removed."""

_USES_IT = re.compile(
    r"\b(?:run|use|paste|apply|decode|execute|launch|deploy|send|put|install|push|slip|merge|"
    r"schedule|enable|drop|plant|commit|share|mail|upload|hide|leave|name|compile|sideload|copy|"
    r"slip|rename)\s+(?:it|this|that|them)\b",
    re.I,
)
"""An afterword telling, anywhere in it, how to use what was removed ("Their leaked .env has the
prod DSN: run it the night before their review", "...: decode it twice from their build log")."""

_POINTS_AT_CODE = re.compile(
    r"\b(?:below|above|ci-dessous|ci-dessus|unten|oben|abajo|arriba|abaixo|acima|qui sotto|"
    r"hieronder|hierboven|poniżej|powyżej|ниже|выше|нижче|вище|aşağıdaki|yukarıdaki)\b|"
    r"以下の|上記の|下面的|上面的|아래의|아래 |위의 ",
    re.I,
)
"""A line that points at a block ("Run the check below", "Installez le hook ci-dessous")."""


def drop_pointers(text: str) -> tuple[str, int]:
    """`text` without the lines that point at a block.

    Once harm removed every block, they send the learner to code that is no longer there
    (review9 R23: "Install the hook below and let it run in the background").
    """
    lines = text.split("\n")
    kept = [ln for ln in lines if not _POINTS_AT_CODE.search(ln)]
    return "\n".join(kept).strip(), len(lines) - len(kept)


LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]\s+|\d{1,2}[、．]\s*|[-*•]\s+|・\s*)")
"""A paragraph that opens with a list item (a loose list has one item per paragraph)."""


def _loose_lists(parts: list[Part], rule: ProseRule) -> dict[int, frozenset[str]]:
    """Harms of each loose list (items apart by blank lines), per index of its paragraphs.

    A list whose items stand one per paragraph is still one list: its steps are counted
    together, as if it were written tight.
    """
    found: dict[int, frozenset[str]] = {}
    run: list[int] = []
    for index in [*range(len(parts)), -1]:
        part = parts[index] if index >= 0 else None
        if part is not None and not part.is_code and LIST_ITEM.match(part.text):
            run.append(index)
            continue
        if len(run) > 1:
            harms = rule.scan("\n".join(parts[i].text for i in run))
            if harms:
                found.update(dict.fromkeys(run, harms))
        run = []
    return found


def _afterword(text: str, code: str, *, opener: bool = True) -> bool:
    """`text` tells how to use the dropped `code`.

    `opener`: its first words may point back (a paragraph's may; a list step's "Measure how
    many staff report it" is the defence's own).
    """
    return bool(
        (opener and _REFERS_BACK.match(text))
        or _USES_IT.search(text)
        or echoes_code(text, code)
        or names_someone(text)
    )


def _without_afterword(text: str, code: str) -> str:
    """The paragraph after a dropped block without what tells how to use that block.

    A paragraph of several list steps is judged step by step: "3. Mail it to your colleague"
    goes, "4. Compare netstat with a clean machine" stays; other paragraphs go whole.
    """
    lines = text.split("\n")
    if sum(bool(LIST_ITEM.match(ln)) for ln in lines) < 2:
        return "" if _afterword(text, code) else text
    kept = [ln for ln in lines if not _afterword(LIST_ITEM.sub("", ln), code, opener=False)]
    return "\n".join(kept).strip()


def strip_harm(text: str, rule: ProseRule = ENGLISH) -> SafetyResult:
    """`text` without harmful code blocks and the attack steps of recipe paragraphs."""
    parts = split_parts(text)
    lists = _loose_lists(parts, rule)
    kept: list[Part] = []
    harms: set[str] = set()
    blocks = paragraphs = 0
    dropped_block = False
    dropped: list[str] = []
    for index, part in enumerate(parts):
        after_drop, dropped_block = dropped_block, False
        if after_drop and not part.is_code and len(part.text) <= AFTERWORD:
            rest = _without_afterword(part.text, dropped[-1])
            if rest != part.text:
                paragraphs += 1
                if rest:  # the list's other steps (a defence) stay (review13 W16)
                    kept.append(Part(rest))
                continue
        if part.is_code:
            code = part.code or ""
            found = scan_code(code, part.language) or embedded_harms(code, rule)
            if not found and rule.lookalikes.find(code):
                found = frozenset(
                    {"lookalike_domain"}
                )  # pip install --index-url https://pypi-org...
        else:
            found = rule.scan(part.text)
            if not found and index in lists and rule.suspicious_in(part.text):
                found = lists[index]
        if not found:
            kept.append(part)
            continue
        harms.update(found)
        if part.is_code:
            blocks += 1
            dropped_block = True
            dropped.append(part.code or part.text)
            # A fenced block's introduction goes with it (the preview holds it until the block
            # is judged); before an unfenced program the preview has shown it: it stays.
            if part.fenced and kept and not kept[-1].is_code:
                intro = without_intro(kept.pop().text)
                if intro:
                    kept.append(Part(intro))
            continue
        paragraphs += 1
        rest = rule.strip(part.text)
        if rest:
            kept.append(Part(rest))
    if not (blocks or paragraphs):
        return SafetyResult(text)
    return SafetyResult(join_parts(kept), frozenset(harms), blocks, paragraphs, tuple(dropped))
