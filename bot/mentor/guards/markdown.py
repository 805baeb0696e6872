"""Split a draft's Markdown into prose paragraphs and fenced code blocks (one reader for guards).

Unfenced programs in prose (indented, raw lines, <pre>) are code parts too (code_views).
Fences are recognised the way the streaming gate recognises them (a run of 3+ backticks or
tildes at the start of a line), so what the gate holds and what the guards inspect agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.mentor.guards.code_views import code_line, code_runs, python_view

_FENCE_LINE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*([\w+#.-]*)")


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
    """Paragraphs (split at blank lines) and fenced blocks, in order; never raises."""
    parts: list[Part] = []
    prose: list[str] = []

    def flush() -> None:
        parts.extend(_prose_parts(prose))
        prose.clear()

    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE_LINE.match(line)
        if fence is None:
            prose.append(line)
            i += 1
            continue
        flush()
        marker, language = fence.group(1), fence.group(2).lower()
        body: list[str] = []
        j = i + 1
        closing = ""
        while j < len(lines):
            close = _FENCE_LINE.match(lines[j])
            if (
                close is not None
                and close.group(1)[0] == marker[0]
                and len(close.group(1)) >= len(marker)
                and not close.group(2)
            ):
                closing = lines[j]
                break
            body.append(lines[j])
            j += 1
        whole = "\n".join([line, *body, *([closing] if closing else [])])
        parts.append(Part(whole, code="\n".join(body), language=language))
        i = j + 1
    flush()
    return parts


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
    """Paragraphs of a fence-free region; unfenced programs in it become code parts."""
    if not any(code_line(line) for line in lines):
        return _paragraphs(lines)
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
