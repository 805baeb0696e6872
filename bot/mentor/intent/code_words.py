"""What the intent guard reads of a learner's code: the words it says to people, not its tokens.

The intent model and its word rules judge prose. Fed raw code, they read identifiers as words:
`totals.get(row["user"], 0)` became "get row user", a credential-theft cue, and an ordinary
pandas speed question with its script was refused as evasion. What code DOES is judged by the
AST harm scan (`bot.mentor.guards.harm_code`, see `code_harms`); what its author SAYS in it
(comments, docstrings, sentences in strings: "# target: my ex's account", "TODO: hide it from
Defender") is prose and is read with the question. Attached files count like fenced blocks.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable

from bot.text import markdown
from bot.text.markdown import PYTHON_TAGS

SENTENCE_WORDS = 2
"""A string literal of at least this many words is something said to a person ("Pay 2 BTC to
unlock your files"), not a key or a path."""
_COMMENT = re.compile(r"^\s*(?:#|//|--|;|REM\b|rem\b|::)\s?(.*)$")
"""A comment line of code that is not Python (shell, JS, SQL, ini, batch)."""
_NAME_PARTS = re.compile(r"[^\W\d_]+", re.UNICODE)
"""The words of a defined name: `стежити_за_орендарем` -> стежити за орендарем."""


def _said_in_python(code: str, *, strings: bool = True) -> list[str] | None:
    """Comments (and sentence-like strings) of Python code; None when it does not tokenize."""
    said: list[str] = []
    defining = False
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.NAME and defining:  # what the author calls the thing
                said.append(" ".join(_NAME_PARTS.findall(token.string)))
            defining = token.type == tokenize.NAME and token.string in {"def", "class"}
            if token.type == tokenize.COMMENT:
                said.append(token.string.lstrip("#").strip())
            elif strings and token.type == tokenize.STRING:
                body = token.string.strip("rRbBuUfF").strip("'\"")
                if len(body.split()) >= SENTENCE_WORDS:
                    said.append(" ".join(body.split()))
    except (tokenize.TokenError, IndentationError, SyntaxError, ValueError):
        return None
    return said


def words_of_code(code: str, *, strings: bool = True) -> str:
    """The comments (and sentences) of a piece of code, one per line ('' when it says nothing).

    `strings=False`: comments and the names of what it defines, where an author talks to
    whoever runs the code ("# the rival shop's chat", `def spy_on_tenant`); docstrings and
    messages describe it.
    """
    said = _said_in_python(code, strings=strings)
    if said is None:  # not Python: its comment lines still speak
        said = [m.group(1).strip() for m in map(_COMMENT.match, code.splitlines()) if m]
    return "\n".join(line for line in said if line)


def judged_text(text: str, attachments: Iterable[str] = (), *, strings: bool = True) -> str:
    """`text` with each fenced block replaced by its words, then each attached file's words."""
    if "```" in text or "~~~" in text:
        parts = [
            # data blocks (json, yaml) say everything in their strings
            words_of_code(block.code, strings=strings or block.language not in PYTHON_TAGS)
            if block.code is not None
            else block.text
            for block in markdown.blocks(text)
        ]
        text = "\n\n".join(part for part in parts if part)
    said = [w for w in (words_of_code(a, strings=strings) for a in attachments) if w]
    return "\n\n".join([text, *said]) if said else text


def learner_code(text: str, attachments: Iterable[str] = ()) -> list[str]:
    """Every piece of code the learner sent: fenced blocks of `text`, then attached files."""
    found = [block.code for block in markdown.code_blocks(text) if block.code]
    return [*found, *(code for code in attachments if code.strip())]
