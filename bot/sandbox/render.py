"""Make sandbox text safe for chat (no pings, no fence breaks) and summarize reports."""

from __future__ import annotations

import re

from bot.sandbox.report import RunStatus, SandboxReport

ZWSP = "\u200b"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls (the 8-bit CSI \x9b drives a terminal like ESC [), line and paragraph
separators (a line break to some clients), bidi overrides; \t and \n stay."""
_MENTION = re.compile(r"@(everyone|here|channel)|<([@#!&])", re.IGNORECASE)
_FENCE = re.compile(r"`{3,}")
_STATUS_TEXT = {
    RunStatus.OK: "ran fine",
    RunStatus.ERROR: "ended with an error",
    RunStatus.TIMEOUT: "hit the time limit",
    RunStatus.MEMORY_LIMIT: "hit the memory limit",
    RunStatus.OUTPUT_LIMIT: "printed too much output",
    RunStatus.KILLED: "was killed",
    RunStatus.REJECTED: "was not run",
}


def neutralize(text: str, max_chars: int | None = None) -> str:
    """Strip control chars, defuse @everyone/@here/<@id>/<!channel> and ``` fences, truncate."""
    text = text.replace("\r\n", "\n")
    text = _CONTROL.sub("", text)
    text = _MENTION.sub(lambda m: m.group(0)[0] + ZWSP + m.group(0)[1:], text)
    text = _FENCE.sub(lambda m: ZWSP.join(m.group(0)), text)
    if max_chars is not None and len(text) > max_chars:
        text = text[: max(0, max_chars - 1)] + "…"
    return text


def human_bytes(n: int | None) -> str:
    """1536 -> '1.5 KiB' ('?' when not measured)."""
    if n is None:
        return "?"
    value = float(n)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def inline_safe(text: str, limit: int = 120) -> str:
    """One line of program output, safe inside inline code: `neutralize`, one line, no backtick."""
    line = " ".join(neutralize(text).replace("`", "'").split("\n"))
    return line if len(line) <= limit else line[: limit - 1] + "…"


def summarize(report: SandboxReport, max_chars: int = 1500) -> str:
    """A compact human summary: status, time, memory, top 3 hotspots, first output lines."""
    lines = [f"Sandbox: {_STATUS_TEXT.get(report.status, report.status.value)}"]
    if report.message:
        lines[0] += f" ({report.message})"
    measured = []
    if report.wall_ms is not None:
        measured.append(f"wall {report.wall_ms:.1f} ms")
    if report.cpu_ms is not None:
        measured.append(f"CPU {report.cpu_ms:.1f} ms")
    if report.peak_memory_bytes is not None:
        measured.append(f"peak Python memory {human_bytes(report.peak_memory_bytes)}")
    if report.max_rss_bytes is not None:
        measured.append(f"max RSS {human_bytes(report.max_rss_bytes)}")
    if measured:
        lines.append(", ".join(measured))
    off_cpu = _off_cpu(report)
    if off_cpu:
        lines.append(off_cpu)
    if report.hotspots:
        lines.append("Hotspots (self time):")
        for spot in report.hotspots[:3]:
            calls = f", {spot.calls} calls" if spot.calls else ""  # 0: sampled, not counted
            lines.append(
                f"  {spot.function} ({spot.file}:{spot.line}) {spot.total_ms:.1f} ms self{calls}"
            )
    if report.allocations:
        top = report.allocations[0]
        lines.append(f"Most memory held at {top.file}:{top.line} ({human_bytes(top.size_bytes)})")
    notes = report.notes()
    if notes:
        lines.append("Not fully measured: " + "; ".join(notes))
    output = (report.stdout + ("\n" + report.stderr if report.stderr else "")).strip("\n")
    if output:
        head = output.splitlines()[:5]
        lines.append("Output:")
        lines.extend("  " + line[:200] for line in head)
    return neutralize("\n".join(lines), max_chars)


def _off_cpu(report: SandboxReport) -> str:
    """Where the wall time off the CPU went: the host's run queue, or the run's own waits."""
    slept = report.slept_ms()
    if report.run_queue_ms is None or slept is None:
        return ""
    parts = [
        f"{report.run_queue_ms:.1f} ms ready but waiting for a busy CPU",
        f"{slept:.1f} ms asleep or blocked",
    ]
    if report.io_wait_ms is not None:
        parts.append(f"{report.io_wait_ms:.1f} ms of it on disk I/O")
    if report.voluntary_switches is not None and report.involuntary_switches is not None:
        parts.append(
            f"{report.voluntary_switches} voluntary / {report.involuntary_switches} "
            "involuntary context switches"
        )
    return "Off the CPU: " + ", ".join(parts)
