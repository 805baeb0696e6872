"""The report of one run: what the jail showed (RawRun) turned into a SandboxReport.

Status, exit code, timings and RSS come from pid 1's wait on each pass and from the bot's
own pipes and cgroup; what a pass child sent is validated here and only adds profile rows.
"""

from __future__ import annotations

import signal
from collections.abc import Mapping
from typing import Any

import structlog

from bot.sandbox import payload
from bot.sandbox.bwrap import WORK_DIR
from bot.sandbox.harness_common import CPU_LIMIT_EXIT, CPU_LIMIT_SHARE, PROFILE_PASS, RESULT_CAP
from bot.sandbox.jail import RawRun
from bot.sandbox.report import (
    Allocation,
    Hotspot,
    PassInfo,
    PassState,
    RunStatus,
    SandboxReport,
    clean_label,
)
from bot.sandbox.settings import SandboxSettings

log = structlog.get_logger(__name__)


def _short_file(name: str) -> str:
    prefix = WORK_DIR + "/"
    return name[len(prefix) :] if name.startswith(prefix) else name


RESULT_KEYS = frozenset(
    {"exception", "hotspots", "allocations", "peak_bytes", "oversized", "samples", "cut"}
)
"""All a pass child may send; anything else marks its payload as forged."""
MAX_ROWS = 50
MAX_NAME = 1000
MAX_MS = 1e9
MAX_COUNT = 10**15


def _label(value: object) -> str:
    return clean_label(_short_file(payload.text(value, max_chars=MAX_NAME)))


def _validated(data: object) -> dict[str, Any]:
    """The child's claims, each checked; raises PayloadError on the first bad one."""
    if not isinstance(data, dict):
        raise payload.PayloadError("not an object")
    unknown = set(data) - RESULT_KEYS
    if unknown:
        raise payload.PayloadError(f"{len(unknown)} unexpected field(s)")
    out: dict[str, Any] = {}
    if "exception" in data:
        out["exception"] = clean_label(payload.text(data["exception"], max_chars=100), 100)
    if "hotspots" in data:
        out["hotspots"] = tuple(
            Hotspot(
                function=_label(row[0]),
                file=_label(row[1]),
                line=payload.whole(row[2], low=0, high=10**7),
                calls=payload.whole(row[3], low=0, high=MAX_COUNT),
                total_ms=payload.finite(row[4], low=0, high=MAX_MS),
                cumulative_ms=payload.finite(row[5], low=0, high=MAX_MS),
            )
            for row in payload.rows(data["hotspots"], max_rows=MAX_ROWS, width=6)
        )
    if "allocations" in data:
        out["allocations"] = tuple(
            Allocation(
                file=_label(row[0]),
                line=payload.whole(row[1], low=0, high=10**7),
                size_bytes=payload.whole(row[2], low=0, high=MAX_COUNT),
                count=payload.whole(row[3], low=0, high=MAX_COUNT),
            )
            for row in payload.rows(data["allocations"], max_rows=MAX_ROWS, width=4)
        )
    if "peak_bytes" in data:
        out["peak_bytes"] = payload.whole(data["peak_bytes"], low=0, high=MAX_COUNT)
    if "samples" in data:
        out["samples"] = payload.whole(data["samples"], low=0, high=MAX_COUNT)
    for flag in ("oversized", "cut"):
        if flag in data:
            if not isinstance(data[flag], bool):
                raise payload.PayloadError("bad flag")
            out[flag] = data[flag]
    return out


def child_result(event: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """What a pass child sent, validated: (claims, '') or ({}, why it was refused)."""
    raw = event.get("result")
    if raw is None:
        return {}, ""  # the program ended its own process (os._exit): nothing to validate
    try:
        if not isinstance(raw, str):
            raise payload.PayloadError("not text")
        return _validated(payload.strict_loads(raw, max_bytes=RESULT_CAP)), ""
    except payload.PayloadError as exc:
        return {}, f"malformed or forged result ignored: {exc}"


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _measured_ms(value: object, default: float) -> float:
    try:
        return payload.finite(value, low=0, high=MAX_MS)
    except payload.PayloadError:
        return default


def _scheduling(plain: Mapping[str, Any] | None) -> dict[str, Any]:
    """What the plain pass waited for, as pid 1 read it; a field it could not read is None."""
    if plain is None:
        return {}
    out: dict[str, Any] = {}
    for key in ("run_queue_ms", "io_wait_ms"):
        try:
            out[key] = round(payload.finite(plain.get(key), low=0, high=MAX_MS), 3)
        except payload.PayloadError:
            out[key] = None
    for key in ("voluntary_switches", "involuntary_switches"):
        try:
            out[key] = payload.whole(plain.get(key), low=0, high=MAX_COUNT)
        except payload.PayloadError:
            out[key] = None
    return out


def _pass_info(
    name: str,
    event: Mapping[str, Any] | None,
    skipped: str,
    refused: str,
    claims: Mapping[str, Any],
) -> PassInfo:
    if event is None:
        return PassInfo(name, PassState.SKIPPED, skipped or "not reached")
    if event.get("timed_out") is True:
        return PassInfo(name, PassState.CUT, "stopped at the wall-clock limit")
    signum = _int_or_none(event.get("signal"))
    if signum is not None:
        return PassInfo(name, PassState.FAILED, f"ended by signal {signum}")
    if refused:
        return PassInfo(name, PassState.INVALID, refused)
    if claims.get("cut") is True:
        return PassInfo(name, PassState.CUT, "stopped at its time budget: a partial view")
    if name == "plain" or _int_or_none(event.get("exit_code")) in (0, 1):
        return PassInfo(name, PassState.OK)
    return PassInfo(name, PassState.FAILED, f"exited with {event.get('exit_code')}")


def _profile_info(plain: PassInfo, claims: Mapping[str, Any]) -> PassInfo:
    """The sampling profile rides on the plain run: its fate, or why it has no rows."""
    if plain.state is not PassState.OK:
        return PassInfo(PROFILE_PASS, plain.state, plain.reason)
    if claims.get("hotspots"):
        return PassInfo(PROFILE_PASS, PassState.OK)
    samples = claims.get("samples", 0)
    return PassInfo(
        PROFILE_PASS,
        PassState.SKIPPED,
        f"too short to sample ({samples} samples, one per ms)"
        if "samples" in claims
        else "the program ended its own process before the profile was sent",
    )


def applied_limits(settings: SandboxSettings) -> dict[str, Any]:
    """The limits a run is held to, as reported to learners."""
    return {
        "wall_timeout_s": settings.wall_timeout_s,
        "cpu_time_s": settings.cpu_time_s,
        "memory_bytes": settings.memory_bytes,
        "max_processes": settings.max_processes,
        "max_output_bytes": settings.max_output_bytes,
        "max_open_files": settings.max_open_files,
        "max_file_bytes": settings.max_file_bytes,
        "tmpfs_bytes": settings.tmpfs_bytes,
        "shm_bytes": settings.shm_bytes,
    }


def build_report(raw: RawRun, settings: SandboxSettings, isolation: str) -> SandboxReport:
    """Turn what the jail showed into the report.

    Status, exit code, timings and RSS come from pid 1's wait on each pass and from the
    bot's own pipes and cgroup; a pass child's payload only adds (validated) profile rows.
    """
    events: dict[str, dict[str, Any]] = {}
    skipped: dict[str, str] = {}
    started = False
    for event in raw.events:
        kind, name = event.get("event"), event.get("name")
        if kind == "started":
            started = True
        elif kind == "pass" and isinstance(name, str):
            events.setdefault(name, event)
        elif kind == "skipped" and isinstance(name, str):
            reason = event.get("reason")
            skipped.setdefault(name, clean_label(reason if isinstance(reason, str) else "", 80))
    claims: dict[str, dict[str, Any]] = {}
    refused: dict[str, str] = {}
    for name, event in events.items():
        claims[name], refused[name] = child_result(event)
    plain = events.get("plain")
    result = claims.get("plain", {})
    stdout = raw.stdout.decode("utf-8", "replace")
    stderr = raw.stderr.decode("utf-8", "replace")
    hit: list[str] = []
    oom = raw.memory is not None and raw.memory.oom_kills > 0
    exit_code: int | None = None
    message = ""
    cpu_limit_ms = settings.cpu_time_s * 1000.0
    if plain is not None:
        signum = _int_or_none(plain.get("signal"))
        exit_code = -signum if signum is not None else _int_or_none(plain.get("exit_code"))
        cpu_ms = _measured_ms(plain.get("status_cpu_ms"), raw.cpu_ms)
        wall_ms = _measured_ms(plain.get("status_wall_ms"), raw.elapsed_ms)
        max_rss = _int_or_none(plain.get("max_rss_bytes")) or raw.max_rss_bytes
    else:
        cpu_ms, wall_ms, max_rss = raw.cpu_ms, raw.elapsed_ms, raw.max_rss_bytes
    out_of_cpu = cpu_ms >= cpu_limit_ms * CPU_LIMIT_SHARE
    if raw.output_overflow:
        status = RunStatus.OUTPUT_LIMIT
        hit.append("max_output_bytes")
        message = "output limit reached: the run was stopped"
    elif plain is None:
        if oom:
            status, message = RunStatus.MEMORY_LIMIT, "memory limit reached"
            hit.append("memory_bytes")
        elif raw.timed_out:
            status, message = RunStatus.TIMEOUT, "wall-clock limit reached"
            hit.append("wall_timeout_s")
        elif started:
            status, message = RunStatus.KILLED, "the run was killed"
        else:
            status, message = RunStatus.ERROR, "the sandbox failed to start the run"
            log.warning("sandbox.jail_failed", exit_status=raw.exit_status, stderr=stderr[-500:])
    elif plain.get("timed_out") is True:
        status, message = RunStatus.TIMEOUT, "wall-clock limit reached"
        hit.append("wall_timeout_s")
    elif out_of_cpu and exit_code in (CPU_LIMIT_EXIT, -signal.SIGXCPU, -signal.SIGKILL):
        status, message = RunStatus.TIMEOUT, "CPU time limit reached"
        hit.append("cpu_time_s")
    elif (exit_code == -signal.SIGKILL and oom) or (
        exit_code == 1 and result.get("exception") == "MemoryError"
    ):
        status, message = RunStatus.MEMORY_LIMIT, "memory limit reached"
        hit.append("memory_bytes")
    elif exit_code is not None and exit_code < 0:
        status = RunStatus.KILLED
        name = signal.Signals(-exit_code).name if -exit_code in signal.valid_signals() else "?"
        message = f"killed by {name}"
    elif exit_code == 0:
        status = RunStatus.OK
    else:
        status = RunStatus.ERROR
        exception = result.get("exception")
        message = f"exited with {exception}" if exception and exit_code == 1 else ""
    if "Resource temporarily unavailable" in stderr or "can't start new thread" in stderr:
        hit.append("max_processes")
        if status is RunStatus.ERROR:
            # the jail's cap, named as such: not the learner's bug (review12 V6)
            message = f"process/thread limit reached ({settings.max_processes})"
    if "No space left on device" in stderr:
        hit.append("tmpfs_bytes")
    trace = claims.get("tracemalloc", {})
    limits = applied_limits(settings)
    limits["hit"] = hit
    plain_info = _pass_info(
        "plain", plain, skipped.get("plain", ""), refused.get("plain", ""), result
    )
    infos = [plain_info]
    if settings.profile:
        infos.append(_profile_info(plain_info, result))
    if settings.profile and settings.trace_allocations:
        infos.append(
            _pass_info(
                "tracemalloc",
                events.get("tracemalloc"),
                skipped.get("tracemalloc", ""),
                refused.get("tracemalloc", ""),
                trace,
            )
        )
    return SandboxReport(
        status=status,
        exit_code=exit_code,
        wall_ms=round(wall_ms, 3),
        cpu_ms=round(cpu_ms, 3),
        peak_memory_bytes=trace.get("peak_bytes"),
        max_rss_bytes=max_rss or None,
        stdout=stdout,
        stderr=stderr,
        truncated=raw.output_overflow,
        hotspots=result.get("hotspots", ()) if settings.profile else (),
        allocations=trace.get("allocations")
        or (result.get("allocations", ()) if settings.profile else ()),
        limits=limits,
        isolation=isolation,
        message=message,
        passes=tuple(infos),
        **_scheduling(plain),
    )
