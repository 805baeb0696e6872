"""Guardrails on a draft, LLM or offline: structure, language and system-prompt leaks.

The solution guard lives in bot/mentor/solution.py; the misuse gate runs before any engine
(bot/mentor/method.py). Detectors here are pure and cheap, so the streaming gate can run them
on every delta.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.mentor.language import LanguageDetector
from bot.mentor.method import normalize
from bot.mentor.models import SECTION_KEYS, Sections
from bot.mentor.system_prompt import CANARY, METHOD_RULES

NGRAM = 7
"""Words per shingle: a draft sharing LEAK_HITS distinct shingles with the prompt leaked it."""
LEAK_HITS = 3
LANGUAGE_MIN_PROSE = 40
"""Below this much prose a language check is noise."""
WRONG_LANGUAGE_CONFIDENCE = 0.7
SECTION_MIN_PROSE = 160
SECTION_WRONG_CONFIDENCE = 0.9

_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(normalize(text))


class LeakDetector:
    """Finds the system prompt (or its canary) in a draft, however reformatted."""

    def __init__(self, secret_texts: tuple[str, ...] = (METHOD_RULES,)) -> None:
        self._shingles: set[tuple[str, ...]] = set()
        for text in secret_texts:
            words = _words(text)
            for i in range(len(words) - NGRAM + 1):
                self._shingles.add(tuple(words[i : i + NGRAM]))
        self._canary = normalize(CANARY)

    def leaks(self, draft: str) -> bool:
        """True when `draft` reproduces the private instructions."""
        return self.scan(draft, set())

    def scan(self, text: str, hits: set[tuple[str, ...]]) -> bool:
        """Check `text` (a whole draft, or the newest window of a stream), adding to `hits`.

        A stream passes its window and keeps `hits` between calls, so each delta costs its own
        length instead of the whole draft's (the draft is checked whole again at the end).
        """
        words = _words(text)
        if self._canary in normalize(text) or "mca guard 7f3c" in " ".join(words):
            return True
        for i in range(len(words) - NGRAM + 1):
            gram = tuple(words[i : i + NGRAM])
            if gram in self._shingles:
                hits.add(gram)
                if len(hits) >= LEAK_HITS:
                    return True
        return False


@dataclass(frozen=True, slots=True)
class DraftProblems:
    """What is wrong with a draft (empty = fine)."""

    missing: tuple[str, ...] = ()
    wrong_language: str | None = None
    """The language the draft is actually in, when it is not the thread's."""
    leaked: bool = False
    notes: list[str] = field(default_factory=list)
    hollow: tuple[str, ...] = ()
    """Sections present but without substance (bot/mentor/guards/substance.py)."""

    @property
    def ok(self) -> bool:
        """Nothing to repair."""
        return not (self.missing or self.wrong_language or self.leaked or self.hollow)

    def repair_note(self, language_name: str, headings: dict[str, str]) -> str:
        """What the re-ask tells the model."""
        parts = []
        if self.missing:
            names = ", ".join(f"**{headings[k]}**" for k in self.missing)
            parts.append(f"it lacked these sections: {names}.")
        if self.hollow:
            names = ", ".join(f"**{headings[k]}**" for k in self.hollow)
            parts.append(
                f"these sections had no substance: {names} (context asks questions, hypotheses "
                "name a metric or tool, 3-6 concrete steps, topics name the method's topics, "
                "1-2 references with URLs, the reflection asks for measured results)."
            )
        if self.wrong_language:
            parts.append(f"it was not written in {language_name}.")
        return " ".join(parts)


def draft_language(sections: Sections, expected: str, detector: LanguageDetector) -> str | None:
    """The language a draft is written in when it is clearly not `expected`, else None."""
    bodies = sections.to_dict()
    whole = "\n".join(bodies[k] for k in SECTION_KEYS)
    found = detector.detect(whole)
    if found.unsupported and found.unsupported not in ("und", expected):
        return found.unsupported
    if (
        found.language
        and found.language != expected
        and found.chars >= LANGUAGE_MIN_PROSE
        and found.confidence >= WRONG_LANGUAGE_CONFIDENCE
    ):
        return found.language
    for key in SECTION_KEYS:
        part = detector.detect(bodies[key], min_chars=SECTION_MIN_PROSE)
        if (
            part.language
            and part.language != expected
            and part.chars >= SECTION_MIN_PROSE
            and part.confidence >= SECTION_WRONG_CONFIDENCE
        ):
            return part.language
    return None


def inspect_draft(
    sections: Sections,
    raw: str,
    *,
    expected_language: str,
    detector: LanguageDetector,
    leaks: LeakDetector,
) -> DraftProblems:
    """Structure, language and leak problems of one draft."""
    leaked = leaks.leaks(raw or "\n".join(sections.to_dict().values()))
    return DraftProblems(
        missing=tuple(sections.missing()),
        wrong_language=draft_language(sections, expected_language, detector),
        leaked=leaked,
    )
