"""Is the draft an answer to THIS turn? Another subject, or the previous reply again.

The sections guard judges each section's shape; a draft can be well-shaped and still answer
something else (review8 F31: a Kafka rebalance question, a Django N+1 draft), or repeat the
thread's previous reply word for word after the learner reported numbers (F35). Both are
read from what the turn already knows, without a model:
- off subject: the question names a library, framework or tool (the lexicon's stack names),
  and the draft's context, hypotheses and steps name none of them and share no content word
  with the question (a word's first five letters, so "partition" meets "partitions" and
  "Anfrage" meets "Anfragen"; two-character runs for Chinese, Japanese and Korean);
- ruled out: a hypothesis or step naming a library the learner ruled out ("without Redis");
- repeated: a section whose lines were all in one of the thread's earlier replies
  (40 characters or more: a short line may coincide).
Such sections are answered by the offline engine's reply to this very request.
"""

from __future__ import annotations

import re

from bot.mentor.constraints import AVOID, excluded
from bot.mentor.models import Sections
from bot.mentor.understanding import stack_names

SUBJECT_KEYS = ("context", "hypotheses", "steps")
"""Where a draft says what it is about (topics and references follow the question)."""
REPEAT_KEYS = ("context", "hypotheses", "steps", "reflection")
"""Sections a follow-up must move on in (references and topics may stay)."""
PREFIX = 5
MIN_SUBJECT_STEMS = 8
"""Content words a draft needs to be ABOUT something (fewer: hollow, not off subject)."""
MIN_REPEATED_CHARS = 40
"""A short line ("Measure again.") may coincide; a section this long said before repeats."""
_WORD = re.compile(r"[^\W\d_]{5,}", re.U)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2,}")
_COMMON = frozenset(
    [
        "about",
        "above",
        "after",
        "again",
        "against",
        "because",
        "before",
        "being",
        "below",
        "between",
        "could",
        "doing",
        "during",
        "every",
        "further",
        "having",
        "other",
        "should",
        "their",
        "there",
        "these",
        "those",
        "through",
        "under",
        "until",
        "where",
        "which",
        "while",
        "would",
        "yours",
        "using",
        "please",
        "thanks",
        "really",
        "still",
        "always",
        "never",
        "maybe",
        "since",
    ]
)
_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•]|・)\s*")


def _stems(text: str) -> set[str]:
    low = text.lower()
    stems = {w[:PREFIX] for w in _WORD.findall(low) if w not in _COMMON}
    for run in _CJK.findall(low):
        stems.update(run[i : i + 2] for i in range(len(run) - 1))
    return stems


def off_subject(question: str, sections: Sections, named: tuple[str, ...] | None = None) -> bool:
    """The question names what it is about and the draft's substance touches none of it.

    `named`: the question's stack names when the turn already read them.
    """
    named = stack_names(question) if named is None else named
    if not named:
        return False  # no named subject: nothing to hold the draft against
    body = sections.to_dict()
    said = "\n".join(body[key] for key in SUBJECT_KEYS)
    low = said.lower()
    if any(name in low for name in named) or set(stack_names(said)) & set(named):
        return False
    stems = _stems(said)
    # a hollow draft ("Ok.", "Good luck!") is about nothing: the substance rules fill it
    return len(stems) >= MIN_SUBJECT_STEMS and not (_stems(question) & stems)


def _lines(text: str) -> list[str]:
    return [_LIST_MARK.sub("", ln).strip() for ln in text.splitlines() if ln.strip()]


def repeated(sections: Sections, said: tuple[str, ...]) -> tuple[str, ...]:
    """Sections whose every line one earlier reply of the thread already said."""
    if not said:
        return ()
    body = sections.to_dict()
    found = []
    for key in REPEAT_KEYS:
        lines = [ln for ln in _lines(body[key]) if "```" not in ln]
        if sum(map(len, lines)) < MIN_REPEATED_CHARS:
            continue
        if any(all(ln in text for ln in lines) for text in said):
            found.append(key)
    return tuple(found)


RULED_OUT_KEYS = ("hypotheses", "steps")


def without_ruled_out(
    question: str, sections: Sections, ruled_out: tuple[str, ...] | None = None
) -> tuple[Sections, int]:
    """Hypotheses and steps naming a library the learner ruled out ("without Redis") go.

    The offline engine never proposes one (review8 F3); an LLM draft did ("1. Install Redis",
    review9 R21). Emptied or thinned, the sections are topped up from the offline answer.
    `ruled_out`: the thread's ruled-out names when the turn already read them.
    """
    if ruled_out is None:
        ruled_out = excluded(question) if question else ()
    names = set(ruled_out)
    if not names:
        return sections, 0
    data = sections.to_dict()
    dropped = 0
    for key in RULED_OUT_KEYS:
        lines = data[key].split("\n")
        kept = [ln for ln in lines if not names & set(stack_names(ln))]
        dropped += len(lines) - len(kept)
        data[key] = renumber("\n".join(kept).strip())
    return (Sections.from_dict(data), dropped) if dropped else (sections, 0)


_NUMBERED = re.compile(r"^(\s*)\d{1,2}([.)])\s", re.M)


def renumber(text: str) -> str:
    """Numbered items counted 1, 2, 3... again once some were removed."""
    count = iter(range(1, 100))
    return _NUMBERED.sub(lambda m: f"{m.group(1)}{next(count)}{m.group(2)} ", text)


def ruled_out_names(constraints: tuple[str, ...]) -> tuple[str, ...]:
    """The library names of a thread's held constraints ('avoid:redis' -> 'redis')."""
    return tuple(c.removeprefix(AVOID) for c in constraints if c.startswith(AVOID))
