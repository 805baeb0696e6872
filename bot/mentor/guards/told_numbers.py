"""A context question the learner already answered with a number is not asked again.

"My asyncpg pool has max_size=10; with 200 concurrent requests the p99 goes from 80 ms to
1.9 s" answered "what is your current p99 under 200 concurrent requests?" before it was
asked (review10 T27). The offline engine skips the slots a message filled; an LLM draft does
not. A context question goes when it names a word the learner put a number beside (p99,
rows, requests: within three words of a number) and names nothing the learner did not say
(its other words are the learner's own or name nothing: `hollow_lines`). A question about
something new ("does the query hold the connection during an HTTP call?") stays.
"""

from __future__ import annotations

import re

from bot.mentor.guards.answers_question import renumber
from bot.mentor.guards.hollow_lines import Vocabulary, vocabularies
from bot.mentor.models import Sections

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_][\w-]*", re.U)
_NUMBER = re.compile(r"\d")
_QUESTION = re.compile(r"[?？]")
NEAR = 3
"""Words this close to a number are what the number measures ("200 requêtes", "p99 80 ms")."""
STEM = 4


def _stem(word: str) -> str:
    return word[:STEM]


def _measured(question: str) -> tuple[set[str], set[str]]:
    """The stems of the question's words, and of those standing beside a number."""
    tokens = [t.lower() for t in _TOKEN.findall(question)]
    numbers = [i for i, t in enumerate(tokens) if _NUMBER.match(t)]
    said = {_stem(t) for t in tokens if not _NUMBER.match(t)}
    near = {
        _stem(tokens[j])
        for i in numbers
        for j in range(max(0, i - NEAR), min(len(tokens), i + NEAR + 1))
        if not _NUMBER.match(tokens[j]) and len(tokens[j]) > 1
    }
    return said, near


def _generic(word: str, own: Vocabulary | None, english: Vocabulary | None) -> bool:
    return (own is not None and own.generic(word)) or (
        english is not None and english.generic(word)
    )


def asked_again(question: str, sections: Sections, language: str) -> tuple[Sections, int]:
    """`sections` without the context questions the learner's numbers already answer."""
    if not question or not _NUMBER.search(question) or not sections.context.strip():
        return sections, 0
    said, near = _measured(question)
    table = vocabularies()
    own, english = table.get(language), table.get("en")
    kept: list[str] = []
    for line in sections.context.split("\n"):
        words = [w.lower() for w in _TOKEN.findall(line) if not _NUMBER.match(w)]
        content = [w for w in words if not _generic(w, own, english)]
        answered = (
            bool(_QUESTION.search(line))
            and any(_stem(w) in near for w in content)
            and all(_stem(w) in said for w in content)
        )
        if not answered:
            kept.append(line)
    dropped = sections.context.count("\n") + 1 - len(kept)
    if not dropped:
        return sections, 0
    context = renumber("\n".join(kept).strip())
    return Sections.from_dict({**sections.to_dict(), "context": context}), dropped
