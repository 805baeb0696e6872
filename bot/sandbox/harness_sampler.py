"""In-jail sampling profiler: a 1 ms POSIX timer signal, self and total samples per code."""

# Runs INSIDE the jail as part of the harness (see bot/sandbox/harness.py): stdlib only,
# cheap to import; bot/sandbox/program.py joins the parts into one program for the jail.
# ruff: noqa: PLC0415, SIM105

from __future__ import annotations

import _thread
import sys

from bot.sandbox.harness_common import HARNESS_FILE, _libc

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cheap start)
if TYPE_CHECKING:  # collections.abc costs ~2 ms of imports in the jail
    from collections.abc import Callable
    from types import CodeType, FrameType

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
                # f_lineno is None on an instruction without a line (`x not in seen` in a
                # loop): the function's first line then, never a null the report refuses
                where = (code.co_filename, frame.f_lineno or code.co_firstlineno)
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
