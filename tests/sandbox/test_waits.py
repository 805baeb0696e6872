"""What the gap between wall and CPU time was, measured in the real jail on a loaded core."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.mentor.i18n import Catalog
from bot.mentor.sandbox_reasoning import is_waiting, sandbox_findings
from bot.sandbox.cgroup import CgroupBase
from bot.sandbox.local import LocalSandbox
from bot.sandbox.report import RunStatus
from bot.sandbox.uids import kill_uid_processes
from tests.sandbox.conftest import jail_settings, leased_uids

pytestmark = pytest.mark.jail

HOGS = 3
"""CPU hogs beside the learner's loop on one core: the loop gets about a quarter of it."""
SHARED_CORE = min(os.sched_getaffinity(0))
CPU_LOOP = textwrap.dedent(
    f"""
    import os
    os.sched_setaffinity(0, {{{SHARED_CORE}}})

    def collatz_longest(limit):
        best = 0
        for n in range(1, limit):
            steps = 0
            while n != 1:
                n = n // 2 if n % 2 == 0 else 3 * n + 1
                steps += 1
            best = max(best, steps)
        return best

    print(collatz_longest(12_000))
    """
)
SLEEPER = "import time\ntime.sleep(0.6)\nprint('done')\n"


@pytest.fixture
def busy_core() -> Iterator[None]:
    """HOGS busy loops pinned to the core the learner's code pins itself to."""
    hog = f"import os\nos.sched_setaffinity(0, {{{SHARED_CORE}}})\nwhile True: pass\n"
    procs = [subprocess.Popen([sys.executable, "-I", "-S", "-c", hog]) for _ in range(HOGS)]
    try:
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


@pytest.fixture
async def roomy_sandbox(
    jail_env: tuple[str, CgroupBase | None],
) -> AsyncIterator[LocalSandbox]:
    """A jail with room for a loop that gets a quarter of a core (10 s wall, 5 s CPU)."""
    bwrap, base = jail_env
    box = LocalSandbox(
        jail_settings(wall_timeout_s=10.0, cpu_time_s=5), bwrap=bwrap, cgroup_base=base
    )
    await box.start()
    held = leased_uids(box)
    try:
        yield box
    finally:
        await box.aclose()
        for uid in held:
            kill_uid_processes(uid)


async def test_cpu_loop_beside_hogs_is_a_busy_host_not_waiting(
    roomy_sandbox: LocalSandbox, busy_core: None, catalog: Catalog
) -> None:
    """A CPU-bound loop sharing its core: the gap is run-queue time, never called waiting."""
    report = await roomy_sandbox.profile(CPU_LOOP)
    assert report.status is RunStatus.OK, report.stderr
    assert report.wall_ms is not None
    assert report.cpu_ms is not None
    assert report.run_queue_ms is not None
    gap = report.wall_ms - report.cpu_ms
    assert report.run_queue_ms >= gap / 2, report
    assert report.involuntary_switches is not None
    assert report.involuntary_switches > 0
    assert not is_waiting(report)
    text = "\n".join(sandbox_findings(report, "en", catalog))
    assert "was waiting" not in text
    assert "faster algorithm will not help" not in text


async def test_sleeping_program_is_called_waiting(
    roomy_sandbox: LocalSandbox, catalog: Catalog
) -> None:
    """`time.sleep` is the process itself off the CPU: that gap is waiting."""
    report = await roomy_sandbox.profile(SLEEPER)
    assert report.status is RunStatus.OK, report.stderr
    assert report.voluntary_switches is not None
    assert report.voluntary_switches >= 1
    slept = report.slept_ms()
    assert slept is not None
    assert report.run_queue_ms is not None
    assert slept > report.run_queue_ms, report  # the sampler's wake-ups queue a little
    assert is_waiting(report)
    assert "was waiting" in "\n".join(sandbox_findings(report, "en", catalog))


async def test_every_run_reports_its_scheduling(roomy_sandbox: LocalSandbox) -> None:
    """Run queue and context switches come with every report; I/O only where accounted."""
    report = await roomy_sandbox.profile("print(sum(range(10)))\n")
    assert report.status is RunStatus.OK
    assert report.run_queue_ms is not None
    assert report.run_queue_ms >= 0
    assert report.voluntary_switches is not None
    assert report.involuntary_switches is not None
    accounted = Path("/proc/sys/kernel/task_delayacct").read_bytes().strip() == b"1"  # noqa: ASYNC240 - a tiny /proc read
    assert (report.io_wait_ms is not None) is accounted
    data = report.to_dict()
    assert data["run_queue_ms"] == report.run_queue_ms
    assert data["voluntary_switches"] == report.voluntary_switches
