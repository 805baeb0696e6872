"""A circuit breaker for the LLM: stop calling a failing server, try again after a pause.

closed --(N failed replies in a row)--> open --(reset_s)--> half-open (one trial call)
half-open --success--> closed;  half-open --failure--> open again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum


class BreakerState(StrEnum):
    """Where the breaker is; the values are metric labels."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Counts consecutive failures; `allow()` says whether a call may go out now."""

    def __init__(
        self,
        *,
        failures: int,
        reset_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.threshold = failures
        self.reset_s = reset_s
        self._clock = clock
        self._failures = 0
        self._opened_at = 0.0
        self._state = BreakerState.CLOSED
        self._trial_out = False

    @property
    def state(self) -> BreakerState:
        """The current state (an open breaker past its pause reads as half-open)."""
        if self._state is BreakerState.OPEN and self._clock() - self._opened_at >= self.reset_s:
            return BreakerState.HALF_OPEN
        return self._state

    def retry_in(self) -> float:
        """Seconds until an open breaker lets a trial call through (0 when not open)."""
        if self._state is not BreakerState.OPEN:
            return 0.0
        return max(0.0, self.reset_s - (self._clock() - self._opened_at))

    def allow(self) -> bool:
        """True when a call may go out; in half-open only one trial at a time."""
        state = self.state
        if state is BreakerState.CLOSED:
            return True
        if state is BreakerState.OPEN:
            return False
        if self._trial_out:
            return False
        self._state = BreakerState.HALF_OPEN
        self._trial_out = True
        return True

    def success(self) -> None:
        """A reply came through: close."""
        self._failures = 0
        self._trial_out = False
        self._state = BreakerState.CLOSED

    def failure(self) -> None:
        """A reply failed (after its retries): count, and open at the threshold."""
        self._failures += 1
        self._trial_out = False
        if self._state is BreakerState.HALF_OPEN or self._failures >= self.threshold:
            self._state = BreakerState.OPEN
            self._opened_at = self._clock()
