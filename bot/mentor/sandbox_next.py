"""The next measurement a sandbox reading calls for: the reading turned into an experiment.

The report says where the time or memory went (bot/mentor/sandbox_reasoning.py); this says
what to measure next to decide: each wait timed against the wall time, the hot function at
two input sizes (its complexity), the calls counted at two sizes, snapshots N calls apart.
"""

from __future__ import annotations

from bot.mentor.i18n import Catalog
from bot.mentor.reasoning import format_seconds
from bot.mentor.sandbox_reasoning import LEADING, is_waiting, learners_frame
from bot.sandbox.render import inline_safe
from bot.sandbox.report import RunStatus, SandboxReport

MANY_CALLS = 1000
"""From this many calls, the count (not the function's body) is what to measure."""


def next_measurement(report: SandboxReport | None, language: str, catalog: Catalog) -> str:
    """One localized step: what to measure next given what this run showed ('' if nothing)."""
    if report is None or report.status is not RunStatus.OK:
        return ""
    if is_waiting(report):
        wall = f"{report.wall_ms or 0:.0f}"
        return catalog.message(language, "reasoning_next_waiting", wall_ms=wall)
    grown = [a for a in report.allocations if a.size_bytes > 0]
    if grown:
        site = max(grown, key=lambda a: a.size_bytes)
        return catalog.message(language, "reasoning_next_memory", line=site.line)
    spots = [h for h in report.hotspots if h.total_ms > 0 and learners_frame(h.file)]
    total = sum(h.total_ms for h in spots)
    if not spots or total <= 0:
        return ""
    top = max(spots, key=lambda h: h.total_ms)
    function = inline_safe(top.function, 60)
    if top.total_ms / total < LEADING:
        return catalog.message(language, "reasoning_next_spread")
    if top.calls >= MANY_CALLS:
        per_call = format_seconds(top.total_ms / 1000 / top.calls)
        return catalog.message(
            language,
            "reasoning_next_calls",
            function=function,
            calls=f"{top.calls:,}",
            per_call=per_call,
        )
    return catalog.message(language, "reasoning_next_hotspot", function=function)
