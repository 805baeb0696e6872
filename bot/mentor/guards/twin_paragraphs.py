"""One paragraph, one section: a paragraph shown in two sections keeps only one copy.

A draft can paste one section's content under another (the hypothesis written into the
context, then "See above." for the hypotheses); once the hollow section is filled, the
learner would read the same paragraph twice. The copy goes from the section that stays
sound without it (the context still asks its question), so each section keeps substance;
when no section can spare it, both copies stay (better twice than a hollow section).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from bot.mentor.models import SECTION_KEYS, Sections

MIN_TWIN = 40
"""Shorter paragraphs ("Measure it.", a list item) may repeat on purpose."""


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def drop_twin_paragraphs(
    sections: Sections, sound: Callable[[str, str], bool]
) -> tuple[Sections, tuple[str, ...]]:
    """`sections` with each long paragraph kept in one section; the sections that lost one.

    `sound(key, body)`: the section is still sound with `body` (the sections guard's rules).
    Code fences are never split: a body holding one is left as is.
    """
    data = sections.to_dict()
    counts = Counter(p for key in SECTION_KEYS for p in set(_paragraphs(data[key])))
    twins = {p for p, n in counts.items() if n > 1 and len(p) >= MIN_TWIN and "```" not in p}
    if not twins:
        return sections, ()
    trimmed: list[str] = []
    for key in SECTION_KEYS:
        if "```" in data[key]:
            continue
        kept = _paragraphs(data[key])
        for twin in [p for p in kept if p in twins and counts[p] > 1]:
            rest = [p for p in kept if p != twin]
            body = "\n\n".join(rest)
            if rest and sound(key, body):
                kept, counts[twin] = rest, counts[twin] - 1
                data[key] = body
                trimmed.append(key)
    if not trimmed:
        return sections, ()
    return Sections.from_dict(data), tuple(dict.fromkeys(trimmed))
