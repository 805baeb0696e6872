"""Session threads as the course reads them before every turn, remembered briefly."""

from __future__ import annotations

from bot.storage.course import SESSION_CACHE_S
from bot.storage.database import Database
from bot.storage.sql_store import SqlStore


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_thread_bound_here_is_a_session_thread_at_once(database: Database) -> None:
    """Asked about before it was bound, a thread still reads as bound right after binding."""
    store = SqlStore(database)
    learner = await store.upsert_learner("slack", "U1")
    assert await store.course.thread_session("slack", "T1") is None
    await store.course.bind_thread("slack", "T1", learner.id, 3)
    assert await store.course.thread_session("slack", "T1") == (learner.id, 3)


async def test_a_thread_bound_by_another_process_shows_within_the_cache_time(
    database: Database,
) -> None:
    """Another process's binding is seen once the remembered answer is SESSION_CACHE_S old."""
    clock = Clock()
    here, elsewhere = SqlStore(database), SqlStore(database)
    here.course = type(here.course)(database, clock=clock)
    learner = await here.upsert_learner("slack", "U1")
    assert await here.course.thread_session("slack", "T1") is None
    await elsewhere.course.bind_thread("slack", "T1", learner.id, 2)
    assert await here.course.thread_session("slack", "T1") is None
    clock.now += SESSION_CACHE_S
    assert await here.course.thread_session("slack", "T1") == (learner.id, 2)


async def test_a_forgotten_learners_thread_is_no_longer_a_session_thread(
    database: Database,
) -> None:
    """/mca forget removes the learner's session threads, including the remembered ones."""
    store = SqlStore(database)
    learner = await store.upsert_learner("slack", "U1")
    await store.course.bind_thread("slack", "T1", learner.id, 3)
    assert await store.course.thread_session("slack", "T1") == (learner.id, 3)
    await store.forget_learner("slack", "U1")
    assert await store.course.thread_session("slack", "T1") is None
