"""Timed practice checks are judged on the checker's own clock, not on the learner's process.

The probe that runs the learner's code marks each timed part's start and end on a pipe; the
checker stamps the marks as they arrive. A solution that slows the probe's clock, cuts the
loader's wait short, hides the marks or writes its own does not pass (review11 U29), in the
real jail as in the sandbox double; the honest solutions are judged as before.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.course.checks import CheckRunner, Verdict
from bot.course.content import Course
from bot.settings import Settings
from tests.course.conftest import solution
from tests.course.sandbox_double import SubprocessSandboxDouble
from tests.course.test_checks import runner
from tests.course.test_jail import jail  # noqa: F401 - the real jail, skipped where it cannot run

SLOW_CLOCK = """
import sys, time as _time
_real = _time.perf_counter
_real_mono = _time.monotonic

class _SlowTime:
    def __getattr__(self, name):
        return getattr(_time, name)
    def perf_counter(self):
        return _real() / 10
    def monotonic(self):
        return _real_mono() / 10

for _name, _mod in list(sys.modules.items()):
    if "checker" in _name:
        _mod.time = _SlowTime()
        for _attr, _value in list(vars(_mod).items()):
            if _value is _real:
                setattr(_mod, _attr, _SlowTime().perf_counter)
            elif _value is _real_mono:
                setattr(_mod, _attr, _SlowTime().monotonic)
"""
"""review11 U29 and its next step: a clock running 10x slow in every checker module."""

SHORT_WAIT = """
import sys, time as _time
_real_sleep = _time.sleep
_time.sleep = lambda s: _real_sleep(s / 8)
for _name, _mod in list(sys.modules.items()):
    if "checker" in _name:
        for _attr, _value in list(vars(_mod).items()):
            if _value is _real_sleep:
                setattr(_mod, _attr, _time.sleep)
"""
"""The loader's wait cut to an eighth: a serial cache's 16 loads take 0.2 s of the 0.8 s allowed."""

NO_MARKS = """
import sys
for _name, _mod in list(sys.modules.items()):
    if "checker" in _name and hasattr(_mod, "mark"):
        _mod.mark = lambda label, clock: None
"""
"""The timed part's marks hidden from the checker."""

OWN_MARKS = """
import os, sys, time
if len(sys.argv) == 4:
    os.write(int(sys.argv[3]), b"distinct_keys:start 0.0\\ndistinct_keys:end 2.0\\n")
"""
"""Marks written by the solution itself, ahead of the probe's own."""

STUB_TIME = """
import sys, time as _time
class _Stub:
    def __getattr__(self, name):
        return getattr(_time, name)
    def perf_counter(self):
        return _time.perf_counter() / 10
for _name, _mod in list(sys.modules.items()):
    if _name.endswith("checker_cache"):
        _mod.time = _Stub()
"""
"""review11 U29 as the reviewer wrote it: `time` swapped in the cache checker's module."""

CHEATS = {
    "stub_time": STUB_TIME,
    "slow_clock": SLOW_CLOCK,
    "short_wait": SHORT_WAIT,
    "no_marks": NO_MARKS,
}
CHEATS["own_marks"] = OWN_MARKS


def _distinct(verdict: Verdict) -> Any:
    return next(c for c in verdict.checks if c.name == "distinct keys load in parallel")


async def _cheats_fail(check: CheckRunner, course: Course, cheat: str) -> Verdict:
    task = course.task("thread-safe-cache")
    assert task is not None
    verdict = await check.check(
        task, CHEATS[cheat] + "\n" + solution("thread_safe_cache_serial.py")
    )
    assert not verdict.passed, verdict.to_dict()
    assert not _distinct(verdict).passed, verdict.to_dict()
    return verdict


@pytest.mark.parametrize("cheat", sorted(CHEATS))
async def test_bending_the_probes_clock_does_not_pass_the_cache_check(
    course: Course, double: SubprocessSandboxDouble, cheat: str
) -> None:
    """The serial cache with a slowed clock, a shortened wait or forged marks still fails."""
    verdict = await _cheats_fail(runner(double), course, cheat)
    distinct = _distinct(verdict)
    if cheat == "stub_time":  # the time said is the checker's: 16 loads of 0.1 s, one by one
        assert distinct.key == "fault_parallel"
        assert float(distinct.params["wall"]) > 0.8
    else:
        assert distinct.key == "fault_unwitnessed", verdict.to_dict()


async def test_honest_solutions_are_timed_by_the_checker(
    course: Course, double: SubprocessSandboxDouble
) -> None:
    """The good cache passes with a witnessed time; the serial one fails with its real time."""
    task = course.task("thread-safe-cache")
    assert task is not None
    good = await runner(double).check(task, solution("thread_safe_cache_good.py"))
    serial = await runner(double).check(task, solution("thread_safe_cache_serial.py"))
    assert good.passed, good.to_dict()
    assert good.measurements["distinct_keys_wall_s"] >= 0.09  # one load's wait, never less
    assert good.measurements["stress_wall_s"] >= 0
    assert _distinct(good).key == "fault_parallel_ok"  # a passing line carries no advice
    assert "global lock" not in _distinct(good).detail
    assert _distinct(serial).key == "fault_parallel"
    assert float(_distinct(serial).params["wall"]) > 0.8


@pytest.mark.parametrize("task_id", ["asyncio-blocking", "mp-pipeline"])
async def test_a_slowed_clock_is_not_witnessed_in_the_other_timed_checks(
    course: Course, double: SubprocessSandboxDouble, task_id: str
) -> None:
    """The event-loop lag and the pipeline's time are not read off a clock the solution slowed."""
    task = course.task(task_id)
    assert task is not None
    good = "asyncio_blocking_good.py" if task_id == "asyncio-blocking" else "mp_pipeline_good.py"
    verdict = await runner(double).check(task, SLOW_CLOCK + "\n" + solution(good))
    assert not verdict.passed, verdict.to_dict()
    assert "fault_unwitnessed" in {c.key for c in verdict.checks if not c.passed}


LOOP_CLOCK = """
import time as _time
_real_monotonic = _time.monotonic
_time.monotonic = lambda: _real_monotonic() / 20
"""
"""The event loop's clock (`loop.time()` reads `time.monotonic`) slowed 20x for the whole run."""


async def test_a_slowed_event_loop_clock_does_not_hide_the_blocking_call(
    course: Course, double: SubprocessSandboxDouble
) -> None:
    """The known-bad blocking service stays failing, with its real lag, under a slowed clock."""
    task = course.task("asyncio-blocking")
    assert task is not None
    verdict = await runner(double).check(task, LOOP_CLOCK + solution("asyncio_blocking_bad.py"))
    assert not verdict.passed, verdict.to_dict()
    loop = next(c for c in verdict.checks if c.name == "event loop not blocked")
    assert loop.key == "fault_loop_lag"
    assert float(loop.params["lag"]) > float(loop.params["limit"])


@pytest.mark.parametrize("lang", ["de", "pl", "ja", "zh", "ko"])
def test_the_new_check_lines_are_said_in_the_learners_language(course: Course, lang: str) -> None:
    """The unwitnessed line and the passing line exist in each language, not only English."""
    unwitnessed = course.text(lang, "fault_unwitnessed")
    assert unwitnessed
    assert unwitnessed != course.text("en", "fault_unwitnessed")
    passing = course.text(lang, "fault_parallel_ok", threads=16, wall="0.11", serial="1.60")
    assert "0.11" in passing
    assert "1.60" in passing
    assert passing != course.text("en", "fault_parallel_ok", threads=16, wall="0.11", serial="1.60")


@pytest.mark.jail
@pytest.mark.parametrize("cheat", ["stub_time", "slow_clock", "short_wait"])
async def test_clock_cheats_fail_in_the_real_jail(
    jail: tuple[Any, Settings],  # noqa: F811
    course: Course,
    cheat: str,
) -> None:
    """In the jail too, the clock-patching cheat fails and the honest cache still passes."""
    sandbox, settings = jail
    check = CheckRunner(
        sandbox=sandbox, settings=settings.course, sandbox_settings=settings.sandbox
    )
    await _cheats_fail(check, course, cheat)
    task = course.task("thread-safe-cache")
    assert task is not None
    good = await check.check(task, solution("thread_safe_cache_good.py"))
    assert good.passed, good.to_dict()
