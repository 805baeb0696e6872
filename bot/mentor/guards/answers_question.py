"""The draft must answer THIS turn, within the learner's constraints.

The sections guard judges each section's shape; a draft can be well-shaped and still answer
something else (review8 F31: a Kafka rebalance question, a Django N+1 draft), or propose what
the learner ruled out (review9 R21: "without Redis" -> "1. Install Redis"). Read from what the
turn already knows, without a model (a follow-up repeating an earlier reply, F35, is repaired
by the drafter: bot/mentor/repeat_check.py):
- off subject: the question names a library, framework or tool (the lexicon's stack names),
  and the draft's context, hypotheses and steps name none of them and share no content word
  with the question (a word's first five letters, so "partition" meets "partitions" and
  "Anfrage" meets "Anfragen"; two-character runs for Chinese, Japanese and Korean);
- ruled out: a hypothesis, step, scaffold block or topic naming a library the learner ruled
  out ("without Redis"), or breaking another held constraint ("standard library only" ->
  "pip install numpy", Python 3.8 -> `match`), as the offline engine never proposes one;
- off topic: a topics line naming only libraries neither the question nor the draft's
  substance names ("Django ORM" under an aiohttp answer).
Such sections are answered by the offline engine's reply to this very request.
"""

from __future__ import annotations

import re

from bot.mentor.constraints import AVOID, Held, excluded, stated
from bot.mentor.models import Sections
from bot.mentor.understanding import stack_names

SUBJECT_KEYS = ("context", "hypotheses", "steps")
"""Where a draft says what it is about (topics and references follow the question)."""
PREFIX = 5
MIN_SUBJECT_STEMS = 8
"""Content words a draft needs to be ABOUT something (fewer: hollow, not off subject)."""
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


RULED_OUT_KEYS = ("hypotheses", "steps", "topics")
"""Sections whose lines may propose a library; the scaffold's code blocks go whole."""
_BLOCK = re.compile(r"```[^\n]*\n.*?```", re.S)


def held_constraints(question: str, constraints: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The constraints a draft is held to: the thread's when read, else the question's own.

    The thread's hold the libraries the question rules out already ('avoid:redis').
    """
    if constraints is None:
        ruled_out = excluded(question) if question else ()
        constraints = (*(stated(question) if question else ()), *(f"{AVOID}{n}" for n in ruled_out))
    return tuple(dict.fromkeys(constraints))


def without_ruled_out(
    question: str,
    sections: Sections,
    constraints: tuple[str, ...] | None = None,
    named: tuple[str, ...] | None = None,
) -> tuple[Sections, int]:
    """Hypotheses, steps, topics and scaffold blocks that break a held constraint go.

    The offline engine never proposes one (review8 F3); an LLM draft did ("1. Install Redis",
    `import redis` as the scaffold, "rate limiting with Redis" as a topic: review9 R21; numpy
    under "standard library only": R5). Emptied or thinned, the sections are topped up from
    the offline answer. `constraints`, `named`: the thread's, when the turn already read them.
    """
    held = Held(
        constraints=held_constraints(question, constraints),
        stack=stack_names(question) if named is None else named,
    )
    if not held:
        return sections, 0
    data = sections.to_dict()
    dropped = 0
    for key in RULED_OUT_KEYS:
        lines = data[key].split("\n")
        kept = [ln for ln in lines if "```" in ln or not held.breaks(ln)]
        dropped += len(lines) - len(kept)
        data[key] = renumber("\n".join(kept).strip())
    blocks = _BLOCK.findall(data["scaffold"])
    for block in (b for b in blocks if held.breaks(b)):
        data["scaffold"] = data["scaffold"].replace(block, "").strip()
        dropped += 1
    return (Sections.from_dict(data), dropped) if dropped else (sections, 0)


def off_topics(
    question: str, sections: Sections, named: tuple[str, ...] | None = None
) -> tuple[Sections, int]:
    """Topics lines naming only libraries the question and the draft never mention go.

    "Topics practiced" are this reply's: a draft answering an aiohttp question that lists
    "Django ORM" and "Celery retries" names what the learner did not practise. Only when the
    question names its own stack: a question naming none gives no subject to hold them to.
    """
    body = sections.to_dict()
    lines = body["topics"].split("\n")
    names = [stack_names(ln) for ln in lines]
    if not any(names):
        return sections, 0  # topics in general words ("profiling"): nothing to hold
    asked = set(stack_names(question) if named is None else named)
    if not asked:
        return sections, 0
    said = "\n".join(body[key] for key in (*SUBJECT_KEYS, "scaffold")).lower()
    low = question.lower()
    drafted: set[str] | None = None

    def touched(name: str) -> bool:
        nonlocal drafted
        if name in low or name in said or name in asked:
            return True
        if drafted is None:  # the draft's stack names, read once
            drafted = set(stack_names(said))
        return name in drafted

    kept = [
        ln for ln, found in zip(lines, names, strict=True) if not found or any(map(touched, found))
    ]
    if len(kept) == len(lines):
        return sections, 0
    body["topics"] = "\n".join(kept).strip()
    return Sections.from_dict(body), len(lines) - len(kept)


_NUMBERED = re.compile(r"^(\s*)\d{1,2}([.)])\s", re.M)


def renumber(text: str) -> str:
    """Numbered items counted 1, 2, 3... again once some were removed."""
    count = iter(range(1, 100))
    return _NUMBERED.sub(lambda m: f"{m.group(1)}{next(count)}{m.group(2)} ", text)
