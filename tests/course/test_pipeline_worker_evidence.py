"""mp-pipeline: the worker evidence is the kernel's CPU accounting, not a file the learner's
code can write (review14 X22), and noise is not a speed-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.course.checker_common import Checks
from bot.course.checker_pipeline import _judge_speedup
from bot.course.content import Course
from tests.course.conftest import CheckTask, solution

CPU_CHECK = "work used CPU in worker processes"


async def test_forged_worker_log_with_inline_work_fails(check_task: CheckTask) -> None:
    """All 400 items computed in the main process plus forged `pid seed` lines: not a pass."""
    verdict = await check_task("mp-pipeline", solution("mp_pipeline_forged_log.py"))
    assert not verdict.passed, verdict.to_dict()
    failing = {c.name: c.detail for c in verdict.checks if not c.passed}
    assert CPU_CHECK in failing, verdict.to_dict()
    assert "your main process used" in failing[CPU_CHECK]
    assert "work ran in worker processes" in failing, "the forged log is not believed"


@pytest.mark.parametrize("name", ["mp_pipeline_good.py", "mp_pipeline_unjoined.py"])
async def test_honest_pool_passes_the_cpu_evidence(check_task: CheckTask, name: str) -> None:
    """A real pool (joined, or left for the checker to end) shows its workers' CPU."""
    verdict = await check_task("mp-pipeline", solution(name))
    cpu = [c for c in verdict.checks if c.name == CPU_CHECK]
    assert cpu, verdict.to_dict()
    assert cpu[0].passed, verdict.to_dict()


def test_ratio_within_noise_of_one_is_not_a_speed_up() -> None:
    """1.11x on 2 cores (a serial run that skipped the log write) does not beat the baseline."""
    checks: Checks = []
    _judge_speedup(checks, 1.11, cores=2, workers=2, baseline_s=4.28, learner_s=3.85)
    assert len(checks) == 1
    assert not checks[0]["passed"], checks
    assert "no speed-up" in str(checks[0]["detail"])


async def test_looked_up_totals_with_a_forged_log_fail(
    course: Course, check_task: CheckTask, tmp_path: Path
) -> None:
    """The right totals written into the code (no work anywhere) plus forged log lines fail."""
    task = course.task("mp-pipeline")
    assert task is not None
    given: dict[str, Any] = {"__file__": str(tmp_path / "pipeline_task.py")}
    exec(compile(task.files["pipeline_task.py"], "pipeline_task.py", "exec"), given)
    params = task.params
    totals = given["baseline"](given["make_input"](params["items"], params["keys"]))
    code = (
        "import os\nimport pipeline_task\nfrom pipeline_task import parse\n\n"
        "def run_pipeline(lines, workers):\n"
        "    log = os.path.join(os.path.dirname(pipeline_task.__file__), 'work_pids.log')\n"
        "    with open(log, 'a') as fh:\n"
        "        for i, line in enumerate(lines):\n"
        "            fh.write(f'{40000 + i % workers} {parse(line)[1]}\\n')\n"
        f"    return {totals!r}\n"
    )
    verdict = await check_task("mp-pipeline", code)
    assert not verdict.passed, verdict.to_dict()
    assert CPU_CHECK in {c.name for c in verdict.checks if not c.passed}
