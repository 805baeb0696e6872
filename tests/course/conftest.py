"""Course fixtures: the content, the subprocess sandbox double, services wired to it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from io import StringIO
from pathlib import Path

import pytest

from bot.app import App
from bot.course.checks import CheckRunner, Verdict
from bot.course.content import Course
from bot.course.settings import CourseSettings
from bot.course.wiring import CourseServices, build_course_services
from bot.sandbox.settings import SandboxSettings
from bot.settings import Settings
from tests.course.sandbox_double import SubprocessSandboxDouble

SOLUTIONS = Path(__file__).parent / "solutions"
CONFIG = Path(__file__).resolve().parents[2] / "config"


def solution(name: str) -> str:
    """A shipped known-good or known-bad submission."""
    return (SOLUTIONS / name).read_text(encoding="utf-8")


def fenced(code: str, lang: str = "python") -> str:
    """Code as a learner pastes it in chat."""
    return f"```{lang}\n{code}```"


@pytest.fixture(scope="session")
def course() -> Course:
    """The shipped content, loaded once."""
    return Course.load(CONFIG)


@pytest.fixture
def double() -> SubprocessSandboxDouble:
    """The sandbox TEST DOUBLE (plain subprocess, no isolation)."""
    return SubprocessSandboxDouble()


CheckTask = Callable[[str, str], Awaitable[Verdict]]
"""`await check_task(task_id, code)`: the verdict on `code` for that shipped task."""


@pytest.fixture
def check_task(course: Course, double: SubprocessSandboxDouble) -> CheckTask:
    """Check code for a shipped task through the sandbox double, with the default settings."""

    async def check(task_id: str, code: str) -> Verdict:
        task = course.task(task_id)
        assert task is not None, task_id
        checker = CheckRunner(
            sandbox=double, settings=CourseSettings(), sandbox_settings=SandboxSettings()
        )
        return await checker.check(task, code)

    return check


@pytest.fixture
def course_settings(settings: Settings) -> Settings:
    """Settings with a console announcement channel configured."""
    course = CourseSettings(announce_channels={"console": ["general"]})
    return settings.model_copy(update={"course": course})


@pytest.fixture
async def services(
    app: App, course_settings: Settings, double: SubprocessSandboxDouble
) -> CourseServices:
    """Course services on the app's real SQLite store, checking through the double."""
    return build_course_services(course_settings, store=app.store, sandbox=double)


@pytest.fixture
def out() -> StringIO:
    """Where the console chat prints."""
    return StringIO()
