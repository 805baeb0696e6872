"""Practice checks see the given code do its work: rebinding it does not pass (review12 V19, V22).

asyncio-blocking: the "library you cannot change" stays as given. A solution that makes its
`time.sleep` a no-op (or shorter) keeps the blocking starter and shows no loop lag; each call of
`legacy.fetch_profile` is now timed on the checker's own clock, and a call that did not wait
fails. mp-pipeline: the items' work must run in worker processes, not one dummy call per worker
with the real items in the main process; and the pipeline must beat the baseline.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.course.checks import Verdict
from bot.course.content import Course
from tests.course.conftest import CheckTask, solution

STARTER_ASYNC = """
async def handle(user_id: int) -> str:
    profile = fetch_profile(user_id)
    await asyncio.sleep(0)
    return f"hello {profile['name']}"


async def serve(user_ids: list[int]) -> list[str]:
    return [await handle(u) for u in user_ids]
"""

LIBRARY_TIME_SWAPPED = (
    """
import asyncio
import time as _time

import legacy
from legacy import fetch_profile

legacy.time = type("T", (), {"sleep": staticmethod(lambda s: None), "monotonic": _time.monotonic})
"""
    + STARTER_ASYNC
)
"""review12 V22 as the reviewer wrote it: the library's `time` swapped for a no-op sleep."""

SLEEP_SWAPPED = (
    """
import asyncio
import time

from legacy import fetch_profile

time.sleep = lambda s: None
"""
    + STARTER_ASYNC
)
"""The same with `time.sleep` itself made a no-op for the whole process."""

SLEEP_SHORTENED = (
    """
import asyncio
import time

from legacy import fetch_profile

_real_sleep = time.sleep
time.sleep = lambda s: _real_sleep(s / 2)
"""
    + STARTER_ASYNC
)
"""Each wait halved (25 ms): under the 40 ms lag limit, the blocking starter unchanged."""

ASYNC_CHEATS = {
    "library_time_swapped": LIBRARY_TIME_SWAPPED,
    "sleep_swapped": SLEEP_SWAPPED,
    "sleep_shortened": SLEEP_SHORTENED,
}


def _named(verdict: Verdict, name: str) -> Any:
    return next(c for c in verdict.checks if c.name == name)


def _failing(verdict: Verdict, name: str) -> Any:
    """The named check of a verdict that did not pass, failed itself."""
    assert not verdict.passed, verdict.to_dict()
    check = _named(verdict, name)
    assert not check.passed, verdict.to_dict()
    return check


@pytest.mark.parametrize("cheat", sorted(ASYNC_CHEATS))
async def test_a_changed_legacy_library_does_not_pass_the_asyncio_check(
    check_task: CheckTask, cheat: str
) -> None:
    """The blocking starter with the given library's wait removed or cut short fails, and says why."""
    verdict = await check_task("asyncio-blocking", ASYNC_CHEATS[cheat])
    legacy = _failing(verdict, "legacy client still used")
    assert legacy.key == "fault_legacy_changed"
    assert float(legacy.params["ms"]) < 45
    assert legacy.params["wait"] == "50"


async def test_the_good_asyncio_solution_still_passes_with_its_calls_witnessed(
    check_task: CheckTask,
) -> None:
    """The known-good fix passes; each legacy call is seen waiting its 50 ms."""
    for _ in range(3):
        verdict = await check_task("asyncio-blocking", solution("asyncio_blocking_good.py"))
        assert verdict.passed, verdict.to_dict()
        assert verdict.measurements["legacy_call_median_ms"] >= 45
        assert _named(verdict, "legacy client still used").key == "fault_legacy_calls"


def test_the_changed_library_line_is_said_in_the_learners_language(course: Course) -> None:
    """The new line exists in every course language, with its numbers."""
    english = course.text("en", "fault_legacy_changed", ms="0.0", calls="12", wait="50")
    for lang in ("pt", "de", "ru", "ja", "zh", "ko"):
        said = course.text(lang, "fault_legacy_changed", ms="0.0", calls="12", wait="50")
        assert "0.0" in said
        assert "50" in said
        assert said != english


DUMMY_PER_WORKER = """
from concurrent.futures import ProcessPoolExecutor

from pipeline_task import aggregate, parse, work


def run_pipeline(lines: list[str], workers: int) -> dict[str, int]:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(work, [0] * workers))
    pairs = []
    for line in lines:
        key, seed = parse(line)
        pairs.append((key, work(seed)))
    return aggregate(pairs)
"""
"""review12 V19 as the reviewer wrote it: one dummy `work` per worker, the 400 items serial."""

WORKERS_THEN_SERIAL = """
from concurrent.futures import ProcessPoolExecutor

from pipeline_task import aggregate, parse, work


def run_pipeline(lines: list[str], workers: int) -> dict[str, int]:
    parsed = [parse(line) for line in lines]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(work, [seed for _, seed in parsed[:20]]))
    return aggregate([(key, work(seed)) for key, seed in parsed])
"""
"""A few real items on the pool for show, every item again in the main process."""

PIPELINE_CHEATS = {"dummy_per_worker": DUMMY_PER_WORKER, "workers_then_serial": WORKERS_THEN_SERIAL}


@pytest.mark.parametrize("cheat", sorted(PIPELINE_CHEATS))
async def test_a_serial_pipeline_with_token_workers_does_not_pass(
    check_task: CheckTask, cheat: str
) -> None:
    """Workers that ran `work` on a dummy or a token share do not make the items' work parallel."""
    verdict = await check_task("mp-pipeline", PIPELINE_CHEATS[cheat])
    workers = _failing(verdict, "work ran in worker processes")
    assert _named(verdict, "same output as baseline").passed
    assert workers.key == "fault_worker_items"
    assert int(workers.params["main"]) == 400
    assert int(workers.params["done"]) <= 20


def test_a_pipeline_without_a_speed_up_fails_where_there_are_cores() -> None:
    """Workers that ran every item but gave less throughput than the baseline fail on 2 cores."""
    from bot.course.checker_pipeline import _judge_speedup  # noqa: PLC0415

    checks: list[dict[str, Any]] = []
    idle_pool, busy_pool = (lambda: 0.75), (lambda: 1.2)  # the checker's own pool, 2 workers

    def judge(ratio: float, cores: int, pipeline_s: float, pool: Any) -> float | None:
        return _judge_speedup(
            checks,
            ratio,
            cores=cores,
            workers=2,
            baseline_s=1.31,
            learner_s=pipeline_s,
            reference=pool,
        )

    assert judge(0.86, 2, 1.52, idle_pool) == 1.747
    judge(1.7, 2, 0.77, idle_pool)
    judge(0.9, 1, 1.45, idle_pool)
    judge(0.95, 2, 1.38, busy_pool)  # a busy host: not held against the learner
    judge(0.77, 2, 1.2, idle_pool)  # within 2x of the checker's own pool timed just after it
    assert [(c["passed"], c["key"]) for c in checks] == [
        (False, "fault_no_speedup"),
        (True, "fault_speedup"),
        (True, "fault_speedup_one_core"),
        (True, "fault_speedup_busy"),
        (True, "fault_speedup_busy"),
    ]
    assert "0.86" in checks[0]["detail"]
    assert "no speed-up" in checks[0]["detail"]


async def test_the_good_pipeline_still_passes_with_its_items_in_the_workers(
    check_task: CheckTask,
) -> None:
    """The known-good pool passes: every item in a worker, none in the main process, faster."""
    for _ in range(3):
        verdict = await check_task("mp-pipeline", solution("mp_pipeline_good.py"))
        assert verdict.passed, verdict.to_dict()
        workers = _named(verdict, "work ran in worker processes")
        assert (workers.params["done"], workers.params["main"]) == ("400", "0")
        assert _named(verdict, "throughput beats the baseline").passed, verdict.to_dict()
