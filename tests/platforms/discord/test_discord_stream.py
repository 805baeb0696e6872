"""Streaming by edits: paced per channel, never blocking the engine, ending in the split reply."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.platforms.discord_render import fences_balanced, neutralize, split_message
from bot.platforms.discord_stream import PLACEHOLDER, EditPacer, ReplyStream

INTERVAL_S = 0.05  # the real EDIT_INTERVAL_S, scaled down so the property runs many examples


@dataclass
class Sink:
    """A channel that records what was posted and when."""

    texts: dict[int, str] = field(default_factory=dict)
    edits: list[tuple[float, int, str]] = field(default_factory=list)
    sends: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def send(self, text: str) -> int:
        handle = next(self._ids)
        self.texts[handle] = text
        self.sends.append(handle)
        return handle

    async def edit(self, handle: int, text: str) -> None:
        self.edits.append((time.monotonic(), handle, text))  # when the request goes out
        await asyncio.sleep(0.001)  # a network round trip
        self.texts[handle] = text

    async def delete(self, handle: int) -> None:
        self.deleted.append(handle)


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
    """Edits to one channel are >= the interval apart; the final messages are the split text."""
    sink = Sink()
    stream = ReplyStream(sink, EditPacer(INTERVAL_S), channel=1)
    await stream.start()
    text = ""
    for delta, pause_ms in chunks:
        text += delta
        await stream.update(text)
        await asyncio.sleep(pause_ms / 100)
    handles = await stream.finish(text)

    times = [t for t, _, _ in sink.edits]
    assert all(b - a >= INTERVAL_S * 0.95 for a, b in itertools.pairwise(times))
    expected = split_message(neutralize(text)) or [PLACEHOLDER]
    assert [sink.texts[h] for h in handles] == expected
    assert all(fences_balanced(sink.texts[h]) for h in handles)
    assert handles[0] == sink.sends[0]  # the placeholder became part 1


async def test_update_never_waits_for_discord() -> None:
    """The engine's progress callback returns at once, even while an edit is pending."""
    sink = Sink()
    stream = ReplyStream(sink, EditPacer(10.0), channel=1)
    await stream.start()
    started = time.monotonic()
    for i in range(100):
        await stream.update("x" * i)
    assert time.monotonic() - started < 0.5
    await stream.abort()


async def test_two_replies_in_one_channel_share_the_pace() -> None:
    """The limit is per channel: two streams there together still edit once per interval."""
    sink = Sink()
    pacer = EditPacer(INTERVAL_S)
    streams = [ReplyStream(sink, pacer, channel=7) for _ in range(2)]
    for s in streams:
        await s.start()

    async def feed(stream: ReplyStream[int], tag: str) -> None:
        for i in range(8):
            await stream.update(f"{tag} {i}")
            await asyncio.sleep(0.01)
        await stream.finish(f"{tag} done")

    await asyncio.gather(*(feed(s, t) for s, t in zip(streams, "ab", strict=True)))
    times = sorted(t for t, _, _ in sink.edits)
    assert len(times) >= 3
    assert all(b - a >= INTERVAL_S * 0.95 for a, b in itertools.pairwise(times))


async def test_abort_removes_the_placeholder() -> None:
    """A failed turn leaves no hourglass behind."""
    sink = Sink()
    stream = ReplyStream(sink, EditPacer(INTERVAL_S), channel=1)
    await stream.start()
    await stream.update("partial")
    await stream.abort()
    assert sink.deleted == [sink.sends[0]]
