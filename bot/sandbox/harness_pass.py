"""In-jail pass: one forked child runs the learner's code as __main__ and sends its result."""

# Runs INSIDE the jail as part of the harness (see bot/sandbox/harness.py): stdlib only,
# cheap to import; bot/sandbox/program.py joins the parts into one program for the jail.
# ruff: noqa: PLC0415, SIM105, S108

from __future__ import annotations

import os
import sys

from bot.sandbox.harness_common import (
    CPU_LIMIT_EXIT,
    CPU_LIMIT_SHARE,
    HARNESS_FILE,
    MAIN_DIR,
    MAIN_FILE,
    MIN_TRACE_BUDGET_S,
    RESULT_CAP,
    _set_dumpable,
    _write_all,
    dumps,
)
from bot.sandbox.harness_sampler import _Sampler


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
    _cpu_limit_s[0] = float(cpu)
    # The kernel charges RLIMIT_CPU by scheduler ticks: a process that wakes in step with the
    # tick (the 1 ms sampler, a polling loop) is charged whole ticks it barely used and got
    # SIGXCPU after ~1.3 s of sleep with 0.1 s of real CPU. The soft limit only wakes
    # _on_xcpu, which checks the exact CPU clock; the hard limit is a backstop past anything
    # the wall limit (pid 1 kills at it) lets a few threads be charged.
    wall = int(float(limits.get("wall_timeout_s", cpu)) + 1)
    hard = cpu + 4 * wall + 1
    inherited = resource.getrlimit(resource.RLIMIT_CPU)[1]
    if inherited != resource.RLIM_INFINITY:
        hard = max(cpu, min(hard, inherited))  # a host's lower hard limit cannot be raised
    cap(resource.RLIMIT_CPU, cpu, hard)
    cap(resource.RLIMIT_AS, int(limits["address_space_bytes"]))
    cap(resource.RLIMIT_NPROC, int(limits["nproc"]))
    cap(resource.RLIMIT_NOFILE, int(limits["max_open_files"]))
    cap(resource.RLIMIT_FSIZE, int(limits["max_file_bytes"]))
    cap(resource.RLIMIT_CORE, 0)


_cpu_limit_s = [0.0]
"""The run's CPU limit in seconds, set by _apply_limits; read by _on_xcpu."""


def _on_xcpu(signum: int, frame: object) -> None:
    import time

    if time.clock_gettime(time.CLOCK_PROCESS_CPUTIME_ID) < _cpu_limit_s[0] * CPU_LIMIT_SHARE:
        return  # tick over-charge, not real CPU: the kernel signals again one charged second on
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
    import _signal  # type: ignore[import-not-found]

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
