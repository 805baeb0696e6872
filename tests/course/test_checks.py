"""Checkers: known-good submissions pass, known-bad fail, verdicts cannot be forged."""

from __future__ import annotations

import asyncio

import pytest

from bot.course.checks import CheckerUnavailable, CheckRunner, interpret
from bot.course.content import Course
from bot.course.settings import CourseSettings
from bot.errors import InputError
from bot.sandbox.client import DisabledSandbox
from bot.sandbox.report import RunStatus, SandboxReport
from bot.sandbox.settings import SandboxSettings
from tests.course.conftest import CheckTask, solution
from tests.course.sandbox_double import SubprocessSandboxDouble

KNOWN = [
    ("mp-pipeline", "mp_pipeline_good.py", "mp_pipeline_bad.py"),
    ("property-tests", "property_tests_good.py", "property_tests_bad.py"),
    ("profile-request", "profile_request_good.py", "profile_request_bad.py"),
    ("asyncio-blocking", "asyncio_blocking_good.py", "asyncio_blocking_bad.py"),
    ("thread-safe-cache", "thread_safe_cache_good.py", "thread_safe_cache_bad.py"),
    ("thread-safe-cache", "thread_safe_cache_good.py", "thread_safe_cache_serial.py"),
    ("pyo3-review", "pyo3_review_good.md", "pyo3_review_bad.md"),
]
"""(task, known-good, known-bad): shipped with the tests, also run against the real jail."""

MEASURED = {
    "mp-pipeline": "throughput_ratio",
    "property-tests": "mutation_score",
    "profile-request": "profiler_top",
    "asyncio-blocking": "lag_after_max_ms",
    "thread-safe-cache": "hot_key_loads",
    "pyo3-review": "speedup",
}


def runner(sandbox: object, **course: object) -> CheckRunner:
    return CheckRunner(
        sandbox=sandbox,  # type: ignore[arg-type]
        settings=CourseSettings(**course),  # type: ignore[arg-type]
        sandbox_settings=SandboxSettings(),
    )


@pytest.mark.parametrize(("task_id", "good", "bad"), KNOWN)
async def test_known_good_passes_and_known_bad_fails(
    course: Course, double: SubprocessSandboxDouble, task_id: str, good: str, bad: str
) -> None:
    """Each checker accepts the known-good submission, rejects the known-bad, and measures."""
    task = course.task(task_id)
    assert task is not None
    check = runner(double)
    passed, failed = await asyncio.gather(
        check.check(task, solution(good)), check.check(task, solution(bad))
    )
    assert passed.passed, passed.to_dict()
    assert not failed.passed, failed.to_dict()
    assert MEASURED[task_id] in passed.measurements
    assert [c.name for c in failed.checks if not c.passed], "a failure names the failed check"
    if task_id == "property-tests":  # the score and the surviving mutants are reported
        assert failed.measurements["mutation_score"] == 0.0
        assert len(failed.measurements["survived"]) == len(task.params["mutants"])


async def test_tests_failing_on_correct_code_fail_the_check(check_task: CheckTask) -> None:
    """Tests that reject the correct implementation cannot score by failing everything."""
    code = (
        "from hypothesis import given, strategies as st\n"
        "from intervals import merge\n\n"
        "@given(st.lists(st.tuples(st.integers(), st.integers())))\n"
        "def test_always_fails(xs):\n"
        "    assert merge(xs) == 'nope'\n"
    )
    verdict = await check_task("property-tests", code)
    failing = {c.name for c in verdict.checks if not c.passed}
    assert failing == {"tests pass on a correct implementation"}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "course_empty_submission"),
        ("   \n\n", "course_empty_submission"),
        ("```python\n```", "course_empty_submission"),
        ("def broken(:\n    pass\n", "course_not_python"),
        ("This is my answer, in prose.", "course_not_python"),
        ("x = 1\x00", "binary_input"),
    ],
)
async def test_bad_submission_is_refused_before_running(
    course: Course, double: SubprocessSandboxDouble, text: str, key: str
) -> None:
    """Empty, non-Python or binary submissions get a clear error and never reach the sandbox."""
    task = course.task("mp-pipeline")
    assert task is not None
    with pytest.raises(InputError) as err:
        await runner(double).check(task, text)
    assert err.value.key == key
    assert double.runs == []


@pytest.mark.parametrize(
    ("task_id", "code", "named"),
    [
        ("thread-safe-cache", "while True:\n    pass\n", "`SingleFlightLRU`"),
        ("mp-pipeline", "x = 1\n", "`run_pipeline(lines, workers)`"),
        ("asyncio-blocking", "async def handle(user_id):\n    return ''\n", "`serve(user_ids)`"),
        ("profile-request", "HOTSPOTS = ['render']\n", "`handle_request(raw)`"),
    ],
)
async def test_code_lacking_the_task_interface_is_answered_without_the_sandbox(
    check_task: CheckTask, double: SubprocessSandboxDouble, task_id: str, code: str, named: str
) -> None:
    """Code without what the checker calls cannot pass: it is told so at once, never run."""
    verdict = await check_task(task_id, code)
    assert not verdict.passed
    assert [c.name for c in verdict.checks] == ["task interface"]
    assert named in verdict.checks[0].detail
    assert double.runs == []


PASS_THROUGH = (
    "class SingleFlightLRU:\n"
    "    def __init__(self, capacity):\n"
    "        self.capacity = capacity\n"
    "\n"
    "    def get(self, key, loader):\n"
    "        return loader(key)\n"
    "\n"
    "    def __len__(self):\n"
    "        return 0\n"
)
"""review9 R19: no cache at all; it once passed 'in parallel' and 'under concurrent load'."""


async def test_a_cache_that_keeps_nothing_passes_no_concurrency_check(
    course: Course, double: SubprocessSandboxDouble
) -> None:
    """Loading in parallel and never being wrong prove nothing when nothing is cached."""
    task = course.task("thread-safe-cache")
    assert task is not None
    verdict = await runner(double).check(task, PASS_THROUGH)
    results = {c.name: c for c in verdict.checks}
    for name in ("distinct keys load in parallel", "correct under concurrent load"):
        assert not results[name].passed
        assert "the cache kept nothing (largest size 0" in results[name].detail


async def test_submission_that_hangs_fails_with_the_time_limit(
    course: Course, double: SubprocessSandboxDouble
) -> None:
    """A submission that never finishes fails the check with the limit, not a crash."""
    task = course.task("thread-safe-cache")
    assert task is not None
    hang = task.starter + "\nimport time\nwhile True:\n    time.sleep(0.05)\n"
    verdict = await runner(double, checker_wall_timeout_s=1.5).check(task, hang)
    assert not verdict.passed
    assert verdict.checks[0].name == "finishes within limits"
    assert "did not finish within 2 s" in verdict.checks[0].detail


async def test_learner_output_cannot_forge_or_flood_the_verdict(check_task: CheckTask) -> None:
    """Printed fake verdicts and floods of output are ignored: the real verdict stands."""
    forged = (
        'print("@@mca-verdict:0000:{\\"checks\\": [{\\"name\\": \\"x\\", \\"passed\\": true, '
        '\\"detail\\": \\"\\"}]}")\nprint("spam " * 100000)\n'
    )
    verdict = await check_task("profile-request", forged + solution("profile_request_bad.py"))
    assert not verdict.passed
    assert "top hotspot" in {c.name for c in verdict.checks}


async def test_disabled_sandbox_makes_checks_unavailable(course: Course) -> None:
    """With code execution off, a check says so (and the attempt is not counted)."""
    task = course.task("mp-pipeline")
    assert task is not None
    with pytest.raises(CheckerUnavailable) as err:
        await runner(DisabledSandbox("off for tests")).check(task, task.starter)
    assert "off for tests" in err.value.message


def test_report_without_the_nonce_is_not_a_verdict(course: Course) -> None:
    """Only the line tagged with this run's nonce counts."""
    task = course.task("mp-pipeline")
    assert task is not None
    report = SandboxReport(
        status=RunStatus.OK,
        stdout='@@mca-verdict:other:{"checks": [{"name": "a", "passed": true, "detail": ""}]}\n',
    )
    verdict = interpret(task, report, "mine", timeout_s=5)
    assert not verdict.passed
    assert verdict.checks[0].detail.startswith("the checker produced no verdict")


def test_busy_sandbox_is_unavailable_not_a_failure(course: Course) -> None:
    """A rejected run (busy, disabled) raises CheckerUnavailable instead of failing the learner."""
    task = course.task("mp-pipeline")
    assert task is not None
    with pytest.raises(CheckerUnavailable):
        interpret(task, SandboxReport.rejected("busy"), "n", timeout_s=5)


async def test_checker_limits_come_from_course_settings(
    course: Course, double: SubprocessSandboxDouble
) -> None:
    """Checker runs get the course's wall time and process budget, not the ask-path limits."""
    task = course.task("thread-safe-cache")
    assert task is not None
    settings = CourseSettings()
    await runner(double).check(task, solution("thread_safe_cache_good.py"))
    limits = double.runs[0]["limits"]
    assert limits.wall_timeout_s == settings.checker_wall_timeout_s  # type: ignore[attr-defined]
    assert limits.max_processes >= settings.checker_max_processes  # type: ignore[attr-defined]


FORGE_WITH_NONCE = """
import glob, json, os, re
nonce = None
try:
    with open("checker_params.json") as fh:
        nonce = json.load(fh)["nonce"]
except OSError:
    pass
for path in ["/proc/%d/%s" % (os.getppid(), n) for n in ("environ", "cmdline")]:
    try:
        found = re.search(rb"[0-9a-f]{16}", open(path, "rb").read())
        nonce = nonce or (found and found.group().decode())
    except OSError:
        pass
verdict = {"checks": [{"name": "forged", "passed": True, "detail": ""}], "measurements": {}}
line = ("\\n@@mca-verdict:%s:%s\\n" % (nonce, json.dumps(verdict))).encode()
for fd in range(1, 64):
    try:
        os.write(fd, line)
    except OSError:
        pass
os._exit(0)
"""
"""Steals the nonce where the old harness left it and writes a passing verdict everywhere."""

PATCH_HELPERS = """
import __main__
def _always(checks, name, passed, detail):
    checks.append({"name": name, "passed": True, "detail": detail})
    return True
__main__.check = _always
"""
"""Monkeypatches the checker's `check` helper so every check would pass."""

ATTACKS = {
    "steals_nonce_and_writes_everywhere": FORGE_WITH_NONCE,
    "exits_early": "import os\nos._exit(0)\n",
    "patches_checker_helpers": PATCH_HELPERS,
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
async def test_submission_cannot_forge_a_passing_verdict(
    check_task: CheckTask, attack: str
) -> None:
    """Stealing the nonce, exiting early or patching the checker fails on the checks alone."""
    code = ATTACKS[attack] + "\n" + solution("profile_request_bad.py")
    verdict = await check_task("profile-request", code)
    assert not verdict.passed, verdict.to_dict()
    assert "forged" not in {c.name for c in verdict.checks}


ONE_STALL = """
import asyncio
import time

from legacy import fetch_profile

STALLED = []


async def handle(user_id: int) -> str:
    profile = await asyncio.to_thread(fetch_profile, user_id)
    return f"hello {profile['name']}"


async def serve(user_ids: list[int]) -> list[str]:
    if not STALLED:  # the first run meets one long pause, as a busy host gives any loop
        STALLED.append(1)
        await asyncio.sleep(0.02)
        time.sleep(0.12)
    return list(await asyncio.gather(*(handle(u) for u in user_ids)))
"""

STALLS_EVERY_RUN = ONE_STALL.replace("    if not STALLED:", "    if True:")


@pytest.mark.parametrize(("code", "passes"), [(ONE_STALL, True), (STALLS_EVERY_RUN, False)])
async def test_loop_stall_that_does_not_repeat_is_not_held_against_learner(
    check_task: CheckTask, code: str, passes: bool
) -> None:
    """One stall on a busy host does not fail a correct submission; a stall on every run does."""
    verdict = await check_task("asyncio-blocking", code)
    lag = next(c for c in verdict.checks if c.name == "event loop not blocked")
    assert lag.passed is passes, verdict.to_dict()
    assert next(c for c in verdict.checks if c.name == "legacy client still used").passed


async def test_profile_checker_never_tells_the_answer_before_it_is_found(
    course: Course, double: SubprocessSandboxDouble
) -> None:
    """The unchanged starter fails without being told the profiler's ranking (copying it passed)."""
    task = course.task("profile-request")
    assert task is not None
    check = runner(double)
    good = await check.check(task, solution("profile_request_good.py"))
    starter = await check.check(task, task.starter)
    assert not starter.passed
    assert "profiler_top" not in starter.measurements
    hottest = good.measurements["profiler_top"][0]["function"]
    assert hottest not in str(starter.to_dict())
