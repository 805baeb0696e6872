"""The real checkers through the real jail (`bot.sandbox.factory.build_sandbox`).

Skipped, with the reason, until the sandbox room's factory has landed on main and the machine
can run bubblewrap; the sandbox double in the other tests only proves the checker logic.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.course.checks import CheckRunner
from bot.course.content import Course
from bot.settings import Settings, load_settings
from tests.course.conftest import solution
from tests.course.test_checks import ATTACKS, KNOWN

pytestmark = pytest.mark.jail

try:
    factory: Any = importlib.import_module("bot.sandbox.factory")
except ImportError:  # pragma: no cover - depends on what has landed
    factory = None


@pytest.fixture
async def jail(data_dir: Any) -> AsyncIterator[tuple[Any, Settings]]:
    if factory is None:
        pytest.skip("bot.sandbox.factory (the real jail) has not landed on main yet")
    settings = load_settings(data_dir=data_dir)
    sandbox = factory.build_sandbox(settings.sandbox)
    try:
        if not sandbox.available:
            pytest.skip(f"the jail cannot run here: {sandbox.reason}")
        yield sandbox, settings
    finally:
        await sandbox.aclose()


@pytest.mark.parametrize(("task_id", "good", "bad"), [k for k in KNOWN if k[0] != "pyo3-review"])
async def test_checkers_in_the_real_jail(
    jail: tuple[Any, Settings], course: Course, task_id: str, good: str, bad: str
) -> None:
    """In the jail too, each known-good submission passes and each known-bad one fails."""
    sandbox, settings = jail
    task = course.task(task_id)
    assert task is not None
    packages = set(getattr(settings.sandbox, "packages", ()))
    if set(task.packages) - packages or (task.packages and not settings.sandbox.packages_dir):
        pytest.skip(f"the jail's package set lacks {sorted(task.packages)}")
    runner = CheckRunner(
        sandbox=sandbox, settings=settings.course, sandbox_settings=settings.sandbox
    )
    passed = await runner.check(task, solution(good))
    failed = await runner.check(task, solution(bad))
    assert passed.passed, passed.to_dict()
    assert not failed.passed, failed.to_dict()


@pytest.mark.parametrize("attack", sorted(ATTACKS))
async def test_forged_verdicts_fail_in_the_real_jail(
    jail: tuple[Any, Settings], course: Course, attack: str
) -> None:
    """In the jail too, a submission that steals, exits early or patches is judged failing."""
    sandbox, settings = jail
    task = course.task("profile-request")
    assert task is not None
    runner = CheckRunner(
        sandbox=sandbox, settings=settings.course, sandbox_settings=settings.sandbox
    )
    verdict = await runner.check(task, ATTACKS[attack] + "\n" + solution("profile_request_bad.py"))
    assert not verdict.passed, verdict.to_dict()
    assert "forged" not in {c.name for c in verdict.checks}
