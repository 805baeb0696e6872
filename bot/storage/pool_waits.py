"""How long statements waited for a pooled PostgreSQL connection, and held it, per call site.

Kept apart from the adapter (bot/storage/postgres.py) because it is bookkeeping, not SQL: a
burst that outruns the pool queues here, not on the server, and these counts tell the two apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

SLOW_ACQUIRE_S = 0.010
"""An acquisition that waited longer than this counts as slow."""


@dataclass
class SiteWaits:
    """One call site's pooled connections: how long it waited for them and held them."""

    acquired: int = 0
    waited_s: float = 0.0
    longest_wait_s: float = 0.0
    held_s: float = 0.0
    longest_hold_s: float = 0.0

    def summary(self) -> dict[str, float]:
        """Milliseconds, for the log line."""
        return {
            "n": self.acquired,
            "wait_ms": round(self.waited_s * 1000),
            "max_wait_ms": round(self.longest_wait_s * 1000, 1),
            "hold_ms": round(self.held_s * 1000),
            "max_hold_ms": round(self.longest_hold_s * 1000, 1),
        }


@dataclass
class PoolWaits:
    """How long statements waited for a pooled connection (logged when the pool closes).

    A burst that outruns the pool queues here, not on the server: this tells the two apart.
    Per call site (`sites`) it also keeps how long each held its connection: a site holding
    one across slow work shows a hold far above its statements' time on the server.
    """

    acquired: int = 0
    waited_s: float = 0.0
    longest_s: float = 0.0
    slow: int = 0
    """Acquisitions that waited longer than SLOW_ACQUIRE_S."""
    peak_size: int = 0
    """The most connections the pool held at once."""
    releasing_s: float = 0.0
    """Time from a statement's end to its connection back in the pool (summed)."""
    sites: dict[str, SiteWaits] = field(default_factory=dict)
    on_wait: Callable[[str, float], None] | None = None
    """Called with (site, seconds waited) per acquisition (the bot's wait histogram)."""

    def record(self, waited_s: float, size: int, site: str = "") -> SiteWaits:
        """One acquisition at `site` that waited `waited_s` with the pool at `size` connections."""
        self.acquired += 1
        self.waited_s += waited_s
        self.longest_s = max(self.longest_s, waited_s)
        self.slow += waited_s > SLOW_ACQUIRE_S
        self.peak_size = max(self.peak_size, size)
        at = self.sites.get(site)
        if at is None:
            at = self.sites[site] = SiteWaits()
        at.acquired += 1
        at.waited_s += waited_s
        at.longest_wait_s = max(at.longest_wait_s, waited_s)
        if self.on_wait is not None:
            self.on_wait(site, waited_s)
        return at

    def busiest(self, top: int = 8) -> dict[str, dict[str, float]]:
        """The sites that waited longest in all, for the log line."""
        ranked = sorted(self.sites.items(), key=lambda kv: -kv[1].waited_s)[:top]
        return {site: waits.summary() for site, waits in ranked}
