"""Builds the course room's services for the composition root (bot/app.py)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.course.announcer import Announcer, CommunityTargets
from bot.course.checks import CheckRunner
from bot.course.content import Course
from bot.course.service import CourseService, PracticeService, SessionContext
from bot.observability import Metrics
from bot.sandbox.client import SandboxClient
from bot.settings import Settings
from bot.storage.store import Store


@dataclass(frozen=True)
class CourseServices:
    """What app.py puts on App and registers with the mentor."""

    course: CourseService
    practice: PracticeService
    announcer: Announcer
    context: SessionContext


def build_course_services(
    settings: Settings,
    *,
    store: Store,
    sandbox: SandboxClient,
    metrics: Metrics | None = None,
    community_targets: CommunityTargets | None = None,
) -> CourseServices:
    """Load the content (ConfigError if malformed) and wire the services."""
    content = Course.load(settings.config_dir)
    course_store = store.course
    packages = tuple(settings.sandbox.packages)
    practice = PracticeService(
        store=store,
        course_store=course_store,
        course=content,
        runner=CheckRunner(
            sandbox=sandbox, settings=settings.course, sandbox_settings=settings.sandbox
        ),
        settings=settings.course,
        packages=packages if settings.sandbox.packages_dir else (),
        metrics=metrics,
    )
    course = CourseService(
        store=store, course_store=course_store, course=content, practice=practice
    )
    announcer = Announcer(
        course_store=course_store,
        practice=practice,
        course=content,
        settings=settings.course,
        community_targets=community_targets,
    )
    return CourseServices(
        course=course,
        practice=practice,
        announcer=announcer,
        context=SessionContext(course_store=course_store, course=content),
    )
