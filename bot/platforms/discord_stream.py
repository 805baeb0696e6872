"""Streaming a reply by editing one placeholder, paced per channel, then posting the rest.

Pure asyncio (no discord import): a `MessageSink` does the posting, so the pacing and the
splitting are tested without Discord. The engine never waits for Discord: `update` only
records the newest text; a pump task shows previews at most once per `EDIT_INTERVAL_S` per
channel. The final edit skips that spacing: only Discord's burst budget can delay it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Generic, Protocol, TypeVar

import structlog

from bot.platforms.discord_render import (
    EDIT_BURST,
    EDIT_INTERVAL_S,
    EDIT_WINDOW_S,
    MESSAGE_LIMIT,
    neutralize,
    split_message,
)

log = structlog.get_logger()

H = TypeVar("H")

PLACEHOLDER = "⏳"


class MessageSink(Protocol[H]):
    """Posts and edits messages in one channel; `H` is the platform's message handle."""

    async def send(self, text: str) -> H:
        """Post a new message."""
        ...

    async def edit(self, handle: H, text: str) -> None:
        """Replace a posted message's text."""
        ...

    async def delete(self, handle: H) -> None:
        """Remove a posted message."""
        ...


class EditPacer:
    """Each channel's edit budget, shared by all streams.

    Discord allows about `burst` edits per channel in any `window_s`. Previews take at most one
    per `interval_s` and leave one of those slots free, so a final edit skips the spacing and
    waits only when the whole budget is spent (several replies ending at once in one channel):
    the complete reply is not held back by the preview pacing.
    """

    def __init__(
        self,
        interval_s: float = EDIT_INTERVAL_S,
        *,
        burst: int = EDIT_BURST,
        window_s: float = EDIT_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if burst < 1:
            raise ValueError("burst must be at least 1")
        self.interval_s = interval_s
        self.burst = burst
        self.window_s = window_s
        self._clock = clock
        self._sleep = sleep
        self._recent: dict[int, deque[float]] = {}
        """Per channel, its last `burst` edit times; channels idle past both limits are dropped."""
        self._next_sweep = 0.0

    async def wait(self, channel: int, *, final: bool = False) -> None:
        """Return when this channel may be edited, and count the edit.

        A preview (`final=False`) also waits `interval_s` after the channel's last edit, and
        while only the final edit's slot is left in the window (at one a second, a stream
        longer than the window would otherwise fill it and make its final edit wait). Nothing
        is reserved across the sleep (the check runs again after it), so a final edit never
        queues behind a sleeping preview, and a cancelled wait leaves no trace.
        """
        while True:
            now = self._clock()
            delay = self._delay(channel, now, final=final)
            if delay <= 0:
                break
            await self._sleep(delay)
        self._recent.setdefault(channel, deque(maxlen=self.burst)).append(now)

    def _delay(self, channel: int, now: float, *, final: bool) -> float:
        self._forget_idle(now)
        times = self._recent.get(channel)
        if not times:
            return 0.0
        delay = 0.0 if final else times[-1] + self.interval_s - now
        limit = self.burst if final else max(1, self.burst - 1)
        in_window = [t for t in times if now - t < self.window_s]
        if len(in_window) >= limit:  # wait until enough of them leave the window
            delay = max(delay, in_window[-limit] + self.window_s - now)
        return delay

    def _forget_idle(self, now: float) -> None:
        """Drop channels whose last edit limits nothing any more (memory stays bounded).

        Swept at most once per horizon, so a busy bot does not scan every channel per edit.
        """
        horizon = max(self.interval_s, self.window_s)
        if now < self._next_sweep:
            return
        self._next_sweep = now + horizon
        idle = [c for c, times in self._recent.items() if now - times[-1] >= horizon]
        for channel in idle:
            del self._recent[channel]


class ReplyStream(Generic[H]):
    """One streamed reply: placeholder, paced preview edits, then the final split messages."""

    def __init__(
        self, sink: MessageSink[H], pacer: EditPacer, channel: int, *, limit: int = MESSAGE_LIMIT
    ) -> None:
        self._sink = sink
        self._pacer = pacer
        self._channel = channel
        self._limit = limit
        self._first: H | None = None
        self._shown = ""
        self._latest = ""
        self._dirty = asyncio.Event()
        self._done = False
        self._editing = False
        self._pump_task: asyncio.Task[None] | None = None
        self.edits = 0

    async def start(self, placeholder: str = PLACEHOLDER) -> None:
        """Post the placeholder the reply will be streamed into."""
        self._first = await self._sink.send(placeholder)
        self._shown = placeholder
        self._pump_task = asyncio.create_task(self._pump(), name=f"stream-{self._channel}")

    async def update(self, text: str) -> None:
        """Record the reply text so far (the service's on_progress callback); never blocks."""
        self._latest = text
        self._dirty.set()

    def _preview(self, text: str) -> str:
        parts = split_message(neutralize(text), self._limit)
        return parts[0] if parts else ""

    @property
    def stopped(self) -> bool:
        """True once the reply finished or failed (no more preview edits)."""
        return self._done

    async def _pump(self) -> None:
        while not self._done:
            await self._dirty.wait()
            self._dirty.clear()
            if self.stopped:
                return
            await self._pacer.wait(self._channel)
            preview = self._preview(self._latest)
            if not preview or preview == self._shown or self._first is None:
                continue
            self._editing = True
            try:
                await self._sink.edit(self._first, preview)
                self._shown = preview
                self.edits += 1
            except Exception as exc:  # a failed preview edit is not fatal: the final one follows
                log.warning("discord.stream_edit_failed", error=str(exc))
            finally:
                self._editing = False

    async def _stop_pump(self) -> None:
        self._done = True
        self._dirty.set()
        task = self._pump_task
        if task is None:
            return
        if not self._editing:
            task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    async def finish(self, text: str) -> list[H]:
        """Show the final text: the placeholder becomes part 1, later parts are new messages.

        The final edit skips the preview spacing (only the burst budget can delay it), so the
        learner sees the complete reply as soon as the engine is done.
        """
        await self._stop_pump()
        parts = split_message(neutralize(text), self._limit) or [PLACEHOLDER]
        assert self._first is not None, "start() first"
        if parts[0] != self._shown:
            await self._pacer.wait(self._channel, final=True)
            await self._sink.edit(self._first, parts[0])
            self.edits += 1
            self._shown = parts[0]
        handles = [self._first]
        for part in parts[1:]:
            handles.append(await self._sink.send(part))
        return handles

    async def abort(self) -> None:
        """The reply failed: stop streaming and remove the placeholder."""
        await self._stop_pump()
        if self._first is not None:
            try:
                await self._sink.delete(self._first)
            except Exception as exc:  # best effort: the error message follows anyway
                log.warning("discord.placeholder_delete_failed", error=str(exc))
