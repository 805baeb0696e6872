"""Streaming a reply by editing one placeholder, paced per channel, then posting the rest.

Pure asyncio (no discord import): a `MessageSink` does the posting, so the pacing and the
splitting are tested without Discord. The engine never waits for Discord: `update` only
records the newest text; a pump task edits at most once per `EDIT_INTERVAL_S` per channel.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Generic, Protocol, TypeVar

import structlog

from bot.platforms.discord_render import EDIT_INTERVAL_S, MESSAGE_LIMIT, neutralize, split_message

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
    """Spaces edits in each channel at least `interval_s` apart (shared by all streams)."""

    def __init__(
        self,
        interval_s: float = EDIT_INTERVAL_S,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.interval_s = interval_s
        self._clock = clock
        self._sleep = sleep
        self._next: dict[int, float] = {}
        self._locks: dict[int, asyncio.Lock] = {}

    async def wait(self, channel: int) -> None:
        """Return when this channel may be edited; reserves the slot."""
        lock = self._locks.setdefault(channel, asyncio.Lock())
        async with lock:
            delay = self._next.get(channel, 0.0) - self._clock()
            if delay > 0:
                await self._sleep(delay)
            self._next[channel] = self._clock() + self.interval_s


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
        """Show the final text: the placeholder becomes part 1, later parts are new messages."""
        await self._stop_pump()
        parts = split_message(neutralize(text), self._limit) or [PLACEHOLDER]
        assert self._first is not None, "start() first"
        if parts[0] != self._shown:
            await self._pacer.wait(self._channel)
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
