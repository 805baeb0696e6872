"""Discord's limits, and text made safe for them: neutralized, split, summarized.

Everything here is pure (no discord import), so it is unit-tested with hypothesis. The limits
are Discord's (FIELD-NOTES.md, "Platforms") and live here only; tests read them from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.sandbox.render import human_bytes, inline_safe
from bot.sandbox.report import SandboxReport
from bot.text import markdown
from bot.text.control_chars import visible_controls

MESSAGE_LIMIT = 2000
"""Characters in one message's content."""
THREAD_NAME_LIMIT = 100
"""Characters in a thread name (at least 1)."""
EDIT_INTERVAL_S = 1.0
"""At most one preview edit per channel per this many seconds while a reply streams."""
EDIT_BURST = 5
"""Edits (previews and finals together) per channel in any `EDIT_WINDOW_S`: Discord's bucket."""
EDIT_WINDOW_S = 5.0
"""The sliding window of `EDIT_BURST`."""
ACK_DEADLINE_S = 3.0
"""An interaction must be deferred within this (we defer first thing; the bench measures it)."""
REPORT_TOP_HOTSPOTS = 3
"""Hotspots shown in the compact sandbox summary; the attached file has them all."""

FENCE = "```"
_FENCE_INFO = re.compile(r"[A-Za-z0-9_+#.-]{0,16}")
_FENCE_LINE_MAX = len(FENCE) + 16
_CLOSE_COST = len(FENCE) + 1  # "\n```"
_HARD_SEGMENT = MESSAGE_LIMIT - 2 * (_FENCE_LINE_MAX + 2)
_ZWSP = "\u200b"
_BACKTICK_RUN = re.compile(r"`{3,}")
_MASS_MENTION = re.compile(r"@(everyone|here)", re.I)


def normalize_fences(text: str) -> str:
    """Make every fence the Markdown reader finds a ``` line of its own; break all other ```.

    A fence line keeps ``` plus a short info word (``` python; ~~~ fences become ```, which
    Discord knows). A ``` anywhere else is broken with a zero-width space, so learner or
    program text cannot open or close a fence (no fence breakouts).
    """
    out: list[str] = []
    for line in markdown.read_lines(text):
        if line.role == "open":
            info = _FENCE_INFO.match(line.block.language if line.block else "")
            out.append(FENCE + (info.group(0) if info else ""))
        elif line.role == "close":
            out.append(FENCE)
        else:
            out.append(_break_runs(line.text))
    return "\n".join(out)


def _break_runs(text: str) -> str:
    return _BACKTICK_RUN.sub(lambda m: _ZWSP.join(m.group(0)), text)


def neutralize(text: str) -> str:
    """Text safe to post: no mass pings (allowed_mentions also blocks them), no fence breakouts."""
    text = visible_controls(text)  # hidden text (bidi overrides, escapes) shown as it is stored
    text = _MASS_MENTION.sub(lambda m: "@" + _ZWSP + m.group(1), text)
    return normalize_fences(text)


def _hard_split(line: str, size: int) -> list[str]:
    if len(line) <= size:
        return [line]
    return [line[i : i + size] for i in range(0, len(line), size)]


_Row = tuple[str, bool]
"""A line of normalized text, and whether it is a fence line (opens or closes a block)."""


def _blocks(text: str) -> list[list[_Row]]:
    """Paragraphs (split at blank lines outside code blocks); an unclosed block is closed."""
    blocks: list[list[_Row]] = []
    current: list[_Row] = []
    unclosed = False
    for line in markdown.read_lines(text):
        if line.block is not None:
            unclosed = not line.block.closed
        if not line.text.strip() and line.role == "prose":
            if current:
                blocks.append(current)
                current = []
            continue
        current.append((line.text, line.role in ("open", "close")))
    if current:
        blocks.append(current)
    if unclosed:  # the last block runs to the end (only blank lines may follow it)
        blocks[-1].append((FENCE, True))
    return blocks


def _split_block(block: list[_Row], limit: int) -> list[str]:
    """A block longer than the limit, cut at lines; fences closed and re-opened across cuts."""
    pieces: list[str] = []
    current: list[str] = []
    length = 0
    opener: str | None = None  # the fence line open at the end of `current`
    segment_size = min(_HARD_SEGMENT, max(limit - 2 * (_FENCE_LINE_MAX + 2), 1))
    for line, fence in block:
        for segment in _hard_split(line, segment_size):
            after = (None if opener else segment) if fence else opener
            grown = length + (1 if current else 0) + len(segment)
            if current and grown + (_CLOSE_COST if after else 0) > limit:
                if opener:
                    current.append(FENCE)
                pieces.append("\n".join(current))
                current = [opener] if opener else []
                length = len(opener) if opener else 0
                grown = length + (1 if current else 0) + len(segment)
            current.append(segment)
            length = grown
            opener = after
    if current:
        if opener:
            current.append(FENCE)
        pieces.append("\n".join(current))
    return pieces


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut text into messages of at most `limit` chars at paragraph, then line boundaries.

    Code fences stay balanced in every message: a fence cut in two is closed at the end of
    one message and re-opened (same language) at the start of the next. Empty parts are dropped.
    """
    chunks: list[str] = []
    current = ""
    for block in _blocks(normalize_fences(text)):
        joined = "\n".join(line for line, _ in block)
        pieces = [joined] if len(joined) <= limit else _split_block(block, limit)
        for piece in pieces:
            if current and len(current) + 2 + len(piece) <= limit:
                current += "\n\n" + piece
                continue
            if current:
                chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return [c for c in chunks if c.strip()]


def fences_balanced(text: str) -> bool:
    """Every opened ``` fence is closed (what each posted message must satisfy)."""
    return text.count(FENCE) % 2 == 0


def thread_name(question: str, fallback: str = "MCA Mentor") -> str:
    """A thread name from the question: one line, no pings, 1-100 chars."""
    flat = " ".join(_MASS_MENTION.sub(r"\1", question).replace("`", "'").split())
    flat = re.sub(r"<[@#][!&]?(\d+)>", r"\1", flat)
    if not flat:
        return fallback
    if len(flat) > THREAD_NAME_LIMIT:
        flat = flat[: THREAD_NAME_LIMIT - 1].rstrip() + "…"
    return flat


def _ms(value: float | None) -> str:
    return "?" if value is None else f"{value:.1f} ms"


@dataclass(frozen=True, slots=True)
class ReportView:
    """A sandbox report as Discord shows it: a compact line, and a file when there is more."""

    summary: str
    attachment: str | None
    """Full plain-text report (attached as a .txt file), or None when the summary says it all."""


def render_report(report: SandboxReport) -> ReportView:
    """Status, wall/CPU time, peak memory, top hotspots; the rest as a text file."""
    # tracemalloc's peak when that pass ran, else the kernel's max RSS; neither: no "peak ?"
    peak = report.peak_memory_bytes
    peak = report.max_rss_bytes if peak is None else peak
    head = (
        f"🧪 sandbox: **{report.status.value}** · wall {_ms(report.wall_ms)} · "
        f"CPU {_ms(report.cpu_ms)}" + ("" if peak is None else f" · peak {human_bytes(peak)}")
    )
    lines = [head]
    # only the learner's own functions here (R20): import machinery is in the attached file
    own = [spot for spot in report.hotspots if spot.learners]
    for spot in own[:REPORT_TOP_HOTSPOTS]:
        calls = f", {spot.calls} calls" if spot.calls else ""  # 0: sampled, not counted
        lines.append(
            f"🔥 `{inline_safe(spot.function, 60)}` (line {spot.line}): "
            f"{spot.total_ms:.1f} ms self{calls}"
        )
    if report.message and not report.hotspots:
        lines.append(inline_safe(report.message, 300))
    summary = neutralize("\n".join(lines))
    more = bool(report.stdout.strip() or report.stderr.strip())
    more = more or len(report.hotspots) > len(own[:REPORT_TOP_HOTSPOTS])
    return ReportView(summary=summary, attachment=report_text(report) if more else None)


def report_text(report: SandboxReport) -> str:
    """The whole report as plain text (a file: no Markdown, so nothing can break out)."""
    lines = [
        f"status: {report.status.value}",
        f"exit code: {report.exit_code}",
        f"wall: {_ms(report.wall_ms)}",
        f"cpu: {_ms(report.cpu_ms)}",
        f"peak memory: {human_bytes(report.peak_memory_bytes)}",
        f"isolation: {report.isolation or '?'}",
    ]
    if report.message:
        lines.append(f"note: {report.message}")
    if report.hotspots:
        lines.append("")
        lines.append("hotspots (self ms, cumulative ms, calls, function, file:line):")
        lines.extend(
            f"  {h.total_ms:9.1f} {h.cumulative_ms:9.1f} {h.calls:7d}  {h.function}  "
            f"{h.file}:{h.line}"
            for h in report.hotspots
        )
    for name, stream in (("stdout", report.stdout), ("stderr", report.stderr)):
        if stream.strip():
            lines += ["", f"--- {name}{' (truncated)' if report.truncated else ''} ---", stream]
    return "\n".join(lines) + "\n"
