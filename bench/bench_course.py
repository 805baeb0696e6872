"""Course room figures: content load and chart cost at start-up, checker wall time per task.

Checkers run through the sandbox TEST DOUBLE (plain subprocess) unless the real jail's
factory (`bot.sandbox.factory`) is importable; the figures say which was used.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import time
from pathlib import Path

import structlog

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.course.chart import ChartData, render_png  # noqa: E402
from bot.course.checks import CheckRunner  # noqa: E402
from bot.course.content import CORE_TOPICS, Course  # noqa: E402
from bot.course.settings import CourseSettings  # noqa: E402
from bot.sandbox.settings import SandboxSettings  # noqa: E402
from tests.course.sandbox_double import SubprocessSandboxDouble  # noqa: E402
from tests.course.test_checks import KNOWN  # noqa: E402

SOLUTIONS = ROOT / "tests" / "course" / "solutions"


def median_ms(fn, repeats: int = 7) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


async def main() -> None:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    print(
        f"Course.load (8 sessions x 3 langs, tasks): {median_ms(lambda: Course.load(ROOT / 'config')):.1f} ms median"
    )
    data = ChartData(
        "MCA progress - bench",
        (("Sessions", 3, 8), ("Tasks", 2, 6)),
        tuple((t, i % 2 == 0) for i, t in enumerate(CORE_TOPICS)),
    )
    png = render_png(data)
    print(
        f"progress PNG (zlib+struct, {len(png)} bytes): {median_ms(lambda: render_png(data)):.1f} ms median"
    )
    course = Course.load(ROOT / "config")
    runner = CheckRunner(
        sandbox=SubprocessSandboxDouble(),
        settings=CourseSettings(),
        sandbox_settings=SandboxSettings(),
    )
    print("checker wall time per submission (sandbox double, 1 run each):")
    seen = set()
    for task_id, good, _bad in KNOWN:
        if task_id in seen:
            continue
        seen.add(task_id)
        task = course.task(task_id)
        assert task is not None
        started = time.perf_counter()
        verdict = await runner.check(task, (SOLUTIONS / good).read_text())
        elapsed = (time.perf_counter() - started) * 1000
        key = {
            "mp-pipeline": "throughput_ratio",
            "property-tests": "mutation_score",
            "asyncio-blocking": "lag_after_max_ms",
            "thread-safe-cache": "distinct_keys_speedup",
            "pyo3-review": "speedup",
            "profile-request": "overlap",
        }[task_id]
        print(
            f"  {task_id:<18} {elapsed:8.0f} ms  passed={verdict.passed}  {key}={verdict.measurements.get(key)}"
        )


if __name__ == "__main__":
    asyncio.run(main())
