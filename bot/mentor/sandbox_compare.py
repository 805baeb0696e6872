"""Two sandbox runs of the same code in one thread, compared: what got faster, what moved.

The thread memory keeps the previous run's compact line (bot/mentor/sandbox_reasoning.py's
`sandbox_line`: `status=ok wall=2352ms cpu=217ms top=job:3 90%`). When the learner pastes the
code again after a fix, this run is read against that one: the wall and CPU ratio and whether
the profile's top moved, so "is it right now?" is answered from the two measurements.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.reasoning_verdicts import NOISE
from bot.mentor.value_format import format_seconds
from bot.sandbox.render import inline_safe
from bot.sandbox.report import RunStatus, SandboxReport

_FIELD = re.compile(r"\b(?P<key>wall|cpu)=(?P<ms>\d+(?:\.\d+)?)ms\b")
_TOP = re.compile(r"\btop=(?P<name>\S{1,60}):\d+\s")


@dataclass(frozen=True, slots=True)
class Run:
    """What a compared run measured: wall and CPU time, the profile's top function."""

    wall_ms: float
    cpu_ms: float | None
    top: str
    cut: bool = False
    """Stopped at the time limit: it took at least `wall_ms`."""


def remembered_run(line: str) -> Run | None:
    """The previous run from the memory's sandbox line; None without a measured wall time.

    A run stopped at the time limit counts as "at least" its wall time (the fix is compared
    with that bound).
    """
    cut = line.startswith(f"status={RunStatus.TIMEOUT.value}")
    if not line.startswith(f"status={RunStatus.OK.value}") and not cut:
        return None
    found = {m["key"]: float(m["ms"]) for m in _FIELD.finditer(line)}
    if "wall" not in found:
        return None
    top = _TOP.search(line + " ")
    return Run(found["wall"], found.get("cpu"), top["name"] if top else "", cut=cut)


def _defined(code: str) -> frozenset[str]:
    """Names of the functions and classes a program defines (what makes it 'the same code')."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return frozenset()
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return frozenset(n.name for n in ast.walk(tree) if isinstance(n, kinds))


def same_program(before: str, after: str) -> bool:
    """The pasted code is the thread's earlier code changed, not another program."""
    if not before.strip() or not after.strip():
        return False
    names = _defined(before) & _defined(after)
    return bool(names) or before.strip() == after.strip()


def compared_runs(
    report: SandboxReport | None,
    code: str,
    memory: ThreadMemory,
    language: str,
    catalog: Catalog,
    *,
    top: str = "",
) -> list[str]:
    """The run against the thread's previous run of the same code: ratio and what moved.

    `top`: this run's top working function (the loop's idle `select` is not one).
    """
    if report is None or report.status is not RunStatus.OK or not report.wall_ms:
        return []
    earlier = remembered_run(memory.sandbox)
    if earlier is None or not same_program(memory.code or "", code):
        return []
    before, after = earlier.wall_ms, report.wall_ms
    change = (after - before) / before if before else 0.0
    params = {
        "before": ("≥ " if earlier.cut else "") + format_seconds(before / 1000),
        "after": format_seconds(after / 1000),
        "ratio": f"{max(before, after) / max(min(before, after), 1e-9):.1f}",
        "cpu_before": "?" if earlier.cpu_ms is None else format_seconds(earlier.cpu_ms / 1000),
        "cpu_after": "?" if report.cpu_ms is None else format_seconds(report.cpu_ms / 1000),
    }
    if earlier.cut and change >= 0:
        return []  # still at the limit: nothing to compare yet
    if abs(change) < NOISE:
        key = "reasoning_runs_same"
    else:
        key = "reasoning_runs_faster" if change < 0 else "reasoning_runs_slower"
    lines = [catalog.message(language, key, **params)]
    if top and earlier.top and top != earlier.top:
        lines.append(
            catalog.message(
                language,
                "reasoning_runs_moved",
                before=inline_safe(earlier.top, 60),
                after=inline_safe(top, 60),
            )
        )
    return lines
