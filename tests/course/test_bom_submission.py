"""A .py saved "UTF-8 with BOM" (Windows Notepad's default) is checked, not refused (review11 U23).

Python itself ignores one leading byte-order mark; the course did not, and answered "not valid
Python (line 1: invalid non-printable character U+FEFF)" for the learner's working file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.course.checks import validate_submission
from bot.course.content import Course
from tests.course.conftest import SOLUTIONS, fenced, solution
from tests.course.sandbox_double import SubprocessSandboxDouble
from tests.course.test_checks import runner
from tests.course.test_cli import in_process  # noqa: F401 - main() with the sandbox double

BOM = "\ufeff"


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_a_leading_bom_is_dropped_from_the_code_checked(course: Course, line_end: str) -> None:
    """The code sent to the checker is the file without its BOM, whatever the line ends."""
    task = course.task("thread-safe-cache")
    assert task is not None
    code = solution("thread_safe_cache_good.py").replace("\n", line_end)
    assert validate_submission(task, BOM + code, max_bytes=100_000) == code


def test_a_bom_only_file_is_still_empty_and_a_bom_inside_is_kept(course: Course) -> None:
    """Only one leading BOM goes: an empty file stays empty; a BOM in a string is the learner's."""
    task = course.task("thread-safe-cache")
    assert task is not None
    with pytest.raises(Exception, match="empty"):
        validate_submission(task, BOM + "\n", max_bytes=1000)
    inner = 'MARK = "\ufeff"\n' + solution("thread_safe_cache_good.py")
    assert validate_submission(task, fenced(inner), max_bytes=100_000).strip() == inner.strip()


async def test_a_bom_solution_is_checked_and_passes(
    course: Course, double: SubprocessSandboxDouble
) -> None:
    """The shipped known-good cache, saved with a BOM, passes like the same file without one."""
    task = course.task("thread-safe-cache")
    assert task is not None
    verdict = await runner(double).check(task, BOM + solution("thread_safe_cache_good.py"))
    assert verdict.passed, verdict.to_dict()


def test_cli_practice_check_runs_a_bom_file(
    in_process: SubprocessSandboxDouble,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """`mca-bot practice check` on a Notepad-saved file runs it: exit 0, the verdict passed."""
    path = tmp_path / "bom_solution.py"
    path.write_bytes(b"\xef\xbb\xbf" + (SOLUTIONS / "asyncio_blocking_good.py").read_bytes())
    assert main(["practice", "check", "asyncio-blocking", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["passed"] is True
    assert in_process.runs
