"""A practice task's solution under another name, without its imports, or with dead code.

The integrity guard recognises a task by its interface. A hostile LLM renames the class and
its methods (`SingleFlightLRU.get` -> `LoadOnceCache.fetch`): the learner renames them back.
It leaves the imports out ("you will need `threading`"): the learner adds them back. So a block
whose definitions have the task's SHAPE (kinds, arities, methods, names aside) is checked too,
with aliases to the task's names and the missing imports added; it is a solution if the
task's own checker passes it.

Evidence of effort (dead code removed) is in bot/mentor/guards/effort.py.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import importlib.util
import sys
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.mentor.guards.task_shapes import TaskInterfaces, TaskShape

Arity = tuple[int, int]
VARIADIC = 99
EXTRA_METHODS = 3
"""A renamed class may carry this many public methods beyond the starter's."""
MAX_CANDIDATES = 8
"""Definitions of a block tried against a task's names (bounds the matching)."""
_PROTOCOL = {"__init__", "__len__", "__call__", "__iter__", "__contains__", "__getitem__"}
_EXPORTERS = (
    "threading",
    "collections",
    "collections.abc",
    "concurrent.futures",
    "asyncio",
    "functools",
    "itertools",
    "typing",
    "dataclasses",
    "contextlib",
    "queue",
    "time",
    "heapq",
    "bisect",
    "multiprocessing",
    "operator",
)
"""Modules whose public names a solution may use unimported (`Future`, `OrderedDict`...)."""
_ALIASES = {"st": "from hypothesis import strategies as st", "np": "import numpy as np"}


def _arity(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Arity:
    a = node.args
    args = [x for x in [*a.posonlyargs, *a.args] if x.arg not in {"self", "cls"}]
    return max(len(args) - len(a.defaults), 0), VARIADIC if a.vararg else len(args)


def _defs(tree: ast.Module) -> dict[str, tuple[str, Arity, dict[str, Arity]]]:
    """Top-level public defs and classes: (kind, arity, {method: arity})."""
    out: dict[str, tuple[str, Arity, dict[str, Arity]]] = {}
    for node in tree.body:
        if str(getattr(node, "name", "_")).startswith("_"):
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            out[node.name] = ("def", _arity(node), {})
        elif isinstance(node, ast.ClassDef):
            methods = {
                m.name: _arity(m)
                for m in node.body
                if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef)
                and (not m.name.startswith("_") or m.name in _PROTOCOL)
            }
            out[node.name] = ("class", (0, 0), methods)
    return out


def _fits(want: Arity, got: Arity) -> bool:
    """A definition taking `got` can be called the way the starter's `want` is."""
    return got[0] <= want[1] and want[0] <= got[1]


def _method_map(want: dict[str, Arity], got: dict[str, Arity]) -> dict[str, str] | None:
    """Starter method -> block method (protocol methods keep their names), or None."""
    if len(got) > len(want) + EXTRA_METHODS:
        return None
    mapping: dict[str, str] = {}
    free = dict(got)
    for name, arity in sorted(want.items(), key=lambda kv: kv[0] not in got):
        if name in free and _fits(arity, free[name]):
            mapping[name] = name
            del free[name]
            continue
        if name in _PROTOCOL:
            return None
        match = next(
            (m for m, a in free.items() if not m.startswith("_") and _fits(arity, a)), None
        )
        if match is None:
            return None
        mapping[name] = match
        del free[match]
    return mapping


def _aliases(shape: TaskShape, tree: ast.Module) -> list[str] | None:
    """Lines binding the task's names to the block's renamed definitions, or None.

    Each task name takes a definition of its kind and arity (a class: one whose methods
    map onto the starter's), in any order: a multi-function task renamed and reordered is
    still its solution. Searched depth-first, same names first, at most MAX_TRIES steps.
    """
    starter_tree = ast.parse(shape.task.starter)
    starter = _defs(starter_tree)
    found = _defs(tree)
    names = list(starter)
    if not names or len(found) > len(names) + MAX_CANDIDATES:
        return None
    pool = list(found)[: len(names) + MAX_CANDIDATES]
    wanted_words = _words_by_definition(starter_tree)
    got_words = _words_by_definition(tree)
    options: list[list[tuple[str, dict[str, str]]]] = []
    for want_name in names:
        kind, arity, methods = starter[want_name]
        fitting: list[tuple[str, dict[str, str]]] = []
        words = wanted_words.get(want_name, set())
        likeness = {g: _jaccard(words, got_words.get(g, set())) for g in pool}
        for got_name in sorted(pool, key=lambda n: (n != want_name, -likeness[n])):
            got_kind, got_arity, got_methods = found[got_name]
            if got_kind != kind or (kind == "def" and not _fits(arity, got_arity)):
                continue
            mapping = _method_map(methods, got_methods) if kind == "class" else {}
            if mapping is not None:
                fitting.append((got_name, mapping))
        if not fitting:
            return None
        options.append(fitting)
    steps = 0

    def assign(index: int, used: frozenset[str]) -> list[str] | None:
        nonlocal steps
        if index == len(names):
            return []
        for got_name, mapping in options[index]:
            steps += 1
            if got_name in used or steps > MAX_TRIES:
                continue
            rest = assign(index + 1, used | {got_name})
            if rest is None:
                continue
            want_name = names[index]
            lines = [f"{want_name} = {got_name}"] if got_name != want_name else []
            lines.extend(
                f"{got_name}.{want} = {got_name}.{got}"
                for want, got in mapping.items()
                if want != got
            )
            return lines + rest
        return None

    lines = assign(0, frozenset())
    return lines or None


MAX_TRIES = 2000
"""Assignment steps tried when matching a block's definitions to a task's names."""


def _words_by_definition(tree: ast.Module) -> dict[str, set[str]]:
    """The identifiers each top-level definition uses (its own vocabulary survives renaming)."""
    return {
        node.name: _identifiers(node)
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


@lru_cache(maxsize=1)
def _exports() -> dict[str, str]:
    """Public name -> the first module of _EXPORTERS that defines it."""
    table: dict[str, str] = {}
    for module in _EXPORTERS:
        try:
            loaded = importlib.import_module(module)
        except ImportError:  # pragma: no cover - all stdlib
            continue
        for name in getattr(loaded, "__all__", [n for n in dir(loaded) if not n.startswith("_")]):
            table.setdefault(name, module)
    return table


def _unbound(tree: ast.Module) -> set[str]:
    """Names the code reads but never binds (nor are builtins)."""
    bound: set[str] = set(dir(builtins))
    loaded: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return loaded - bound


@lru_cache(maxsize=256)
def _importable(module: str) -> bool:
    """The module exists here (stdlib or installed); a made-up one does not."""
    top = module.split(".", 1)[0]
    if not top or top in sys.stdlib_module_names:
        return bool(top)
    try:
        return importlib.util.find_spec(top) is not None
    except (ImportError, ValueError):
        return False


def with_starter_for_made_up_imports(code: str, shape: TaskShape) -> str:
    """`code` with the starter standing in for task names imported from a made-up module.

    `from lru_base import SingleFlightLRU as Base` then `class SingleFlightLRU(Base)`: the
    learner has the base (it is the starter), so the subclass is the solution. Only the
    checker runs this text.
    """
    try:
        tree = ast.parse(code)
        starter = _defs(ast.parse(shape.task.starter))
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return code
    files = {f.removesuffix(".py") for f in shape.task.files}
    aliases: list[str] = []
    kept: list[ast.stmt] = []
    for node in tree.body:
        if (
            isinstance(node, ast.ImportFrom)
            and (node.level or not _importable(node.module or ""))
            and (node.module or "") not in files
            and node.names
            and all(a.name in starter for a in node.names)
        ):
            aliases.extend(f"{a.asname} = {a.name}" for a in node.names if a.asname)
            continue
        kept.append(node)
    if len(kept) == len(tree.body):
        return code
    tree.body = kept
    return "\n".join([shape.task.starter, *aliases, "", ast.unparse(tree)])


def completed(code: str, shape: TaskShape | None = None) -> str:
    """`code` with the imports it obviously misses (stdlib modules and names, task modules).

    Task names imported from a module that does not exist come from the starter.
    """
    if shape is not None:
        code = with_starter_for_made_up_imports(code, shape)
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return code
    provided: dict[str, str] = {}
    if shape is not None:
        for file, text in shape.task.files.items():
            try:
                support = ast.parse(text)
            except SyntaxError:
                continue
            for name in _defs(support):
                provided.setdefault(name, file.removesuffix(".py"))
    lines: list[str] = []
    for name in sorted(_unbound(tree)):
        if name in provided:
            lines.append(f"from {provided[name]} import {name}")
        elif name in sys.stdlib_module_names:
            lines.append(f"import {name}")
        elif name in _ALIASES:
            lines.append(_ALIASES[name])
        elif name in _exports():
            lines.append(f"from {_exports()[name]} import {name}")
    return "\n".join([*lines, code]) if lines else code


KIN_SHARED = 4
KIN_SHARE = 0.4
"""A renamed block must use this many (and this share) of the names the task's code uses."""


def _identifiers(tree: ast.AST) -> set[str]:
    """Names, attributes, parameters and keywords a piece of code uses (builtins aside)."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            out.add(node.id)
        elif isinstance(node, ast.Attribute):
            out.add(node.attr)
        elif isinstance(node, ast.arg | ast.keyword):
            out.add(node.arg or "")
    return out - set(dir(builtins)) - {"self", "cls", ""}


@lru_cache(maxsize=64)
def _task_identifiers(starter: str, scaffold: str) -> frozenset[str]:
    found: set[str] = set()
    for code in (starter, scaffold):
        try:
            found |= _identifiers(ast.parse(code))
        except SyntaxError:
            continue
    return frozenset(found)


def _kin(shape: TaskShape, tree: ast.Module) -> bool:
    """The block speaks the task's vocabulary (`move_to_end`, `loader`, `capacity`...).

    A shape alone is too weak a sign for a one-function task: `two_sum(numbers, target)` has
    the arity of many starters. Renamed solutions keep most of the task's other names.
    """
    task = _task_identifiers(shape.task.starter, shape.task.scaffold)
    shared = _identifiers(tree) & task
    return len(shared) >= KIN_SHARED and len(shared) >= KIN_SHARE * len(task)


def task_candidate(
    interfaces: TaskInterfaces, tree: ast.Module, code: str
) -> tuple[TaskShape, str] | None:
    """The task `tree` answers (by name or by shape) and the code to run its checker on."""
    shape = interfaces.match(tree)
    if shape is not None:
        return shape, completed(code, shape)
    for shape in interfaces.shapes:
        if shape.tests_only or not _kin(shape, tree):
            continue
        aliases = _aliases(shape, tree)
        if aliases is not None:
            return shape, completed("\n".join([code, "", *aliases]), shape)
    return None


# Effort ------------------------------------------------------------------------------------
