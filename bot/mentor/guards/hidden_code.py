"""Programs a draft hides outside code blocks: a table column, inline code per line, a quote.

A hostile LLM can hand out a task's solution a learner copies just as easily without a code
block: one line per table row (`| 3 | `def get(self, key):` |`), one inline-code span per
list item, a `>` blockquote, or a string literal inside a harmless-looking block
(`SOLUTION = "class ..."` over several lines) or a base64/hex blob to decode, in a block
or in a prose line (review13 W11). The integrity guard reads these as the program they spell
(`hidden_view`), so the same interface match and checker decide. Never raises.
"""

from __future__ import annotations

import ast
import re

from bot.mentor.guards.code_views import dressed_code, python_view
from bot.mentor.guards.harm_blobs import decoded_blobs

MIN_LINES = 3
"""Fewest lines of a string literal before it is read as a program."""
_DEF = re.compile(r"\b(?:def|class)\s+\w+")


def _has_definition(code: str) -> bool:
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return any(
        isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) for n in tree.body
    )


def _strings(code: str) -> list[str]:
    """String literals of a block that are programs themselves (a solution in a docstring)."""
    if '"""' not in code and "'''" not in code:
        return []
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if text.count("\n") >= MIN_LINES and _DEF.search(text):
                view = python_view(text)
                if view is not None and _has_definition(view):
                    found.append(view)
    return found


def _decoded(code: str) -> list[str]:
    """Programs with definitions in a block's base64/hex blobs (`exec(b64decode("..."))`)."""
    found = []
    for blob in decoded_blobs(code):
        view = python_view(blob)
        if view is not None and _has_definition(view):
            found.append(view)
    return found


def hidden_view(text: str, *, is_code: bool) -> str | None:
    """The program hidden in a prose paragraph, or in a code block's string literals."""
    if is_code:
        strings = _strings(text) + _decoded(text)
        return "\n\n".join(strings) if strings else None
    # a blob in prose (`python -c "...b64decode(sys.argv[1])..." aW1wb3J0...`) is a block too
    found = _decoded(text)
    dressed = dressed_code(text)
    if dressed is not None and _DEF.search(dressed):
        view = python_view(dressed)
        if view is not None and _has_definition(view):
            found.insert(0, view)
    return "\n\n".join(found) if found else None
