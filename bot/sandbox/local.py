"""LocalSandbox: runs learner code in fresh bubblewrap jails on this host, a bounded pool."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import marshal
import math
import os
import resource
import time
from collections import deque
from collections.abc import Mapping

import structlog

from bot.sandbox.bwrap import JailSpec
from bot.sandbox.cgroup import CgroupBase
from bot.sandbox.inputs import validate_input
from bot.sandbox.jail import Jail, JailError
from bot.sandbox.program import harness_program
from bot.sandbox.report import RunStatus, SandboxReport
from bot.sandbox.report_builder import applied_limits, build_report
from bot.sandbox.seccomp import SeccompUnavailable, filter_bpf
from bot.sandbox.settings import MiB, SandboxSettings
from bot.sandbox.uids import UidLeases, kill_uid_processes

log = structlog.get_logger(__name__)

HARNESS_OVERHEAD_PROCESSES = 3
"""bwrap, the harness (pid 1) and the pass process are counted by RLIMIT_NPROC too."""
ADDRESS_SPACE_HEADROOM_BYTES = 256 * MiB
"""With a cgroup capping the total, RLIMIT_AS only stops absurd mappings (thread stacks etc)."""
DEFAULT_THREAD_STACK_BYTES = 32 * MiB
"""glibc's default thread stack when RLIMIT_STACK is unlimited (else the soft limit)."""


def thread_stack_bytes() -> int:
    """Address space each thread of the jail reserves for its stack (the jail inherits ours).

    RLIMIT_AS counts it even though few pages are ever touched: without it in the budget a
    `ThreadPoolExecutor(32)` stopped at "can't start new thread" (review12 V6).
    """
    soft = resource.getrlimit(resource.RLIMIT_STACK)[0]
    if soft == resource.RLIM_INFINITY or soft <= 0:
        return DEFAULT_THREAD_STACK_BYTES
    return min(int(soft), DEFAULT_THREAD_STACK_BYTES)


def address_space_bytes(settings: SandboxSettings, *, cgroup: bool) -> int:
    """The per-process RLIMIT_AS of a run.

    With a cgroup holding the real total, the cap leaves room for `max_processes` thread
    stacks on top of the memory limit (only their touched pages count against the cgroup).
    Without one, RLIMIT_AS is the only memory limit: it stays the memory limit itself.
    """
    if not cgroup:
        return settings.memory_bytes
    stacks = settings.max_processes * thread_stack_bytes()
    return settings.memory_bytes + ADDRESS_SPACE_HEADROOM_BYTES + stacks


UID_WAIT_ROUNDS = 1000
WARM_WAIT_S = 1.0
"""How long a run waits for a warm jail that is already starting before starting its own."""
WEAK_MEMORY = "NO-MEMORY-LIMIT(rlimit-as-only)"
"""In the isolation string when no cgroup caps the jail's total memory."""
WEAK_SYSCALLS = "NO-SECCOMP"
"""In the isolation string when the jail runs without its syscall filter."""


def seccomp_available() -> str:
    """'' when the seccomp filter builds here, else why not."""
    try:
        filter_bpf()
    except SeccompUnavailable as exc:
        return str(exc)
    return ""


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
        address_space = address_space_bytes(settings, cgroup=self._cgroup_base is not None)
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
            self._sweep(jail)
            return
        task = loop.create_task(self._teardown(jail))
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)

    async def _teardown(self, jail: Jail) -> None:
        try:
            await jail.aclose()
        finally:
            jail.close()  # idempotent; covers a cancelled teardown
            self._sweep(jail)

    def _sweep(self, jail: Jail) -> None:
        """Free the jail's uid; as root, first kill any process of it the cgroup missed.

        A jail whose cgroup held it from the start and is now gone leaves nothing to find:
        the /proc scan (~6 ms of CPU per run on a busy host) is skipped for it.
        """
        if self._root and not jail.contained:
            leftovers = kill_uid_processes(jail.uid)
            if leftovers:
                log.warning("sandbox.leftovers_killed", uid=jail.uid, count=leftovers)
        self._free_uids.append(jail.uid)

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
