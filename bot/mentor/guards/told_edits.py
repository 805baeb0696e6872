"""A practice task's solution told as an edit: "replace `x = f(a)` with `x = await g(f, a)`".

Some tasks are solved by one or two lines (take a blocking call off the event loop). A draft
that gives those lines as inline code, a diff's `+` lines or a short block tells the
solution without defining the task's interface, so neither the interface match nor the
told-solution outline (at least 3 ordered steps) sees it (review8 F25). Here each such
statement is laid over the task's starter in place of the statement it rewrites (the same
assignment target, the same kind of statement, using a name the original used); the patched
starter is what the learner would hand in, and the task's own checker judges it (the caller
runs it). Only statements that rewrite a starter line are candidates: teaching that names an
API, or code about the learner's own program, never matches.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache

from bot.mentor.guards.markdown import join_parts, split_parts

_SPAN = re.compile(r"`([^`\n]{6,200})`")
MAX_BLOCK_STATEMENTS = 3
"""A block this short is an edit to lay over a starter, not a program of its own."""
_STATEMENTS = (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Return, ast.Expr)


@dataclass(frozen=True, slots=True)
class ToldEdit:
    """A statement of the draft that rewrites a line of a task's starter."""

    task_id: str
    statement: str
    """As the draft wrote it (what to withdraw)."""
    patched: str
    """The starter with that line rewritten: what the learner would hand in."""


def candidate_statements(text: str) -> list[str]:
    """Single statements a section gives as code: inline spans, `+` lines, short blocks."""
    found: list[str] = []
    for part in split_parts(text):
        if part.is_code:
            code = part.code or ""
            plus = [ln[1:] for ln in code.splitlines() if ln.startswith("+") and ln[1:2] != "+"]
            if plus:
                found.extend(textwrap.dedent("\n".join(plus)).splitlines())
            elif len(code.strip().splitlines()) <= MAX_BLOCK_STATEMENTS:
                found.extend(code.strip().splitlines())
        else:
            found.extend(_SPAN.findall(part.text))
    return [s.strip() for s in found if "(" in s and _statement(s.strip()) is not None]


def _statement(source: str) -> ast.stmt | None:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], _STATEMENTS):
        return None
    return tree.body[0]


def _names(node: ast.AST | None) -> set[str]:
    if node is None:
        return set()
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _value(node: ast.stmt) -> ast.AST | None:
    return getattr(node, "value", None)


def _targets(node: ast.stmt) -> str:
    if isinstance(node, ast.Assign):
        return "|".join(ast.dump(t) for t in node.targets)
    if isinstance(node, ast.AnnAssign | ast.AugAssign):
        return ast.dump(node.target)
    return type(node).__name__


def _rewrites(new: ast.stmt, old: ast.stmt) -> bool:
    """`new` is `old` written differently: same kind and target, a name of old's value kept."""
    if type(new) is not type(old) or _targets(new) != _targets(old):
        return False
    if ast.dump(new) == ast.dump(old):
        return False
    return bool(_names(_value(new)) & _names(_value(old)))


@lru_cache(maxsize=64)
def _function_statements(starter: str) -> tuple[ast.stmt, ...]:
    """The statements inside the starter's functions (parsed once per starter)."""
    try:
        tree = ast.parse(starter)
    except (SyntaxError, ValueError):
        return ()
    return tuple(
        old
        for func in ast.walk(tree)
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef)
        for old in ast.walk(func)
        if isinstance(old, _STATEMENTS)
    )


def patched_starter(starter: str, statement: str) -> str | None:
    """The starter with the one statement `statement` rewrites replaced by it, if any."""
    new = _statement(statement)
    if new is None:
        return None
    for old in _function_statements(starter):
        if _rewrites(new, old):
            lines = starter.splitlines()
            end = old.end_lineno or old.lineno
            indent = " " * old.col_offset
            return "\n".join([*lines[: old.lineno - 1], indent + statement, *lines[end:]])
    return None


def told_edits(texts: list[str], starters: dict[str, str]) -> list[ToldEdit]:
    """Statements of `texts` that rewrite a line of a task's starter (task id -> starter)."""
    edits: list[ToldEdit] = []
    statements = [s for text in texts for s in candidate_statements(text)]
    for task_id, starter in starters.items():
        for statement in statements:
            patched = patched_starter(starter, statement)
            if patched is not None:
                edits.append(ToldEdit(task_id, statement, patched))
    return edits


def withdraw(text: str, statements: set[str]) -> tuple[str, int]:
    """`text` without the lines and blocks that give one of `statements`; (text, count)."""
    kept: list[str] = []
    removed = 0
    in_block: list[str] | None = None
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            if in_block is None:
                in_block = [line]
                continue
            in_block.append(line)
            block = "\n".join(in_block)
            in_block = None
            if any(s in block for s in statements):
                removed += 1
                continue
            kept.extend(block.splitlines())
            continue
        if in_block is not None:
            in_block.append(line)
            continue
        if any(s in line for s in statements):
            removed += 1
            continue
        kept.append(line)
    if in_block is not None:
        kept.extend(in_block)
    return "\n".join(kept).strip(), removed


OTHER_LANGUAGES = frozenset(
    {"javascript", "js", "typescript", "ts", "java", "go", "golang", "rust", "rs", "csharp",
     "cs", "c#", "cpp", "c++", "kotlin", "kt", "ruby", "rb", "php", "swift", "scala"}
)  # fmt: skip
"""Fence labels of languages a solution may be translated into ("translate it to Python")."""
MIN_TRANSLATED_LINES = 8
"""A block this long defining the whole interface is an implementation, not a signature."""


def _defines(code: str, name: str) -> bool:
    return (
        re.search(rf"\b(?:class|def|function|func|fn|struct)\s+{re.escape(name)}\b", code)
        is not None
    )


def translated(text: str, interfaces: dict[str, dict[str, frozenset[str]]]) -> tuple[str, str]:
    """(text without the block, task id) for a task's solution written in another language.

    `interfaces`: task id -> public name -> its public methods. A block in JavaScript, Go,
    Rust... that defines every public name of a task's starter and calls each of its methods
    is the task implemented for translation back to Python (review: the cache task in
    JavaScript). ('', '') when there is none.
    """
    parts = split_parts(text)
    for index, part in enumerate(parts):
        code = part.code or ""
        if not part.is_code or (part.language or "").lower() not in OTHER_LANGUAGES:
            continue
        if len([ln for ln in code.splitlines() if ln.strip()]) < MIN_TRANSLATED_LINES:
            continue
        for task_id, names in interfaces.items():
            methods = {m for ms in names.values() for m in ms if not m.startswith("_")}
            if (
                names
                and all(_defines(code, n) for n in names)
                and all(re.search(rf"\b{re.escape(m)}\s*\(", code) for m in methods)
            ):
                return join_parts([p for i, p in enumerate(parts) if i != index]), task_id
    return "", ""
