"""Sandbox benchmark, side by side in one run: jailed `pass` vs bare python, runs/s at 1/2/4,
and the whole report's cost over the plain run for CPU-bound, allocation-heavy and
string-building programs (targets: <= 0.6x, >= 45 runs/s on 2 cores, <= 1.5x / 3x / 3x;
the report's scheduling fields a few % of a jailed `pass`;
every program running >= 20 ms comes back with hotspots and a peak-memory figure)."""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.sandbox.cgroup import find_base
from bot.sandbox.harness import _read_delay_accounting, _scheduling
from bot.sandbox.local import LocalSandbox
from bot.sandbox.report import RunStatus
from bot.sandbox.settings import SandboxSettings

PYTHON = "/usr/bin/python3.11"
BWRAP = "/usr/bin/bwrap"
REPEATS = 30
THROUGHPUT_RUNS = 40
FIRST_UID = 64000

CPU_BOUND = """
def hot(n):
    t = 0
    for i in range(n):
        t += i * i % 7
    return t
print(hot(300_000))
"""
ALLOC_HEAVY = """
rows = [{"id": i, "name": str(i) * 3} for i in range(30_000)]
print(len(rows))
"""
STRING_LOOP = """
def build(n):
    s = ""
    for i in range(n):
        s = s + "x"
    return s
print(len(build(600_000)))
"""
TARGETS = {"cpu-bound": 1.5, "allocation-heavy": 3.0, "string-building": 3.0}


def bare_once_ms() -> float:
    start = time.perf_counter()
    subprocess.run([PYTHON, "-I", "-c", "pass"], check=True)
    return (time.perf_counter() - start) * 1000


def settings(**kw: object) -> SandboxSettings:
    values: dict[str, object] = {"first_uid": FIRST_UID, "queue_size": 64, "wall_timeout_s": 10}
    values.update(kw)
    return SandboxSettings.model_validate(values)


async def pass_side_by_side() -> tuple[float, float, float]:
    """Bare `pass`, jailed `pass` with its report, and with the plain pass only, interleaved
    run by run so the load of a shared host hits all three alike."""
    full = LocalSandbox(settings(concurrency=1), bwrap=BWRAP, cgroup_base=find_base()[0])
    plain = LocalSandbox(
        settings(concurrency=1, profile=False, first_uid=FIRST_UID + 100),
        bwrap=BWRAP,
        cgroup_base=find_base()[0],
    )
    times: dict[str, list[float]] = {"bare": [], "full": [], "plain": []}
    await full.start()
    await plain.start()
    try:
        for _ in range(REPEATS):
            times["bare"].append(bare_once_ms())
            for name, box in (("full", full), ("plain", plain)):
                await asyncio.sleep(0.05)  # a bot between messages: the warm jail is back
                start = time.perf_counter()
                report = await box.profile("pass")
                times[name].append((time.perf_counter() - start) * 1000)
                assert report.status is RunStatus.OK, report
    finally:
        await full.aclose()
        await plain.aclose()
    return (
        statistics.median(times["bare"]),
        statistics.median(times["full"]),
        statistics.median(times["plain"]),
    )


def scheduling_read_us(repeats: int = 2000) -> float:
    """What pid 1 adds per pass for the report's scheduling fields: reading an exited, not yet
    reaped child's /proc schedstat (and stat where delay accounting is on); median of 5 rounds."""
    _read_delay_accounting()
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    time.sleep(0.05)  # a zombie now, as a pass is when pid 1 reads it
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeats):
            _scheduling(pid)
        rounds.append((time.perf_counter() - start) / repeats * 1e6)
    os.waitpid(pid, 0)
    return statistics.median(rounds)


async def bare_throughput(concurrency: int) -> float:
    """Bare interpreter starts per second at the same concurrency: the host's yardstick."""
    sem = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with sem:
            proc = await asyncio.create_subprocess_exec(PYTHON, "-I", "-c", "pass")
            await proc.wait()

    start = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(THROUGHPUT_RUNS)))
    return THROUGHPUT_RUNS / (time.perf_counter() - start)


async def throughput(concurrency: int) -> float:
    box = LocalSandbox(settings(concurrency=concurrency), bwrap=BWRAP, cgroup_base=find_base()[0])
    await box.start()
    try:
        start = time.perf_counter()
        reports = await asyncio.gather(*(box.profile("pass") for _ in range(THROUGHPUT_RUNS)))
        elapsed = time.perf_counter() - start
    finally:
        await box.aclose()
    assert all(r.status is RunStatus.OK for r in reports)
    return THROUGHPUT_RUNS / elapsed


async def profiling_ratio(code: str) -> tuple[float, float, float, bool, bool, str]:
    box = LocalSandbox(settings(concurrency=1), bwrap=BWRAP, cgroup_base=find_base()[0])
    await box.start()
    totals, plains = [], []
    hotspots = peak = True
    notes = ""
    try:
        for _ in range(7):
            await asyncio.sleep(0.05)
            start = time.perf_counter()
            report = await box.profile(code)
            totals.append((time.perf_counter() - start) * 1000)
            assert report.status is RunStatus.OK, report
            assert report.wall_ms is not None
            plains.append(report.wall_ms)
            hotspots = hotspots and bool(report.hotspots)
            peak = peak and report.max_rss_bytes is not None
            notes = "; ".join(report.notes())
    finally:
        await box.aclose()
    total, plain = statistics.median(totals), statistics.median(plains)
    return total, plain, total / plain, hotspots, peak, notes


async def main() -> None:
    if os.geteuid() != 0:
        print("note: not root: jails share your uid and there is no memory cgroup")
    bare, full, plain_only = await pass_side_by_side()
    print(f"bare `python3.11 -I -c pass`:         {bare:7.1f} ms")
    print(
        f"jailed `pass`, whole report:           {full:7.1f} ms  ratio {full / bare:.2f}x"
        " (target <= 0.6x)"
    )
    print(
        f"jailed `pass`, plain pass only:        {plain_only:7.1f} ms  ratio {plain_only / bare:.2f}x"
    )
    read_us = scheduling_read_us()
    print(
        f"scheduling fields (pid 1's /proc read per pass): {read_us:6.1f} us,"
        f" {read_us / 10 / full:.2f}% of a jailed `pass` (target: a few %)"
    )
    for concurrency in (1, 2, 4):
        rate = await throughput(concurrency)
        bare_rate = await bare_throughput(concurrency)
        target = " (target >= 45 on 2 cores)" if concurrency == 2 else ""
        print(
            f"throughput at concurrency {concurrency}: {rate:6.1f} runs/s{target},"
            f" bare starts {bare_rate:6.1f}/s, ratio {rate / bare_rate:.2f}"
        )
    for name, code in (
        ("cpu-bound", CPU_BOUND),
        ("allocation-heavy", ALLOC_HEAVY),
        ("string-building", STRING_LOOP),
    ):
        total, plain, ratio, hotspots, peak, notes = await profiling_ratio(code)
        print(
            f"{name:17s} plain run {plain:7.1f} ms, whole report {total:7.1f} ms,"
            f" ratio {ratio:.2f}x (target <= {TARGETS[name]}x),"
            f" hotspots {'yes' if hotspots else 'NO'}, peak memory {'yes' if peak else 'NO'}"
            + (f"; {notes}" if notes else "")
        )


if __name__ == "__main__":
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(30))
    asyncio.run(main())
