"""Threads read from the code: a lock taken again by its holder, CPU work split over threads.

Two mechanisms a run's numbers show but do not name (review11 U11). A `threading.Lock` is not
reentrant: a function that holds it and calls another that takes it again waits for itself
forever, with one thread and one lock; the run is cut at the time limit and reads as "waiting".
And pure-Python arithmetic run in threads takes turns on the GIL: four threads summing squares
take about as long as one loop, so a "threads are not faster" question is about the GIL, not
about event loops or executors. Both are read with `ast`, conservatively: a lock built with
`Lock()` (an `RLock` is reentrant: no finding), a thread target defined in the same code whose
body loops over arithmetic and calls nothing that waits.
"""

from __future__ import annotations

import ast

from bot.mentor.code_scan import MAX_SOURCE_CHARS, Finding

_WAITS = frozenset(
    {
        "sleep", "get", "post", "put", "request", "urlopen", "open", "read", "write", "recv",
        "send", "sendall", "connect", "accept", "select", "wait", "join", "acquire", "execute",
        "fetch", "fetchall", "input", "communicate", "run", "check_output", "result",
    }
)  # fmt: skip
"""Calls that wait (I/O, sleep, a lock, a child): a thread that makes them overlaps others."""


def _lock_names(tree: ast.AST) -> set[str]:
    """Names (`lock`, `self._lock` as `_lock`) bound to `Lock()` / `threading.Lock()`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called != "Lock":
                continue
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names.add(target.id)
                elif isinstance(target, ast.Attribute):
                    names.add(target.attr)
    return names


def _lock_of(expr: ast.expr, locks: set[str]) -> str:
    if isinstance(expr, ast.Name) and expr.id in locks:
        return expr.id
    if isinstance(expr, ast.Attribute) and expr.attr in locks:
        return expr.attr
    return ""


def _takes(function: ast.AST, locks: set[str]) -> str:
    """The lock `function` takes directly (`with lock:` or `lock.acquire()`), or ''."""
    for node in ast.walk(function):
        if isinstance(node, ast.With):
            for item in node.items:
                if name := _lock_of(item.context_expr, locks):
                    return name
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "acquire"
            and (name := _lock_of(node.func.value, locks))
        ):
            return name
    return ""


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.attr if func.value.id in ("self", "cls") else ""
    return ""


def self_deadlocks(tree: ast.AST) -> list[Finding]:
    """A call, made while holding a Lock, to a function of this code that takes it again."""
    locks = _lock_names(tree)
    if not locks:
        return []
    functions = {
        f.name: f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    taking = {name: lock for name, f in functions.items() if (lock := _takes(f, locks))}
    found: list[Finding] = []
    for holder in functions.values():
        for node in ast.walk(holder):
            if not isinstance(node, ast.With):
                continue
            held = next((n for i in node.items if (n := _lock_of(i.context_expr, locks))), "")
            if not held:
                continue
            for call in (c for stmt in node.body for c in ast.walk(stmt)):
                if not isinstance(call, ast.Call):
                    continue
                callee = _called_name(call)
                if callee != holder.name and taking.get(callee) == held:
                    found.append(Finding("self_deadlock", call.lineno, callee, held))
                    return found
    return found


def _cpu_only(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A loop of arithmetic that calls nothing that waits."""
    loops = [n for n in ast.walk(function) if isinstance(n, ast.For | ast.While)]
    if not loops or isinstance(function, ast.AsyncFunctionDef):
        return False
    arithmetic = any(
        isinstance(n, ast.BinOp | ast.AugAssign) for loop in loops for n in ast.walk(loop)
    )
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _WAITS:
                return False
    return arithmetic


def gil_bound_threads(tree: ast.AST) -> list[Finding]:
    """Threads (Thread(target=f), a thread pool's submit/map of f) running CPU-only `f`."""
    functions = {f.name: f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
    threaded = any(
        isinstance(n, ast.Call)
        and (
            (func := n.func)
            and (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
            in ("Thread", "ThreadPoolExecutor", "ThreadPool")
        )
        for n in ast.walk(tree)
    )
    if not threaded:
        return []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        targets = [k.value for k in node.keywords if k.arg == "target"]
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("submit", "map") and node.args:
            targets.append(node.args[0])
        for target in targets:
            if (
                isinstance(target, ast.Name)
                and target.id in functions
                and _cpu_only(functions[target.id])
            ):
                return [Finding("gil_bound_threads", node.lineno, target.id, target.id)]
    return []


def thread_findings_in(code: str) -> tuple[list[Finding], list[Finding]]:
    """(self-deadlocks, GIL-bound threads) of source text; empty when it does not parse."""
    if len(code) > MAX_SOURCE_CHARS or "thread" not in code.lower():
        return [], []
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return [], []
    return self_deadlocks(tree), gil_bound_threads(tree)
