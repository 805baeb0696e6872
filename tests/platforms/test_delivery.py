"""The delivery pipeline's parts on a recording sink: lock table, error table, redelivery."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest
from structlog.testing import capture_logs

from bot.app import App, delivery
from bot.errors import ConfigError, InputError, RateLimited, StorageError, Unavailable
from bot.mentor.models import MentorReply
from bot.platforms.delivery import LearnerErrors, ThreadLocks
from bot.platforms.streaming import Marker


@dataclass
class RecordingSink:
    """A thread that keeps its messages by ref and can lose some of them."""

    channel: str = "C1"
    placeholder: str | None = None
    texts: dict[str, str] = field(default_factory=dict)
    markers: dict[str, Marker | None] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)
    found: dict[int, str] = field(default_factory=dict)
    remembered: list[tuple[int, list[str]]] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def render(self, markdown: str) -> list[str]:
        return [p for p in markdown.split("|") if p]

    async def post(self, part: str, marker: Marker | None = None) -> str:
        ref = f"m{next(self._ids)}"
        self.texts[ref], self.markers[ref] = part, marker
        return ref

    async def edit(self, ref: str, part: str) -> bool:
        if ref in self.gone:
            return False
        self.texts[ref] = part
        return True

    async def delete(self, ref: str) -> None:
        self.texts.pop(ref, None)

    async def marked(self, turn_id: int) -> dict[int, str]:
        return dict(self.found)

    async def extras(self, reply: MentorReply) -> list[str]:
        return []

    def reply_ref(self, refs: Sequence[str]) -> str | None:
        return f"{self.channel}:{refs[0]}" if refs else None

    async def delivered(self, reply_id: int, refs: Sequence[str]) -> None:
        self.remembered.append((reply_id, list(refs)))


async def stored_turn(app: App, platform: str) -> int:
    """A learner turn in the store (the outbox refers to it)."""
    learner = await app.store.upsert_learner(platform, "U1")
    thread = await app.store.create_thread(
        platform=platform, external_id="T1", learner_id=learner.id, channel="C1"
    )
    return await app.store.add_learner_turn(thread.id, "how?", language="en")


async def test_turns_of_one_thread_run_one_at_a_time_in_arrival_order() -> None:
    """Three turns queue on one thread and run in order; another thread does not wait."""
    locks = ThreadLocks()
    ran: list[str] = []

    async def turn(thread: str, name: str, hold_s: float) -> None:
        async with locks.hold(thread):
            ran.append(f"{name}+")
            await asyncio.sleep(hold_s)
            ran.append(f"{name}-")

    await asyncio.gather(
        turn("t1", "a", 0.05), turn("t1", "b", 0.0), turn("t1", "c", 0.0), turn("t2", "x", 0.0)
    )
    assert ran[:2] == ["a+", "x+"]  # t2 ran while t1's first turn held its lock
    t1 = [r for r in ran if r[0] in "abc"]
    assert t1 == ["a+", "a-", "b+", "b-", "c+", "c-"]


async def test_lock_table_forgets_every_idle_thread() -> None:
    """After turns in a thousand threads the table is empty (bounded by turns in flight)."""
    locks = ThreadLocks()

    async def turn(thread: str) -> None:
        async with locks.hold(thread):
            await asyncio.sleep(0)

    await asyncio.gather(*(turn(f"t{i % 100}") for i in range(1000)))
    assert len(locks) == 0


async def test_a_failed_turn_releases_its_thread() -> None:
    """A turn that raises leaves no entry and does not block the next turn."""
    locks = ThreadLocks()
    with pytest.raises(RuntimeError):
        async with locks.hold("t1"):
            raise RuntimeError("boom")
    assert len(locks) == 0
    async with locks.hold("t1"):
        assert len(locks) == 1


@pytest.mark.parametrize(
    "error",
    [
        InputError("Please write a question.", key="empty_question"),
        RateLimited("Out of questions.", retry_after_s=60.0),
        StorageError("The database is read-only."),
        Unavailable("The sandbox is unreachable."),
        ConfigError("A setting is wrong."),
    ],
    ids=lambda e: type(e).__name__,
)
def test_every_user_facing_error_is_readable(app: App, error: Exception) -> None:
    """Every UserFacingError shows its safe text; none becomes an 'internal error'."""
    table = LearnerErrors(app.mentor, "slack")
    text = table.text_for(error, "en")
    internal = app.mentor.message("en", "internal_error", ref="")
    assert internal.split("(")[0] not in text
    assert text == app.mentor.error_text(error, "en")  # type: ignore[arg-type]


def test_unknown_error_gives_a_reference_that_is_logged(app: App) -> None:
    """Anything else is an internal error whose reference is in the log with the exception."""
    table = LearnerErrors(app.mentor, "discord")
    with capture_logs() as logs:
        text = table.text_for(KeyError("secret detail"), "en")
    assert "secret detail" not in text
    (event,) = [e for e in logs if e["event"] == "discord.error"]
    assert f"reference {event['ref']}" in text


async def test_redelivery_edits_known_parts_and_posts_only_the_missing_ones(app: App) -> None:
    """Part 0 is recorded, part 1 is found by its marker, part 2 is posted once with its marker."""
    pipeline = delivery(app, "slack")
    assert pipeline.outbox is not None
    turn = await stored_turn(app, "slack")
    sink = RecordingSink()
    first = await sink.post("old 0")
    second = await sink.post("old 1", (turn, 1))
    await pipeline.outbox.accept(turn, "slack", first_part=first)
    sink.found = {1: second}
    await pipeline.redeliver(sink, turn_id=turn, reply_id=0, markdown="new 0|new 1|new 2")
    assert [sink.texts[r] for r in sorted(sink.texts)] == ["new 0", "new 1", "new 2"]
    third = sorted(sink.texts)[2]
    assert sink.markers[third] == (turn, 2)
    assert await pipeline.outbox.parts(turn) == {0: first, 1: second, 2: third}


async def test_redelivery_posts_again_a_part_deleted_meanwhile(app: App) -> None:
    """A recorded part that is gone is posted again (with its marker), not lost."""
    pipeline = delivery(app, "discord")
    assert pipeline.outbox is not None
    turn = await stored_turn(app, "discord")
    sink = RecordingSink()
    gone = await sink.post("old 0")
    sink.gone.add(gone)
    await pipeline.outbox.accept(turn, "discord", first_part=gone)
    await pipeline.redeliver(sink, turn_id=turn, reply_id=0, markdown="new 0")
    fresh = [r for r, t in sink.texts.items() if t == "new 0"]
    assert len(fresh) == 1
    assert fresh[0] != gone
    assert sink.markers[fresh[0]] == (turn, 0)
    assert sink.remembered == [(0, fresh)]
