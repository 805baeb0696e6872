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
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog

from bot.course.content import Task
from bot.course.hints import MAX_LEVEL, hint_text
from bot.mentor.guards.code_views import python_view, string_program
from bot.mentor.guards.effort import worked_on
from bot.mentor.guards.hidden_code import hidden_view
from bot.mentor.guards.hoisting import hoisted
from bot.mentor.guards.integrity_shapes import task_candidate
from bot.mentor.guards.markdown import Part, join_parts, split_parts
from bot.mentor.guards.task_shapes import TaskInterfaces, TaskShape, parse_code
from bot.mentor.guards.thread_code import fragment_view, overlay, thread_program

__all__ = ["IntegrityGuard", "IntegrityResult", "TaskInterfaces", "course_checker"]

log = structlog.get_logger()

CHECK_BUDGET_S = 30.0
"""Wall time one checker run may take before the block counts as unverified."""
CACHE_SIZE = 256

Checker = Callable[[Task, str], Awaitable[bool | None]]
"""Runs a task's own checker on code: True passed, False failed, None could not run."""
HintLevel = Callable[[int, str], Awaitable[int]]
"""(learner id, task id) -> hint level the learner's attempts earned (0 = none)."""


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

    async def solves(self, shape: TaskShape, code: str) -> tuple[bool | None, bool]:
        """(verdict, ran) of the task's own checker on a whole program.

        An edit laid over the starter (guards/told_edits) is judged as what it hands in.
        """
        return await self._passes(shape, code)

    async def guard(
        self,
        text: str,
        *,
        language: str,
        effort: bool,
        learner_id: int | None = None,
        learner_code: tuple[str, ...] = (),
        shown: tuple[str, ...] = (),
    ) -> IntegrityResult:
        """`text` with every turnkey solution to a practice task replaced.

        Each Python block is a candidate; when none is a solution alone, the blocks together
        are one more (a solution split over several blocks: imports here, the class there);
        then, without effort, the blocks laid over the code the thread already `shown` (a
        solution split over turns, or "fix this one line" of an earlier near-solution).
        """
        parts = split_parts(text)
        views = _views(parts)
        python = sorted(views)
        replaced = runs = matched = unverified = allowed = 0
        out: dict[int, Part | None] = {}
        rounds = [[[i] for i in python], [python] if len(python) > 1 else []]
        for indices in (c for candidates in rounds for c in candidates):
            if indices is python and (replaced or allowed):
                break  # the blocks together only matter when none was a solution alone
            code = "\n\n".join(views[i] for i in indices)
            tree = parse_code(code)
            found = task_candidate(self.interfaces, tree, code) if tree is not None else None
            lifted = hoisted(tree) if found is None and tree is not None else None
            if lifted is not None:  # a class in a fixture, a branch or a try; methods attached
                code, tree = ast.unparse(lifted), lifted
                found = task_candidate(self.interfaces, tree, code)
            if found is None and indices is python:  # "then add this method": laid over
                laid = thread_program(tuple(views[i] for i in indices))
                tree = parse_code(laid) if laid else None
                if laid and tree is not None:
                    code, found = laid, task_candidate(self.interfaces, tree, laid)
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
        if not (replaced or allowed or effort) and shown and any(p.is_code for p in parts):
            thread = await self._with_thread(parts, shown)
            if thread is not None:
                used, verdict, thread_runs, task = thread
                runs, matched = runs + thread_runs, matched + 1
                if verdict is not False:
                    unverified += verdict is None
                    replaced += 1
                    out[used[0]] = Part(await self._replacement(task, language, learner_id))
                    out.update({i: None for i in used[1:]})
        if not replaced:
            return IntegrityResult(text, 0, runs, matched, unverified, allowed)
        kept = [out.get(i, part) for i, part in enumerate(parts)]
        result = join_parts([p for p in kept if p is not None])
        return IntegrityResult(result, replaced, runs, matched, unverified, allowed)

    async def _with_thread(
        self, parts: list[Part], shown: tuple[str, ...]
    ) -> tuple[list[int], bool | None, int, Task] | None:
        """(blocks used, verdict, runs, task) when the draft completes the thread's code.

        None when the merge defines no task, adds nothing, or the thread's code was already
        a solution on its own (that reply was judged in its turn).
        """
        earlier = thread_program(shown)
        if earlier is None:
            return None
        program, used = earlier, list[int]()
        for i, part in enumerate(parts):
            fragment = fragment_view(part.code) if part.is_code else None
            merged = overlay(program, fragment) if fragment else None
            if merged is not None:
                program, used = merged, [*used, i]
        tree = parse_code(program) if used else None
        found = task_candidate(self.interfaces, tree, program) if tree is not None else None
        if found is None or tree is None or not found[0].changed_in(tree):
            return None
        shape, checked = found
        runs = 0
        before = parse_code(earlier)
        alone = task_candidate(self.interfaces, before, earlier) if before is not None else None
        if (
            alone is not None
            and before is not None
            and alone[0] is shape
            and shape.changed_in(before)
        ):
            verdict, ran = await self._passes(shape, alone[1])
            runs += ran
            if verdict:
                return None  # the thread already had a solution (shown with effort)
        verdict, ran = await self._passes(shape, checked)
        return used, verdict, runs + ran, shape.task

    async def _replacement(self, task: Task, language: str, learner_id: int | None) -> str:
        rung = await self.next_rung(task, language, learner_id)
        scaffold = hint_text(task, language, MAX_LEVEL)
        return f"{scaffold}\n\n{rung}"

    async def next_rung(self, task: Task, language: str, learner_id: int | None) -> str:
        """The hint rung after the one the learner's attempts earned (never the scaffold)."""
        level = 0
        if self.hint_level is not None and learner_id is not None:
            level = await self.hint_level(learner_id, task.id)
        return hint_text(task, language, min(level + 1, MAX_LEVEL - 1))


def _views(parts: list[Part]) -> dict[int, str]:
    """Part index -> the Python it carries.

    A block (```text, diff, doctest, indented), a program in a block's string literal, or
    one spelled by a table, inline code or a quote (see hidden_code).
    """
    views: dict[int, str] = {}
    for i, part in enumerate(parts):
        view = python_view(part.code or "") if part.is_code else None
        hidden = hidden_view(part.code or "" if part.is_code else part.text, is_code=part.is_code)
        quoted = string_program(part.code or "") if part.is_code else None  # in a docstring
        joined = "\n\n".join(v for v in (view, hidden, quoted) if v)
        if joined:
            views[i] = joined
    return views


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
