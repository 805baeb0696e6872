"""Practice tasks recognised by shape: a task's interface in code, and change that is substance.

A block matches a checked task when it defines the starter's public functions and classes
(arity and methods); effort is code that differs from the starter once names, strings and
docstrings are erased (`canonical_bodies`), so a renamed or re-commented starter is not effort.
The integrity guard (integrity.py) runs the task's checker on what matches.
"""

from __future__ import annotations

import ast
import copy
import math
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from bot.course.content import Task
from bot.mentor.guards.effort import materially_changed
from bot.mentor.solution import is_stub_body
from bot.mentor.solution import shows_effort as says_effort_in_text

Signature = tuple[str, tuple[int, int], frozenset[str]]
"""(kind 'def' | 'class', (required, most) positional parameters, public methods of classes)."""
VARIADIC = 99
"""`most` for a function taking *args."""
SMALL_INTERFACE = 3
LARGE_QUORUM = 0.75


def parse_code(code: str) -> ast.Module | None:
    """The module `code` parses to, or None."""
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


def _arity(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int, int]:
    """(required, most) positional parameters, `self`/`cls` left out."""
    a = node.args
    args = [x for x in [*a.posonlyargs, *a.args] if x.arg not in {"self", "cls"}]
    required = len(args) - len(a.defaults)
    return max(required, 0), VARIADIC if a.vararg else len(args)


def _imports(tree: ast.Module) -> set[str]:
    """Top-level module names imported anywhere in `tree`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def interface(tree: ast.Module) -> dict[str, Signature]:
    """Public top-level functions (with arity) and classes (with their methods)."""
    found: dict[str, Signature] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith(
            "_"
        ):
            found[node.name] = ("def", _arity(node), frozenset())
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            methods = frozenset(
                m.name
                for m in node.body
                if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef)
                and (not m.name.startswith("_") or m.name in {"__init__", "__len__", "__call__"})
            )
            found[node.name] = ("class", (0, 0), methods)
    return found


class _Canon(ast.NodeTransformer):
    """Alpha-renames code: identifiers, attribute and keyword names, strings and annotations.

    Names are numbered in order of first appearance, so a consistently renamed starter
    (`sed 's/_data/_store/g'`, `loader` -> `fetch`) or one with reworded docstrings and
    messages dumps the same; only a change of structure (new or changed logic) differs.
    """

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.attrs: dict[str, str] = {}
        """Attribute and keyword names (`self.capacity = capacity` keeps two names)."""

    def _name(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def _attr(self, name: str) -> str:
        return self.attrs.setdefault(name, f"a{len(self.attrs)}")

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.Name(id=self._name(node.id), ctx=node.ctx)

    def visit_arg(self, node: ast.arg) -> ast.arg:
        return ast.arg(arg=self._name(node.arg))

    def visit_Attribute(self, node: ast.Attribute) -> ast.Attribute:
        value = self.visit(node.value)
        return ast.Attribute(value=value, attr=self._attr(node.attr), ctx=node.ctx)

    def visit_keyword(self, node: ast.keyword) -> ast.keyword:
        value = self.visit(node.value)
        return ast.keyword(arg=None if node.arg is None else self._attr(node.arg), value=value)

    def visit_Constant(self, node: ast.Constant) -> ast.Constant:
        return ast.Constant("" if isinstance(node.value, str) else node.value)

    def visit_Expr(self, node: ast.Expr) -> ast.AST | None:
        """Bare strings and `...` are comments: gone, at any depth."""
        value = node.value
        if isinstance(value, ast.Constant) and (
            isinstance(value.value, str) or value.value is Ellipsis
        ):
            return None
        return self.generic_visit(node)

    def visit_Pass(self, node: ast.Pass) -> None:
        """`pass` added to a body changes nothing (None removes the statement)."""

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.stmt | None:
        """`x: T = v` is `x = v`; a bare annotation does nothing."""
        if node.value is None:
            return None
        assign = ast.Assign(targets=[self.visit(node.target)], value=self.visit(node.value))
        return ast.copy_location(assign, node)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.AST:
        node.name = self._name(node.name)
        node.returns = None
        node.decorator_list = [self.visit(d) for d in node.decorator_list]
        for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
            arg.annotation = None
        node.args = self.visit(node.args)
        node.body = [s for s in (self.visit(s) for s in node.body) if s is not None]
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        return self._function(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        return self._function(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        node.name = self._name(node.name)
        return self.generic_visit(node)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> ast.AST:
        if node.name is not None:
            node.name = self._name(node.name)
        return self.generic_visit(node)

    def visit_Global(self, node: ast.Global) -> ast.Global:
        return ast.Global(names=[self._name(n) for n in node.names])

    def visit_Nonlocal(self, node: ast.Nonlocal) -> ast.Nonlocal:
        return ast.Nonlocal(names=[self._name(n) for n in node.names])


def _without_strings(body: list[ast.stmt]) -> list[ast.stmt]:
    """Bare string statements (docstrings, "TODO" notes) are comments: leave them out."""
    return [
        s
        for s in body
        if not (
            isinstance(s, ast.Expr)
            and isinstance(s.value, ast.Constant)
            and isinstance(s.value.value, str)
        )
    ]


def _body_without_doc(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.stmt]:
    body = list(node.body)
    first = body[0] if body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        body = body[1:]
    return body


class _Erased(_Canon):
    """Every name one name, every attribute one attribute: only the shape of a line is left.

    Numbering by first appearance would shift every later line after one new name.
    """

    def _name(self, name: str) -> str:
        return "n"

    def _attr(self, name: str) -> str:
        return "a"


def _canonical(
    node: ast.FunctionDef | ast.AsyncFunctionDef, canon: _Canon | None = None
) -> ast.Module | None:
    """A function's implemented body alpha-renamed (None for a stub)."""
    body = _body_without_doc(node)
    if not body or is_stub_body(body):
        return None
    canon = canon or _Canon()
    a = node.args
    for arg in [*a.posonlyargs, *a.args, *([a.vararg] if a.vararg else []), *a.kwonlyargs]:
        canon.visit_arg(arg)  # parameters first: renamed ones map to the same names
    stmts = [canon.visit(copy.deepcopy(s)) for s in _without_strings(body)]
    return ast.Module(body=[s for s in stmts if s is not None], type_ignores=[])


def _functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def canonical_bodies(tree: ast.Module) -> dict[str, str]:
    """Normalised dump of every implemented function body (stubs left out), by name."""
    bodies: dict[str, str] = {}
    for node in _functions(tree):
        module = _canonical(node)
        if module is not None:
            bodies.setdefault(node.name, ast.dump(module, annotate_fields=False))
    return bodies


def canonical_lines(tree: ast.Module) -> list[str]:
    """Every implemented function's statements, names erased, one line each, in order."""
    lines: list[str] = []
    for node in _functions(tree):
        module = _canonical(node, _Erased())
        if module is not None:
            lines.extend(ast.unparse(module).splitlines())
    return lines


def assignments(tree: ast.Module) -> set[tuple[str, str]]:
    """(name, dumped value) of `tree`'s module-level assignments to plain names."""
    found: set[tuple[str, str]] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        dumped = ast.dump(value, annotate_fields=False)
        found.update((t.id, dumped) for t in targets if isinstance(t, ast.Name))
    return found


@dataclass(frozen=True)
class TaskShape:
    """A checked task's interface and its starter's normalised bodies."""

    task: Task
    interface: dict[str, Signature]
    bodies: frozenset[str]
    """Normalised function bodies the course hands out (starter and scaffold)."""

    modules: frozenset[str] = frozenset()
    """Modules the task itself provides (its support files, the checker's module)."""

    answers: frozenset[tuple[str, str]] = frozenset()
    """(name, value) of the module-level assignments the course hands out (`HOTSPOTS = []`):
    a block giving such a name another value answers the task (a profiling task's answer is
    a list, not a function)."""

    def edited_lines(self, tree: ast.Module) -> int:
        """Statements of `tree`'s functions changed from the starter (or the scaffold).

        Names are erased first, so a renamed starter has 0; a line added, removed or
        rewritten counts one.
        """
        mine = canonical_lines(tree)
        fewest = len(mine)
        for handed_out in (self.task.starter, self.task.scaffold):
            given = parse_code(handed_out)
            if given is None:
                continue
            ops = SequenceMatcher(None, canonical_lines(given), mine, autojunk=False).get_opcodes()
            changed = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
            fewest = min(fewest, changed)
        return fewest

    @property
    def tests_only(self) -> bool:
        """The starter is a test file: its interface is the module under test, not names."""
        return all(name.startswith("test") for name in self.interface)

    def matched_by(self, found: dict[str, Signature], imports: frozenset[str]) -> bool:
        """`found` defines the starter's public names (same kind, compatible arity, methods).

        Every name it defines must be compatible, and at least `quorum` of them defined.

        For a test-file starter: the block imports the task's own module and defines tests.
        """
        if self.tests_only:
            return (
                bool(self.modules)
                and self.modules <= imports
                and any(name.startswith("test") for name in found)
            )
        defined = 0
        for name, (kind, (arity, _), methods) in self.interface.items():
            got = found.get(name)
            if got is None:
                continue
            required, most = got[1]
            if got[0] != kind or not methods <= got[2]:
                return False
            if kind == "def" and not required <= arity <= most:
                return False
            defined += 1
        return bool(self.interface) and defined >= self.quorum

    @property
    def quorum(self) -> int:
        """Names a block must define: all of a small interface, 3 in 4 of a large one.

        (A solution may drop a helper the checker never calls; the checker still decides.)
        """
        size = len(self.interface)
        return size if size <= SMALL_INTERFACE else math.ceil(size * LARGE_QUORUM)

    def changed_in(self, tree: ast.Module) -> bool:
        """`tree` holds something the course did not hand out.

        An implemented function body that is neither the starter's nor the scaffold's, or
        one of the starter's module-level names given another value.
        """
        if any(body not in self.bodies for body in canonical_bodies(tree).values()):
            return True
        named = {name for name, _ in self.answers}
        return any(
            name in named and (name, value) not in self.answers for name, value in assignments(tree)
        )


class TaskInterfaces:
    """The interfaces of the course's checked tasks (review tasks have no runnable checker)."""

    def __init__(self, tasks: Iterable[Task]) -> None:
        self.shapes: list[TaskShape] = []
        for task in tasks:
            tree = parse_code(task.starter)
            if tree is None or task.kind != "checked":
                continue
            handed_out = set(canonical_bodies(tree).values())
            answers = assignments(tree)
            scaffold = parse_code(task.scaffold)
            if scaffold is not None:
                handed_out.update(canonical_bodies(scaffold).values())
                slots = {name for name, _ in answers}
                answers |= {a for a in assignments(scaffold) if a[0] in slots}
            private = {name.removesuffix(".py") for name in task.files}
            private.add(str(task.params.get("module", "")))
            modules = frozenset(_imports(tree) & private)
            shape = TaskShape(
                task, interface(tree), frozenset(handed_out), modules, frozenset(answers)
            )
            if shape.interface:
                self.shapes.append(shape)

    def task_ids(self) -> tuple[str, ...]:
        """The checked tasks' ids."""
        return tuple(s.task.id for s in self.shapes)

    def match(self, tree: ast.Module) -> TaskShape | None:
        """The task whose whole interface `tree` defines, if any."""
        found = interface(tree)
        imports = frozenset(_imports(tree))
        return next((s for s in self.shapes if s.matched_by(found, imports)), None)

    def related(self, tree: ast.Module) -> TaskShape | None:
        """The task whose starter shares a public name with `tree` (the learner's own copy)."""
        names = set(interface(tree))
        best = max(self.shapes, key=lambda s: len(names & set(s.interface)), default=None)
        return best if best is not None and names & set(best.interface) else None

    def renamed(self, tree: ast.Module) -> TaskShape | None:
        """The task whose starter `tree` is, every public name renamed (same bodies)."""
        bodies = set(canonical_bodies(tree).values())
        if not bodies:
            return None
        return next((s for s in self.shapes if bodies <= s.bodies), None)

    def shows_effort(self, text: str, code: tuple[str, ...], *, says_tried: bool) -> bool:
        """Effort = code that differs from the starter in substance, a failure, or numbers."""
        for block in code:
            tree = parse_code(block)
            if tree is None:
                continue
            shape = self.related(tree) or self.renamed(tree)
            if shape is not None:
                if materially_changed(shape, tree):
                    return True
                continue  # the starter, renamed, re-commented or padded: not effort
            if says_effort_in_text("", (block,), says_tried=False):
                return True
        return says_effort_in_text(text, (), says_tried=says_tried)
