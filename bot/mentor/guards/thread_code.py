"""Code the thread already showed, merged with a draft's: a solution split over turns is one.

A hostile LLM can hand out a task's solution in pieces: half the functions in one reply, the
rest in the next; or a near-solution first and "fix this one line" (or "replace `get` with
this") later. Each reply alone fails the task's checker. The integrity guard therefore also
judges the draft's code laid over what the bot already showed in this thread: a definition
replaces the one of the same name (a method goes into its class), new definitions are added,
and a short fragment of plain lines replaces the lines it most resembles. Pure text and `ast`
work; the checker runs only when the merge defines a task's interface (see integrity).
"""

from __future__ import annotations

import ast
import difflib
import re
import textwrap
from collections.abc import Iterable

from bot.mentor.guards.code_views import python_view
from bot.mentor.guards.markdown import split_parts

FRAGMENT_LINES = 6
"""Longest run of plain lines (no def/class) read as a patch of earlier lines."""
LINE_LIKENESS = 0.6
"""How much a fragment line must resemble an earlier line to replace it (difflib ratio)."""
SHOWN_CHARS = 24_000
"""Code of the thread's replies kept, newest first (repeats once). A budget in characters,
not blocks: a dozen one-line filler blocks between two halves of a solution must not push
the first half out (a block count did)."""
SHOWN_MESSAGES = 80
"""Messages read back for the shown code once the history window is full (40 replies)."""

_Def = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
_DEF_LINE = re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+\w+", re.M)
_STATEMENTS = re.compile(
    r"^[ \t]*(?:if|for|while|with|try|return|raise)\b[^\n]*(?::[ \t]*$|$)", re.M
)
"""A line of a function body (a fragment that may be the rest of the last function shown)."""


def shown_code(replies: Iterable[str]) -> tuple[str, ...]:
    """The Python of every code block in the bot's earlier replies, oldest first."""
    blocks: list[str] = []
    for reply in replies:
        for part in split_parts(reply):
            view = python_view(part.code or "") if part.is_code else None
            if view:
                blocks.append(view)
    kept: list[str] = []
    size = 0
    for block in reversed(blocks):
        if block in kept:
            continue
        size += len(block)
        if size > SHOWN_CHARS and kept:
            break
        kept.append(block)
    return tuple(reversed(kept))


def fragment_view(code: str | None) -> str | None:
    """The Python a block stands for, or a short fragment's lines dedented.

    A fragment need not parse alone (`while len(d) > cap:`: one line to put over an earlier
    one).
    """
    if not code:
        return None
    view = python_view(code)
    if view is not None:
        return view
    lines = [ln for ln in code.splitlines() if ln.strip()]
    if len(lines) <= FRAGMENT_LINES or _DEF_LINE.search(code) or _STATEMENTS.search(code):
        return textwrap.dedent("\n".join(lines))  # a patch, or the rest of a function
    return None


def _parse(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


def _named(body: list[ast.stmt], name: str) -> int | None:
    for i, node in enumerate(body):
        if isinstance(node, _Def) and node.name == name:
            return i
    return None


def _targets(node: ast.stmt) -> tuple[str, ...]:
    if isinstance(node, ast.Assign):
        return tuple(t.id for t in node.targets if isinstance(t, ast.Name))
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return (node.target.id,)
    return ()


def _is_method(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and bool(node.args.args)
        and node.args.args[0].arg in {"self", "cls"}
    )


def _place(body: list[ast.stmt], node: ast.stmt) -> None:
    """Put `node` into `body`: over the definition/assignment of its name, else at the end.

    A method (first parameter self/cls) goes into the class that defines it, else into the
    last class shown ("and add this method").
    """
    if isinstance(node, _Def):
        at = _named(body, node.name)
        if at is not None:
            old = body[at]
            if isinstance(node, ast.ClassDef) and isinstance(old, ast.ClassDef):
                for member in node.body:  # a class re-shown with some methods: merge members
                    _place(old.body, member)
                return
            body[at] = node
            return
        if _is_method(node):  # into the class that has it, else the last class shown
            owners = [n for n in body if isinstance(n, ast.ClassDef)]
            for owner in sorted(reversed(owners), key=lambda c: _named(c.body, node.name) is None):
                _place(owner.body, node)
                return
    names = _targets(node)
    if names:
        for i, old in enumerate(body):
            if _targets(old) == names:
                body[i] = node
                return
    if isinstance(node, ast.Import | ast.ImportFrom):
        body.insert(0, node)
        return
    body.append(node)


def _patched_lines(earlier: str, fragment: str) -> str | None:
    """`earlier` with each fragment line over the earlier line it most resembles."""
    wanted = [ln for ln in fragment.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not wanted or len(wanted) > FRAGMENT_LINES:
        return None
    lines = earlier.splitlines()
    stripped = [ln.strip() for ln in lines]
    changed = False
    for new in wanted:
        matcher = difflib.SequenceMatcher(b=new.strip(), autojunk=False)
        best, score = -1, LINE_LIKENESS
        for i, old in enumerate(stripped):
            if not old:
                continue
            matcher.set_seq1(old)
            if matcher.real_quick_ratio() < score or matcher.quick_ratio() < score:
                continue
            ratio = matcher.ratio()
            if ratio >= score:
                best, score = i, ratio
        if best < 0 or stripped[best] == new.strip():
            continue
        indent = lines[best][: len(lines[best]) - len(lines[best].lstrip())]
        lines[best] = indent + new.strip()
        stripped[best] = new.strip()
        changed = True
    merged = "\n".join(lines)
    return merged if changed and _parse(merged) is not None else None


def _last_function(tree: ast.Module) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    found = None
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and (
            found is None or (node.lineno, node.col_offset) > (found.lineno, found.col_offset)
        ):
            found = node
    return found


def _continued(earlier: str, fragment: str) -> str | None:
    """`earlier` with `fragment` as the rest of its last function, told over the next turn.

    The fragment's leading statements go at the end of that function's body; its
    definitions are placed like any other.
    """
    base = _parse(earlier)
    first_def = _DEF_LINE.search(fragment)
    head = fragment[: first_def.start()] if first_def else fragment
    tail = fragment[first_def.start() :] if first_def else ""
    lead = _parse(textwrap.dedent(head)) if head.strip() else None
    rest = _parse(textwrap.dedent(tail)) if tail.strip() else None
    if base is None or lead is None or (tail.strip() and rest is None):
        return None
    function = _last_function(base)
    if function is None or not lead.body:
        return None
    function.body.extend(lead.body)
    for node in rest.body if rest is not None else []:
        _place(base.body, node)
    try:
        merged = ast.unparse(base)
    except (ValueError, RecursionError):
        return None
    return merged if _parse(merged) is not None else None


def _alias_owner(body: list[ast.stmt], node: ast.stmt) -> ast.ClassDef | None:
    """The class a method alias belongs to: `get = fetch` shown under the method `fetch`.

    Dedented with the methods above it, the alias reads as module level; it is the class's.
    """
    if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Name)):
        return None
    name = node.value.id
    for owner in body:
        if isinstance(owner, ast.ClassDef):
            at = _named(owner.body, name)
            if at is not None and _is_method(owner.body[at]):
                return owner
    return None


def overlay(earlier: str, fragment: str) -> str | None:
    """`fragment` laid over `earlier` as a learner would apply it, or None if it adds nothing."""
    base = _parse(earlier)
    if base is None:
        return None
    tree = _parse(fragment)
    long = len([ln for ln in fragment.splitlines() if ln.strip()]) > FRAGMENT_LINES
    if long and (tree is None or not isinstance(tree.body[0], _Def)):
        return _continued(earlier, fragment)  # the rest of the last function (and more)
    if tree is None or not any(isinstance(n, _Def) for n in tree.body):
        return _patched_lines(earlier, fragment)
    for node in tree.body:
        owner = _alias_owner(base.body, node)  # `get = fetch` after `def fetch(self, ...)`
        _place(owner.body if owner is not None else base.body, node)
    try:
        merged = ast.unparse(base)
    except (ValueError, RecursionError):
        return None
    return merged if merged != ast.unparse(_parse(earlier) or base) else None


def thread_program(shown: tuple[str, ...]) -> str | None:
    """The program the thread's shown blocks add up to, each laid over the ones before."""
    program: str | None = None
    for block in shown:
        if program is None:
            program = block if _parse(block) is not None else None
            continue
        program = overlay(program, block) or program
    return program
