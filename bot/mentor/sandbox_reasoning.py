"""Reasoning over a sandbox run and the learner's code: what the measurement means.

Wall vs CPU (waiting, computing or inconclusive), the top hotspot's share, the allocation site
holding most memory and the static scan's culprits with their line; a computing-cost
hypothesis the measurement refutes is left out. What a pass could not measure is a note beside
them (`pass_notes`), never a hypothesis. Every line is localized
(config/i18n/reasoning/<lang>.toml, keys `reasoning_*`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from typing import Any

from bot.mentor.code_scan import CPU_KINDS, WAIT_KINDS, Finding, scan
from bot.mentor.endless_loop import endless_loops_in
from bot.mentor.i18n import Catalog
from bot.mentor.lock_scan import thread_findings_in
from bot.mentor.recursion_scan import exponential_recursions_in
from bot.mentor.sandbox_words import pass_name, reason_text
from bot.sandbox.render import human_bytes, inline_safe
from bot.sandbox.report import RunStatus, SandboxReport, in_learners_code

WAITING = 0.35
"""CPU under this share of the wall time may mean the run mostly waited..."""
MIN_WAIT_MS = 180.0
"""...but only when the gap is also this long in absolute terms: interpreter start-up and a
loaded machine's scheduling put ~50-150 ms between wall and CPU of a pure-CPU program."""
COMPUTING = 0.8
"""CPU at least 80% of wall time: the run computed."""
DOMINANT = 0.5
"""A hotspot over half the measured self time dominates."""
LEADING = 0.3
"""Under this share no function is called the main cost: the time is spread out."""
SLOW_UNPROFILED_MS = 200.0
"""A run this slow with no hotspots means the profiling pass did not report."""
_MISSING = re.compile(
    r"(?:ModuleNotFoundError|ImportError): No module named '(?P<name>[A-Za-z_][\w.]{0,79})'"
)
MISSING_MARK = "missing="
"""How the thread memory's sandbox line records a library the jail lacked (told once)."""
PASS_STATES = frozenset({"skipped", "cut", "invalid", "failed"})
MAX_PASS_LINES = 2


def _passes(report: SandboxReport) -> list[tuple[str, str, str]]:
    """(pass name, state, reason) for measuring passes that did not deliver, if reported.

    Reads the report's optional `passes` (PassInfo-like objects with name/state/reason, or
    mappings; states other than "ok" count: skipped, cut, invalid, failed); reports without
    the field give [].
    """
    out: list[tuple[str, str, str]] = []
    raw = getattr(report, "passes", None)
    items: Iterable[Any] = ()
    if isinstance(raw, dict):
        items = (
            {"name": k, **(v if isinstance(v, dict) else {"state": v})} for k, v in raw.items()
        )
    elif isinstance(raw, list | tuple):
        items = raw
    for item in items:
        if isinstance(item, dict):
            name, state, reason = (
                item.get("name"),
                item.get("state") or item.get("status"),
                item.get("reason"),
            )
        else:
            name, state, reason = (getattr(item, a, None) for a in ("name", "state", "reason"))
        state = str(getattr(state, "value", state) or "")
        if state and state not in {"ok", "done", "ran", "completed"}:
            out.append((str(name or ""), state, str(reason or "")))
    return out


def sandbox_findings(
    report: SandboxReport, language: str, catalog: Catalog, code: str = ""
) -> list[str]:
    """What the report means: waiting or computing, where the time went, what was not profiled."""
    lines: list[str] = []
    wall, cpu = report.wall_ms, report.cpu_ms
    waiting = False
    if report.status is RunStatus.MEMORY_LIMIT:
        # a run killed for its memory measured no speed: what it holds is the finding
        return [
            *_sandbox_cap(report, language, catalog),
            catalog.message(language, "reasoning_memory_limit"),
        ]
    # a run stopped at the jail's process/thread cap: the sandbox's limit, not the code's bug
    lines.extend(_process_cap(report, language, catalog))
    if wall and cpu is not None and wall >= 20:
        share = max(0.0, 1 - cpu / wall)
        params = {"wall_ms": f"{wall:.0f}", "cpu_ms": f"{cpu:.0f}", "share": f"{share * 100:.0f}"}
        queue = _queue_ms(report)
        if _waited(wall, cpu, queue):
            waiting = True  # the share is the line's own numbers' (review10 T36: not "75%"
            # for a run that slept 4.0 of 4.03 s: the queue time is not taken from the sleep)
            lines.append(catalog.message(language, "reasoning_waiting", **params))
        elif cpu >= COMPUTING * wall:
            lines.append(catalog.message(language, "reasoning_computing", **params))
        elif _host_busy(wall, cpu, queue):
            params["queue_ms"] = f"{queue:.0f}"
            lines.append(catalog.message(language, "reasoning_host_busy", **params))
        else:
            lines.append(catalog.message(language, "reasoning_inconclusive", **params))
    lines.extend(hotspot_lines(report, language, catalog, waiting=waiting))
    lines.extend(_allocation_lines(report, language, catalog, code))
    if not report.hotspots and not _passes(report):
        if report.status is RunStatus.TIMEOUT:
            lines.append(catalog.message(language, "reasoning_timeout_unprofiled"))
        elif report.status is RunStatus.OK and (wall or 0) >= SLOW_UNPROFILED_MS and not waiting:
            lines.append(catalog.message(language, "reasoning_unprofiled", wall_ms=f"{wall:.0f}"))
    return lines


def pass_notes(report: SandboxReport, language: str, catalog: Catalog) -> list[str]:
    """One line per measuring pass that did not deliver: what the run could not measure.

    The sandbox's own workings ("too short to sample") are no hypothesis about the learner's
    code: they go beside the evidence, never among the hypotheses.
    """
    lines: list[str] = []
    for name, state, reason in _passes(report)[:MAX_PASS_LINES]:
        key = f"reasoning_pass_{state}" if state in PASS_STATES else "reasoning_pass_skipped"
        detail = inline_safe(reason_text(reason, language, catalog), 120) or "-"
        shown = pass_name(name or "profile", language, catalog)
        lines.append(catalog.message(language, key, name=shown, reason=detail))
    return lines


def hotspot_lines(
    report: SandboxReport, language: str, catalog: Catalog, *, waiting: bool | None = None
) -> list[str]:
    """The top hotspot with its share: dominant from 50%, leading from 30%, else spread out."""
    if waiting is None:
        waiting = is_waiting(report)
    # the learner's frames, and the loop's idle ones (named as waiting, never as the cost)
    spots = [
        h
        for h in report.hotspots
        if h.total_ms > 0 and (learners_frame(h.file) or idle_frame(h.function, h.file))
    ]
    total = sum(h.total_ms for h in spots)
    idle = [h for h in spots if idle_frame(h.function, h.file)]
    working = [h for h in spots if h not in idle]
    if not spots or total <= 0:
        return []
    if idle and not working:
        return [_idle_line(idle, total, language, catalog)]
    top = max(working, key=lambda h: h.total_ms)
    busy = total - sum(h.total_ms for h in idle)
    total = busy if busy > 0 else total
    share = top.total_ms / total
    params = {
        "function": inline_safe(top.function, 60),
        "line": top.line,
        "share": f"{share * 100:.0f}",
        "calls": top.calls,
    }
    lines = [_idle_line(idle, sum(h.total_ms for h in spots), language, catalog)] if idle else []
    if waiting:
        key = "reasoning_hotspot_cpu_only"
    elif share >= DOMINANT:
        key = "reasoning_hotspot_dominant"
    elif share >= LEADING:
        key = "reasoning_hotspot_leading"
    else:
        key = "reasoning_spread"
    return [*lines, catalog.message(language, key, **params)]


def _idle_line(idle: list[Any], total: float, language: str, catalog: Catalog) -> str:
    """The loop's idle share named as waiting, so it is never read as the cost to change."""
    top = max(idle, key=lambda h: h.total_ms)
    return catalog.message(
        language,
        "reasoning_loop_idle",
        function=inline_safe(top.function, 60),
        share=f"{sum(h.total_ms for h in idle) / total * 100:.0f}",
    )


def working_top(report: SandboxReport | None) -> str:
    """The function holding most self time among the learner's frames, the loop's waits aside."""
    if report is None:
        return ""
    spots = [
        h
        for h in report.hotspots
        if h.total_ms > 0 and learners_frame(h.file) and not idle_frame(h.function, h.file)
    ]
    return max(spots, key=lambda h: h.total_ms).function if spots else ""


def import_lines(code: str) -> frozenset[int]:
    """Lines of `code` that are imports: what they allocate is the library's, not the learner's."""
    if not code.strip():
        return frozenset()
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return frozenset()
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            end = node.end_lineno or node.lineno
            lines.update(range(node.lineno, end + 1))
    return frozenset(lines)


def learners_frame(file: str) -> bool:
    """A frame of the learner's program, not the interpreter's nor an installed library's."""
    return in_learners_code(file)


_LOOP_FILES = re.compile(r"(?:^|[/\\])(?:selectors\.py|asyncio[/\\][\w]+\.py)$")
_IDLE_CALLS = re.compile(
    r"(?:^|\.)(?:select|poll|control|_run_once|sleep)$|^<(?:built-in )?method (?:select|poll|control)"
)


def idle_frame(function: str, file: str) -> bool:
    """The event loop waiting (its `select`, `epoll.poll`, a sleep in its own frames): no work.

    A loop with nothing ready sits in the selector until a timer or a socket wakes it; that
    time is the program waiting, never a hotspot to optimise. A `time.sleep` in the learner's
    own file is not idle: it blocks the loop, and stays a finding.
    """
    name = function.rsplit(" ", 1)[-1].strip("<>'")
    if _LOOP_FILES.search(file):
        return bool(_IDLE_CALLS.search(name)) or file.endswith("selectors.py")
    # built-ins ('~' in cProfile): only the selector's own waits, never the learner's sleep
    return file in {"~", ""} and bool(re.search(r"(?:select|poll|control)\b", function))


def _allocation_lines(
    report: SandboxReport, language: str, catalog: Catalog, code: str = ""
) -> list[str]:
    imports = import_lines(code)
    allocations = [
        a
        for a in report.allocations
        if a.size_bytes > 0 and not (a.line in imports and _is_main(a.file))
    ]
    total = sum(a.size_bytes for a in allocations)
    if not allocations or total <= 0:
        return []
    top = max(allocations, key=lambda a: a.size_bytes)
    return [
        catalog.message(
            language,
            "reasoning_allocation",
            file=inline_safe(top.file, 60),
            line=top.line,
            size=human_bytes(top.size_bytes),
            count=top.count,
            share=f"{top.size_bytes / total * 100:.0f}",
        )
    ]


def _is_main(file: str) -> bool:
    """The learner's own file in the sandbox (main.py), whatever its directory."""
    return file.rsplit("/", 1)[-1] in {"main.py", "<string>", ""}


def scan_findings(
    code: str, language: str, catalog: Catalog, *, waiting: bool = False
) -> list[str]:
    """The static scan's culprits as hypotheses citing their line."""
    lines: list[str] = []
    found = scan(code)
    # A computing-cost hypothesis is refuted only when the run waited AND the scan found what
    # it waited on; otherwise the measurement may be start-up or load, and the code is the
    # better evidence.
    explained = waiting and any(f.kind in WAIT_KINDS for f in found)
    for finding in found:
        if explained and finding.kind in CPU_KINDS:
            continue
        lines.append(_scan_line(finding, language, catalog))
    return lines


def _scan_line(finding: Finding, language: str, catalog: Catalog) -> str:
    return catalog.message(
        language,
        f"reasoning_scan_{finding.kind}",
        line=finding.line,
        function=inline_safe(finding.function, 60) or "?",
        name=inline_safe(finding.name, 60),
        count=finding.count,
    )


def _waited(wall: float, cpu: float, queue: float = 0.0) -> bool:
    """A large gap the run itself spent asleep or blocked more than queued for a busy CPU.

    Large both relatively and absolutely; `queue` is the run-queue time (the host's load). Not `wall - cpu - queue` alone: the sampler wakes a sleeping run every millisecond, and on
    a loaded host each wake-up queues a little, so a pure sleep still shows some queue time.
    """
    return cpu < WAITING * wall and wall - cpu >= MIN_WAIT_MS and wall - cpu - queue >= queue


def _host_busy(wall: float, cpu: float, queue: float) -> bool:
    """More of the gap between wall and CPU was the run waiting for a CPU than sleeping."""
    return queue >= MIN_WAIT_MS and queue > wall - cpu - queue


def is_waiting(report: SandboxReport | None) -> bool:
    """The run itself spent most of its wall time asleep or blocked (not in the run queue)."""
    if report is None or not report.wall_ms or report.cpu_ms is None or report.wall_ms < 20:
        return False
    return _waited(report.wall_ms, report.cpu_ms, _queue_ms(report))


def _queue_ms(report: SandboxReport) -> float:
    """Run-queue time of the run; 0 when not measured (an older worker's report)."""
    return float(getattr(report, "run_queue_ms", None) or 0.0)


def findings(
    report: SandboxReport | None, code: str, language: str, catalog: Catalog
) -> tuple[str, ...]:
    """Sandbox reasoning first, then the static scan; nothing the measurement refutes."""
    lines: list[str] = []
    if (
        report is not None
        and report.status is not RunStatus.REJECTED
        and not missing_module(report)
    ):
        lines.extend(sandbox_findings(report, language, catalog, code))
    if code:
        lines.extend(scan_findings(code, language, catalog, waiting=is_waiting(report)))
    if code:
        # the number of calls, read from the code, explains a recursive hotspot's share
        lines[:0] = [_scan_line(f, language, catalog) for f in exponential_recursions_in(code)]
    if code:
        deadlocks, gil_bound = thread_findings_in(code)
        # CPU work in threads explains "threads are not faster" before any unit does
        lines[:0] = [_scan_line(f, language, catalog) for f in gil_bound]
    if code and (report is None or report.status in _CUT_SHORT):
        # a loop with no way out, or a lock waiting for its holder, explains a run cut at the
        # limit before any timing does
        stuck = [
            *endless_loops_in(code),
            *(deadlocks if report is None or report.status is RunStatus.TIMEOUT else []),
        ]
        lines[:0] = [_scan_line(f, language, catalog) for f in stuck]
    return tuple(lines)


_CUT_SHORT = frozenset({RunStatus.TIMEOUT, RunStatus.OUTPUT_LIMIT})
"""A run stopped at a limit: a loop that never ends fills the time or the output."""


def missing_module(report: SandboxReport | None) -> str:
    """The top-level library the run failed to import ('pandas'), or ''."""
    if report is None or report.status is RunStatus.OK:
        return ""
    found = _MISSING.search(report.stderr[-2000:] or report.message)
    return found.group("name").split(".")[0] if found else ""


def sandbox_line(report: SandboxReport | None) -> str:
    """One compact, language-neutral line of a run for the thread memory."""
    if report is None:
        return ""
    parts = [f"status={report.status.value}"]
    if report.wall_ms is not None:
        parts.append(f"wall={report.wall_ms:.0f}ms")
    if report.cpu_ms is not None:
        parts.append(f"cpu={report.cpu_ms:.0f}ms")
    spots = [h for h in report.hotspots if h.total_ms > 0]
    working = [h for h in spots if not idle_frame(h.function, h.file)]
    total = sum(h.total_ms for h in working)
    if working and total > 0:
        top = max(working, key=lambda h: h.total_ms)
        parts.append(f"top={inline_safe(top.function, 40)}:{top.line} {top.total_ms / total:.0%}")
    if report.peak_memory_bytes:
        parts.append(f"peak={human_bytes(report.peak_memory_bytes)}")
    module = missing_module(report)
    if module:
        parts.append(f"{MISSING_MARK}{module}")
    return " ".join(parts)


_ASKED = re.compile(r"Unable to allocate (\d+(?:\.\d*)?\s?[KMGTP]i?B)")
"""numpy's MemoryError names the allocation that did not fit ("Unable to allocate 763. MiB")."""


def _process_cap(report: SandboxReport, language: str, catalog: Catalog) -> list[str]:
    """The sandbox's own process/thread cap beside a run it stopped (review12 V6).

    "can't start new thread" in the sandbox is the jail's limit: told as the learner's error,
    the reply sent them to a process pool the same jail refuses too.
    """
    if report.status is RunStatus.OK:
        return []
    limit = report.limits.get("max_processes")
    if "max_processes" not in (report.limits.get("hit") or ()):
        return []
    if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0:
        return []
    return [catalog.message(language, "reasoning_sandbox_process_cap", limit=limit)]


def _sandbox_cap(report: SandboxReport, language: str, catalog: Catalog) -> list[str]:
    """The sandbox's own memory limit beside the stop (review10 T36).

    A run stopped at the sandbox's 128 MiB is not the learner's 16 GB laptop running out:
    the line names the limit (and what the run asked for, when the error says so).
    """
    limit = report.limits.get("memory_bytes")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0:
        return []
    found = _ASKED.search(report.stderr or "")
    asked = (
        catalog.message(
            language, "reasoning_sandbox_memory_asked", size=found.group(1).replace(". ", " ")
        )
        if found
        else ""
    )
    return [
        catalog.message(
            language, "reasoning_sandbox_memory_cap", limit=human_bytes(limit), asked=asked
        )
    ]
