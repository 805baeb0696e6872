"""Find code in a learner's message: fenced blocks and attached .py files."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

_FENCE_RUN = re.compile(r"`{3,}+|~{3,}+")
"""Runs of 3+ backticks or tildes; possessive, so scanning stays linear on any input."""
_LANG_TAG = re.compile(r"[\w+#.-]{1,30}+")
PYTHON_TAGS = {"", "py", "python", "python3", "py3", "pycon"}


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A piece of code the learner sent, with where it came from."""

    code: str
    language: str = ""
    source: str = "message"
    """'message' for a fenced block, else the attachment's file name."""

    @property
    def is_python(self) -> bool:
        """Tagged as Python, or untagged and parses as Python."""
        if self.language.lower() not in PYTHON_TAGS:
            return False
        return self.language != "" or parses(self.code)

    def __repr__(self) -> str:
        code = self.code if len(self.code) <= 40 else self.code[:40] + "..."
        return f"CodeBlock(source={self.source!r}, language={self.language!r}, code={code!r})"


def parses(code: str) -> bool:
    """True when `code` is syntactically valid Python."""
    try:
        ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    block: CodeBlock


def _spans(text: str) -> list[_Span]:
    """Fenced blocks with their positions, in one linear pass over the fence runs.

    Handles Markdown fences (a language tag, then the body on the next lines) and Slack-style
    inline fences (```` ```print(1)``` ````, body right after the fence). A closing fence is a
    run of the same character at least as long as the opening one; a last unclosed fence runs
    to the end of the text.
    """
    spans: list[_Span] = []
    runs = list(_FENCE_RUN.finditer(text))
    i = 0
    while i < len(runs):
        opening = runs[i]
        fence = opening.group()
        line_end = text.find("\n", opening.end())
        info = text[opening.end() : line_end if line_end != -1 else len(text)]
        tag = info.strip()
        if line_end != -1 and (not tag or _LANG_TAG.fullmatch(tag)):
            language, body_start = tag, line_end + 1
        else:
            language, body_start = "", opening.end()
        close = next(
            (
                j
                for j in range(i + 1, len(runs))
                if runs[j].start() >= body_start
                and runs[j].group()[0] == fence[0]
                and len(runs[j].group()) >= len(fence)
            ),
            None,
        )
        body_end = runs[close].start() if close is not None else len(text)
        span_end = runs[close].end() if close is not None else len(text)
        body = text[body_start:body_end].strip("\n")
        if body.strip():
            spans.append(_Span(opening.start(), span_end, CodeBlock(code=body, language=language)))
        if close is None:
            break
        i = close + 1
    return spans


def extract_blocks(text: str) -> list[CodeBlock]:
    """Every fenced block in `text`, an unterminated last fence included. Never raises."""
    return [span.block for span in _spans(text)]


def strip_blocks(text: str) -> str:
    """`text` without its fenced blocks (the question around the code)."""
    parts, last = [], 0
    for span in _spans(text):
        parts.append(text[last : span.start])
        last = span.end
    parts.append(text[last:])
    return " ".join(" ".join(parts).split())


def code_to_run(blocks: list[CodeBlock]) -> CodeBlock | None:
    """The one program to profile: an attached .py first, else the largest Python block."""
    attached = [b for b in blocks if b.source != "message" and b.is_python]
    pool = attached or [b for b in blocks if b.is_python]
    if not pool:
        return None
    return max(pool, key=lambda b: len(b.code))
