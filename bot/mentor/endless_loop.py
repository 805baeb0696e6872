"""A `while True:` the code can never leave: the run ends only at the sandbox's time limit.

"Why is this slow?" with `while True: pass` was read as a busy host and answered with thread
pools and parsers (review10 T21): the measurement of a cut run is partial, and the scan had no
word for a loop without an exit. A loop counts when its condition is a true constant and
nothing in it leaves it: no `break` of its own, no `return`, `raise`, `sys.exit()`/`exit()`.
A loop that awaits or yields is a worker or a generator that someone else drives: not counted.
"""

from __future__ import annotations

import ast

from bot.mentor.code_scan import MAX_SOURCE_CHARS, Finding

_EXITS = frozenset({"exit", "quit", "_exit", "abort"})
"""Calls that end the process from inside the loop (`sys.exit`, `os._exit`, `exit()`)."""
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _leaves(node: ast.AST, *, own: bool = True) -> bool:
    """Something under `node` can end the loop, or hands control to whoever drives it.

    `own`: still at the loop's own level, where a `break` ends it (a nested loop's does not).
    """
    for child in ast.iter_child_nodes(node):
        if isinstance(child, _SCOPES):
            continue
        if isinstance(child, ast.Break):
            if own:
                return True
            continue
        if isinstance(child, ast.Return | ast.Raise | ast.Await | ast.Yield | ast.YieldFrom):
            return True
        if isinstance(child, ast.Call):
            func = child.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _EXITS:
                return True
        nested = isinstance(child, ast.For | ast.AsyncFor | ast.While)
        if _leaves(child, own=own and not nested):
            return True
    return False


def endless_loops(tree: ast.AST) -> list[Finding]:
    """Each `while <true constant>:` with no way out, at its line."""
    found: list[Finding] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.While)
            and isinstance(node.test, ast.Constant)
            and bool(node.test.value)
            and not _leaves(ast.Module(body=[*node.body, *node.orelse], type_ignores=[]))
        ):
            found.append(Finding("endless_loop", node.lineno))
    return found


def endless_loops_in(code: str) -> list[Finding]:
    """`endless_loops` of source text; [] when it does not parse or is too large to scan."""
    if len(code) > MAX_SOURCE_CHARS:
        return []
    try:
        return endless_loops(ast.parse(code))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
