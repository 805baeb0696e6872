"""In-jail harness: runs learner code as __main__ in separate measured passes (stdlib only)."""

# Lazy imports (PLC0415) and plain try/except instead of contextlib (SIM105) keep the jail's
# cold start cheap; /tmp and /dev/shm (S108) are the jail's own fresh tmpfs mounts.
# ruff: noqa: PLC0415, SIM105, S108

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

import _thread
import os
import sys
import time

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cheap start)
if TYPE_CHECKING:  # collections.abc costs ~2 ms of imports in the jail
    from collections.abc import Callable
    from types import CodeType, FrameType
    from typing import Any

HARNESS_FILE = (lambda: None).__code__.co_filename
"""This file's name in tracebacks and profiles (hidden from both): run as bytecode, __file__
names the .pyc while the code keeps the name it was compiled under."""
MAIN_DIR = "/tmp"
MAIN_FILE = "/tmp/main.py"
RESULT_CAP = 32 * 1024
"""A pass result must fit a pipe buffer so the child never blocks writing it."""
CPU_LIMIT_EXIT = 128 + 24
"""Exit status of a pass stopped by our SIGXCPU handler (like a SIGXCPU death)."""
PR_SET_DUMPABLE = 4
MIN_TRACED_GROWTH_BYTES = 1024 * 1024
"""The tracemalloc pass (6-16x slower) runs only when the plain run grew its RSS this much."""
PROFILE_PASS = "profile"  # noqa: S105 - a pass name, not a password
"""The sampling profile, taken DURING the plain run (no pass of its own)."""
SAMPLE_INTERVAL_S = 0.001
"""A sample every millisecond (wall clock, main thread). A signal-driven sampler installs no
tracer, so the program keeps its specialised bytecode (cProfile and pyinstrument, both
tracers, turned a 10 ms in-place string loop into 1.3 s: measured here); it costs ~1% and
cannot count calls."""
SAMPLE_SIGNAL_OFFSET = 5
"""The sampler's signal is SIGRTMIN + this (a real-time signal no library here uses)."""
CLOCK_MONOTONIC = 1
SIGEV_THREAD_ID = 4
MAX_SAMPLED_DEPTH = 64
"""Frames walked per sample for cumulative time (a deep recursion must not slow sampling)."""
TRACE_BUDGET_FACTOR = 1.0
"""The tracemalloc pass (5-11x slower) may use this many times the plain run's CPU time,
then it reports what it traced so far and stops ("cut")."""
MIN_TRACE_BUDGET_S = 0.02
MIN_PROFILED_MS = 1.0
"""Learner code that ran shorter than this has nothing a profiler could rank."""


def _jstr(value: str) -> str:
    if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return '"' + value + '"'
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif code < 0x20 or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def dumps(obj: object) -> str:
    """Encode plain data as JSON without importing json (which costs ~10 ms of imports)."""
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, int):
        return str(int(obj))
    if isinstance(obj, float):
        finite = obj - obj == 0.0  # false for inf and nan
        return repr(obj) if finite else "null"
    if isinstance(obj, str):
        return _jstr(obj)
    if isinstance(obj, dict):
        return "{" + ",".join(_jstr(str(k)) + ":" + dumps(v) for k, v in obj.items()) + "}"
    if isinstance(obj, list | tuple):
        return "[" + ",".join(dumps(v) for v in obj) + "]"
    return _jstr(str(obj))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _emit(fd: int, event: dict[str, object]) -> None:
    _write_all(fd, (dumps(event) + "\n").encode("utf-8", "replace"))


_LIBC: list[object] = []
"""libc, loaded once by pid 1 before the request (a dlopen per pass costs ~0.3 ms)."""


def _libc() -> Any:
    if not _LIBC:
        import ctypes  # lazy: 3 ms, paid while the warm jail waits

        _LIBC.append(ctypes.CDLL(None, use_errno=True))
    return _LIBC[0]


def _set_dumpable(value: int) -> None:
    """Pid 1 is made non-dumpable so passes can neither ptrace it nor open /proc/1/fd."""
    try:
        _libc().prctl(PR_SET_DUMPABLE, value, 0, 0, 0)
    except Exception:  # noqa: S110 - best effort: the jail stays a jail without it
        pass


def _reset_tmp(files: dict[str, bytes], code: bytes) -> None:
    """Give every pass the same fresh /tmp and /dev/shm: passes must not see each other."""
    for root in (MAIN_DIR, "/dev/shm"):
        _rmtree_contents(root)
    for name, data in files.items():
        path = os.path.join(MAIN_DIR, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
    with open(MAIN_FILE, "wb") as fh:
        fh.write(code)


def _rmtree_contents(root: str) -> None:
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                _rmtree_contents(entry.path)
                os.rmdir(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            pass


def _apply_limits(limits: dict[str, int]) -> None:
    import resource

    def cap(which: int, soft: int, hard: int | None = None) -> None:
        try:
            resource.setrlimit(which, (soft, soft if hard is None else hard))
        except (ValueError, OSError):
            pass

    cpu = int(limits["cpu_time_s"])
    cap(resource.RLIMIT_CPU, cpu, cpu + 1)
    cap(resource.RLIMIT_AS, int(limits["address_space_bytes"]))
    cap(resource.RLIMIT_NPROC, int(limits["nproc"]))
    cap(resource.RLIMIT_NOFILE, int(limits["max_open_files"]))
    cap(resource.RLIMIT_FSIZE, int(limits["max_file_bytes"]))
    cap(resource.RLIMIT_CORE, 0)


def _on_xcpu(signum: int, frame: object) -> None:
    try:
        os.write(2, b"\nCPU time limit exceeded\n")
    finally:
        os._exit(CPU_LIMIT_EXIT)


def _exit_code_of(exc: BaseException) -> int:
    """Mirror the interpreter's handling of SystemExit."""
    code = getattr(exc, "code", None)
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        sys.stderr.write(str(code) + "\n")
    except Exception:  # noqa: S110 - the learner's stderr may be closed
        pass
    return 1


def _posix_timer(signum: int, interval_s: float) -> Callable[[], None] | None:
    """Start timer_create(CLOCK_MONOTONIC, SIGEV_THREAD_ID -> this thread); returns a stopper."""
    import ctypes  # already imported by pid 1 (prctl): free in a pass

    libc = _libc()
    sigevent = ctypes.create_string_buffer(64)  # sigval(8), signo(4), notify(4), tid(4), pad
    ctypes.c_int.from_buffer(sigevent, 8).value = signum
    ctypes.c_int.from_buffer(sigevent, 12).value = SIGEV_THREAD_ID
    ctypes.c_int.from_buffer(sigevent, 16).value = _thread.get_native_id()
    timer = ctypes.c_void_p()
    if libc.timer_create(CLOCK_MONOTONIC, sigevent, ctypes.byref(timer)) != 0:
        return None
    nsec = int(interval_s * 1e9)
    spec = (ctypes.c_long * 4)(0, nsec, 0, nsec)  # it_interval, it_value
    if libc.timer_settime(timer, 0, spec, None) != 0:
        libc.timer_delete(timer)
        return None

    def stop() -> None:
        libc.timer_delete(timer)

    return stop


class _Sampler:
    """A sampling profiler: per tick, what runs and where memory grew.

    Counts the running code (self) and every code on the stack (total), and charges the growth
    of the process's peak RSS and of its allocated Python blocks since the last tick to the
    innermost line of the learner's own files (sampled allocation evidence: tracemalloc costs
    5-11x, this about nothing).
    """

    def __init__(self, learner_files: set[str]) -> None:
        import resource

        self.own: dict[CodeType, int] = {}
        self.total: dict[CodeType, int] = {}
        self.lines: dict[tuple[str, int], list[int]] = {}
        self.samples = 0
        self._learner_files = learner_files
        self._timer: Callable[[], None] | None = None
        self._getrusage = resource.getrusage
        self._blocks = sys.getallocatedblocks
        self._last_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self._last_blocks = sys.getallocatedblocks()

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.samples += 1
        if frame is None:
            return
        code = frame.f_code
        self.own[code] = self.own.get(code, 0) + 1
        seen = set()
        depth = 0
        where = None
        while frame is not None and depth < MAX_SAMPLED_DEPTH:
            depth += 1
            code = frame.f_code
            if code not in seen:
                seen.add(code)
                self.total[code] = self.total.get(code, 0) + 1
            if where is None and code.co_filename in self._learner_files:
                where = (code.co_filename, frame.f_lineno)
            frame = frame.f_back
        rss = self._getrusage(0).ru_maxrss  # RUSAGE_SELF, KiB
        blocks = self._blocks()
        grew_rss, grew_blocks = rss - self._last_rss, blocks - self._last_blocks
        self._last_rss, self._last_blocks = rss, blocks
        if where is not None and (grew_rss > 0 or grew_blocks > 0):
            slot = self.lines.setdefault(where, [0, 0])
            slot[0] += max(grew_rss, 0) * 1024
            slot[1] += max(grew_blocks, 0)

    def allocation_rows(self, top_n: int) -> list[object]:
        """Lines ranked by the peak RSS they added, then by Python blocks allocated."""
        ranked = sorted(self.lines.items(), key=lambda item: (item[1][0], item[1][1]), reverse=True)
        return [[f, line, size, count] for (f, line), (size, count) in ranked[:top_n]]

    def start(self) -> None:
        """A 1 ms high-resolution wall timer aimed at the main thread (a real-time signal).

        CPU-time timers (ITIMER_PROF) fire only at the scheduler tick, 4 ms on HZ=250 kernels:
        too coarse for a 20 ms program. A POSIX timer on CLOCK_MONOTONIC with SIGEV_THREAD_ID
        ticks every ms and interrupts only the main thread. ITIMER_PROF is the fallback.
        """
        import _signal  # type: ignore[import-not-found]

        signum = _signal.SIGRTMIN + SAMPLE_SIGNAL_OFFSET
        _signal.signal(signum, self)
        try:
            self._timer = _posix_timer(signum, SAMPLE_INTERVAL_S)
        except Exception:
            self._timer = None
        if self._timer is None:
            _signal.signal(_signal.SIGPROF, self)
            _signal.setitimer(_signal.ITIMER_PROF, SAMPLE_INTERVAL_S, SAMPLE_INTERVAL_S)

    def stop(self) -> None:
        import _signal

        if self._timer is not None:
            try:
                self._timer()
            except Exception:  # noqa: S110 - the pass ends anyway
                pass
        else:
            _signal.setitimer(_signal.ITIMER_PROF, 0.0, 0.0)

    def rows(self, learner_files: set[str], top_n: int) -> list[object]:
        """Rank by self samples; learner functions first, then the rest; harness hidden."""
        learner: list[tuple[int, list[object]]] = []
        other: list[tuple[int, list[object]]] = []
        ms = SAMPLE_INTERVAL_S * 1000.0
        for code, count in self.own.items():
            filename = code.co_filename
            if filename == HARNESS_FILE:
                continue
            row: list[object] = [
                code.co_qualname,
                filename,
                code.co_firstlineno,
                0,  # calls: a sampler does not count them
                round(count * ms, 3),
                round(self.total.get(code, count) * ms, 3),
            ]
            (learner if filename in learner_files else other).append((count, row))
        learner.sort(key=lambda item: item[0], reverse=True)
        other.sort(key=lambda item: item[0], reverse=True)
        return [row for _, row in (learner + other)[:top_n]]


def _allocation_rows(learner_files: set[str], top_n: int) -> list[object]:
    import _tracemalloc

    sizes: dict[tuple[str, int], list[int]] = {}
    for trace in _tracemalloc._get_traces():
        frames = trace[2]
        if not frames:
            continue
        filename, lineno = frames[0]
        if filename == HARNESS_FILE:
            continue
        slot = sizes.setdefault((filename, lineno), [0, 0])
        slot[0] += trace[1]
        slot[1] += 1
    ranked = sorted(
        sizes.items(), key=lambda item: (item[0][0] in learner_files, item[1][0]), reverse=True
    )
    return [[f, line, size, count] for (f, line), (size, count) in ranked[:top_n]]


def _trace_result(
    result: dict[str, object], learner_files: set[str], top_n: int
) -> dict[str, object]:
    import _tracemalloc

    result["peak_bytes"] = _tracemalloc.get_traced_memory()[1]
    result["allocations"] = _allocation_rows(learner_files, top_n)
    _tracemalloc.stop()
    return result


def _send(fd: int, result: dict[str, object]) -> None:
    try:
        _write_all(fd, (dumps(result) + "\n").encode("utf-8", "replace"))
        os.close(fd)
    except OSError:
        pass


def _run_pass(name: str, req: dict[str, object], result_fd: int, report_fd: int) -> None:
    """Body of a forked pass child: run the learner's code once, send a result, then exit."""
    os.close(report_fd)
    _set_dumpable(1)
    my_pid = os.getpid()
    try:
        with open("/proc/self/oom_score_adj", "w") as fh:
            fh.write("1000")  # the learner, not the harness, is what the OOM killer takes
    except OSError:
        pass
    stdin = req.get("stdin")
    if isinstance(stdin, bytes) and stdin:
        # A nameless file on the jail's /tmp (memfd_create is denied by the seccomp filter).
        fd = os.open(MAIN_DIR, os.O_TMPFILE | os.O_RDWR, 0o600)
        _write_all(fd, stdin)
        os.lseek(fd, 0, os.SEEK_SET)
        os.dup2(fd, 0)
        os.close(fd)
    if name != "plain":
        null = os.open("/dev/null", os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.close(null)
    else:
        try:
            sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
        except Exception:  # noqa: S110 - keep the default buffering then
            pass
    import _signal

    _signal.signal(_signal.SIGXCPU, _on_xcpu)
    _signal.signal(_signal.SIGXFSZ, _signal.SIG_IGN)  # a too-big file is an OSError, not a kill
    # Back to what a plain `python main.py` has (pid 1 ignores these).
    _signal.signal(_signal.SIGTERM, _signal.SIG_DFL)
    _signal.signal(_signal.SIGHUP, _signal.SIG_DFL)
    _signal.signal(_signal.SIGINT, _signal.default_int_handler)
    limits = req["limits"]
    assert isinstance(limits, dict)
    _apply_limits(limits)

    import builtins

    module = type(sys)("__main__")
    module.__file__ = MAIN_FILE
    module.__builtins__ = builtins  # type: ignore[attr-defined]
    module.__spec__ = None
    sys.modules["__main__"] = module
    sys.argv[:] = [MAIN_FILE]
    sys.path.insert(0, MAIN_DIR)
    learner_files = {MAIN_FILE} | {
        os.path.join(MAIN_DIR, str(n))
        for n in req.get("files", {})  # type: ignore[attr-defined]
    }
    top_n = int(req.get("top_n", 5))  # type: ignore[call-overload]
    source = req["code"]
    fallback = (dumps({"exception": "MemoryError"}) + "\n").encode()

    exit_code = 0
    exception = ""
    profiler = None
    if name == "plain" and req.get("profile", True):
        profiler = _Sampler(learner_files)
    elif name == "tracemalloc":
        import _signal
        import _tracemalloc

        def cut(signum: int, frame: object) -> None:
            """Budget spent: report what was traced so far and end the pass."""
            _send(result_fd, _trace_result({"exception": "", "cut": True}, learner_files, top_n))
            _flush_std()
            os._exit(0)

        budget = max(float(req.get("trace_budget_s", 0.0)), MIN_TRACE_BUDGET_S)  # type: ignore[arg-type]
        _signal.signal(_signal.SIGPROF, cut)
        _signal.setitimer(_signal.ITIMER_PROF, budget, 0.0)
        _tracemalloc.start(1)
    try:
        code = req.get("compiled") or compile(source, MAIN_FILE, "exec")  # type: ignore[call-overload]
        if profiler is not None:
            profiler.start()
        exec(code, module.__dict__)  # type: ignore[arg-type]  # noqa: S102 - the job of this file
    except SystemExit as exc:
        exit_code = _exit_code_of(exc)
    except BaseException as exc:
        exit_code = 1
        exception = type(exc).__name__
        tb = exc.__traceback__
        if tb is not None and tb.tb_frame.f_code.co_filename == HARNESS_FILE:
            tb = tb.tb_next
            exc.__traceback__ = tb  # the hook prints the exception's own traceback
        try:
            sys.excepthook(type(exc), exc, tb)
        except BaseException:  # noqa: S110 - a broken hook must not hide the result
            pass
        del exc, tb
    finally:
        if profiler is not None:
            profiler.stop()
        if name == "tracemalloc":
            import _signal

            _signal.setitimer(_signal.ITIMER_PROF, 0.0, 0.0)
    if os.getpid() != my_pid:
        # A child the learner forked ran off the end of the code: it must not report.
        _flush_std()
        os._exit(exit_code)
    # Only what a profiler inside this process can know; timings and the exit status are
    # measured by pid 1 from outside.
    result: dict[str, object] = {"exception": exception}
    try:
        if profiler is not None:
            result["hotspots"] = profiler.rows(learner_files, top_n)
            result["allocations"] = profiler.allocation_rows(top_n)
            result["samples"] = profiler.samples
            profiler = None
        if name == "tracemalloc":
            result = _trace_result(result, learner_files, top_n)
        payload = (dumps(result) + "\n").encode("utf-8", "replace")
    except MemoryError:
        # Free the learner's objects first: the report must not fail for lack of memory.
        module.__dict__.clear()
        profiler = None
        try:
            payload = (dumps(result) + "\n").encode("utf-8", "replace")
        except MemoryError:
            payload = fallback
    if len(payload) > RESULT_CAP:
        result.pop("hotspots", None)
        result.pop("allocations", None)
        result["oversized"] = True
        payload = (dumps(result) + "\n").encode("utf-8", "replace")
    try:
        _write_all(result_fd, payload)
        os.close(result_fd)
    except OSError:
        pass
    _finish(exit_code)


def _finish(exit_code: int) -> None:
    """End a pass like `python main.py` does (join threads, atexit, flush), minus teardown.

    Full interpreter finalization of a forked child costs several ms per pass; what a
    learner can observe from it is threads, atexit hooks and flushed output.
    """
    threading = sys.modules.get("threading")
    if threading is not None:
        try:
            threading._shutdown()
        except BaseException:  # noqa: S110 - same as the interpreter: ignore
            pass
    try:
        import atexit

        atexit._run_exitfuncs()
    except BaseException:  # noqa: S110 - atexit already printed the error
        pass
    _flush_std()
    os._exit(exit_code)


def _flush_std() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: S110 - the learner may have closed it
            pass


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
    raw = bytearray()
    # Drain the result pipe while waiting, so a child that writes a lot never blocks on it;
    # one byte over the cap is kept so the bot sees "too big".
    while True:
        remaining = deadline - time.monotonic()
        ready = poller.poll(max(0, int(remaining * 1000))) if remaining > 0 else []
        if not ready:
            timed_out = True
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
    import _signal
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
