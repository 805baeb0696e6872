"""Streaming by edits: paced per channel, never blocking the engine, ending in the split reply."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.platforms.discord_render import fences_balanced, neutralize, split_message
from bot.platforms.streaming import PLACEHOLDER, EditPacer, Marker, ReplyStream

INTERVAL_S = 0.05  # the real EDIT_INTERVAL_S, scaled down so the property runs many examples
BURST = 5
WINDOW_S = INTERVAL_S * 5  # Discord's 5 edits per 5 s, scaled the same way


def pacer(interval_s: float = INTERVAL_S) -> EditPacer:
    return EditPacer(interval_s, burst=BURST, window_s=WINDOW_S)


@dataclass
class FakeTime:
    """A clock that moves only when slept on: waits are measured, never timed."""

    now: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


async def until(predicate: Callable[[], object]) -> None:
    """Let the other tasks run until predicate() holds."""
    for _ in range(1000):
        if predicate():
            return
        await asyncio.sleep(0)
    raise AssertionError("never happened")


@dataclass
class Sink:
    """A channel that records what was posted and when (Discord's split for its parts)."""

    clock: Callable[[], float] = time.monotonic
    channel: int = 1
    placeholder: str | None = PLACEHOLDER
    texts: dict[str, str] = field(default_factory=dict)
    edits: list[tuple[float, str, str]] = field(default_factory=list)
    sends: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def render(self, markdown: str) -> list[str]:
        return split_message(neutralize(markdown))

    async def post(self, part: str, marker: Marker | None = None) -> str:
        handle = str(next(self._ids))
        self.texts[handle] = part
        self.sends.append(handle)
        return handle

    async def edit(self, ref: str, part: str) -> bool:
        self.edits.append((self.clock(), ref, part))  # when the request goes out
        await asyncio.sleep(0.001)  # a network round trip
        self.texts[ref] = part
        return True

    async def delete(self, ref: str) -> None:
        self.deleted.append(ref)


deltas = st.lists(
    st.tuples(st.sampled_from(["word ", "\n\n", "```py\n", "```\n", "x" * 700]), st.integers(0, 3)),
    min_size=1,
    max_size=25,
)


@settings(max_examples=25, deadline=None)
@given(chunks=deltas)
async def test_stream_edits_are_paced_and_end_as_the_split_reply(
    chunks: list[tuple[str, int]],
) -> None:
    """Previews are >= the interval apart, all edits within the burst; it ends as the split text."""
    sink = Sink()
    stream = ReplyStream(sink, pacer())
    await stream.start()
    text = ""
    for delta, pause_ms in chunks:
        text += delta
        await stream.update(text)
        await asyncio.sleep(pause_ms / 100)
    handles = await stream.finish(text)

    times = [t for t, _, _ in sink.edits]
    # Only the last edit may be the final one, which skips the preview spacing.
    assert all(b - a >= INTERVAL_S * 0.95 for a, b in itertools.pairwise(times[:-1]))
    assert all(b - a >= WINDOW_S * 0.95 for a, b in zip(times, times[BURST:], strict=False))
    expected = split_message(neutralize(text)) or [PLACEHOLDER]
    assert [sink.texts[h] for h in handles] == expected
    assert all(fences_balanced(sink.texts[h]) for h in handles)
    assert handles[0] == sink.sends[0]  # the placeholder became part 1


async def test_update_never_waits_for_discord() -> None:
    """The engine's progress callback returns at once, even while an edit is pending."""
    sink = Sink()
    stream = ReplyStream(sink, EditPacer(10.0))
    await stream.start()
    started = time.monotonic()
    for i in range(100):
        await stream.update("x" * i)
    assert time.monotonic() - started < 0.5
    await stream.abort()


async def test_two_replies_in_one_channel_share_the_pace() -> None:
    """The limit is per channel: two streams there together still preview once per interval."""
    sink = Sink(channel=7)
    shared = pacer()
    streams = [ReplyStream(sink, shared) for _ in range(2)]
    for s in streams:
        await s.start()

    async def feed(stream: ReplyStream[str], tag: str) -> None:
        for i in range(8):
            await stream.update(f"{tag} {i}")
            await asyncio.sleep(0.01)
        await stream.finish(f"{tag} done")

    await asyncio.gather(*(feed(s, t) for s, t in zip(streams, "ab", strict=True)))
    edits = sorted(sink.edits)
    assert len(edits) >= 3
    previews = [(a, b) for a, b in itertools.pairwise(edits) if not b[2].endswith("done")]
    assert all(b[0] - a[0] >= INTERVAL_S * 0.95 for a, b in previews)
    times = [t for t, _, _ in edits]
    assert all(b - a >= WINDOW_S * 0.95 for a, b in zip(times, times[BURST:], strict=False))


async def test_abort_removes_the_placeholder() -> None:
    """A failed turn leaves no hourglass behind."""
    sink = Sink()
    stream = ReplyStream(sink, pacer())
    await stream.start()
    await stream.update("partial")
    await stream.abort()
    assert sink.deleted == [sink.sends[0]]


async def test_final_edit_right_after_a_preview_is_not_delayed() -> None:
    """The complete reply shows as soon as the engine is done, not one interval later."""
    fake = FakeTime()
    sink = Sink(clock=fake.clock)
    stream = ReplyStream(sink, EditPacer(1.0, clock=fake.clock, sleep=fake.sleep))
    await stream.start()
    await stream.update("The answer so far")
    await until(lambda: sink.edits)  # the preview went out at t=0
    handles = await stream.finish("The answer so far, complete.")

    assert [(t, text) for t, _, text in sink.edits] == [
        (0.0, "The answer so far"),
        (0.0, "The answer so far, complete."),
    ]
    assert fake.sleeps == []
    assert sink.texts[handles[0]] == "The answer so far, complete."


async def test_sixth_rapid_edit_in_a_channel_waits_for_discords_window() -> None:
    """Five edits fit Discord's 5-per-5 s bucket at once; the sixth waits until the first expires."""
    fake = FakeTime()
    sink = Sink(clock=fake.clock)
    shared = EditPacer(1.0, burst=5, window_s=5.0, clock=fake.clock, sleep=fake.sleep)
    first = ReplyStream(sink, shared)
    await first.start()
    await first.update("thinking")
    await until(lambda: sink.edits)
    await first.finish("reply 1")  # edits 1 (the preview) and 2 (the final)
    for i in range(2, 6):  # short replies in the same thread: one final edit each
        stream = ReplyStream(sink, shared)
        await stream.start()
        await stream.finish(f"reply {i}")

    assert [t for t, _, _ in sink.edits] == [0.0] * 5 + [5.0]
    assert fake.sleeps == [5.0]
    other = ReplyStream(Sink(clock=fake.clock, channel=2), shared)  # its own budget
    await other.start()
    await other.finish("elsewhere")
    assert fake.sleeps == [5.0]


async def test_idle_channels_are_forgotten() -> None:
    """The pacer keeps state only for channels edited recently, however many there were."""
    fake = FakeTime()
    shared = EditPacer(1.0, burst=5, window_s=5.0, clock=fake.clock, sleep=fake.sleep)
    for channel in range(1000):
        await shared.wait(channel, final=True)
    fake.now = 5.0
    await shared.wait(0)
    assert len(shared._recent) == 1


async def test_without_catch_up_a_text_right_after_the_first_preview_is_dropped() -> None:
    """Slack's pacing: the draft completed just after its first lines is not previewed whole."""
    sink = Sink(placeholder=None)
    stream = ReplyStream(sink, EditPacer(10.0), catch_up=False)
    await stream.start()
    await stream.update("first lines")
    await stream.update("first lines and the whole draft")  # arrives while the first waits
    await until(lambda: sink.sends)
    await stream.update("first lines and the whole draft, again")  # within the interval
    await asyncio.sleep(0.01)
    assert list(sink.texts.values()) == ["first lines"]
    handles = await stream.finish("NOTICE\n\nfirst lines and the whole draft")
    assert [sink.texts[h] for h in handles] == ["NOTICE\n\nfirst lines and the whole draft"]
