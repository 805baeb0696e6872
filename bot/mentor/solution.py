"""Guardrail 3, no turnkey solutions: finished code (found with `ast`) becomes a scaffold.

A scaffold keeps signatures, docstrings and test skeletons; bodies become `...`.

A stub body is only a docstring, `...`, `pass` or `raise NotImplementedError`. Code counts as
finished when, for a "write it for me" request or a graded task (strict), some function has a
real body of MIN_BODY_STATEMENTS statements or the module does real work at top level;
otherwise (lenient) only a long complete program (LONG_PROGRAM_STATEMENTS) counts, so short
illustrative snippets in an explanation stay. Nothing here raises on any input.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from bot.text import markdown
from bot.text.markdown import PYTHON_TAGS, Block

MIN_BODY_STATEMENTS = 3
MIN_MODULE_STATEMENTS = 6
LONG_PROGRAM_STATEMENTS = 25
UNPARSABLE_LINES = 15
"""Python-tagged code that does not parse and is at least this long is withheld when strict."""

_TRACEBACK = re.compile(
    r"Traceback \(most recent call last\)|\b\w+Error\b:|\bFAILED\b|\b\d+ failed\b|"
    r"assert(ion)? ?error",
    re.I,
)
_NUMBERS = re.compile(r"\d+(?:[.,]\d+)?\s*(?:ms|µs|us|ns|s|sec|seconds|x|mb|mib|kb|kib)\b", re.I)


def _parse(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


def _is_docstring(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def _is_stub_stmt(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Pass) or _is_docstring(stmt):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
        return stmt.value.value is Ellipsis
    if isinstance(stmt, ast.Raise) and stmt.exc is not None:
        target = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
        return isinstance(target, ast.Name) and target.id == "NotImplementedError"
    return False


def is_stub_body(body: list[ast.stmt]) -> bool:
    """Only a docstring, `...`, `pass` or `raise NotImplementedError`."""
    return all(_is_stub_stmt(s) for s in body)


def _count(body: list[ast.stmt]) -> int:
    """Real statements in `body`, nested blocks included (stubs and docstrings excluded)."""
    total = 0
    for stmt in body:
        if _is_stub_stmt(stmt):
            continue
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            total += _count(stmt.body)
            continue
        total += 1
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list):
                total += _count([s for s in inner if isinstance(s, ast.stmt)])
        for handler in getattr(stmt, "handlers", []) or []:
            total += _count(handler.body)
    return total


@dataclass(frozen=True, slots=True)
class CodeShape:
    """What a piece of Python does, as far as the guard cares."""

    parses: bool
    statements: int = 0
    """Real statements overall."""
    implemented: tuple[str, ...] = ()
    """Functions with a real body of at least MIN_BODY_STATEMENTS statements."""
    top_level: int = 0
    """Real statements outside any def/class (imports excluded)."""


def shape(code: str) -> CodeShape:
    """Analyse `code`; unparsable code gives `parses=False`."""
    tree = _parse(code)
    if tree is None:
        return CodeShape(parses=False)
    implemented = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and not is_stub_body(node.body)
            and _count(node.body) >= MIN_BODY_STATEMENTS
        ):
            implemented.append(node.name)
    top = [
        s
        for s in tree.body
        if not isinstance(
            s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Import | ast.ImportFrom
        )
    ]
    return CodeShape(
        parses=True,
        statements=_count(tree.body),
        implemented=tuple(implemented),
        top_level=_count(top),
    )


def is_finished(code: str, *, strict: bool) -> bool:
    """Finished code that would hand the learner the answer."""
    info = shape(code)
    if not info.parses:
        return strict and len(code.strip().splitlines()) >= UNPARSABLE_LINES
    if info.statements >= LONG_PROGRAM_STATEMENTS:
        return True
    if not strict:
        return False
    return bool(info.implemented) or info.top_level >= MIN_MODULE_STATEMENTS


class _Scaffolder(ast.NodeTransformer):
    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        node.body = _stub_body(node)
        return node

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AsyncFunctionDef:
        node.body = _stub_body(node)
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.ClassDef:
        kept: list[ast.stmt] = []
        for stmt in node.body:
            if _is_docstring(stmt) and not kept:
                kept.append(stmt)
            elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                kept.append(self.visit(stmt))
            elif isinstance(stmt, ast.AnnAssign):
                kept.append(stmt)
        node.body = kept or [ast.Expr(ast.Constant(...))]
        return node


def _stub_body(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.stmt]:
    doc = ast.get_docstring(node, clean=False)
    body: list[ast.stmt] = [ast.Expr(ast.Constant(doc))] if doc else []
    body.append(ast.Expr(ast.Constant(...)))
    return body


def _tells_property(name: str, tree: ast.Module) -> bool:
    """A test name that says more than the unit it tests (`test_two_sum` names only that)."""
    units = {
        n.name
        for n in tree.body
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    } | {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
    told = name.removeprefix("test").strip("_")
    return bool(told) and told not in units and told.lower() not in {u.lower() for u in units}


def _unname_test(node: ast.FunctionDef | ast.AsyncFunctionDef, number: int) -> None:
    """A finished test's name, docstring and strategies: its property, unnamed.

    In a test-writing task the properties ARE the answer (review8 F27): the scaffold keeps
    the test's shape (decorators, parameters) and none of what it checks.
    """
    node.name = f"test_property_{number}"
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Call):  # @given(intervals) -> @given(...)
            decorator.args = [ast.Constant(...)]
            decorator.keywords = []
    doc = "Name the property this test checks (rename the test), then assert it."
    if ast.get_docstring(node, clean=False) is not None:
        node.body = node.body[1:]
    node.body.insert(0, ast.Expr(ast.Constant(doc)))


def scaffold(code: str) -> str:
    """Signatures, docstrings and `...` bodies of `code`, plus test skeletons. Never raises."""
    tree = _parse(code)
    if tree is None:
        return "# ...\n"
    kept: list[ast.stmt] = []
    functions: list[str] = []
    has_tests = False
    finished_tests = 0
    for index, stmt in enumerate(tree.body):
        if (index == 0 and _is_docstring(stmt)) or isinstance(stmt, ast.Import | ast.ImportFrom):
            kept.append(stmt)
        elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if stmt.name.startswith("test"):
                has_tests = True
                if not isinstance(stmt, ast.ClassDef) and _tells_property(stmt.name, tree):
                    finished_tests += 1
                    _unname_test(stmt, finished_tests)
                    kept.append(_Scaffolder().visit(stmt))
                    continue
            elif not stmt.name.startswith("_") and not isinstance(stmt, ast.ClassDef):
                functions.append(stmt.name)
            kept.append(_Scaffolder().visit(stmt))
        elif isinstance(stmt, ast.AnnAssign | ast.Assign) and isinstance(stmt.value, ast.Constant):
            kept.append(stmt)
    if not any(isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) for s in kept):
        main = ast.parse('def main() -> None:\n    """Your program, step by step."""\n    ...\n')
        kept.extend(main.body)
        functions.append("main")
    try:
        text = ast.unparse(ast.Module(body=kept, type_ignores=[]))
    except (ValueError, RecursionError, AttributeError, TypeError):
        return "# ...\n"
    if not has_tests and functions:
        tests = "\n\n".join(
            f"def test_{name}_<behaviour>() -> None:\n"
            f'    """State the rule `{name}` must keep; arrange, act, assert."""\n    ...'
            for name in functions[:3]
        )
        text = f"{text}\n\n\n{tests}"
    return text.rstrip() + "\n"


def _normalized(code: str) -> str | None:
    tree = _parse(code)
    return ast.dump(tree) if tree is not None else None


@dataclass(frozen=True, slots=True)
class SolutionCheck:
    """The outcome of guarding one text."""

    text: str
    replaced: int
    """How many code blocks were turned into scaffolds."""
    finished_blocks: int
    """How many finished blocks were found (before the guard)."""


def guard_text(
    text: str, *, strict: bool, learner_code: tuple[str, ...] = (), allow: bool = False
) -> SolutionCheck:
    """Turn finished code blocks in `text` into scaffolds; keep the learner's own code.

    `allow`: the learner showed effort, so finished code is counted but left alone.
    """
    own = {n for n in (_normalized(c) for c in learner_code) if n is not None}
    own_text = "\n".join(learner_code)
    replaced = 0
    found = 0

    def replace(block: Block) -> str | None:
        nonlocal replaced, found
        body = block.code or ""
        if block.language not in PYTHON_TAGS:
            return None
        if block.language == "" and not block.is_python and not strict:
            return None
        if not is_finished(body, strict=strict):
            return None
        normalized = _normalized(body)
        if (normalized is not None and normalized in own) or (
            body.strip() and body.strip() in own_text
        ):
            return None  # the learner's own code, quoted back
        found += 1
        if allow:
            return None
        replaced += 1
        return scaffold(body)

    guarded = markdown.replace_code(text, replace)
    if not replaced:
        guarded = text
    return SolutionCheck(text=guarded, replaced=replaced, finished_blocks=found)


def shows_effort(text: str, code: tuple[str, ...], *, says_tried: bool) -> bool:
    """Evidence of effort: the learner's own implementation, a failure, or measured numbers."""
    for block in code:
        info = shape(block)
        if info.parses and (info.implemented or info.statements >= 2):
            return True
    if _TRACEBACK.search(text):
        return True
    return says_tried and bool(_NUMBERS.search(text))
