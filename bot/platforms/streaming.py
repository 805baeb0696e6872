"""Paced streaming of one reply into a `MessageSink`: preview edits, then the final parts.

Pure asyncio (no platform import): a sink posts and edits, so pacing and splitting are tested
without Discord or Slack. The engine never waits for the platform: `update` only records the
newest text; a pump task shows previews at most once per `interval_s` per channel. The final
edit skips that spacing: only the channel's burst budget can delay it. What `update` gets is
already through the mentor's stream gate (bot/mentor/streaming.py): the preview never shows
what the draft guards later remove.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Generic, Protocol, TypeVar

import structlog

from bot.platforms.discord_render import EDIT_BURST, EDIT_INTERVAL_S, EDIT_WINDOW_S

log = structlog.get_logger()

P = TypeVar("P")
"""One rendered message of a platform (Discord: its text; Slack: text plus blocks)."""

PLACEHOLDER = "⏳"
"""What a thread shows while the mentor thinks (on platforms that post one)."""

Marker = tuple[int, int]
"""(turn id, part index): carried by every part posted once the turn is stored, so a
redelivery finds it again (Discord's nonce, Slack's message metadata)."""


class MessageSink(Protocol[P]):
    """Posts and edits the messages of one thread; messages are named by string refs."""

    @property
    def channel(self) -> Hashable:
        """Edits are paced per channel (several threads may share one channel's budget)."""
        ...

    @property
    def placeholder(self) -> P | None:
        """Posted at once while the mentor thinks (None: the first preview is the first post)."""
        ...

    def render(self, markdown: str) -> Sequence[P]:
        """The reply as the platform's messages, in order, within its limits."""
        ...

    async def post(self, part: P, marker: Marker | None = None) -> str:
        """Post a new message (with the redelivery marker when given); returns its ref."""
        ...

    async def edit(self, ref: str, part: P) -> bool:
        """Replace a posted message; False when it is gone (deleted meanwhile)."""
        ...

    async def delete(self, ref: str) -> None:
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
        self._recent: dict[Hashable, deque[float]] = {}
        """Per channel, its last `burst` edit times; channels idle past both limits are dropped."""
        self._next_sweep = 0.0

    async def wait(self, channel: Hashable, *, final: bool = False) -> None:
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

    def _delay(self, channel: Hashable, now: float, *, final: bool) -> float:
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


class ReplyStream(Generic[P]):
    """One streamed reply: placeholder (or first preview), paced edits, then the final parts."""

    def __init__(self, sink: MessageSink[P], pacer: EditPacer, *, catch_up: bool = True) -> None:
        self._sink = sink
        self._pacer = pacer
        self._catch_up = catch_up
        """True: text held back by the pacing is shown once the interval passed (Discord).
        False: a text is taken as it arrives, and the ones arriving while it waits or within
        the interval after it are dropped (Slack: a draft completed right after its first
        lines never previews whole without the notices the final reply adds, e.g. 'this
        reply comes from the offline mentor')."""
        self._shown_at = -float("inf")
        self._channel = sink.channel
        self.first: str | None = None
        """Ref of the message the reply streams into (None until something was shown)."""
        self.turn: int | None = None
        """Set once the turn is stored: every later post carries its marker."""
        self._shown: P | None = None
        self._latest = ""
        self._dirty = asyncio.Event()
        self._done = False
        self._editing = False
        self._pump_task: asyncio.Task[None] | None = None
        self.edits = 0

    async def start(self) -> None:
        """Post the placeholder (if the sink has one) and start the preview pump."""
        placeholder = self._sink.placeholder
        if placeholder is not None:
            self.first = await self._sink.post(placeholder)
            self._shown = placeholder
        self._pump_task = asyncio.create_task(self._pump(), name=f"stream-{self._channel}")

    async def update(self, text: str) -> None:
        """Record the reply text so far (the service's on_progress callback); never blocks."""
        if not self._catch_up and (
            self._dirty.is_set() or time.monotonic() - self._shown_at < self._pacer.interval_s
        ):
            return  # dropped: a text is waiting to be shown, or one was shown just now
        self._latest = text
        self._dirty.set()
        await asyncio.sleep(0)  # let the pump send it now, before the engine's next CPU stretch

    def _marker(self, part: int) -> Marker | None:
        return None if self.turn is None else (self.turn, part)

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
            self._shown_at = time.monotonic()
            if self.first is not None:  # a new post is not an edit: it goes out at once
                await self._pacer.wait(self._channel)
            parts = self._sink.render(self._latest) if self._latest else ()
            if not parts or parts[0] == self._shown or self.stopped:
                continue
            self._editing = True
            try:
                await self._show(parts[0])
            except Exception as exc:  # a failed preview is not fatal: the final text follows
                log.warning("delivery.preview_failed", error=str(exc) or type(exc).__name__)
            finally:
                self._editing = False

    async def _show(self, part: P) -> None:
        if self.first is None:
            self.first = await self._sink.post(part, self._marker(0))
        else:
            await self._sink.edit(self.first, part)
            self.edits += 1
        self._shown = part

    async def _stop_pump(self) -> None:
        self._done = True
        self._dirty.set()
        task = self._pump_task
        if task is None:
            return
        if not self._editing:
            task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    async def finish(self, text: str) -> list[str]:
        """Show the final text: the streamed message becomes part 1, later parts are new posts.

        The final edit skips the preview spacing (only the burst budget can delay it), so the
        learner sees the complete reply as soon as the engine is done. Returns every part's ref.
        """
        await self._stop_pump()
        parts = list(self._sink.render(text))
        if not parts:
            return [self.first] if self.first is not None else []
        if parts[0] != self._shown:
            if self.first is not None:
                await self._pacer.wait(self._channel, final=True)
            await self._show(parts[0])
        assert self.first is not None
        refs = [self.first]
        for index, part in enumerate(parts[1:], start=1):
            refs.append(await self._sink.post(part, self._marker(index)))
        return refs

    async def abort(self) -> None:
        """The reply failed: stop streaming and remove what was shown of it."""
        await self._stop_pump()
        if self.first is not None:
            try:
                await self._sink.delete(self.first)
            except Exception as exc:  # best effort: the error message follows anyway
                log.warning("delivery.placeholder_delete_failed", error=str(exc))
            self.first = None
