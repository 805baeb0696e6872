"""Find code in a learner's message: fenced blocks (read by bot.text.markdown) and attached files."""

from __future__ import annotations

from dataclasses import dataclass

from bot.text import markdown
from bot.text.markdown import PYTHON_TAGS, parses

__all__ = ["PYTHON_TAGS", "CodeBlock", "code_to_run", "extract_blocks", "parses", "strip_blocks"]


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
        return markdown.is_python(self.language, self.code)

    def __repr__(self) -> str:
        code = self.code if len(self.code) <= 40 else self.code[:40] + "..."
        return f"CodeBlock(source={self.source!r}, language={self.language!r}, code={code!r})"


def extract_blocks(text: str) -> list[CodeBlock]:
    """Every non-empty fenced block in `text`, an unterminated last fence included."""
    return [
        CodeBlock(code=block.code, language=block.language)
        for block in markdown.code_blocks(text)
        if block.code is not None and block.code.strip()
    ]


def strip_blocks(text: str) -> str:
    """`text` without its fenced blocks (the question around the code)."""
    return " ".join(markdown.without_code(text).split())


def code_to_run(blocks: list[CodeBlock]) -> CodeBlock | None:
    """The one program to profile: an attached .py first, else the largest Python block.

    For a message's own blocks this is `markdown.program`, the rule `/mca submit` reads with.
    """
    attached = [b for b in blocks if b.source != "message" and b.is_python]
    pool = attached or [b for b in blocks if b.is_python]
    if not pool:
        return None
    return max(pool, key=lambda b: len(b.code))
