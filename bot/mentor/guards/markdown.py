"""A draft as the guards read it: prose paragraphs, fenced blocks and unfenced programs.

Fences come from the one Markdown reader (bot/text/markdown.py, markdown-it-py), so what the
streaming gate holds, what the splitters keep and what the guards inspect agree. The guards add
one thing on top: a program written unfenced in prose (indented, raw lines, <pre>) is a code
part too (bot/mentor/guards/code_views.py), because a hostile draft hides code that way.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from bot.mentor.guards.code_views import code_line, code_runs, foreign_runs, python_view
from bot.text import markdown


@dataclass(frozen=True, slots=True)
class Part:
    """A prose paragraph, or a fenced block with its opening/closing lines."""

    text: str
    """The whole part as written (fences included for code)."""
    code: str | None = None
    """The block's body for code parts; None for prose."""
    language: str = ""
    fenced: bool = True
    """False for code found unfenced in prose (indented, raw, <pre>: see code_views)."""

    @property
    def is_code(self) -> bool:
        """True for a fenced block."""
        return self.code is not None


def split_parts(text: str) -> list[Part]:
    """Paragraphs (split at blank lines) and code blocks, in order; never raises.

    Lines outside fences are read as one region per gap between fenced blocks, so an unfenced
    program with blank lines inside stays one code part.
    """
    return list(_split_parts(text))


PARTS_CACHE = 256
"""Recent texts' parts: output safety, harm split and integrity each split every section."""


@functools.lru_cache(maxsize=PARTS_CACHE)
def _split_parts(text: str) -> tuple[Part, ...]:
    source = markdown.normalize(text)
    lines = source.split("\n")
    parts: list[Part] = []
    pos = 0
    for block in markdown.code_blocks(source):
        parts.extend(_prose_parts(lines[pos : block.first_line]))
        parts.append(Part(block.text, code=block.code or "", language=block.language))
        pos = block.end_line
    parts.extend(_prose_parts(lines[pos:]))
    return tuple(parts)


def _paragraphs(lines: list[str]) -> list[Part]:
    out: list[Part] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
        elif current:
            out.append(Part("\n".join(current)))
            current = []
    return out


def _prose_parts(lines: list[str]) -> list[Part]:
    """Paragraphs of a fence-free region; unfenced programs in it become code parts.

    Programs in other languages are found first (their indented lines would otherwise read
    as Python runs of their own), then Python programs in what is left.
    """
    if not any(code_line(line) for line in lines):
        return _paragraphs(lines)
    out: list[Part] = []
    pos = 0
    for start, end in foreign_runs(lines):
        body = "\n".join(lines[start:end])
        if python_view(body) is not None:
            continue  # Python with braces or semicolons: the Python runs take it
        out.extend(_python_parts(lines[pos:start]))
        out.append(Part(body, code=body, fenced=False))
        pos = end
    out.extend(_python_parts(lines[pos:]))
    return out


def _python_parts(lines: list[str]) -> list[Part]:
    """Paragraphs, with unfenced Python programs as code parts."""
    out: list[Part] = []
    pos = 0
    for start, end in code_runs(lines):
        out.extend(_paragraphs(lines[pos:start]))
        body = "\n".join(lines[start:end])
        out.append(Part(body, code=python_view(body) or body, fenced=False))
        pos = end
    out.extend(_paragraphs(lines[pos:]))
    return out


def join_parts(parts: list[Part]) -> str:
    """Markdown from parts: paragraphs and blocks separated by blank lines."""
    return "\n\n".join(p.text for p in parts if p.text.strip())


def paragraphs(text: str) -> list[str]:
    """The prose paragraphs of `text` (code blocks left out)."""
    return [p.text for p in split_parts(text) if not p.is_code]
