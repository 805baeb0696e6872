"""LocalSandbox: runs learner code in fresh bubblewrap jails on this host, a bounded pool."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import marshal
import math
import os
import signal
import time
from collections import deque
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

import structlog

from bot.sandbox import payload
from bot.sandbox.cgroup import CgroupBase
from bot.sandbox.harness import CPU_LIMIT_EXIT, PROFILE_PASS, RESULT_CAP
from bot.sandbox.jail import WORK_DIR, Jail, JailError, JailSpec, RawRun, kill_uid_processes
from bot.sandbox.program import harness_program
from bot.sandbox.report import (
    Allocation,
    Hotspot,
    PassInfo,
    PassState,
    RunStatus,
    SandboxReport,
    clean_label,
)
from bot.sandbox.seccomp import SeccompUnavailable, filter_bpf
from bot.sandbox.settings import MiB, SandboxSettings
from bot.sandbox.uids import UidLeases

log = structlog.get_logger(__name__)

HARNESS_OVERHEAD_PROCESSES = 3
"""bwrap, the harness (pid 1) and the pass process are counted by RLIMIT_NPROC too."""
ADDRESS_SPACE_HEADROOM_BYTES = 256 * MiB
"""With a cgroup capping the total, RLIMIT_AS only stops absurd mappings (thread stacks etc)."""
UID_WAIT_ROUNDS = 1000
WARM_WAIT_S = 1.0
"""How long a run waits for a warm jail that is already starting before starting its own."""
MAX_FILES = 32
MAX_FILE_NAME = 100
RESERVED_NAMES = frozenset({"main.py"})
WEAK_MEMORY = "NO-MEMORY-LIMIT(rlimit-as-only)"
"""In the isolation string when no cgroup caps the jail's total memory."""
WEAK_SYSCALLS = "NO-SECCOMP"
"""In the isolation string when the jail runs without its syscall filter."""
CPU_LIMIT_SHARE = 0.75
"""A CPU-limit exit counts only after this share of the limit was used (rusage measured up
to ~10% below the kernel's RLIMIT_CPU clock on a loaded VM); a bare exit(152) does not."""


def seccomp_available() -> str:
    """'' when the seccomp filter builds here, else why not."""
    try:
        filter_bpf()
    except SeccompUnavailable as exc:
        return str(exc)
    return ""


def validate_input(
    code: str,
    files: Mapping[str, str | bytes] | None,
    stdin: str | None,
    max_bytes: int,
) -> tuple[dict[str, bytes], bytes, str]:
    """Check names and sizes before anything starts; returns (files, stdin, error message)."""
    untrusted: object = code  # remote callers may send anything
    if not isinstance(untrusted, str):
        return {}, b"", "code must be text"
    total = len(code.encode("utf-8", "surrogatepass"))
    out: dict[str, bytes] = {}
    for name, content in (files or {}).items():
        path = PurePosixPath(name)
        if (
            not name
            or len(name) > MAX_FILE_NAME
            or path.is_absolute()
            or ".." in path.parts
            or "\x00" in name
            or str(path) in RESERVED_NAMES
            or str(path) != name
        ):
            return {}, b"", "file names must be short relative paths (not main.py)"
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        out[name] = data
        total += len(data)
    if len(out) > MAX_FILES:
        return {}, b"", "too many files"
    stdin_bytes = (stdin or "").encode("utf-8", "replace")
    total += len(stdin_bytes)
    if total > max_bytes:
        return {}, b"", "code too large"
    return out, stdin_bytes, ""


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
    )


class LocalSandbox:
    """Bounded pool of single-use bubblewrap jails, one warm jail kept ready per slot."""

    def __init__(
        self,
        settings: SandboxSettings,
        *,
        bwrap: str,
        cgroup_base: CgroupBase | None,
        seccomp: bool | None = None,
    ) -> None:
        self._settings = settings
        self._seccomp = not seccomp_available() if seccomp is None else seccomp
        self._bwrap = bwrap
        self._cgroup_base = cgroup_base
        self._slots = settings.concurrency or os.cpu_count() or 1
        self._sem = asyncio.Semaphore(self._slots)
        self._waiting = 0
        self._active = 0
        self._root = os.geteuid() == 0
        uid_count = 2 * self._slots + 1
        self._leases: UidLeases | None = None
        if self._root:
            # Leased machine-wide: another bot process on this host must never get the same uid.
            self._leases = UidLeases(settings.first_uid)
            uids = self._leases.claim(uid_count)
            for uid in uids:
                kill_uid_processes(uid)  # leftovers of a bot that died holding this uid
        else:
            uids = list(range(settings.first_uid, settings.first_uid + uid_count))
        self._free_uids: deque[int] = deque(uids)
        self._warm: deque[Jail] = deque()
        self._refill_task: asyncio.Task[None] | None = None
        self._warm_ready = asyncio.Event()
        self._retiring: set[asyncio.Task[None]] = set()
        self._harness = harness_program(settings.python)
        self._closed = False
        self._spec = JailSpec.from_settings(settings, bwrap, seccomp=self._seccomp)
        parts = ["bubblewrap", "userns", "pidns", "netns"]
        parts.append("uid-per-run" if self._root else "shared-uid")
        # The weaker set-up names itself: no total memory limit (an operator allowed it).
        parts.append(cgroup_base.name if cgroup_base is not None else WEAK_MEMORY)
        parts.append("seccomp" if self._seccomp else WEAK_SYSCALLS)
        parts.append("rlimits")
        self.isolation = "+".join(parts)

    @property
    def available(self) -> bool:
        """Local jails are available once built (the factory probed bubblewrap)."""
        return not self._closed

    @property
    def reason(self) -> str:
        """Empty while available."""
        return "" if not self._closed else "sandbox closed"

    @property
    def slots(self) -> int:
        """How many runs may execute at once."""
        return self._slots

    async def start(self) -> None:
        """Pre-start the warm jails so the first runs do not pay the cold start."""
        if self._settings.warm_jails:
            await self._refill()

    def _busy_report(self) -> SandboxReport:
        waves = (self._waiting + self._active) / self._slots + 1
        eta = max(1, math.ceil(waves * self._settings.wall_timeout_s))
        log.info("sandbox.rejected_busy", active=self._active, waiting=self._waiting)
        return SandboxReport.rejected(
            f"sandbox busy, try again in ~{eta} s", isolation=self.isolation
        )

    async def profile(
        self,
        code: str,
        *,
        files: Mapping[str, str | bytes] | None = None,
        stdin: str | None = None,
        limits: SandboxSettings | None = None,
    ) -> SandboxReport:
        """Run `code` as __main__ in a fresh jail; reject at once when the queue is full."""
        settings = limits or self._settings
        if self._closed:
            return SandboxReport.rejected("sandbox closed", isolation=self.isolation)
        file_bytes, stdin_bytes, error = validate_input(code, files, stdin, settings.max_code_bytes)
        if error:
            return SandboxReport.rejected(error, isolation=self.isolation)
        if self._sem.locked() and self._waiting >= self._settings.queue_size:
            return self._busy_report()
        self._waiting += 1
        try:
            await self._sem.acquire()
        finally:
            self._waiting -= 1
        self._active += 1
        try:
            return await self._run_once(code, file_bytes, stdin_bytes, settings)
        finally:
            self._active -= 1
            self._sem.release()

    def _request(
        self, code: str, files: dict[str, bytes], stdin: bytes, settings: SandboxSettings
    ) -> bytes:
        memory = settings.memory_bytes
        address_space = memory + ADDRESS_SPACE_HEADROOM_BYTES if self._cgroup_base else memory
        return marshal.dumps(
            {
                "code": code,
                "files": files,
                "stdin": stdin,
                "profile": settings.profile,
                "trace_allocations": settings.trace_allocations,
                "top_n": settings.hotspots_top,
                "packages_dir": self._spec.packages_dir,
                "limits": {
                    "wall_timeout_s": float(settings.wall_timeout_s),
                    "cpu_time_s": int(settings.cpu_time_s),
                    "address_space_bytes": int(address_space),
                    "nproc": int(settings.max_processes + HARNESS_OVERHEAD_PROCESSES),
                    "max_open_files": int(settings.max_open_files),
                    "max_file_bytes": int(settings.max_file_bytes),
                },
            }
        )

    async def _run_once(
        self, code: str, files: dict[str, bytes], stdin: bytes, settings: SandboxSettings
    ) -> SandboxReport:
        spec = JailSpec.from_settings(settings, self._bwrap, seccomp=self._seccomp)
        try:
            jail = await self._take_jail(spec, settings)
        except JailError as exc:
            log.error("sandbox.jail_start_failed", error=str(exc))
            return SandboxReport(
                status=RunStatus.ERROR,
                message="the sandbox could not start a jail",
                isolation=self.isolation,
                limits=applied_limits(settings),
            )
        try:
            raw = await jail.run(
                self._request(code, files, stdin, settings),
                wall_timeout_s=settings.wall_timeout_s,
                output_cap=settings.max_output_bytes,
                memory_bytes=settings.memory_bytes,
                max_pids=settings.max_processes + HARNESS_OVERHEAD_PROCESSES,
            )
        finally:
            self._retire(jail)
            if self._settings.warm_jails:
                # After the run, not during it: a jail start would skew the learner's timings.
                self._schedule_refill()
        report = build_report(raw, settings, self.isolation)
        log.info(
            "sandbox.run_finished",
            status=report.status.value,
            wall_ms=report.wall_ms,
            cpu_ms=report.cpu_ms,
            elapsed_ms=round(raw.elapsed_ms, 3),
            uid=jail.uid,
        )
        return report

    async def _take_jail(self, spec: JailSpec, settings: SandboxSettings) -> Jail:
        if spec == self._spec and not self._warm and self._refilling():
            # A warm jail is already starting: waiting for it beats starting a second one.
            self._warm_ready.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._warm_ready.wait(), WARM_WAIT_S)
        while self._warm:
            jail = self._warm.popleft()
            if jail.spec == spec and jail.alive:
                return jail
            self._retire(jail)
        return await self._spawn(spec, settings)

    def _refilling(self) -> bool:
        return self._refill_task is not None and not self._refill_task.done()

    async def _spawn(self, spec: JailSpec, settings: SandboxSettings) -> Jail:
        for _ in range(UID_WAIT_ROUNDS):
            if self._free_uids:
                break
            await asyncio.sleep(0.001)  # a sweep of a finished jail is about to return one
        else:
            raise JailError("no free jail uid")
        uid = self._free_uids.popleft()
        try:
            jail = Jail.spawn(
                spec,
                uid=uid if self._root else None,
                harness=self._harness,
                cgroup_base=self._cgroup_base,
            )
        except JailError:
            self._free_uids.append(uid)
            raise
        jail.uid = uid
        try:
            await jail.wait_ready()
            if jail.cgroup is not None:
                # Capped from the start; the run itself then rewrites nothing (same limits).
                jail.cgroup.set_limit(
                    settings.memory_bytes, settings.max_processes + HARNESS_OVERHEAD_PROCESSES
                )
        except BaseException:
            self._retire(jail)
            raise
        return jail

    def _retire(self, jail: Jail) -> None:
        """Tear a jail down after the caller got its report; its uid returns after a sweep.

        The uid comes back only once a sweep found no process of it. The pid namespace and the cgroup take every process down; the uid sweep is the
        second layer.
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            jail.close()
            self._sweep(jail.uid)
            return
        task = loop.create_task(self._teardown(jail))
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)

    async def _teardown(self, jail: Jail) -> None:
        try:
            await jail.aclose()
        finally:
            jail.close()  # idempotent; covers a cancelled teardown
            self._sweep(jail.uid)

    def _sweep(self, uid: int) -> None:
        if self._root:
            leftovers = kill_uid_processes(uid)
            if leftovers:
                log.warning("sandbox.leftovers_killed", uid=uid, count=leftovers)
        self._free_uids.append(uid)

    async def settled(self) -> None:
        """Wait until every retired jail is torn down and its uid swept (tests, shutdown)."""
        while self._retiring:
            await asyncio.gather(*self._retiring, return_exceptions=True)

    def _schedule_refill(self) -> None:
        if self._refill_task is None or self._refill_task.done():
            self._refill_task = asyncio.get_running_loop().create_task(self._refill())

    async def _refill(self) -> None:
        while not self._closed and len(self._warm) < self._slots and self._free_uids:
            try:
                jail = await self._spawn(self._spec, self._settings)
            except JailError as exc:
                log.warning("sandbox.warm_start_failed", error=str(exc))
                return
            if not self.available:  # closed while this jail was starting
                self._retire(jail)
                return
            self._warm.append(jail)
            self._warm_ready.set()

    async def aclose(self) -> None:
        """Stop refilling and tear down every warm jail."""
        self._closed = True
        if self._refill_task is not None:
            self._refill_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._refill_task
        while self._warm:
            self._retire(self._warm.popleft())
        await self.settled()  # every jail down and swept before the uids are given back
        if self._leases is not None:
            self._leases.release()


def probe(
    settings: SandboxSettings,
    bwrap: str,
    cgroup_base: CgroupBase | None,
    seccomp: bool | None = None,
) -> str:
    """Run one tiny jail synchronously; returns '' when it works, else why not (for logs)."""
    if not os.access(settings.python, os.X_OK):
        return f"interpreter {settings.python} is missing"

    async def attempt() -> str:
        sandbox = LocalSandbox(
            settings.model_copy(update={"warm_jails": False, "profile": False}),
            bwrap=bwrap,
            cgroup_base=cgroup_base,
            seccomp=seccomp,
        )
        try:
            report = await sandbox.profile("import os; print(os.getuid())")
        finally:
            await sandbox.aclose()
        if report.status is not RunStatus.OK:
            return f"a test jail did not run ({report.status.value}): {report.stderr[-300:]}"
        if report.stdout.strip() == "0":
            return "the jail ran as uid 0"
        return ""

    def in_thread() -> str:
        # A thread of its own: the caller may already be inside an event loop.
        try:
            return asyncio.run(attempt())
        except (OSError, JailError) as exc:
            return f"could not start bubblewrap: {exc}"

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        reason = pool.submit(in_thread).result()
    log.info("sandbox.probe", ok=not reason, ms=round((time.perf_counter() - started) * 1000, 1))
    return reason
