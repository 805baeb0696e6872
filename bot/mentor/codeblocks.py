"""Find code in a learner's message: fenced blocks and attached .py files."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

_FENCE = re.compile(
    r"(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+#.-]*)[^\n]*\n(?P<body>.*?)(?:\n?(?P=fence)|\Z)",
    re.S,
)
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


def extract_blocks(text: str) -> list[CodeBlock]:
    """Every fenced block in `text`, an unterminated last fence included. Never raises."""
    blocks = []
    for match in _FENCE.finditer(text):
        body = match.group("body").strip("\n")
        if body.strip():
            blocks.append(CodeBlock(code=body, language=match.group("lang") or ""))
    return blocks


def strip_blocks(text: str) -> str:
    """`text` without its fenced blocks (the question around the code)."""
    return " ".join(_FENCE.sub(" ", text).split())


def code_to_run(blocks: list[CodeBlock]) -> CodeBlock | None:
    """The one program to profile: an attached .py first, else the largest Python block."""
    attached = [b for b in blocks if b.source != "message"]
    pool = attached or [b for b in blocks if b.is_python]
    if not pool:
        return None
    return max(pool, key=lambda b: len(b.code))
