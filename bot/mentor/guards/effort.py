"""Evidence of effort: the learner's code with dead code removed, compared with the starter.

An assignment nobody reads (a local, or an attribute such as a lock never taken), `if False:`
branches, statements after a `return`, asserts, added prints and logging do not make the
starter the learner's own work; nor does one rewritten line (`popitem(False)`, `if` -> `while`):
effort is `MIN_EDITED` statements or more of their own.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.mentor.guards.task_shapes import TaskInterfaces, TaskShape

_NOISE_CALLS = {"print", "debug", "info", "warning", "log", "pprint", "breakpoint"}
MIN_EDITED = 2
"""Statements changed from the starter that make its code the learner's (one is a touch-up:
"here is the corrected version of your code" must not unlock the whole solution)."""


def _dead_test(test: ast.expr) -> bool:
    return isinstance(test, ast.Constant) and not test.value


class _DeadCode(ast.NodeTransformer):
    """Removes what cannot change behaviour: dead branches, unread locals, prints, logging."""

    def __init__(self, reads: set[str]) -> None:
        self.reads = reads

    def _body(self, body: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for stmt in body:
            visited = self.visit(stmt)
            for new in visited if isinstance(visited, list) else [visited]:
                if isinstance(new, ast.stmt):
                    out.append(new)
            if isinstance(stmt, ast.Return | ast.Raise | ast.Continue | ast.Break):
                break  # what follows never runs
        return out or [ast.Pass()]

    def generic_visit(self, node: ast.AST) -> ast.AST:
        for field in ("body", "orelse", "finalbody"):
            value = getattr(node, field, None)
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                setattr(node, field, self._body(value))
        for handler in getattr(node, "handlers", []) or []:
            handler.body = self._body(handler.body)
        return node

    def visit_If(self, node: ast.If) -> ast.AST | list[ast.stmt]:
        if _dead_test(node.test):
            return self._body(node.orelse) if node.orelse else []
        return self.generic_visit(node)

    def visit_While(self, node: ast.While) -> ast.AST | list[ast.stmt]:
        if _dead_test(node.test):
            return []
        return self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> ast.AST | None:
        call = node.value
        if isinstance(call, ast.Call):
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _NOISE_CALLS:
                return None
        return node

    def visit_Assign(self, node: ast.Assign) -> ast.AST | None:
        if all(self._unread(t) for t in node.targets):
            return None  # a local or an attribute nobody reads
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST | None:
        return None if self._unread(node.target) else node

    def visit_Assert(self, node: ast.Assert) -> None:
        """An assert checks; it implements nothing."""

    def _unread(self, target: ast.expr) -> bool:
        if isinstance(target, ast.Name):
            return target.id not in self.reads
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            return target.value.id == "self" and target.attr not in self.reads
        return False


def without_dead_code(tree: ast.Module) -> ast.Module:
    """A copy of `tree` without code that cannot change what it does."""
    copy = ast.parse(ast.unparse(tree))
    reads = {
        n.id for n in ast.walk(copy) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    reads |= {
        n.attr
        for n in ast.walk(copy)
        if isinstance(n, ast.Attribute) and not isinstance(n.ctx, ast.Store)
    }
    reads |= {
        name.id
        for node in ast.walk(copy)
        if isinstance(node, ast.Global | ast.Nonlocal)
        for name in [ast.Name(id=n) for n in node.names]
    }
    cleaned = _DeadCode(reads).visit(copy)
    return ast.fix_missing_locations(cleaned) if isinstance(cleaned, ast.Module) else copy


def materially_changed(shape: TaskShape, tree: ast.Module) -> bool:
    """The learner's code differs from the starter once dead code and noise are removed."""
    try:
        cleaned = without_dead_code(tree)
    except (SyntaxError, ValueError, RecursionError):
        cleaned = tree
    return shape.changed_in(cleaned) and shape.edited_lines(cleaned) >= MIN_EDITED


def worked_on(interfaces: TaskInterfaces, shape: TaskShape, code: tuple[str, ...]) -> bool:
    """The learner's attached code is their own work on THIS task (or none was attached).

    Effort unlocks a task's solution only when it is effort on that task: attaching some
    unrelated code (`x = 1`) next to "finish the cache exercise" is not. With no code, the
    evidence in the text (a failure, measured numbers) stands.
    """
    if not code:
        return True
    for block in code:
        try:
            tree = ast.parse(block)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            continue
        own = interfaces.related(tree) or interfaces.renamed(tree)
        if own is not None and own.task.id == shape.task.id and materially_changed(own, tree):
            return True
    return False
