"""One bubblewrap jail: spawned ahead of time, fed exactly one request, then torn down."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import select
import signal
import subprocess
import time
from dataclasses import dataclass
from typing import Any

from bot.sandbox.bwrap import JailSpec, bwrap_argv
from bot.sandbox.cgroup import CgroupBase, JailCgroup, MemoryUsage
from bot.sandbox.payload import PayloadError, strict_loads
from bot.sandbox.pipes import Budget, PipeReader, read_now
from bot.sandbox.program import HarnessProgram
from bot.sandbox.seccomp import filter_bpf, program_fd
from bot.sandbox.settings import KiB

KILL_GRACE_S = 1.0
"""The outer deadline is the wall limit plus this: the harness stops passes itself first."""
OUTER_KILL_AFTER_S = 2.0
"""If bwrap itself has not exited this long after the jail was killed, kill bwrap too."""
READY_TIMEOUT_S = 10.0
DRAIN_TIMEOUT_S = 1.0
REPORT_CAP_BYTES = 1024 * KiB
"""pid 1's events: three passes, each with at most 32 KiB of child bytes escaped (<= 6x)."""
EVENT_DEPTH = 3
DONE_LINE = b'{"event":"done"}\n'
"""pid 1's last report line: every pass process is dead and reaped, its output is in the pipes.
Only pid 1 holds the report pipe (passes close it; pid 1 is not dumpable) and a pass's own
bytes arrive as one escaped string, so a pass cannot write this line."""


class JailError(Exception):
    """The jail could not be started; the message is safe to log (no learner data)."""


@dataclass(frozen=True, slots=True)
class RawRun:
    """Everything observed from outside the jail, before it is turned into a report."""

    events: tuple[dict[str, Any], ...]
    stdout: bytes
    stderr: bytes
    output_overflow: bool
    timed_out: bool
    exit_status: int | None
    """bwrap's wait status; None when pid 1's "done" line ended the run before bwrap exited."""
    cpu_ms: float
    """bwrap's rusage (0 when the run ended on "done": each pass event carries its own)."""
    max_rss_bytes: int
    elapsed_ms: float
    memory: MemoryUsage | None


def _child_pid(status: bytes) -> int:
    """The jail's first pid from bwrap's --json-status-fd lines (0 while not reported)."""
    for line in status.splitlines():
        with contextlib.suppress(ValueError):
            info = json.loads(line)
            if isinstance(info, dict) and isinstance(info.get("child-pid"), int):
                return int(info["child-pid"])
    return 0


def _is_jail_init(pid: int, uid: int) -> bool:
    """True for pid 1 of a nested pid namespace running as `uid` (never a reused pid)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            fields = dict(line.split(b":", 1) for line in fh if b":" in line)
    except OSError:
        return False
    uids = {int(x) for x in fields.get(b"Uid", b"").split()[:3]}
    return fields.get(b"NSpid", b"").split()[-1:] == [b"1"] and uid in uids


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _close(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


class Jail:
    """A started bubblewrap jail whose harness waits for one request."""

    def __init__(
        self,
        *,
        spec: JailSpec,
        uid: int,
        proc: subprocess.Popen[bytes],
        fds: dict[str, int],
        cgroup: JailCgroup | None,
    ) -> None:
        self.spec = spec
        self.uid = uid
        self.proc = proc
        self.cgroup = cgroup
        self._attached = False
        self._fds = fds
        self.pidfd = os.pidfd_open(proc.pid)
        self.child_pid = 0
        self._child_pidfd = -1
        self._status: PipeReader | None = None
        self._early_status = bytearray()
        self._used = False
        self._closed = False

    @classmethod
    def spawn(
        cls,
        spec: JailSpec,
        *,
        uid: int | None,
        harness: HarnessProgram,
        cgroup_base: CgroupBase | None,
    ) -> Jail:
        """Start bwrap as `uid` (None = our own, non-root only); the harness then waits."""
        harness_fd = os.memfd_create("mca-harness")
        os.write(harness_fd, harness.data)
        os.lseek(harness_fd, 0, os.SEEK_SET)
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        rep_r, rep_w = os.pipe()
        req_r, req_w = os.pipe()
        st_r, st_w = os.pipe()
        seccomp_fd = program_fd(filter_bpf()) if spec.seccomp else -1
        child_fds: tuple[int, ...] = (harness_fd, out_w, err_w, rep_w, req_r, st_w)
        if seccomp_fd >= 0:
            child_fds += (seccomp_fd,)
        cgroup = None
        try:
            if cgroup_base is not None:
                name = f"jail-{uid if uid is not None else 0}-{os.getpid()}-{time.monotonic_ns()}"
                cgroup = JailCgroup.create(cgroup_base, name)
            argv = bwrap_argv(
                spec,
                harness_fd=harness_fd,
                status_fd=st_w,
                request_fd=req_r,
                report_fd=rep_w,
                seccomp_fd=seccomp_fd,
                harness_path=harness.path,
            )
            drop: dict[str, Any] = {}
            if uid is not None:
                drop = {"user": uid, "group": uid, "extra_groups": []}
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=out_w,
                stderr=err_w,
                pass_fds=tuple(
                    fd for fd in (harness_fd, st_w, req_r, rep_w, seccomp_fd) if fd >= 0
                ),
                env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
                cwd="/",
                start_new_session=True,
                **drop,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            for fd in (*child_fds, out_r, err_r, rep_r, req_w, st_r):
                _close(fd)
            if cgroup is not None:
                cgroup.remove()
            raise JailError(f"could not start bubblewrap: {exc.__class__.__name__}") from exc
        for fd in child_fds:
            _close(fd)
        fds = {"out": out_r, "err": err_r, "report": rep_r, "request": req_w, "status": st_r}
        return cls(
            spec=spec,
            uid=uid if uid is not None else os.getuid(),
            proc=proc,
            fds=fds,
            cgroup=cgroup,
        )

    async def wait_ready(self, timeout_s: float = READY_TIMEOUT_S) -> None:
        """Wait for bwrap to report the jail's first process, then put it in the cgroup."""
        loop = asyncio.get_running_loop()
        self._status = PipeReader(loop, self._fds["status"], Budget(16 * KiB))
        deadline = loop.time() + timeout_s
        while not self.child_pid:
            self.child_pid = _child_pid(bytes(self._status.data))
            if self.child_pid:
                break
            if self._status.eof.done() or loop.time() > deadline:
                raise JailError("bubblewrap exited before the jail started")
            await asyncio.sleep(0.001)
        with contextlib.suppress(OSError):
            self._child_pidfd = os.pidfd_open(self.child_pid)
        if self.cgroup is not None:
            self.cgroup.attach(self.child_pid)
            self._attached = True

    @property
    def contained(self) -> bool:
        """After close(): every process the jail ever ran was in its cgroup, now removed.

        The jail's init joined the group before it received a request, so learner code and
        all it started were inside; a group cannot be left without root.
        """
        return (
            self._closed
            and self._attached
            and self.cgroup is not None
            and self.proc.returncode is not None
            and not self.cgroup.path.exists()
        )

    @property
    def alive(self) -> bool:
        """True while bwrap has not exited (a warm jail that died is thrown away)."""
        return not self._closed and not select.select([self.pidfd], [], [], 0)[0]

    def _find_child(self) -> None:
        """Learn the jail's first process from bwrap's status pipe, if bwrap reported it.

        A jail torn down while it starts (a warm jail at shutdown): killing only bwrap
        orphaned a child that had not yet armed --die-with-parent, which then lived on
        (reparented to init) until the uid sweep found it ("leftovers_killed count=1").
        """
        if self._child_pidfd >= 0 or "status" not in self._fds:
            return
        if self._status is not None:
            self._status.read_now()
            data = bytes(self._status.data)
        else:
            self._early_status += read_now(self._fds["status"])
            data = bytes(self._early_status)
        pid = _child_pid(data)
        if not pid:
            return
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:
            return
        if _is_jail_init(pid, self.uid):
            self.child_pid, self._child_pidfd = pid, pidfd
        else:
            _close(pidfd)

    def kill(self) -> None:
        """SIGKILL the jail's first process: the kernel then kills the whole pid namespace."""
        self._find_child()
        if self._child_pidfd >= 0:
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(self._child_pidfd, signal.SIGKILL)
        else:
            self.kill_outer()

    def kill_outer(self) -> None:
        """Last resort: kill bwrap itself (its usage accounting is lost).

        Its whole process group goes too: a jail child still setting up (before its own
        setsid, and before bwrap reported its pid) is in bwrap's group. bwrap is not reaped
        yet, so its pid (the group's id) cannot have been reused.
        """
        if self.proc.returncode is None:
            with contextlib.suppress(OSError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)

    async def _write_request(self, data: bytes) -> None:
        loop = asyncio.get_running_loop()
        fd = self._fds["request"]
        os.set_blocking(fd, False)
        view = memoryview(data)
        try:
            while view:
                try:
                    view = view[os.write(fd, view) :]
                except BlockingIOError:
                    writable: asyncio.Future[None] = loop.create_future()
                    loop.add_writer(fd, _resolve, writable)
                    try:
                        await writable
                    finally:
                        loop.remove_writer(fd)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            # Closed here (EOF for the harness) and forgotten, so close() cannot close a reused fd.
            del self._fds["request"]
            _close(fd)

    async def run(
        self,
        request: bytes,
        *,
        wall_timeout_s: float,
        output_cap: int,
        memory_bytes: int,
        max_pids: int | None = None,
    ) -> RawRun:
        """Send the request, watch the jail under the deadline and caps, and collect it."""
        if self._used:
            raise JailError("a jail runs one request only")
        self._used = True
        loop = asyncio.get_running_loop()
        if self._status is None:
            await self.wait_ready()
        if self.cgroup is not None:
            self.cgroup.set_limit(memory_bytes, max_pids)
        output = Budget(output_cap)
        out = PipeReader(loop, self._fds["out"], output, self.kill)
        err = PipeReader(loop, self._fds["err"], output, self.kill)
        report = PipeReader(loop, self._fds["report"], Budget(REPORT_CAP_BYTES), marker=DONE_LINE)
        exited: asyncio.Future[None] = loop.create_future()
        loop.add_reader(self.pidfd, _resolve, exited)
        timed_out = False
        outer_kill: asyncio.TimerHandle | None = None

        def on_deadline() -> None:
            nonlocal timed_out, outer_kill
            timed_out = True
            self.kill()
            outer_kill = loop.call_later(OUTER_KILL_AFTER_S, self.kill_outer)

        started = time.perf_counter()
        deadline = loop.call_later(wall_timeout_s + KILL_GRACE_S, on_deadline)
        try:
            await self._write_request(request)
            # pid 1's "done" line ends the run: the namespaces' teardown (bwrap and kernel
            # work) then happens off the learner's path, in aclose().
            await asyncio.wait((exited, report.marked), return_when=asyncio.FIRST_COMPLETED)
        finally:
            deadline.cancel()
            if outer_kill is not None:
                outer_kill.cancel()
            loop.remove_reader(self.pidfd)
        elapsed_ms = (time.perf_counter() - started) * 1000.0
        status: int | None = None
        cpu_ms, max_rss = 0.0, 0
        if report.marked.done() and not exited.done():
            for reader in (out, err, report):
                reader.drain()
        else:
            # bwrap has exited (its pidfd was readable): this wait4 does not block.
            _, status, usage = os.wait4(self.proc.pid, 0)  # noqa: ASYNC222
            self.proc.returncode = os.waitstatus_to_exitcode(status)
            cpu_ms = (usage.ru_utime + usage.ru_stime) * 1000.0
            max_rss = usage.ru_maxrss * 1024
            pending = [r.eof for r in (out, err, report, self._status) if r is not None]
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*pending), DRAIN_TIMEOUT_S)
        for reader in (out, err, report):
            reader.close()
        memory = self.cgroup.usage() if self.cgroup is not None else None
        events = []
        for line in bytes(report.data).splitlines():
            with contextlib.suppress(PayloadError):
                event = strict_loads(line, max_bytes=REPORT_CAP_BYTES, max_depth=EVENT_DEPTH)
                if isinstance(event, dict):
                    events.append(event)
        return RawRun(
            events=tuple(events),
            stdout=bytes(out.data),
            stderr=bytes(err.data),
            output_overflow=output.overflow,
            timed_out=timed_out,
            exit_status=status,
            cpu_ms=cpu_ms,
            max_rss_bytes=max_rss,
            elapsed_ms=elapsed_ms,
            memory=memory,
        )

    async def _exited_within(self, timeout_s: float) -> bool:
        loop = asyncio.get_running_loop()
        exited: asyncio.Future[None] = loop.create_future()
        loop.add_reader(self.pidfd, _resolve, exited)
        try:
            await asyncio.wait_for(exited, timeout_s)
        except TimeoutError:
            return False
        finally:
            loop.remove_reader(self.pidfd)
        return True

    async def aclose(self) -> None:
        """close(), waiting for bwrap's exit on the event loop instead of blocking it."""
        if self._closed:
            return
        if self.proc.returncode is None:
            self.kill()
            if not await self._exited_within(OUTER_KILL_AFTER_S):
                self.kill_outer()
                await self._exited_within(OUTER_KILL_AFTER_S)
        self.close()

    def close(self) -> None:
        """Kill what is left, remove the cgroup and close our fds (idempotent, synchronous)."""
        if self._closed:
            return
        self._closed = True
        loop: asyncio.AbstractEventLoop | None
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if self.proc.returncode is None:
            # Kill the jail first and let bwrap reap it; killing bwrap first orphans it.
            self.kill()
            if not select.select([self.pidfd], [], [], OUTER_KILL_AFTER_S)[0]:
                self.kill_outer()
            with contextlib.suppress(ChildProcessError):
                _, status, _ = os.wait4(self.proc.pid, 0)
                self.proc.returncode = os.waitstatus_to_exitcode(status)
            self._find_child()  # bwrap may have reported it just before it died
            if self._child_pidfd >= 0:
                with contextlib.suppress(OSError):
                    signal.pidfd_send_signal(self._child_pidfd, signal.SIGKILL)
        if self.cgroup is not None:
            self.cgroup.kill_all()
            self.cgroup.remove()
        for fd in self._fds.values():
            if loop is not None:
                with contextlib.suppress(Exception):
                    loop.remove_reader(fd)
            _close(fd)
        for fd in (self.pidfd, self._child_pidfd):
            if fd >= 0:
                _close(fd)
