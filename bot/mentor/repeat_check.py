"""A draft that repeats the thread's previous reply: same steps, the same questions asked again.

A follow-up that brings numbers needs the next move, not the last reply again (an LLM given the
same thread can return it nearly verbatim: "measure the baseline with timeit" after the learner
measured it, "how large is the input?" after they said). The previous reply is in the thread's
history; a section most of whose lines it already held is repeated, and the drafter takes that
section from the offline engine, which moves on (bot/mentor/drafting.py).
"""

from __future__ import annotations

import re

from bot.mentor.engine_port import Turn
from bot.mentor.models import Sections

CHECKED = ("context", "hypotheses", "steps", "next_steps", "reflection")
"""Sections whose repetition says the reply did not move on (topics and references may stay)."""
MIN_LINE_CHARS = 24
"""Shorter lines ("Yes.", a heading) repeat by chance."""
REPEATED_SHARE = 0.6
"""A section is repeated when this share of its substantive lines was in the previous reply."""
MIN_REPEATED = 2
"""...and at least this many (one shared reference line is no repetition)..."""
MIN_WHOLE_CHARS = 40
"""...or, beside repeated steps, the whole section said before, this long at least (the one
question "How large is the input?" asked again): a short line ("Measure again.") may coincide."""
WHOLE_KEYS = ("context", "hypotheses", "reflection")
"""Sections of one line or two that repeat whole (a shared reference is no repetition)."""
_MARKUP = re.compile(r"^\s*(?:[-*•>]|\d+[.)])\s*|[*_`]")


def _lines(text: str) -> list[str]:
    """Substantive lines, compared without list markers, emphasis or spacing."""
    out = []
    for raw in text.splitlines():
        flat = " ".join(_MARKUP.sub("", raw).split()).lower()
        if len(flat) >= MIN_LINE_CHARS:
            out.append(flat)
    return out


def previous_replies(history: tuple[Turn, ...]) -> str:
    """The thread's mentor replies in the history window ('' before the first).

    All of them, not the last only: a draft equal to turn 1's repeats it even after turn 2's
    reply was repaired.
    """
    return "\n".join(t.text for t in history if t.author == "mentor")


def repeated(sections: Sections, history: tuple[Turn, ...]) -> tuple[str, ...]:
    """The sections of a draft that mostly repeat one of the thread's earlier replies.

    A draft whose steps did not move on did not read the learner's answer: then a one-line
    question or reflection said before is repeated too ("How large is the input?" after the
    learner said). A draft with new steps may keep its hypothesis.
    """
    before = set(_lines(previous_replies(history)))
    if not before:
        return ()
    body = sections.to_dict()
    mostly: list[str] = []
    whole: list[str] = []
    for key in CHECKED:
        lines = _lines(body[key])
        again = [ln for ln in lines if ln in before]
        if len(again) >= MIN_REPEATED and len(again) >= REPEATED_SHARE * len(lines):
            mostly.append(key)
        elif (
            key in WHOLE_KEYS
            and lines
            and len(again) == len(lines)
            and sum(map(len, lines)) >= MIN_WHOLE_CHARS
        ):
            whole.append(key)
    found = (*mostly, *whole) if "steps" in mostly else tuple(mostly)
    return tuple(k for k in CHECKED if k in found)


def with_sections(draft: Sections, fresh: Sections, keys: tuple[str, ...]) -> Sections:
    """The draft with the repeated sections taken from `fresh` (the offline answer).

    As many lines as the draft's section held: the repair says the next thing, not more than
    the model would have (a reply grown past a chat message's limit arrives in pieces).
    """
    body = draft.to_dict()
    new = fresh.to_dict()
    for key in keys:
        lines = [ln for ln in new[key].splitlines() if ln.strip()]
        room = max(len([ln for ln in body[key].splitlines() if ln.strip()]), MIN_REPEATED)
        if lines:
            body[key] = "\n".join(lines[:room])
    return Sections.from_dict(body)
