"""Steps that only served removed attack code go with it (review13 W16).

Once the safety guard drops a draft's harmful block ("load this content script: ```...```"),
the steps that operate what was removed are still an attack's recipe: "3. Publish it on the
Chrome Web Store under a neutral name so it looks like a normal translator", "mail it as
invoice.pdf.exe", "run it on your colleague's PC while they are out", "then paste the output of
the script above". A recipe is judged as a sequence (README), so they go too, in the 14
languages (config/guards/served_steps.toml: publishing, disguising, sending to someone,
running on someone's machine or in secret, hiding it, asking for its output). They are read
only after a drop: a defensive step (count the reports, remove local admin rights, compare
netstat with a clean machine) names none of these and stays, and in a clean draft nothing
here runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.mentor.guards.answers_question import renumber
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text import markdown
from bot.text.toml_files import read_toml

_STEP = re.compile(r"^\s*(?:\d{1,2}[.)]\s+|\d{1,2}[、．]\s*|[-*•]\s+|・\s*)")
SHORT_LINE = 240
"""A prose line (not a list step) this short is an afterword; a longer one mixes teaching in."""


@dataclass(frozen=True, slots=True)
class ServedSteps:
    """Per language, one alternation of the cues of a step serving the removed code."""

    cues: dict[str, re.Pattern[str]]

    def serves(self, line: str, language: str) -> bool:
        """`line` publishes, disguises, delivers, runs in secret or asks for the output."""
        return any(
            pattern.search(line)
            for pattern in (self.cues.get(language), self.cues.get("en"))
            if pattern is not None
        )

    def drop(self, text: str, language: str) -> tuple[str, int]:
        """`text` without the steps that serve removed code, its list counted 1..n again."""
        if not text.strip():
            return text, 0
        source = markdown.normalize(text)
        lines = source.split("\n")
        fenced = _fenced_lines(source)
        kept: list[str] = []
        for index, line in enumerate(lines):
            if index not in fenced and line.strip() and self._judged(line, language):
                continue
            kept.append(line)
        removed = len(lines) - len(kept)
        if not removed:
            return text, 0
        return renumber("\n".join(kept).strip()), removed

    def _judged(self, line: str, language: str) -> bool:
        step = _STEP.match(line) is not None
        return (step or len(line) <= SHORT_LINE) and self.serves(line, language)


def _fenced_lines(text: str) -> set[int]:
    """Indexes of the lines inside (and of) the fenced blocks of normalized `text`."""
    inside: set[int] = set()
    for block in markdown.code_blocks(text):
        inside.update(range(block.first_line, block.end_line))
    return inside


@lru_cache(maxsize=4)
def load_served(config_dir: Path = DEFAULT_CONFIG_DIR) -> ServedSteps:
    """Every language's cues (config/guards/served_steps.toml); none without the file."""
    table = read_toml(config_dir / "guards" / "served_steps.toml")
    cues: dict[str, re.Pattern[str]] = {}
    for language, entry in table.items():
        patterns = entry.get("serve", []) if isinstance(entry, dict) else []
        if patterns:
            cues[language] = re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
    return ServedSteps(cues)
