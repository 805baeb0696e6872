"""What a sandbox run could not measure, told beside the evidence and never as a hypothesis.

A library the jail does not have stops the run at its import: nothing of the learner's code
was measured, so the reply says so once per thread, plainly, with what still holds (the code
read as written, the numbers the learner measured) and the measurement to take locally.
"""

from __future__ import annotations

import re

from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.sandbox_reasoning import MISSING_MARK, missing_module, pass_notes
from bot.sandbox.render import inline_safe
from bot.sandbox.report import RunStatus, SandboxReport


def import_line(code: str, module: str) -> int:
    """The line of `code` importing `module` (1-based), 0 when not found."""
    pattern = re.compile(rf"^\s*(?:import|from)\s+{re.escape(module)}\b")
    for number, line in enumerate(code.splitlines(), 1):
        if pattern.match(line):
            return number
    return 0


def told_missing(memory: ThreadMemory) -> frozenset[str]:
    """Libraries the thread was already told the sandbox lacks."""
    return frozenset(
        word.removeprefix(MISSING_MARK)
        for word in memory.sandbox.split()
        if word.startswith(MISSING_MARK)
    )


def run_notes(
    report: SandboxReport | None,
    code: str,
    memory: ThreadMemory,
    language: str,
    catalog: Catalog,
) -> tuple[str, ...]:
    """Lines on what the run could not measure: a missing library (once), passes not run."""
    if report is None or report.status is RunStatus.REJECTED:
        return ()
    module = missing_module(report)
    if module:
        if module in told_missing(memory):
            return ()
        return (
            catalog.message(
                language,
                "reasoning_missing_module",
                module=inline_safe(module, 40),
                line=import_line(code, module) or "?",
            ),
        )
    return tuple(pass_notes(report, language, catalog))
