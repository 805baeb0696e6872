"""A function that calls itself twice on a smaller number, with no cache: exponential calls.

`fib(n - 1) + fib(n - 2)` makes about 1.6^n calls (832,039 for fib(28)), and k calls of itself per
call make up to k^n (the message says k, read from the code); the profile shows the
function at 98% of the time, and a reply about per-call overhead misses that the number of
calls is the problem (review10 T37). Counted when two or more self-calls take arithmetic on a
parameter (`n - 1`, `k - 2`) and nothing caches the results: a tree walk (`walk(node.left)`)
or a merge sort (`sort(xs[:mid])`) recurses on parts of its input, linearly, and is no finding.
"""

from __future__ import annotations

import ast

from bot.mentor.code_scan import MAX_SOURCE_CHARS, Finding

_CACHE_WORDS = ("cache", "memo")


def _named_cache(node: ast.AST) -> bool:
    """A decorator or a container whose name says it remembers results."""
    name = ast.unparse(node).lower()
    return any(word in name for word in _CACHE_WORDS)


def _shrinking_args(call: ast.Call, params: set[str]) -> bool:
    """An argument is arithmetic on a parameter (`n - 1`, `n // 2`)."""
    return any(
        isinstance(arg, ast.BinOp)
        and any(isinstance(n, ast.Name) and n.id in params for n in ast.walk(arg))
        for arg in call.args
    )


def _memoised(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    if any(_named_cache(d) for d in function.decorator_list):
        return True
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Compare)
            and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops)
            and any(_named_cache(c) for c in node.comparators)
        ):
            return True
        if isinstance(node, ast.Subscript) and _named_cache(node.value):
            return True
    return False


def exponential_recursions(tree: ast.AST) -> list[Finding]:
    """Each function that branches into two or more shrinking calls of itself, uncached."""
    found: list[Finding] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        params = {a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)}
        calls = [
            c
            for c in ast.walk(node)
            if isinstance(c, ast.Call)
            and isinstance(c.func, ast.Name)
            and c.func.id == node.name
            and _shrinking_args(c, params)
        ]
        if len(calls) >= 2 and not _memoised(node):
            # the calls on one path, not both branches of an `if` (review11 U11: a 3-way
            # recursion was told with fib's numbers)
            found.append(
                Finding("exponential_recursion", node.lineno, node.name, node.name, _per_call(node))
            )
    return found


def exponential_recursions_in(code: str) -> list[Finding]:
    """`exponential_recursions` of source text; [] when it does not parse or is too large."""
    if len(code) > MAX_SOURCE_CHARS:
        return []
    try:
        return exponential_recursions(ast.parse(code))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []


def _per_call(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """The most self-calls one statement of `function` makes (`f(n-1) + f(n-2) + f(n-3)`: 3)."""
    most = 0
    for statement in ast.walk(function):
        if isinstance(statement, ast.Return | ast.Assign | ast.AugAssign | ast.Expr):
            calls = sum(
                isinstance(c, ast.Call)
                and isinstance(c.func, ast.Name)
                and c.func.id == function.name
                for c in ast.walk(statement)
            )
            most = max(most, calls)
    return max(most, 2)
