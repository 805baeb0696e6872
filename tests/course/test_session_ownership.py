"""A session thread belongs to its learner: only their own hand-in moves their progress."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.course.service import SessionContext
from bot.mentor.models import MentorRequest
from bot.settings import Settings
from tests.conftest import STORES, on_store


@pytest.fixture(params=STORES)
def settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Every test here runs on SQLite and on PostgreSQL."""
    return on_store(request, settings)


FULL_HANDIN = (
    "Report: cProfile tottime hotspot unique_users 0.40 s before, 0.01 s after the set; "
    "tracemalloc peak 26.4 MiB before, 0.2 MiB after streaming."
)


async def _session_thread(app: App) -> tuple[SessionContext, int]:
    context = next(p for p in app.mentor.context_providers if isinstance(p, SessionContext))
    owner = await app.store.upsert_learner("slack", "UOWNER")
    await app.store.upsert_learner("slack", "UOTHER")
    thread = await app.store.create_thread(
        platform="slack",
        external_id="1700000000.000100",
        learner_id=owner.id,
        channel="C1",
        language="en",
    )
    await context.course_store.bind_thread("slack", thread.external_id, owner.id, 3)
    return context, owner.id


async def test_another_learners_handin_does_not_mark_the_owners_session(app: App) -> None:
    """A complete hand-in written by someone else in the thread leaves the owner's session open."""
    context, owner = await _session_thread(app)
    thread = await app.store.get_thread("slack", "1700000000.000100")
    assert thread is not None
    request = MentorRequest(
        platform="slack", user="UOTHER", text=FULL_HANDIN, thread=thread.external_id
    )
    assert await context.feedback_for(thread, request, "en") == ""  # no feedback to them either
    assert await context.course_store.session(owner, 3) is None


async def test_the_owners_own_handin_marks_the_session_done(app: App) -> None:
    """The same hand-in from the session's learner marks it done."""
    context, owner = await _session_thread(app)
    thread = await app.store.get_thread("slack", "1700000000.000100")
    assert thread is not None
    request = MentorRequest(
        platform="slack", user="UOWNER", text=FULL_HANDIN, thread=thread.external_id
    )
    await context.feedback_for(thread, request, "en")
    progress = await context.course_store.session(owner, 3)
    assert progress is not None
    assert progress.status == "done"
