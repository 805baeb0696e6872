"""A draft's claim of having run or measured the learner's code when nothing ran (review11 U19).

The bot only cites what it measured: when no sandbox ran in the thread, a sentence claiming a
run or a measurement ("I ran your code: 3.2 s, 84 % on line 12") is invented and goes. Its
advice after a colon stays ("According to my measurement, peak memory was 1.9 GB: use a named
cursor" keeps "Use a named cursor"); an item left empty goes. The claims' phrasings are data,
in 14 languages (config/i18n/unsafeadvice, `claims`), read by `unsafe_advice.AdviceWords`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

FENCE = re.compile(r"^(\s*)(```|~~~)")
MEASURE = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|[mµμun]s\b|s\b|sec|seg|сек|秒|초|分|[kmgt]i?b\b|[кмг]б\b|min\b|мин)",
    re.I,
)
"""A measured quantity (3.2 s, 84 %, 1.9 GB): what an invented run would report."""
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)|(?<=[。！？])")
_ITEM_HEAD = re.compile(r"^(\s*(?:[-*•]|\d{1,2}[.)])?\s*)")

Claims = Callable[[str], bool]
"""Whether a text holds a claim of a run or a measurement (the draft's language's words)."""


def drop_claims(text: str, claims: Claims) -> tuple[str, int]:
    """`text` with each sentence claiming a run or a measurement removed; and how many went."""
    out: list[str] = []
    dropped = 0
    in_code = False
    for line in text.split("\n"):
        if FENCE.match(line):
            in_code = not in_code
        if in_code or not claims(line):
            out.append(line)
            continue
        head = _ITEM_HEAD.match(line)
        prefix = head.group(1) if head else ""
        kept: list[str] = []
        for sentence in _SENTENCE.split(line[len(prefix) :]):
            if not claims(sentence):
                kept.append(sentence)
                continue
            dropped += 1
            clause, colon, rest = sentence.partition(":")
            if (
                colon
                and rest.strip()
                and claims(clause)
                and not claims(rest)
                and not MEASURE.search(rest)
            ):
                rest = rest.strip()
                kept.append(rest[:1].upper() + rest[1:])
        body = " ".join(s.strip() for s in kept if s.strip())
        if body:
            out.append(prefix + body)
    return "\n".join(out), dropped
