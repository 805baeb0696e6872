"""Draining: on SIGTERM the bot stops taking new turns and lets the running ones finish.

Every turn (the mentor's work and the platform's delivery) runs inside `Drain.track()`, once
(bot/platforms/delivery.py); after `begin()`, `MentorService.check` refuses new turns with
`ShuttingDown` (a polite, localized "ask again in a minute"), and `wait_idle(grace_s)`
returns once nothing is in flight.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog

from bot.errors import RateLimited

log = structlog.get_logger()

RETRY_AFTER_S = 60.0
"""What a refused learner is told: a restart takes about this long."""


class ShuttingDown(RateLimited):
    """The bot is stopping: new turns are refused (nothing is stored); ask again shortly."""


class Drain:
    """Counts turns in flight and says whether new ones are accepted."""

    def __init__(self) -> None:
        self.accepting = True
        self._active = 0
        self._idle: asyncio.Event | None = None

    @property
    def active(self) -> int:
        """Turns in flight now."""
        return self._active

    def _event(self) -> asyncio.Event:
        if self._idle is None:
            self._idle = asyncio.Event()
            if self._active == 0:
                self._idle.set()
        return self._idle

    def begin(self) -> None:
        """Stop accepting new turns (idempotent)."""
        if self.accepting:
            log.info("lifecycle.draining", in_flight=self._active)
        self.accepting = False

    @asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        """Count the enclosed work as in flight (nesting is fine)."""
        self._active += 1
        self._event().clear()
        try:
            yield
        finally:
            self._active -= 1
            if self._active == 0:
                self._event().set()

    async def wait_idle(self, timeout_s: float) -> bool:
        """True when nothing is in flight within `timeout_s`; False when the grace ran out."""
        try:
            await asyncio.wait_for(self._event().wait(), timeout_s)
        except TimeoutError:
            return False
        return True
