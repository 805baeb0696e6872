"""A line of prose in another script than the reply's language is dropped from the draft.

The sections check votes per section: a Japanese section with one English sentence in it
("- Rate limits per account should turn the 6th failure into 429.") passed, and the learner
read a line they may not understand (review8 F34). For the languages with a script of their
own (ja, zh, ko, ru, uk) the script tells it without the detector, so it costs one pass over
the draft's lines: a line whose prose has several Latin words and not one letter of the
reply's script is another language's. Code (fences, `inline`), links (reference titles are
often English), quotes and error messages the learner pasted are the learner's or the
program's words, and stay.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.mentor.models import SECTION_KEYS, Sections

SCRIPTS: dict[str, re.Pattern[str]] = {
    "ja": re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]"),
    "zh": re.compile(r"[\u3400-\u9fff]"),
    "ko": re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "uk": re.compile(r"[\u0400-\u04ff]"),
}
"""The reply languages written in a script of their own, and its letters."""
MIN_LATIN_WORDS = 5
"""Fewer Latin words are names and terms the reply may keep (a library, "p99 latency")."""
_INLINE = re.compile(r"`[^`\n]*`|https?://\S+|\]\([^)]*\)")
_LATIN_WORD = re.compile(r"[A-Za-z][a-z]{1,}")
_KEPT = re.compile(r"\[[^\]]*\]\(|^\s*>|Error\b|Exception\b|Traceback|Warning\b")
"""A link, a quote, or a program's error message: not the reply's prose."""
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def foreign_line(line: str, script: re.Pattern[str]) -> bool:
    """Prose with several Latin words and no letter of the reply's script."""
    if _KEPT.search(line):
        return False
    prose = _INLINE.sub(" ", line)
    if script.search(prose):
        return False
    return len(_LATIN_WORD.findall(prose)) >= MIN_LATIN_WORDS


_NUMBERED = re.compile(r"^(\s*)\d{1,2}([.)])\s")


def _renumbered(lines: list[str]) -> list[str]:
    """Numbered list lines counted 1, 2, 3... again (review9 R28); code is left alone."""
    out: list[str] = []
    count = 0
    fence = False
    for line in lines:
        if _FENCE.match(line):
            fence = not fence
        found = None if fence else _NUMBERED.match(line)
        if found:
            count += 1
            out.append(f"{found.group(1)}{count}{found.group(2)} {line[found.end() :]}")
        else:
            out.append(line)
    return out


def drop_foreign_lines(sections: Sections, language: str) -> tuple[Sections, int]:
    """`sections` without prose lines in another script than `language`'s; how many went."""
    script = SCRIPTS.get(language)
    if script is None:
        return sections, 0
    return drop_lines(sections, lambda line: foreign_line(line, script))


def drop_lines(sections: Sections, drop: Callable[[str], bool]) -> tuple[Sections, int]:
    """`sections` without the prose lines `drop` names (code blocks stay); how many went."""
    data = sections.to_dict()
    dropped = 0
    for key in SECTION_KEYS:
        kept: list[str] = []
        fence = ""
        for line in data[key].split("\n"):
            opened = _FENCE.match(line)
            if fence:
                if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                    fence = ""
                kept.append(line)
            elif opened:
                fence = opened.group(1)
                kept.append(line)
            elif drop(line):
                dropped += 1
            else:
                kept.append(line)
        if len(kept) < data[key].count("\n") + 1:
            kept = _renumbered(kept)  # "1. 3." after a cut step would read as a missing one
        data[key] = "\n".join(kept)
    return (Sections.from_dict(data), dropped) if dropped else (sections, 0)
