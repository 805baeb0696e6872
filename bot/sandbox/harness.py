"""In-jail harness: runs learner code as __main__ in separate measured passes (stdlib only)."""

# Lazy imports (PLC0415) and plain try/except instead of contextlib (SIM105) keep the jail's
# cold start cheap; /tmp and /dev/shm (S108) are the jail's own fresh tmpfs mounts.
# ruff: noqa: PLC0415, SIM105

# This file runs INSIDE the bubblewrap jail as pid 1 on the system interpreter
# (`python3.11 -I harness.py REQUEST_FD REPORT_FD`). It must stay stdlib-only and cheap to
# import: json, signal and ctypes pull in re/enum, so we use marshal for the trusted request,
# a tiny JSON writer for results, and `_signal`.
#
# Protocol:
#   request fd  <- marshal'd dict from the bot (trusted): code, files, stdin, limits, ...
#   report fd   -> JSON lines: {"event": "started"}, one {"event": "pass", ...} per pass,
#                  {"event": "skipped", ...}, {"event": "done"}.
# pid 1 never runs learner code: each pass is a forked child, so a pass that crashes, times
# out or exhausts memory leaves the events of the others. Everything measured (exit status,
# signal, timeout, wall and CPU time, peak RSS) is pid 1's own observation of the child.
# What the child sends back is the learner's process talking: pid 1 never parses it and
# never splices it into its own JSON; it forwards it as one escaped string ("result"),
# size-capped, and the bot validates it as untrusted data.

from __future__ import annotations

import os
import sys
import time

from bot.sandbox.harness_common import (
    MAIN_FILE,
    MIN_PROFILED_MS,
    MIN_TRACE_BUDGET_S,
    MIN_TRACED_GROWTH_BYTES,
    RESULT_CAP,
    TRACE_BUDGET_FACTOR,
    _emit,
    _set_dumpable,
)
from bot.sandbox.harness_pass import _flush_std, _reset_tmp, _run_pass


def _read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _read_available(fd: int, cap: int) -> bytes:
    os.set_blocking(fd, False)
    chunks: list[bytes] = []
    size = 0
    while size < cap:
        try:
            chunk = os.read(fd, cap - size)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _kill_all_and_reap() -> None:
    """As pid 1, SIGKILL everything else in the jail and reap it: no pass leaves leftovers."""
    if os.getpid() == 1:  # outside a pid namespace kill(-1) would hit every process of the uid
        try:
            os.kill(-1, 9)
        except OSError:
            pass
    while True:
        try:
            pid, _ = os.waitpid(-1, 0 if os.getpid() == 1 else os.WNOHANG)
        except ChildProcessError:
            return
        except InterruptedError:
            continue
        if pid == 0:
            return


def _scheduling(pid: int) -> tuple[float | None, float | None]:
    """(run-queue ms, block-I/O ms) of a pass from /proc, read before it is reaped.

    The run queue is schedstat's second field: time the pass was ready to run but a CPU was
    busy with someone else (a loaded host), never time it slept. Block I/O is stat's field 42,
    counted only when the kernel's delay accounting is on (else None: not measured).
    """
    queue_ms = io_ms = None
    try:
        with open(f"/proc/{pid}/schedstat", "rb") as fh:
            queue_ms = int(fh.read().split()[1]) / 1e6
    except (OSError, ValueError, IndexError):
        pass
    if _DELAY_ACCOUNTING[0]:
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            io_ms = int(fields[39]) * 1000.0 / _CLOCK_TICKS[0]
        except (OSError, ValueError, IndexError, ZeroDivisionError):
            pass
    return queue_ms, io_ms


_DELAY_ACCOUNTING = [False]
"""kernel.task_delayacct, read once by pid 1 while the warm jail waits."""
_CLOCK_TICKS = [100]


def _read_delay_accounting() -> None:
    try:
        with open("/proc/sys/kernel/task_delayacct", "rb") as fh:
            _DELAY_ACCOUNTING[0] = fh.read().strip() == b"1"
        _CLOCK_TICKS[0] = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        pass


def _supervise(
    name: str, req: dict[str, object], report_fd: int, deadline: float
) -> tuple[float, bool, int]:
    """Fork one pass, wait for it until the deadline, forward its result.

    Returns the learner's wall ms, whether it ended cleanly, and its peak RSS in bytes.
    """
    import select

    result_r, result_w = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(result_r)
        try:
            _run_pass(name, req, result_w, report_fd)  # ends in os._exit
        finally:
            # Only reached if the pass failed before its end: never fall back into pid 1.
            _flush_std()
            os._exit(70)
    os.close(result_w)
    pidfd = os.pidfd_open(pid)
    poller = select.poll()
    poller.register(pidfd, select.POLLIN)
    poller.register(result_r, select.POLLIN)
    os.set_blocking(result_r, False)
    timed_out = False
    sched: tuple[float | None, float | None] = (None, None)
    raw = bytearray()
    # Drain the result pipe while waiting, so a child that writes a lot never blocks on it;
    # one byte over the cap is kept so the bot sees "too big".
    while True:
        remaining = deadline - time.monotonic()
        ready = poller.poll(max(0, int(remaining * 1000))) if remaining > 0 else []
        if not ready:
            timed_out = True
            sched = _scheduling(pid)  # before the kill: what the run waited for until now
            os.kill(pid, 9)
            break
        if any(fd == pidfd for fd, _ in ready):
            break
        chunk = _read_available(result_r, 1 << 16)
        if not chunk:
            poller.unregister(result_r)  # EOF: every writer closed it; wait for the exit
        elif len(raw) <= RESULT_CAP:
            raw += chunk[: RESULT_CAP + 1 - len(raw)]
    os.close(pidfd)
    if not timed_out:
        sched = _scheduling(pid)  # a zombie until wait4: its /proc entry is still there
    _, status, usage = os.wait4(pid, 0)
    wall_ms = (time.perf_counter() - started) * 1000.0
    if len(raw) <= RESULT_CAP:
        raw += _read_available(result_r, RESULT_CAP + 1 - len(raw))
    os.close(result_r)
    _kill_all_and_reap()
    event: dict[str, object] = {
        "event": "pass",
        "name": name,
        "timed_out": timed_out,
        "status_wall_ms": round(wall_ms, 3),
        "status_cpu_ms": round((usage.ru_utime + usage.ru_stime) * 1000.0, 3),
        "max_rss_bytes": int(usage.ru_maxrss) * 1024,
        "run_queue_ms": None if sched[0] is None else round(sched[0], 3),
        "io_wait_ms": None if sched[1] is None else round(sched[1], 3),
        "voluntary_switches": int(usage.ru_nvcsw),
        "involuntary_switches": int(usage.ru_nivcsw),
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "exit_code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        # The child's bytes as one escaped string: data for the bot, never JSON of ours.
        "result": raw.decode("utf-8", "replace") if raw else None,
    }
    _emit(report_fd, event)
    clean = not timed_out and os.WIFEXITED(status) and os.WEXITSTATUS(status) in (0, 1)
    return wall_ms, clean, int(usage.ru_maxrss) * 1024


def main() -> None:
    """Read the request, run the passes, report each as it finishes."""
    import _signal  # type: ignore[import-not-found]
    import marshal

    request_fd, report_fd = int(sys.argv[1]), int(sys.argv[2])
    for signum in (_signal.SIGTERM, _signal.SIGINT, _signal.SIGHUP, _signal.SIGPIPE):
        _signal.signal(signum, _signal.SIG_IGN)
    for fd in range(3, 256):
        if fd not in (request_fd, report_fd):
            try:
                os.close(fd)
            except OSError:
                pass
    _set_dumpable(0)
    _read_delay_accounting()
    import site  # started with -S: only the builtins site.main() would add, not its path scan

    site.setquit()
    site.setcopyright()
    site.sethelper()
    import atexit  # noqa: F401 - imported now, while the warm jail waits, not in a pass
    import resource

    req = marshal.loads(_read_all(request_fd))  # noqa: S302 - written by the bot, not the learner
    os.close(request_fd)
    budget_s = float(req["limits"]["wall_timeout_s"])
    deadline = time.monotonic() + budget_s
    packages = str(req.get("packages_dir") or "")
    if packages:
        sys.path.append(packages)
    files = {str(k): bytes(v) for k, v in dict(req.get("files") or {}).items()}
    code = req["code"].encode("utf-8", "surrogatepass")
    _reset_tmp(files, code)
    try:  # once for all passes; a SyntaxError is raised again (and shown) by the plain pass
        req["compiled"] = compile(req["code"], MAIN_FILE, "exec")
    except BaseException:  # noqa: S110 - the plain pass reports it
        pass
    _emit(report_fd, {"event": "started"})
    baseline_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    plain_ms, clean, plain_rss = _supervise("plain", req, report_fd, deadline)
    grew = plain_rss - baseline_rss
    if req.get("profile", True) and req.get("trace_allocations", False):
        remaining_ms = (deadline - time.monotonic()) * 1000.0
        budget_ms = max(plain_ms * TRACE_BUDGET_FACTOR, MIN_TRACE_BUDGET_S * 1000.0)
        reason = ""
        if not clean:
            reason = "the plain run failed"
        elif plain_ms < MIN_PROFILED_MS:
            reason = "too short to trace"
        elif grew < MIN_TRACED_GROWTH_BYTES:
            reason = "little memory used (under 1 MiB)"
        elif budget_ms * 2 + 50.0 > remaining_ms:
            reason = "no time left within the wall-clock limit"
        if reason:
            _emit(report_fd, {"event": "skipped", "name": "tracemalloc", "reason": reason})
        else:
            req["trace_budget_s"] = budget_ms / 1000.0
            _reset_tmp(files, code)
            _supervise("tracemalloc", req, report_fd, deadline)
    _emit(report_fd, {"event": "done"})
    os.close(report_fd)
    os._exit(0)  # skip interpreter teardown: nothing is left to flush


if __name__ == "__main__":
    main()
