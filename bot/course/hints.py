"""The hint ladder: concept -> pointer -> pseudo-code -> scaffold, climbed by attempts only.

The level is the number of DISTINCT submissions stored for the task, capped at the last rung.
Distinct means a different program, not different text: the starter as handed out, and any
submission that only renames its own names or rewords strings, docstrings and comments, is no
attempt (three renamed starters once opened the pseudo-code rung). Asking never raises it.
"""

from __future__ import annotations

import ast
import hashlib

from bot.course.content import HINT_LEVELS, Task
from bot.text import markdown

MAX_LEVEL = len(HINT_LEVELS)


def fingerprint(code: str) -> str:
    """Identity of a submission, ignoring trailing whitespace and blank lines."""
    lines = [ln.rstrip() for ln in code.strip().splitlines() if ln.strip()]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


class _EraseOwnNames(ast.NodeTransformer):
    """Names the submission defines, and every string, become one placeholder."""

    def __init__(self, own: set[str]) -> None:
        self.own = own

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.Name(id="_" if node.id in self.own else node.id, ctx=node.ctx)

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        self.generic_visit(node)
        if node.attr in self.own:
            node.attr = "_"
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        return ast.arg(arg="_", annotation=None)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        self.generic_visit(node)
        node.name, node.returns = "_", None
        return node

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        self.generic_visit(node)
        node.name, node.returns = "_", None
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        self.generic_visit(node)
        node.name = "_"
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        self.generic_visit(node)
        node.annotation = ast.Constant(value=None)
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.Constant(value="") if isinstance(node.value, str) else node


def _defined_names(tree: ast.Module) -> set[str]:
    """What the code names itself: its functions, classes, arguments, variables, attributes."""
    own: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.add(node.name)
        elif isinstance(node, ast.arg):
            own.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            own.add(node.attr)
    return own


def program_fingerprint(code: str) -> str:
    """Identity of what a submission does: its own names erased, strings and comments dropped.

    Code that does not parse falls back to `fingerprint` (its text).
    """
    try:
        tree = ast.parse(code)
        erased = _EraseOwnNames(_defined_names(tree)).visit(tree)
        shape = ast.dump(erased, annotate_fields=False)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return fingerprint(code)
    return hashlib.sha256(shape.encode()).hexdigest()


def level_for(codes: list[str], starter: str = "") -> int:
    """Hint level (0 = none yet) earned by these stored submissions of a task with `starter`."""
    seen = {program_fingerprint(c) for c in codes}
    if starter.strip():
        seen.discard(program_fingerprint(starter))
    return min(len(seen), MAX_LEVEL)


def hint_text(task: Task, language: str, level: int) -> str:
    """The rung at `level` (1-4); the scaffold rung carries the task's scaffold code."""
    text = task.in_language(language)
    if level <= 0:
        return ""
    if level < MAX_LEVEL:
        return text.hints[level - 1]
    fence = "" if markdown.opens_block(task.scaffold.lstrip()) else "```python\n"
    closing = "" if not fence else "```"
    return f"{text.scaffold_note}\n{fence}{task.scaffold}{closing}"
