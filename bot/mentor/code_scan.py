"""A static scan of the learner's code for the classic performance and reliability culprits.

Pure `ast` (the code is parsed, never run): blocking calls inside `async def`, `requests` in
async code, strings built with `+` in a loop, module-level containers that only grow, a query
per loop iteration (N+1), list membership tests in loops, a collection filtered again for each
item of an outer loop, `except: pass`, a mutable default argument (`def f(x, seen=[])`: one
list shared by every call). Each finding names
its line so the reply can cite it; code that does not parse gives no findings.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

MAX_FINDINGS = 8
MAX_SOURCE_CHARS = 200_000
"""Larger sources are not scanned (the sandbox limit is far below)."""

CPU_KINDS = frozenset({"string_concat", "list_membership", "nested_scan"})
"""Findings that claim computing cost (dropped when the run was measured as waiting)."""
WAIT_KINDS = frozenset({"blocking_in_async", "requests_in_async", "n_plus_one"})
"""Findings that explain a run spent waiting."""

_BLOCKING = {
    "time.sleep",
    "subprocess.run",
    "subprocess.call",
    "subprocess.check_output",
    "subprocess.check_call",
    "os.system",
    "socket.create_connection",
    "urllib.request.urlopen",
    "urlopen",
    "input",
}
_SOCKET_METHODS = {"recv", "sendall", "accept", "connect", "recvfrom"}
_QUERY_METHODS = {
    "execute",
    "executemany",
    "get",
    "filter",
    "query",
    "fetch",
    "fetchrow",
    "fetchone",
    "find_one",
    "select",
}
_FETCH_PREFIXES = ("get_", "fetch_", "load_", "query_", "find_", "select_", "lookup_", "read_")
"""A helper named like a per-item fetch (`get_orders(uid)`) called with the loop variable."""
_GROW_METHODS = {"append", "add", "update", "setdefault", "extend", "insert", "__setitem__"}
_REQUESTS = {"get", "post", "put", "delete", "patch", "head", "request", "Session"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One culprit: what, where, and the names the message needs."""

    kind: str
    """blocking_in_async, requests_in_async, string_concat, unbounded_global, n_plus_one,
    list_membership, bare_except_pass, mutable_default, nested_scan, set_order."""
    line: int
    function: str = ""
    name: str = ""
    """The call, variable or method involved."""
    count: int = 0
    """How many times, where the message needs it (a function's calls of itself per call)."""


def _dotted(node: ast.expr) -> str:
    """'time.sleep' for `time.sleep`, 'requests.get' for `requests.get`, '' otherwise."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call):  # open(...).read()
        inner = _dotted(node.func)
        return ".".join([inner + "()", *reversed(parts)]) if inner else ""
    return ""


class _Scanner(ast.NodeVisitor):
    def __init__(self, module_containers: dict[str, int], list_names: set[str]) -> None:
        self.found: list[Finding] = []
        self.functions: list[tuple[str, bool]] = []
        self.loops = 0
        self.loop_names: list[set[str]] = []
        self.module_containers = module_containers
        self.list_names = list_names
        self.grown: dict[str, str] = {}
        self.trimmed: set[str] = set()

    # context -------------------------------------------------------------------------
    def _in_async(self) -> bool:
        return bool(self.functions) and self.functions[-1][1]

    def _function(self) -> str:
        return self.functions[-1][0] if self.functions else ""

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._enter(node, is_async=False)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._enter(node, is_async=True)

    def _enter(self, node: ast.FunctionDef | ast.AsyncFunctionDef, *, is_async: bool) -> None:
        self.functions.append((node.name, is_async))
        self._mutable_defaults(node)
        loops, self.loops = self.loops, 0
        names, self.loop_names = self.loop_names, []
        self.generic_visit(node)
        self.loops, self.loop_names = loops, names
        self.functions.pop()

    def _mutable_defaults(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """`def add(item, bucket=[])`: the default is built once, at `def` time (ruff's B006).

        Every call that leaves the argument out shares that one list, so what one call
        appended is there in the next: a correctness bug the run's own output shows.
        """
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        pairs = [
            *zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True),
            *((a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d),
        ]
        for arg, default in pairs:
            if default is not None and _mutable(default):
                self._add("mutable_default", default, arg.arg)

    def _loop(self, node: ast.For | ast.AsyncFor | ast.While) -> None:
        self.loops += 1
        names: set[str] = set()
        if isinstance(node, ast.For | ast.AsyncFor):
            names = {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
        self.loop_names.append(names)
        self.generic_visit(node)
        self.loop_names.pop()
        self.loops -= 1

    visit_For = _loop
    visit_AsyncFor = _loop
    visit_While = _loop

    def _comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
    ) -> None:
        self._nested_scan(node)
        self.loops += 1  # the element expression runs once per item, like a loop body
        self.generic_visit(node)
        self.loops -= 1

    def _nested_scan(
        self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
    ) -> None:
        """`for c in customers: sum(o.amount for o in orders if o.customer == c)`: O(n·m).

        A whole collection filtered against the outer loop's variable, once per outer item,
        where one pass building a dict keyed by that value does it all (review9 R47's scan).
        """
        outer = set().union(*self.loop_names) if self.loop_names else set()
        if not outer:
            return
        for generator in node.generators:
            if not isinstance(generator.iter, ast.Name | ast.Attribute | ast.Call):
                continue
            used = {
                n.id
                for cond in generator.ifs
                for c in ast.walk(cond)
                if isinstance(c, ast.Compare)
                for n in ast.walk(c)
                if isinstance(n, ast.Name)
            }
            if used & outer:
                self._add("nested_scan", node, _dotted(generator.iter) or "...")
                return

    visit_ListComp = _comprehension
    visit_SetComp = _comprehension
    visit_DictComp = _comprehension
    visit_GeneratorExp = _comprehension

    # culprits ------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        name = _dotted(node.func)
        head, _, method = name.rpartition(".")
        if self._in_async() and name:
            if head == "requests" or name.startswith("requests."):
                self._add("requests_in_async", node, name)
            elif (
                name in _BLOCKING
                or name.endswith("().read")
                or name.startswith("open()")
                or (method in _SOCKET_METHODS and "sock" in head.lower())
            ):
                self._add("blocking_in_async", node, name)
        if self.loops and (
            (method in _QUERY_METHODS and head and _looks_like_db(head, method))
            or self._per_item_fetch(node, method or name)
        ):
            self._add("n_plus_one", node, name)
        if name in {"list", "tuple"} and node.args and _set_call(node.args[0]):
            # `list(set(xs))`: the duplicates go, and so does the order they came in.
            self._add("set_order", node, name)
        if self.functions and head in self.module_containers:
            if method in _GROW_METHODS:
                self.grown.setdefault(head, self._function())
            elif method in {"pop", "popitem", "clear", "remove", "popleft"}:
                self.trimmed.add(head)
        self.generic_visit(node)

    def _per_item_fetch(self, node: ast.Call, function: str) -> bool:
        """`get_orders(uid)` inside `for uid in ...`: one round trip per item."""
        if not function.lower().startswith(_FETCH_PREFIXES) or not self.loop_names:
            return False
        current = set().union(*self.loop_names)
        args = [*node.args, *(k.value for k in node.keywords)]
        return any(isinstance(a, ast.Name) and a.id in current for a in args)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if (
            self.loops
            and isinstance(node.op, ast.Add)
            and isinstance(node.target, ast.Name)
            and _stringy(node.value)
        ):
            self._add("string_concat", node, node.target.id)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        value = node.value
        first, added = _sum_chain(value)
        if (
            self.loops
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(first, ast.Name)
            and first.id == node.targets[0].id
            and any(map(_stringy, added))
        ):
            # `s = s + x` and `s = s + str(i) + ","` (review11 U11: the chain escaped the scan)
            self._add("string_concat", node, node.targets[0].id)
        if self.functions:
            for target in node.targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id in self.module_containers
                ):
                    self.grown.setdefault(target.value.id, self._function())
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                self.trimmed.add(target.value.id)
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        if self.loops:
            for op, right in zip(node.ops, node.comparators, strict=False):
                if isinstance(op, ast.In | ast.NotIn) and (
                    isinstance(right, ast.List)
                    or (isinstance(right, ast.Name) and right.id in self.list_names)
                ):
                    label = right.id if isinstance(right, ast.Name) else "[...]"
                    self._add("list_membership", node, label)
        self.generic_visit(node)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        broad = node.type is None or (
            isinstance(node.type, ast.Name) and node.type.id in {"Exception", "BaseException"}
        )
        if broad and all(isinstance(stmt, ast.Pass) for stmt in node.body):
            self._add("bare_except_pass", node, "except")
        self.generic_visit(node)

    def _add(self, kind: str, node: ast.AST, name: str) -> None:
        line = getattr(node, "lineno", 0)
        if any(f.kind == kind and f.line == line for f in self.found):
            return
        self.found.append(Finding(kind, line, self._function(), name))


_MUTABLE_CALLS = frozenset(
    {"list", "dict", "set", "bytearray", "defaultdict", "collections.defaultdict", "deque"}
)


def _set_call(node: ast.expr) -> bool:
    """`set(xs)` or a set comprehension: a collection with no order of its own."""
    if isinstance(node, ast.SetComp):
        return True
    return isinstance(node, ast.Call) and _dotted(node.func) in {"set", "frozenset"}


def _mutable(node: ast.expr) -> bool:
    """A default that builds a mutable container: `[]`, `{}`, `set()`, `defaultdict(list)`."""
    if isinstance(node, ast.List | ast.Dict | ast.Set | ast.ListComp | ast.DictComp | ast.SetComp):
        return True
    return isinstance(node, ast.Call) and _dotted(node.func) in _MUTABLE_CALLS


def _stringy(node: ast.expr) -> bool:
    """An expression that is (likely) a string: a literal, an f-string, str(...), a join."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Call):
        return _dotted(node.func) in {"str", "repr", "format"} or _dotted(node.func).endswith(
            (".format", ".join")
        )
    if isinstance(node, ast.BinOp):
        return _stringy(node.left) or _stringy(node.right)
    return False


def _looks_like_db(head: str, method: str) -> bool:
    """`cursor.execute`, `session.query`, `Model.objects.get/filter`, `db.fetchrow`..."""
    lowered = head.lower()
    if method in {"execute", "executemany", "query", "fetchrow", "fetchone", "find_one"}:
        return True
    return any(
        k in lowered
        for k in (
            "objects",
            "session",
            "db",
            "cursor",
            "conn",
            "query",
            "repo",
            "collection",
            "table",
            "client",
        )
    )


def _module_state(tree: ast.Module) -> tuple[dict[str, int], set[str]]:
    """Module-level containers (name -> line) and every name bound to a list literal."""
    containers: dict[str, int] = {}
    lists: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            if value is None:
                continue
            container = isinstance(value, ast.List | ast.Dict | ast.Set) or (
                isinstance(value, ast.Call)
                and _dotted(value.func)
                in {
                    "list",
                    "dict",
                    "set",
                    "defaultdict",
                    "collections.defaultdict",
                    "OrderedDict",
                    "collections.OrderedDict",
                }
            )
            for target in targets:
                if isinstance(target, ast.Name) and container:
                    containers[target.id] = node.lineno
    for item in ast.walk(tree):
        if isinstance(item, ast.Assign) and isinstance(item.value, ast.List | ast.ListComp):
            for target in item.targets:
                if isinstance(target, ast.Name):
                    lists.add(target.id)
    return containers, lists


def scan(code: str) -> tuple[Finding, ...]:
    """The culprits in `code`, in line order (at most MAX_FINDINGS); () if it does not parse."""
    if not code.strip() or len(code) > MAX_SOURCE_CHARS:
        return ()
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    containers, lists = _module_state(tree)
    scanner = _Scanner(containers, lists)
    try:
        scanner.visit(tree)
    except RecursionError:
        return ()
    found = list(scanner.found)
    for name, function in sorted(scanner.grown.items()):
        if name not in scanner.trimmed:
            found.append(Finding("unbounded_global", containers[name], function, name))
    found.sort(key=lambda f: f.line)
    return tuple(found[:MAX_FINDINGS])


def _sum_chain(value: ast.expr) -> tuple[ast.expr, list[ast.expr]]:
    """`a + b + c` as (a, [c, b]): the leftmost operand and what is added to it."""
    added: list[ast.expr] = []
    while isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        added.append(value.right)
        value = value.left
    return value, added
