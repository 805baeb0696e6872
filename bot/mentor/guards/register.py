"""A draft line in the formal register is dropped: the bot says "du", never "Sie" (review9 R42).

The bot's own texts (templates, knowledge units, notices) speak to the learner in the informal
register of each language; an LLM draft that switches line by line ("Miss die Grundlinie" /
"Messen Sie danach...") reads as two people talking. Rewriting a formal line means conjugating
its verbs, which no rule can do safely, so the line goes, as a line in another script does
(`foreign_lines`); a section left hollow is filled from the offline answer. The formal words
per language are data (config/guards/register.toml); code, links and quotes stay.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from bot.mentor.guards.foreign_lines import drop_lines
from bot.mentor.models import Sections
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.toml_files import read_toml

_INLINE = re.compile(r"`[^`\n]*`|https?://\S+|\]\([^)]*\)|\"[^\"\n]*\"|„[^“\n]*“|«[^»\n]*»")
"""Code, links and quoted words: the program's or the learner's words, not the draft's address."""
_QUOTE = re.compile(r"^\s*>")


@lru_cache(maxsize=4)
def formal_patterns(config_dir: Path = DEFAULT_CONFIG_DIR) -> dict[str, re.Pattern[str]]:
    """Per language, what its formal register looks like (config/guards/register.toml)."""
    table = read_toml(config_dir / "guards" / "register.toml").get("formal", {})
    return {lang: re.compile(str(pattern)) for lang, pattern in table.items()}


@lru_cache(maxsize=4)
def informal_patterns(config_dir: Path = DEFAULT_CONFIG_DIR) -> dict[str, re.Pattern[str]]:
    """Per language whose models write formally by default, what its informal voice looks like.

    There a formal line goes only beside an informal one (two voices in one draft).
    """
    table = read_toml(config_dir / "guards" / "register.toml").get("informal", {})
    return {lang: re.compile(str(pattern)) for lang, pattern in table.items()}


def formal_line(line: str, pattern: re.Pattern[str]) -> bool:
    """The line addresses the learner formally (outside code, links and quotes)."""
    if _QUOTE.match(line):
        return False
    return pattern.search(_INLINE.sub(" ", line).strip()) is not None


def drop_formal_lines(
    sections: Sections, language: str, patterns: dict[str, re.Pattern[str]] | None = None
) -> tuple[Sections, int]:
    """`sections` without the lines in `language`'s formal register; how many went."""
    pattern = (formal_patterns() if patterns is None else patterns).get(language)
    if pattern is None:
        return sections, 0
    informal = informal_patterns().get(language) if patterns is None else None
    if informal is not None and not any(
        formal_line(line, informal)
        for body in sections.to_dict().values()
        for line in body.splitlines()
    ):
        return sections, 0  # one voice throughout, however formal: one person talking
    return drop_lines(sections, lambda line: formal_line(line, pattern))
