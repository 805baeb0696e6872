"""The writes of one turn, on SQLite and PostgreSQL: each lands whole, in one statement or one trip."""

from __future__ import annotations

from bot.storage.allowances import AllowanceRepository, TokenSpend
from bot.storage.database import Database
from bot.storage.outbox import Outbox
from bot.storage.sql_store import SqlStore


async def _turn(store: SqlStore) -> tuple[int, int]:
    learner = await store.upsert_learner("slack", "U1")
    thread = await store.create_thread(platform="slack", external_id="T1", learner_id=learner.id)
    return thread.id, await store.add_learner_turn(thread.id, "Why is it slow?", language="en")


async def test_reply_stores_answer_turn_status_thread_and_memory_together(
    database: Database,
) -> None:
    """A stored reply answers its turn, updates the thread and replaces its memory."""
    store = SqlStore(database)
    thread_id, turn = await _turn(store)
    await store.save_memory(thread_id, {"turns": 1})
    reply = await store.add_reply(
        thread_id=thread_id, reply_to=turn, text="Measure first.", language="es",
        engine="llm", role="copilot", topics=("asyncio", "profiling"), memory={"turns": 2},
    )  # fmt: skip
    messages = await store.recent_messages(thread_id, 10)
    assert [(m.id, m.author, m.status, m.reply_to) for m in messages] == [
        (turn, "learner", "answered", None),
        (reply, "mentor", "answered", turn),
    ]
    thread = await store.get_thread_by_id(thread_id)
    assert thread is not None
    assert (thread.language, thread.role, thread.topics) == (
        "es",
        "copilot",
        ("asyncio", "profiling"),
    )
    assert await store.load_memory(thread_id) == {"turns": 2}


async def test_reply_without_memory_keeps_the_thread_memory(database: Database) -> None:
    """A reply stored without memory leaves the thread's memory as it was."""
    store = SqlStore(database)
    thread_id, turn = await _turn(store)
    await store.save_memory(thread_id, {"turns": 1})
    await store.add_reply(
        thread_id=thread_id, reply_to=turn, text="ok", language="en",
        engine="offline", role="mentor", topics=(),
    )  # fmt: skip
    assert await store.load_memory(thread_id) == {"turns": 1}


async def test_delivery_records_every_part_in_order_and_where_the_reply_lives(
    database: Database,
) -> None:
    """Delivered: each part's platform message by index, the reply's id, the turn closed."""
    store, outbox = SqlStore(database), Outbox(database)
    thread_id, turn = await _turn(store)
    await outbox.accept(turn, "slack", first_part="1.1")
    assert await outbox.parts(turn) == {0: "1.1"}
    reply = await store.add_reply(
        thread_id=thread_id, reply_to=turn, text="answer", language="en",
        engine="offline", role="mentor", topics=(),
    )  # fmt: skip
    assert [u.turn_id for u in await outbox.unfinished("slack")] == [turn]
    await outbox.delivered(turn, ["1.1", "1.2", "1.3"], reply_id=reply, external_id="1.1")
    assert await outbox.parts(turn) == {0: "1.1", 1: "1.2", 2: "1.3"}
    assert await outbox.unfinished("slack") == []
    row = await database.fetchone("SELECT external_id FROM messages WHERE id = ?", (reply,))
    assert row is not None
    assert row["external_id"] == "1.1"


async def test_redelivery_replaces_the_parts_posted_again(database: Database) -> None:
    """A part posted again (its message was deleted) replaces the one recorded before."""
    store, outbox = SqlStore(database), Outbox(database)
    _, turn = await _turn(store)
    await outbox.accept(turn, "slack")
    await outbox.delivered(turn, ["1.1", "1.2"])
    await outbox.delivered(turn, ["1.1", "2.2"])
    assert await outbox.parts(turn) == {0: "1.1", 1: "2.2"}


async def test_refused_question_leaves_the_allowance_untouched(database: Database) -> None:
    """Out of questions: nothing is spent or written, and what is left is told exactly."""
    rows = AllowanceRepository(database)
    first = await rows.take_token("U1-digest", capacity=2, refill_s=100.0, now=1000.0)
    second = await rows.take_token("U1-digest", capacity=2, refill_s=100.0, now=1010.0)
    refused = await rows.take_token("U1-digest", capacity=2, refill_s=100.0, now=1050.0)
    assert (first.granted, first.tokens) == (True, 1.0)
    assert (second.granted, round(second.tokens, 6)) == (True, 0.1)
    assert (refused.granted, round(refused.tokens, 6)) == (False, 0.5)
    stored = await database.fetchone(
        "SELECT tokens, updated_at FROM question_allowance WHERE subject = ?", ("U1-digest",)
    )
    assert stored is not None
    assert (round(stored[0], 6), stored[1]) == (0.1, 1010.0)
    later = await rows.take_token("U1-digest", capacity=2, refill_s=100.0, now=1110.0)
    assert (later.granted, round(later.tokens, 6)) == (True, 0.1)


async def test_every_part_of_a_reply_leads_to_the_reply_for_reactions(database: Database) -> None:
    """A reaction on any part of a long reply counts on the reply (its first part's id)."""
    store = SqlStore(database)
    thread_id, turn = await _turn(store)
    reply = await store.add_reply(
        thread_id=thread_id, reply_to=turn, text="long", language="en",
        engine="offline", role="mentor", topics=(),
    )  # fmt: skip
    await store.record_reply_parts(reply, ["901", "902", "903"])
    await store.record_reply_parts(reply, ["901", "902", "903"])  # a redelivery: no error
    assert [await store.reply_external_id(p) for p in ("901", "902", "903", "904")] == [
        "901", "901", "901", None,
    ]  # fmt: skip


async def test_turn_start_reads_learner_thread_and_memory_as_the_separate_reads_do(
    database: Database,
) -> None:
    """A turn's first read: the learner (created, then refreshed), the thread and its memory."""
    store = SqlStore(database)
    new = await store.turn_start("slack", "U9", "T9", display_name="Ada", locale="es-ES")
    assert (new.learner.display_name, new.learner.locale, new.thread, new.memory) == (
        "Ada", "es-ES", None, None,
    )  # fmt: skip
    thread = await store.create_thread(
        platform="slack", external_id="T9", learner_id=new.learner.id
    )
    await store.set_competence(new.learner.id, {"level": 2})
    bare = await store.turn_start("slack", "U9", "T9")
    assert (bare.learner, bare.thread, bare.memory) == (
        await store.get_learner(new.learner.id), thread, {},
    )  # fmt: skip
    await store.save_memory(thread.id, {"turns": 3, "units": ["ms"]})
    again = await store.turn_start("slack", "U9", "T9", display_name="Ada L.")
    assert again.learner.display_name == "Ada L."
    assert again.learner.competence == {"level": 2}
    assert again.memory == {"turns": 3, "units": ["ms"]}


async def test_reply_adds_the_turns_llm_tokens_to_its_community_use(database: Database) -> None:
    """The reply's own write adds the turn's LLM tokens to the community's use of the day."""
    store, usage = SqlStore(database), AllowanceRepository(database)
    thread_id, turn = await _turn(store)
    await usage.add_tokens("G1", "2026-12-07", 100)
    await store.add_reply(
        thread_id=thread_id, reply_to=turn, text="Measure first.", language="en",
        engine="llm", role="mentor", topics=(), memory={"turns": 1},
        spend=TokenSpend("G1", "2026-12-07", 250),
    )  # fmt: skip
    second = await store.add_learner_turn(thread_id, "Measured: 2x.", language="en")
    await store.add_reply(
        thread_id=thread_id, reply_to=second, text="Now profile.", language="en",
        engine="llm", role="mentor", topics=(), spend=TokenSpend("G2", "2026-12-07", 50),
    )  # fmt: skip
    assert await usage.tokens_used("G1", "2026-12-07") == 350
    assert await usage.tokens_used("G2", "2026-12-07") == 50
    assert [m.status for m in await store.recent_messages(thread_id, 10)] == ["answered"] * 4
