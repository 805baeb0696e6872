"""Academic integrity by measurement: a draft's code that solves a practice task is withheld.

A graded task is recognised by what the code IS: a block that defines a checked task's
interface (the starter's public functions and classes, with their arity and methods) is run
in the sandbox against that task's own checker. If it passes, it is a turnkey solution and is
replaced by the task's scaffold plus the next hint rung. Only such blocks run (drafts without
a matching interface cost nothing), within a time budget, cached by code hash. When the
checker cannot run (sandbox off, busy, over budget) a block that implements more than the
starter is withheld anyway: an unverified solution is still a solution.

Evidence of effort is measured the same way: the learner's code must differ from the
starter in substance (normalised function bodies, names and strings erased), not in length;
the unmodified or renamed/re-commented starter is not effort.
"""

from __future__ import annotations

import ast
import asyncio
import copy
import hashlib
import math
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import structlog

from bot.course.content import Task
from bot.course.hints import MAX_LEVEL, hint_text
from bot.mentor.guards.code_views import python_view
from bot.mentor.guards.integrity_shapes import materially_changed, task_candidate, worked_on
from bot.mentor.guards.markdown import Part, join_parts, split_parts
from bot.mentor.solution import is_stub_body
from bot.mentor.solution import shows_effort as says_effort_in_text

log = structlog.get_logger()

CHECK_BUDGET_S = 30.0
"""Wall time one checker run may take before the block counts as unverified."""
CACHE_SIZE = 256

Checker = Callable[[Task, str], Awaitable[bool | None]]
"""Runs a task's own checker on code: True passed, False failed, None could not run."""
HintLevel = Callable[[int, str], Awaitable[int]]
"""(learner id, task id) -> hint level the learner's attempts earned (0 = none)."""

Signature = tuple[str, tuple[int, int], frozenset[str]]
"""(kind 'def' | 'class', (required, most) positional parameters, public methods of classes)."""
VARIADIC = 99
"""`most` for a function taking *args."""
SMALL_INTERFACE = 3
LARGE_QUORUM = 0.75


def _parse(code: str) -> ast.Module | None:
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


def canonical_bodies(tree: ast.Module) -> dict[str, str]:
    """Normalised dump of every implemented function body (stubs left out), by name."""
    bodies: dict[str, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        body = _body_without_doc(node)
        if not body or is_stub_body(body):
            continue
        canon = _Canon()
        a = node.args
        for arg in [*a.posonlyargs, *a.args, *([a.vararg] if a.vararg else []), *a.kwonlyargs]:
            canon.visit_arg(arg)  # parameters first: renamed ones map to the same names
        stmts = [canon.visit(copy.deepcopy(s)) for s in _without_strings(body)]
        module = ast.Module(body=[s for s in stmts if s is not None], type_ignores=[])
        bodies.setdefault(node.name, ast.dump(module, annotate_fields=False))
    return bodies


@dataclass(frozen=True)
class TaskShape:
    """A checked task's interface and its starter's normalised bodies."""

    task: Task
    interface: dict[str, Signature]
    bodies: frozenset[str]
    """Normalised function bodies the course hands out (starter and scaffold)."""

    modules: frozenset[str] = frozenset()
    """Modules the task itself provides (its support files, the checker's module)."""

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
        """Some implemented function body of `tree` is neither the starter's nor the scaffold's."""
        return any(body not in self.bodies for body in canonical_bodies(tree).values())


class TaskInterfaces:
    """The interfaces of the course's checked tasks (review tasks have no runnable checker)."""

    def __init__(self, tasks: Iterable[Task]) -> None:
        self.shapes: list[TaskShape] = []
        for task in tasks:
            tree = _parse(task.starter)
            if tree is None or task.kind != "checked":
                continue
            handed_out = set(canonical_bodies(tree).values())
            scaffold = _parse(task.scaffold)
            if scaffold is not None:
                handed_out.update(canonical_bodies(scaffold).values())
            private = {name.removesuffix(".py") for name in task.files}
            private.add(str(task.params.get("module", "")))
            modules = frozenset(_imports(tree) & private)
            shape = TaskShape(task, interface(tree), frozenset(handed_out), modules)
            if shape.interface:
                self.shapes.append(shape)

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
            tree = _parse(block)
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


@dataclass(frozen=True, slots=True)
class IntegrityResult:
    """A text with turnkey solutions replaced, and what it cost."""

    text: str
    replaced: int = 0
    """Blocks replaced by the task's scaffold and a hint."""
    runs: int = 0
    """Checker runs started (cache hits excluded)."""
    matched: int = 0
    """Blocks that defined a task's interface."""
    unverified: int = 0
    """Blocks withheld without a checker verdict."""
    allowed: int = 0
    """Solutions left because the learner showed effort."""


class IntegrityGuard:
    """Runs matching blocks against their task's checker; replaces the ones that pass."""

    def __init__(
        self,
        *,
        interfaces: TaskInterfaces,
        checker: Checker | None = None,
        hint_level: HintLevel | None = None,
        budget_s: float = CHECK_BUDGET_S,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        self.interfaces = interfaces
        self.checker = checker
        self.hint_level = hint_level
        self.budget_s = budget_s
        self._cache: OrderedDict[str, bool | None] = OrderedDict()
        self._cache_size = cache_size
        self.runs = 0
        """Checker runs started since construction (benches read it)."""

    async def _passes(self, shape: TaskShape, code: str) -> tuple[bool | None, bool]:
        """(verdict, ran): the cached or fresh verdict of the task's checker on `code`."""
        key = hashlib.sha256(f"{shape.task.id}\0{code}".encode()).hexdigest()
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key], False
        if self.checker is None:
            return None, False
        self.runs += 1
        try:
            verdict = await asyncio.wait_for(self.checker(shape.task, code), self.budget_s)
        except TimeoutError:
            verdict = None
        if verdict is not None:
            self._cache[key] = verdict
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return verdict, True

    async def guard(
        self,
        text: str,
        *,
        language: str,
        effort: bool,
        learner_id: int | None = None,
        learner_code: tuple[str, ...] = (),
    ) -> IntegrityResult:
        """`text` with every turnkey solution to a practice task replaced.

        Each Python block is a candidate; when none is a solution alone, the blocks together
        are one more (a solution split over several blocks: imports here, the class there).
        """
        parts = split_parts(text)
        python = [
            i
            for i, p in enumerate(parts)
            if p.is_code and python_view(p.code or "")  # ```text, diff, doctest, indented
        ]
        replaced = runs = matched = unverified = allowed = 0
        out: dict[int, Part | None] = {}
        rounds = [[[i] for i in python], [python] if len(python) > 1 else []]
        for indices in (c for candidates in rounds for c in candidates):
            if indices is python and (replaced or allowed):
                break  # the blocks together only matter when none was a solution alone
            code = "\n\n".join(python_view(parts[i].code or "") or "" for i in indices)
            tree = _parse(code)
            found = task_candidate(self.interfaces, tree, code) if tree is not None else None
            if found is None or tree is None:
                continue
            shape, checked = found  # by name or by shape; aliases and missing imports added
            matched += 1
            if not shape.changed_in(tree):
                continue  # the starter (or scaffold) quoted back: nothing new
            if effort and worked_on(self.interfaces, shape, learner_code):
                allowed += 1
                continue
            verdict, ran = await self._passes(shape, checked)
            runs += ran
            if verdict is False:
                continue  # not a working solution; the solution guard still applies
            unverified += verdict is None
            replaced += 1
            out[indices[0]] = Part(await self._replacement(shape.task, language, learner_id))
            out.update({i: None for i in indices[1:]})
        if not replaced:
            return IntegrityResult(text, 0, runs, matched, unverified, allowed)
        kept = [out.get(i, part) for i, part in enumerate(parts)]
        result = join_parts([p for p in kept if p is not None])
        return IntegrityResult(result, replaced, runs, matched, unverified, allowed)

    async def _replacement(self, task: Task, language: str, learner_id: int | None) -> str:
        level = 0
        if self.hint_level is not None and learner_id is not None:
            level = await self.hint_level(learner_id, task.id)
        rung = hint_text(task, language, min(level + 1, MAX_LEVEL - 1))
        scaffold = hint_text(task, language, MAX_LEVEL)
        return f"{scaffold}\n\n{rung}"


def course_checker(check: Callable[[Task, str], Awaitable[object]]) -> Checker:
    """A Checker from `CheckRunner.check`: its verdict's `passed`, None when it cannot run."""
    from bot.errors import UserFacingError  # noqa: PLC0415  # keeps this module's imports small

    async def run(task: Task, code: str) -> bool | None:
        try:
            verdict = await check(task, code)
        except UserFacingError as exc:  # not Python, sandbox off or busy
            log.info("guard.integrity_unchecked", task=task.id, reason=type(exc).__name__)
            return None
        return bool(getattr(verdict, "passed", False))

    return run
