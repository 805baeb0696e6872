"""/mca forget removes a learner's words everywhere they wrote, and says what it removed."""

from __future__ import annotations

from bot.app import App
from bot.mentor.models import MentorRequest

ANA = "Ana measured p99 1.7 s with uvicorn; why is my asyncio loop slow?"
BOB = "Bob here: my pandas merge uses 3 GB, how do I profile memory?"


def ask(user: str, text: str, thread: str) -> MentorRequest:
    return MentorRequest(platform="console", user=user, text=text, thread=thread)


async def _texts(app: App, needle: str) -> list[str]:
    rows = await app.store.db.fetchall(
        "SELECT text FROM messages WHERE text LIKE ?", (f"%{needle}%",)
    )
    return [r["text"] for r in rows]


async def test_forget_removes_turns_written_in_another_learners_thread(app: App) -> None:
    """Ana's turn in Bob's thread, and the reply to it, go; Bob's own turn and reply stay."""
    await app.mentor.handle(ask("bob", BOB, "bob-thread"))
    await app.mentor.handle(ask("ana", ANA, "bob-thread"))
    await app.mentor.handle(ask("ana", ANA, "ana-thread"))
    bob_thread = await app.store.get_thread("console", "bob-thread")
    assert bob_thread is not None
    assert await app.store.count_messages(bob_thread.id) == 4

    forgotten = await app.mentor.forget("console", "ana")

    assert await _texts(app, "Ana measured") == []
    assert await app.store.count_messages(bob_thread.id) == 2
    assert await _texts(app, "Bob here") == [BOB]
    assert (forgotten.threads, forgotten.elsewhere, forgotten.messages) == (1, 1, 4)


async def test_forget_clears_what_other_threads_learned_from_the_learner(app: App) -> None:
    """Bob's thread memory and summary, built partly from Ana's words, are emptied."""
    await app.mentor.handle(ask("bob", BOB, "bob-thread"))
    await app.mentor.handle(ask("ana", ANA, "bob-thread"))
    bob_thread = await app.store.get_thread("console", "bob-thread")
    assert bob_thread is not None
    await app.store.set_thread_summary(bob_thread.id, "Ana reported 1.7 s")
    assert await app.store.load_memory(bob_thread.id) != {}

    await app.mentor.forget("console", "ana")

    after = await app.store.get_thread_by_id(bob_thread.id)
    assert after is not None
    assert after.summary == ""
    assert await app.store.load_memory(bob_thread.id) == {}


async def test_forget_leaves_other_threads_alone_when_the_learner_never_wrote_there(
    app: App,
) -> None:
    """Bob's memory survives Ana's forget when Ana never wrote in his thread."""
    await app.mentor.handle(ask("bob", BOB, "bob-thread"))
    await app.mentor.handle(ask("ana", ANA, "ana-thread"))
    bob_thread = await app.store.get_thread("console", "bob-thread")
    assert bob_thread is not None
    before = await app.store.load_memory(bob_thread.id)

    forgotten = await app.mentor.forget("console", "ana")

    assert await app.store.load_memory(bob_thread.id) == before != {}
    assert forgotten.elsewhere == 0


async def test_forget_counts_course_records_and_undelivered_replies(app: App) -> None:
    """Course progress and replies waiting in the outbox are removed and reported."""
    await app.mentor.handle(ask("ana", ANA, "ana-thread"))
    learner = await app.store.upsert_learner("console", "ana")
    course = app.practice.course_store
    await course.add_submission(learner.id, "profile-request", "x = 1", passed=False, verdict={})
    await course.set_session(learner.id, 2, "opened")
    thread = await app.store.get_thread("console", "ana-thread")
    assert thread is not None
    turn = next(m for m in await app.store.recent_messages(thread.id, 2) if m.author == "learner")
    await app.store.outbox.accept(turn.id, "console")  # accepted, never delivered

    forgotten = await app.mentor.forget("console", "ana")

    assert (forgotten.course, forgotten.deliveries) == (2, 1)
    assert await course.submissions(learner.id) == []
    rows = await app.store.db.fetchall("SELECT COUNT(*) FROM outbox")
    assert rows[0][0] == 0
    text = app.mentor.message("en", "forgot", **forgotten.params())
    assert "course records: 2" in text
    assert "replies not yet delivered: 1" in text


async def test_forget_of_an_unknown_learner_removes_nothing(app: App) -> None:
    """Forgetting someone never seen says zero everywhere and touches no one else."""
    await app.mentor.handle(ask("bob", BOB, "bob-thread"))
    forgotten = await app.mentor.forget("console", "nobody")
    assert forgotten.params() == dict.fromkeys(forgotten.params(), 0)
    assert await _texts(app, "Bob here") == [BOB]
