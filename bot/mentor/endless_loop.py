"""A loop the code can never leave: the run ends only at the sandbox's time or output limit.

"Why is this slow?" with `while True: pass` was read as a busy host and answered with thread
pools and parsers (review10 T21): the measurement of a cut run is partial, and the scan had no
word for a loop without an exit. A loop counts when its condition is a true constant and
nothing in it leaves it: no `break` of its own, no `return`, `raise`, `sys.exit()`/`exit()`.
A loop that awaits or yields is a worker or a generator that someone else drives: not counted.
A `while i < 10:` whose body never changes `i` is the same bug in another shape (review11 U27:
it printed 0 forever and was read as "91% waiting").
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
    """Each loop with no way out, at its line.

    A `while <true constant>:` with no exit, and a loop whose condition nothing in it can change
    (`while i < 10: print(i)`).
    """
    found: list[Finding] = []
    shared = _shared_names(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.While):
            continue
        if _leaves(ast.Module(body=[*node.body, *node.orelse], type_ignores=[])):
            continue
        if isinstance(node.test, ast.Constant) and bool(node.test.value):
            found.append(Finding("endless_loop", node.lineno))
        elif (stuck := _stuck_names(node, shared)) is not None:
            found.append(Finding("stuck_loop", node.lineno, name=stuck))
    return found


_PURE_CALLS = frozenset(
    {"print", "len", "str", "repr", "int", "float", "abs", "min", "max", "format", "bool", "hex"}
)
"""Builtins that cannot change a variable they are given (a number or a string)."""


def _shared_names(tree: ast.AST) -> frozenset[str]:
    """Names declared `global` or `nonlocal` anywhere: another function may change them."""
    return frozenset(
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Global | ast.Nonlocal)
        for name in node.names
    )


def _stuck_names(loop: ast.While, shared: frozenset[str]) -> str | None:
    """The condition's variable when nothing in the loop can change any of its names.

    Conservative: the condition is plain names, numbers and comparisons (no call, attribute
    or subscript); none of its names is assigned, deleted, a loop target, shared with other
    functions, or passed to or called on in the body other than by a few pure builtins. A
    thread flag (`while running:` set elsewhere) is `global`/`nonlocal`, or an attribute.
    """
    if any(
        isinstance(n, ast.Call | ast.Attribute | ast.Subscript | ast.Await | ast.NamedExpr)
        for n in ast.walk(loop.test)
    ):
        return None
    names = {n.id for n in ast.walk(loop.test) if isinstance(n, ast.Name)}
    if not names or names & shared:
        return None
    for node in ast.walk(ast.Module(body=[*loop.body, *loop.orelse], type_ignores=[])):
        if isinstance(node, ast.Name) and node.id in names and not isinstance(node.ctx, ast.Load):
            return None  # assigned, augmented, a loop target or deleted
        if isinstance(
            node, ast.NamedExpr | ast.Global | ast.Nonlocal | ast.Import | ast.ImportFrom
        ):
            return None
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                if any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(func.value)):
                    return None  # a method of the condition's object may change it
            elif not (isinstance(func, ast.Name) and func.id in _PURE_CALLS):
                args = [*node.args, *(k.value for k in node.keywords)]
                if any(
                    isinstance(n, ast.Name) and n.id in names for a in args for n in ast.walk(a)
                ):
                    return None  # passed to a function that may change it
            if isinstance(func, ast.Name) and func.id in {"exec", "eval", "globals", "locals"}:
                return None
    return sorted(names)[0]


def endless_loops_in(code: str) -> list[Finding]:
    """`endless_loops` of source text; [] when it does not parse or is too large to scan."""
    if len(code) > MAX_SOURCE_CHARS:
        return []
    try:
        return endless_loops(ast.parse(code))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
