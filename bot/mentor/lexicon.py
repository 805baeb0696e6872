"""The words question understanding looks for, per language: loaded once from config/knowledge."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.toml_files import read_toml
from bot.text.word_alternation import grouped

NEVER = r"(?!x)x"
"""A pattern that matches nothing: what an empty word list compiles to."""


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of `words`, longest first (so "ms" never shadows "msec")."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def any_of(items: Iterable[object]) -> re.Pattern[str]:
    """Any of the words, lowercased, longest first; blank ones skipped (they match anywhere)."""
    return re.compile(alternation([str(i).lower() for i in items if str(i).strip()]) or NEVER)


_LETTER_AFTER = r"(?![A-Za-z0-9_\u00c0-\u024f\u0400-\u04ff])"
"""Only a letter of an alphabet (or a digit) continues a word: a CJK particle may follow one."""


def phrases(
    items: Iterable[object], *, stem: bool = False, particles: bool = False
) -> re.Pattern[str]:
    """Phrases found anywhere, longest first, as whole words in alphabetic scripts.

    CJK phrases run into their neighbours (no spaces). `particles`: a CJK particle may follow
    a Latin word ("TTLを", "merge가") and a dotted name is never a word's start
    ("requests.get"); `stem` (implies `particles`) lets an ending of up to 3 letters follow
    ("queries", "запроса"). One helper for every lexicon of cue phrases (measures, judgement,
    environment shifts), so their words are matched alike.
    """
    particles = particles or stem
    parts: list[tuple[str, str, str]] = []
    for word in sorted({str(i).lower() for i in items if str(i).strip()}, key=len, reverse=True):
        edge_start = word[0].isalnum() and ord(word[0]) < 0x3000
        edge_end = word[-1].isalnum() and ord(word[-1]) < 0x3000
        start = (r"[\w.]" if particles else r"\w") if edge_start else ""
        if not edge_end:
            end = ""
        elif stem:
            end = rf"\w{{0,3}}{_LETTER_AFTER}"
        else:
            end = _LETTER_AFTER if particles else r"(?!\w)"
        parts.append((word, start, end))
    return re.compile(grouped(parts))  # by first character: the same matches, less work


def lexicon_file(config_dir: Path, name: str) -> dict[str, Any]:
    """config_dir/knowledge/lexicon/<name>.toml: where every lexicon of understanding lives."""
    return read_toml(config_dir / "knowledge" / "lexicon" / f"{name}.toml")


@dataclass(frozen=True)
class Lexicon:
    """The words understanding looks for, loaded once from config/knowledge."""

    aliases: dict[str, str]
    """alias (lowercase) -> canonical stack name."""
    environment: frozenset[str]
    """Canonical names that say where code runs."""
    ambiguous: frozenset[str]
    """Canonical names that are also ordinary words: named only when written as a library."""
    library_words: frozenset[str]
    before: re.Pattern[str]
    after: re.Pattern[str]
    instead: re.Pattern[str]
    to: re.Pattern[str]
    goal: re.Pattern[str]
    goal_after: re.Pattern[str]
    """A goal cue written right after the number (Turkish, Korean, Japanese, Chinese)."""
    control: re.Pattern[str]
    load_cue: re.Pattern[str]
    symptoms: tuple[tuple[str, re.Pattern[str]], ...]
    goals: tuple[tuple[str, re.Pattern[str]], ...]
    slot_cues: tuple[tuple[str, re.Pattern[str]], ...]
    tests: re.Pattern[str]
    """Words that put a passed/failed cue in a test context."""

    @classmethod
    def load(cls, config_dir: Path) -> Lexicon:
        """Read stack.toml and understanding.toml under config_dir/knowledge/lexicon."""
        stack = lexicon_file(config_dir, "stack")
        words = lexicon_file(config_dir, "understanding")
        aliases: dict[str, str] = {}
        for group in ("stack", "environment"):  # [ambiguous] only qualifies [stack] names
            for name, names in stack.get(group, {}).items():
                for alias in (name, *names):
                    aliases[str(alias).lower()] = str(name)
        labels = words.get("labels", {})

        def pattern(items: list[str], *, whole: bool = False) -> re.Pattern[str]:
            body = alternation([str(i).lower() for i in items]) or NEVER
            # whole words for short cues ("slo" must not match "slow"); CJK has no spaces
            return re.compile(rf"(?<![a-z])(?:{body})(?![a-z])" if whole else body)

        def table(name: str, *, whole: bool = False) -> tuple[tuple[str, re.Pattern[str]], ...]:
            entries = words.get(name, {}).items()
            return tuple((key, pattern(items, whole=whole)) for key, items in entries)

        return cls(
            aliases=aliases,
            environment=frozenset(stack.get("environment", {})),
            ambiguous=frozenset(stack.get("ambiguous", {}).get("names", [])),
            library_words=frozenset(
                str(w).lower() for w in stack.get("ambiguous", {}).get("library_words", [])
            ),
            before=pattern(labels.get("before", []), whole=True),
            after=pattern(labels.get("after", []), whole=True),
            instead=pattern(labels.get("instead", [])),
            to=pattern(labels.get("to", [])),
            goal=pattern(labels.get("goal", []), whole=True),
            goal_after=re.compile(
                rf"[ \u00a0]{{0,2}}(?:{alternation(labels.get('goal_after', [])) or NEVER})"
            ),
            control=pattern(labels.get("control", []), whole=True),
            load_cue=pattern(labels.get("load", [])),
            symptoms=table("symptoms"),
            goals=table("goals"),
            slot_cues=table("slots", whole=True),
            tests=pattern(words.get("result_context", {}).get("tests", []), whole=True),
        )


@lru_cache(maxsize=4)
def lexicon(config_dir: Path | None = None) -> Lexicon:
    """The lexicon of `config_dir` (the repository's config by default), cached."""
    return Lexicon.load(config_dir or DEFAULT_CONFIG_DIR)
