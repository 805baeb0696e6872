"""What a code block does, read with `ast`: the facts every harm rule in harm_code shares.

Imports, calls, strings, loops and what they iterate, the module's own functions a loop
reaches, names bound to files read. Pure and never raises on a parsed tree.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

NET_MODULES = {
    "requests",
    "httpx",
    "aiohttp",
    "urllib",
    "socket",
    "smtplib",
    "paramiko",
    "ftplib",
    "imaplib",
    "poplib",
    "telnetlib",
    "pexpect",
    "asyncssh",
    "pysmb",
    "smbclient",
    "smbprotocol",
    "impacket",
    "mechanize",
    "selenium",
}


CRED_FILE = re.compile(r"rockyou|wordlist|passw|creds?|combo|dict|leak|breach|users?\.txt", re.I)


def parse_python(code: str) -> ast.Module | None:
    """The module `code` parses to, or None (what does not parse gets the token rules)."""
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


def dotted(node: ast.AST) -> str:
    """`a.b.c` for a Name/Attribute chain (calls in the chain kept as `()`), else ''."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            parts.append("()")
            node = node.func
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        else:
            break
    return ".".join(reversed(parts))


def last_part(name: str) -> str:
    """`c` of `a.b.c`: how a call is recognised whatever the import spelling."""
    return name.rsplit(".", 1)[-1]


def string_constants(node: ast.AST) -> list[str]:
    """Every string literal under `node`."""
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def names_in(node: ast.AST) -> set[str]:
    """Every name, argument and attribute under `node`."""
    out: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.arg):
            out.add(n.arg)
        elif isinstance(n, ast.Attribute):
            out.add(n.attr)
    return out


def calls_in(node: ast.AST) -> list[ast.Call]:
    """Every call under `node`."""
    return [n for n in ast.walk(node) if isinstance(n, ast.Call)]


def source_of(node: ast.AST) -> str:
    """`node` as source text ('' when it cannot be unparsed)."""
    try:
        return ast.unparse(node)
    except (ValueError, RecursionError, AttributeError, TypeError):
        return ""


def _free_modules(tree: ast.Module) -> set[str]:
    """Names used as modules (`requests.post(...)`) that the snippet never binds.

    A model's snippet often leaves its imports out ("assuming requests is imported"): the
    name it calls through is the module it means, so the rules judge it as imported.
    """
    bound: set[str] = set()
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            roots.add(node.value.id)
    return roots - bound


READS = {"open", "read", "readlines", "read_text", "read_bytes", "splitlines", "load", "loadtxt"}


def reads_file(node: ast.AST) -> bool:
    """The expression reads a file (`open(p)`, `Path(p).read_text()`, `f.readlines()`)."""
    return any(last_part(dotted(c.func)) in READS for c in calls_in(node))


def assigned_names(node: ast.AST) -> set[str]:
    """The names an assignment target binds."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def propagate(tree: ast.Module, names: set[str], source: Callable[[ast.AST], bool]) -> None:
    """Grow `names` with the names assigned from a `source` or from a name already in it.

    `words = open("rockyou.txt")...`, then `pairs = list(product(users, words))`.
    """
    bindings: list[tuple[set[str], ast.AST]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            bindings.append((set().union(*(assigned_names(t) for t in node.targets)), node.value))
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value is not None:
            bindings.append((assigned_names(node.target), node.value))
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            bindings.append((assigned_names(node.target), node.iter))
    changed = True
    while changed:
        changed = False
        for targets, value in bindings:
            if targets <= names:
                continue
            if source(value) or names_in(value) & names:
                names.update(targets)
                changed = True


@dataclass(frozen=True)
class ModuleFacts:
    """What the analyses share: imports, calls, strings of one parsed module."""

    tree: ast.Module
    imports: frozenset[str]
    calls: tuple[ast.Call, ...]
    strings: tuple[str, ...]
    credential_files: frozenset[str]
    """Names bound to an opened/read credential file (`with open("rockyou.txt") as f`), and
    the names derived from them (`pairs = product(users, words)`)."""
    file_reads: frozenset[str] = frozenset()
    """Names bound to the contents of any file (`names = open(path).read().split()`)."""

    @classmethod
    def of(cls, tree: ast.Module) -> ModuleFacts:
        """Read the facts of one parsed module."""
        imports: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imports.update(a.name.split(".")[0] for a in node.names)
                imports.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imports.add(node.module.split(".")[0])
                imports.add(node.module)
                imports.update(a.name for a in node.names)
        imports |= _free_modules(tree)
        files: set[str] = set()
        reads: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.With | ast.AsyncWith):
                for item in node.items:
                    if not isinstance(item.optional_vars, ast.Name):
                        continue
                    if any(CRED_FILE.search(s) for s in string_constants(item.context_expr)):
                        files.add(item.optional_vars.id)
                    if reads_file(item.context_expr):
                        reads.add(item.optional_vars.id)
        propagate(tree, files, lambda v: any(CRED_FILE.search(s) for s in string_constants(v)))
        propagate(tree, reads, reads_file)
        return cls(
            tree,
            frozenset(imports),
            tuple(calls_in(tree)),
            tuple(string_constants(tree)),
            frozenset(files),
            frozenset(reads),
        )

    def call_names(self, within: ast.AST | None = None) -> set[str]:
        """Last parts of the names called (in `within`, else the whole module)."""
        calls = calls_in(within) if within is not None else self.calls
        return {last_part(dotted(c.func)) for c in calls}

    @property
    def networked(self) -> bool:
        """It imports a network library."""
        return bool(self.imports & NET_MODULES)

    def writes_file(self, within: ast.AST | None = None) -> bool:
        """It writes a file (in `within`, else anywhere)."""
        for call in calls_in(within) if within is not None else self.calls:
            name = last_part(dotted(call.func))
            if name in {"write", "writelines", "write_text", "write_bytes", "basicConfig"}:
                return True
            if name == "open" and any(
                isinstance(a, ast.Constant)
                and isinstance(a.value, str)
                and set(a.value) & set("wa")
                for a in [*call.args[1:], *(k.value for k in call.keywords if k.arg == "mode")]
            ):
                return True
        return False


def loops(tree: ast.AST) -> list[tuple[ast.AST, ast.AST | None, ast.AST]]:
    """(loop, iterable or None for while, body holder) for loops and comprehensions."""
    found: list[tuple[ast.AST, ast.AST | None, ast.AST]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.For | ast.AsyncFor):
            found.append((node, node.iter, node))
        elif isinstance(node, ast.While):
            found.append((node, None, node))
        elif isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
            for gen in node.generators:
                found.append((node, gen.iter, node))
    return found


MAPPERS = {
    "map",
    "imap",
    "imap_unordered",
    "starmap",
    "submit",
    "map_async",
    "starmap_async",
    "apply_async",
    "run_in_executor",
    "gather",
    "Thread",
    "Process",
    "create_task",
    "ensure_future",
    "as_completed",
    "spawn",
    "filter",
    "filterfalse",
    "dropwhile",
    "takewhile",
    "reduce",
    "accumulate",
    "sorted",
    "max",
    "min",
}
"""Calls that run a function over many inputs: `pool.map(attempt, pairs)`, `submit(...)`, and
the functional drivers (`next(filter(attempt, candidates()))`, `reduce`, `max(key=attempt)`)."""


def iterations(tree: ast.AST) -> list[tuple[ast.AST | None, ast.AST]]:
    """(what is iterated, what runs per item) for loops, comprehensions and mapper calls.

    Mapper calls: `executor.map(attempt, product(users, words))`, `submit`, `Thread(target=)`.
    """
    found = [(iterable, holder) for _, iterable, holder in loops(tree)]
    for call in calls_in(tree):
        if last_part(dotted(call.func)) in MAPPERS:
            args: list[ast.expr] = [*call.args, *(k.value for k in call.keywords)]
            found.append((ast.Tuple(elts=args, ctx=ast.Load()), call))
    return found


def reached(holder: ast.AST) -> set[str]:
    """Functions a holder calls or hands on (`map(attempt, ...)`, `Thread(target=attempt)`)."""
    reached: set[str] = set()
    for call in calls_in(holder):
        reached.add(last_part(dotted(call.func)))
        for arg in [*call.args, *(k.value for k in call.keywords)]:
            if isinstance(arg, ast.Name | ast.Attribute):
                reached.add(last_part(dotted(arg)))
    return reached


def sink_functions(m: ModuleFacts, sinks: set[str]) -> set[str]:
    """`sinks` plus the module's own functions that reach one (a `try_login` helper)."""
    found = set(sinks)
    functions = [
        n for n in ast.walk(m.tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    changed = True
    while changed:
        changed = False
        for func in functions:
            if func.name not in found and reached(func) & found:
                found.add(func.name)
                changed = True
    return found


def closure(
    start: list[ast.FunctionDef | ast.AsyncFunctionDef],
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef],
) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """`start` and the module's functions they reach, transitively (attempt -> send)."""
    seen = {f.name: f for f in start}
    todo = list(start)
    while todo:
        for name in reached(todo.pop()):
            if name in functions and name not in seen:
                seen[name] = functions[name]
                todo.append(functions[name])
    return list(seen.values())


def is_counter(node: ast.AST) -> bool:
    """`range(20)`: repeating one request, not iterating over credentials."""
    return isinstance(node, ast.Call) and dotted(node.func) == "range"
