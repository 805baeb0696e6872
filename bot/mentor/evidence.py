"""Sandbox evidence in the learner's language: what was measured, as lines a reply can cite."""

from __future__ import annotations

from bot.mentor.i18n import Catalog
from bot.mentor.reasoning import hotspot_lines, learners_frame
from bot.mentor.sandbox_reasoning import idle_frame, missing_module
from bot.mentor.sandbox_words import reason_text, status_text
from bot.sandbox.render import human_bytes, inline_safe
from bot.sandbox.report import RunStatus, SandboxReport


def _ms(value: float | None) -> str:
    return "?" if value is None else f"{value:.1f}"


def evidence_lines(
    report: SandboxReport, language: str, catalog: Catalog, *, reasoned: bool = False
) -> list[str]:
    """What the sandbox measured, for the hypotheses section.

    `reasoned`: the reading of the report (its share, what it implies) is already shown, so
    the raw hotspot row is not repeated beside it. A run stopped by a library the sandbox lacks
    measured nothing: it gives no line here (bot/mentor/sandbox_limits.py tells it once).
    """
    if missing_module(report):
        return []
    lines = [
        catalog.message(
            language,
            "evidence",
            status=report.status.value,
            wall_ms=_ms(report.wall_ms),
            cpu_ms=_ms(report.cpu_ms),
            # tracemalloc's peak when that pass ran, else the process's max RSS (the pass is
            # skipped when memory did not grow: its 6-16x slowdown would buy nothing).
            peak=human_bytes(
                report.peak_memory_bytes
                if report.peak_memory_bytes is not None
                else report.max_rss_bytes
            ),
        )
    ]
    spots = [
        h for h in report.hotspots if learners_frame(h.file) and not idle_frame(h.function, h.file)
    ]
    if spots and not (reasoned and hotspot_lines(report, language, catalog)):
        top = spots[0]
        # a sampled profile has no call counts (0): never show "0 calls"
        key = "evidence_hotspot" if top.calls else "reasoning_evidence_hotspot_sampled"
        lines.append(
            catalog.message(
                language,
                key,
                function=inline_safe(top.function, 60),
                line=top.line,
                calls=top.calls,
                total_ms=f"{top.total_ms:.1f}",
            )
        )
    if report.status not in (RunStatus.OK,) and (report.stderr or report.message):
        said = report.stderr.strip().splitlines()  # the program's own words stay as they are
        detail = said[-1] if said else reason_text(report.message, language, catalog)
        status = status_text(report.status.value, language, catalog)
        lines.append(
            catalog.message(language, "evidence_error", status=status, detail=inline_safe(detail))
        )
    elif report.stdout.strip():
        out = report.stdout.strip().splitlines()
        first, last = inline_safe(out[0]), inline_safe(out[-1])
        # The last line beside the first: `[1]` ... `[1, 2, 3]` is the evidence of a shared
        # default that the first line alone hides (review9 R47).
        key = "evidence_output_last" if last != first else "evidence_output"
        lines.append(catalog.message(language, key, lines=len(out), first=first, last=last))
    return lines


def hotspot_hypothesis(report: SandboxReport, language: str, catalog: Catalog) -> str | None:
    """A measurable hypothesis from the top hotspot's share of the learner's self time.

    Only a share of 30% or more is called the main cost (bot/mentor/reasoning.py words it).
    """
    lines = hotspot_lines(report, language, catalog)
    return lines[0] if lines else None
