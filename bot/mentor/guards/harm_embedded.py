"""Harm carried as text inside code: comments, docstrings and string values that instruct it.

A block can run nothing harmful and still hand the learner the attack: a docstring holding a
spraying loop, a comment saying which `hydra` line to run against whom, a JSON or YAML value
with the command. The block's comments are read as one prose paragraph by the prose rule, and
each longer string value both as prose and as a program of its own (`scan_code`).
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize

from bot.mentor.guards.code_facts import parse_python
from bot.mentor.guards.harm_decoded import scan_code
from bot.mentor.guards.harm_prose import ProseRule

_COMMENT = re.compile(r"(?:^|\s)(?:#|//|--|;|REM\b)\s?(.*)$", re.M)
_QUOTED = re.compile(r'"((?:[^"\\\n]|\\.){20,})"|\'((?:[^\'\\\n]|\\.){20,})\'')
MIN_STRING = 20
"""Shorter string values (keys, names, messages) carry no program or procedure."""


def _python_texts(code: str, tree: ast.Module) -> tuple[list[str], list[str]]:
    comments: list[str] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.COMMENT:
                comments.append(token.string.lstrip("#").strip())
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    strings = [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) >= MIN_STRING
    ]
    return comments, strings


def _unescaped(text: str) -> str:
    try:
        value = json.loads(f'"{text}"')
    except ValueError:
        return text
    return value if isinstance(value, str) else text


def _other_texts(code: str) -> tuple[list[str], list[str]]:
    comments = [m.group(1).strip() for m in _COMMENT.finditer(code)]
    strings = [_unescaped(m.group(1) or m.group(2)) for m in _QUOTED.finditer(code)]
    return comments, strings


def embedded_texts(code: str) -> tuple[list[str], list[str]]:
    """(the block's comment lines, its string values of `MIN_STRING`+ characters)."""
    tree = parse_python(code)
    return _python_texts(code, tree) if tree is not None else _other_texts(code)


def embedded_harms(code: str, rule: ProseRule) -> frozenset[str]:
    """Harms the block's comments or string values instruct (empty for ordinary code).

    Commands a detection rule or log search names to find them are masked first.
    """
    code = rule.detection.masked(code)
    comments, strings = embedded_texts(code)
    found: set[str] = set()
    lines = [c for c in comments if c]
    if lines:
        found |= rule.scan("\n".join(lines))
    for text in strings:
        if " " not in text.strip() and "\n" not in text:
            continue  # a path, a key, a token: no sentence and no program
        found |= rule.scan(text) | scan_code(text, "")
    return frozenset(found)
