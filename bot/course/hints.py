"""The hint ladder: concept -> pointer -> pseudo-code -> scaffold, climbed by attempts only.

The level is the number of DISTINCT ATTEMPTS stored for the task, capped at the last rung.
Distinct means a different program, not different text: the starter as handed out, and any
submission that only renames its own names or rewords strings, docstrings and comments, is no
attempt (three renamed starters once opened the pseudo-code rung). An attempt keeps the
starter's interface (its functions, classes and methods, with their arguments) and adds
behaviour to it; code that does less than the starter (`while True: pass`, an empty class,
`x = 1`) earns nothing, or three of them would open the pseudo-code rung. Asking never raises it.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass

from bot.course.content import HINT_LEVELS, Task
from bot.text import markdown

MAX_LEVEL = len(HINT_LEVELS)

MIN_KEPT_SHARE = 0.5
"""An attempt keeps at least this share of the starter's program (AST nodes): less is deletion."""


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


@dataclass(frozen=True, slots=True)
class Effort:
    """Whether a submission attempts the task, and what of the starter it lacks if not."""

    attempt: bool
    missing: tuple[str, ...] = ()
    """The starter's functions and methods the code lacks, as `SingleFlightLRU.get(key, loader)`."""
    parsed: bool = True
    """False for code that does not parse (the checker already names its syntax error)."""
    kept: bool = True
    """False when most of the starter is gone (a pass-through instead of the starter's cache)."""


def _parse(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _interface(tree: ast.Module) -> dict[str, tuple[int, str]]:
    """Top-level functions and classes' methods: qualified name -> (positional args, display)."""
    found: dict[str, tuple[int, str]] = {}

    def add(node: ast.FunctionDef | ast.AsyncFunctionDef, owner: str) -> None:
        positional = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
        shown = [a for a in positional if a not in ("self", "cls")]
        qual = f"{owner}.{node.name}" if owner else node.name
        found[qual] = (len(positional), f"{qual}({', '.join(shown)})")

    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if not node.name.startswith("test_"):  # a starter's example test is the learner's
                add(node, "")
        elif isinstance(node, ast.ClassDef):
            found.setdefault(node.name, (0, node.name))
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    add(item, node.name)
    return found


_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def _module_names(tree: ast.Module) -> set[str]:
    """Names a module assigns at top level (a starter's `HOTSPOTS = []` the checker reads)."""
    names: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _statements(tree: ast.Module, data: set[str]) -> set[str]:
    """Each statement inside a function that does something, own names erased.

    Function bodies count (what the checker runs), and top-level assignments of the
    starter's own module names in `data` (a claim the checker reads); a constant added at
    module level is no behaviour. Compound statements count by their header; `pass`, bare
    constants (docstrings, `...`) and imports are left out.
    """
    claims = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and _module_names(ast.Module([node], [])) & data
    ]
    erased = _EraseOwnNames(_defined_names(tree)).visit(tree)
    shapes = {_header(node) for node in claims}
    for func in ast.walk(erased):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in (n for stmt in func.body for n in ast.walk(stmt)):
            if _is_behaviour(node):
                shapes.add(_header(node))
    return shapes


def _is_behaviour(node: ast.AST) -> bool:
    if not isinstance(node, ast.stmt) or isinstance(
        node, ast.Pass | ast.Import | ast.ImportFrom | ast.FunctionDef | ast.AsyncFunctionDef
    ):
        return False
    return not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))


def _header(node: ast.AST) -> str:
    """A statement's shape without the statements nested in it."""
    fields = {f: getattr(node, f) for f in _BODIES if hasattr(node, f)}
    for f in fields:
        setattr(node, f, [])
    shape = ast.dump(node, annotate_fields=False)
    for f, value in fields.items():
        setattr(node, f, value)
    return shape


def statement_shapes(code: str) -> frozenset[str]:
    """What the functions of `code` do, its own names erased: renaming does not change it."""
    tree = _parse(code)
    return frozenset(_statements(tree, set())) if tree is not None else frozenset()


def _size(tree: ast.Module) -> int:
    return sum(1 for _ in ast.walk(tree))


def effort(code: str, starter: str) -> Effort:
    """Whether `code` attempts the task handed out as `starter`.

    It must keep the starter's interface (a name the checker calls, with at least its
    arguments), add a statement the starter does not have, and keep most of the starter.
    A starter that is not Python (a review task's text) leaves every submission an attempt.
    """
    start = _parse(starter) if starter.strip() else None
    if start is None:
        return Effort(True)
    tree = _parse(code)
    if tree is None:
        return Effort(False, parsed=False)
    missing = _lacking(tree, start)
    if missing:
        return Effort(False, missing)
    kept = _size(tree) >= MIN_KEPT_SHARE * _size(start)
    data = _module_names(start)
    new = _statements(tree, data) - _statements(
        start, data
    )  # (erases names in place: last use of both)
    return Effort(bool(new) and kept, kept=kept)


def _lacking(tree: ast.Module, start: ast.Module) -> tuple[str, ...]:
    """The starter's functions and methods `tree` lacks; a missing class stands for its methods."""
    have = _interface(tree)
    missing = tuple(
        shown
        for qual, (args, shown) in _interface(start).items()
        if have.get(qual, (-1,))[0] < args
    )
    gone = {m for m in missing if "." not in m and "(" not in m}
    return tuple(m for m in missing if m.split(".")[0] not in gone or m in gone)


_DYNAMIC = {"globals", "exec", "eval", "setattr", "__import__", "__getattr__", "vars"}
"""Ways to bind a name the AST does not show: with any of them the checker decides."""


def missing_interface(code: str, starter: str, called: tuple[str, ...]) -> tuple[str, ...]:
    """Of the names the checker `called`, those `code` binds nowhere, as the starter shows them.

    Code without them cannot pass, so it need not run: `while True: pass` would otherwise
    hold a sandbox for the checker's whole time limit. Only names bound nowhere count: a
    function assigned or imported under the name is left for the checker to judge.
    """
    start = _parse(starter) if starter.strip() else None
    tree = _parse(code)
    if start is None or tree is None:
        return ()
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.Name):
            bound.add(node.id)  # stored, or read: a name read may be bound dynamically
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.Attribute):
            bound.add(node.attr)
    if bound & _DYNAMIC:
        return ()
    interface = _interface(start)
    return tuple(interface.get(name, (0, name))[1] for name in called if name not in bound)


def level_for(codes: list[str], starter: str = "", *, programs: bool = True) -> int:
    """Hint level (0 = none yet) earned by these stored submissions of a task with `starter`.

    `programs` is False for a task answered in prose (a review): any distinct text is an attempt.
    """
    seen = {program_fingerprint(c) for c in codes if not programs or effort(c, starter).attempt}
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
