"""The outbox and the drain in-process: what recovery picks up, and what a drain refuses."""

from __future__ import annotations

import time

import pytest

from bot.app import App
from bot.lifecycle.drain import ShuttingDown
from bot.mentor.models import MentorRequest
from bot.settings import Settings
from tests.conftest import STORES, on_store
from tests.faults.harness import i18n


@pytest.fixture(params=STORES)
def settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Every test here runs on SQLite and on PostgreSQL."""
    return on_store(request, settings)


async def _turn(app: App, platform: str, thread: str, *, answered: bool) -> int:
    learner = await app.store.upsert_learner(platform, "U1")
    record = await app.store.create_thread(
        platform=platform, external_id=thread, learner_id=learner.id, channel="C1"
    )
    turn = await app.store.add_learner_turn(record.id, "How do I profile?", language="en")
    if answered:
        await app.store.add_reply(
            thread_id=record.id,
            reply_to=turn,
            text="reply",
            language="en",
            engine="offline",
            role="mentor",
            topics=(),
        )
    return turn


async def test_outbox_lists_unanswered_and_undelivered_turns_of_one_platform(app: App) -> None:
    """Pending turns and stored-but-undelivered replies are listed; delivered ones are not."""
    outbox = app.store.outbox
    pending = await _turn(app, "slack", "t1", answered=False)
    undelivered = await _turn(app, "slack", "t2", answered=True)
    await outbox.accept(undelivered, "slack", first_part="1.000001")
    delivered = await _turn(app, "slack", "t3", answered=True)
    await outbox.accept(delivered, "slack")
    await outbox.delivered(delivered, ["2.000001", "2.000002"])
    await _turn(app, "console", "t4", answered=False)
    found = await outbox.unfinished("slack")
    assert [(f.turn_id, f.reply_id is not None) for f in found] == [
        (pending, False),
        (undelivered, True),
    ]
    assert await outbox.parts(undelivered) == {0: "1.000001"}
    assert await outbox.parts(delivered) == {0: "2.000001", 1: "2.000002"}


async def test_recovery_attempts_are_counted_per_turn_across_restarts(app: App) -> None:
    """Each start's attempt at a turn is counted (registered on the first), so recovery gives up."""
    outbox = app.store.outbox
    unregistered = await _turn(app, "slack", "a1", answered=False)
    registered = await _turn(app, "slack", "a2", answered=True)
    await outbox.accept(registered, "slack")
    assert [await outbox.attempted(unregistered, "slack") for _ in range(3)] == [1, 2, 3]
    assert await outbox.attempted(registered, "slack") == 1
    assert [f.turn_id for f in await outbox.unfinished("slack")] == [unregistered, registered]


async def test_unanswered_turns_past_the_max_age_are_marked_failed(app: App) -> None:
    """An old unanswered turn is not answered late: it is marked failed."""
    outbox = app.store.outbox
    turn = await _turn(app, "console", "old", answered=False)
    assert await outbox.expire(time.time() - 3600) == 0
    assert await outbox.expire(time.time() + 1) == 1
    rows = await app.store.db.fetchall("SELECT status FROM messages WHERE id = ?", (turn,))
    assert rows[0]["status"] == "failed"


@pytest.mark.parametrize(("locale", "lang"), [("pt-BR", "pt"), ("de-DE", "de"), (None, "en")])
async def test_draining_mentor_refuses_new_turns_politely_and_stores_nothing(
    app: App, locale: str | None, lang: str
) -> None:
    """After drain.begin() a question gets the localized restart message; nothing is stored."""
    app.mentor.drain.begin()
    request = MentorRequest(platform="slack", user="U9", text="ok?", thread="t9", locale=locale)
    with pytest.raises(ShuttingDown) as refused:
        await app.mentor.handle(request)
    expected = str(i18n(lang)["messages"]["shutting_down"]).split("{", maxsplit=1)[0]
    assert refused.value.message.startswith(expected)
    assert refused.value.retry_after_s > 0
    assert await app.store.db.fetchall("SELECT id FROM learners") == []
