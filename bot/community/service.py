"""CommunitySettings: a community's overrides of the TOML defaults, stored, cached, audited.

Read on every turn (the mentor's language and model, the token budget, where it may answer),
so reads come from a small in-process cache; a change made in this process is seen at once,
one made by another process within `CACHE_TTL_S`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog

from bot.community.keys import KEYS, parse
from bot.storage.community import CommunitySettingsRepository
from bot.storage.database import Database

log = structlog.get_logger()

CACHE_TTL_S = 30.0
"""How long a community's settings are served from memory (another process's change shows
up within this time)."""


@dataclass(frozen=True)
class Overrides:
    """One community's settings; None (or empty) = the TOML default applies."""

    channels: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    language: str | None = None
    announce_channels: tuple[str, ...] = ()
    announce_cron: str | None = None
    model: str | None = None
    daily_tokens: int | None = None
    raw: dict[str, Any] = field(default_factory=dict)
    """The stored values by key (what `show` prints)."""

    @classmethod
    def from_rows(cls, rows: dict[str, Any]) -> Overrides:
        """Build from stored key -> value (unknown keys are ignored)."""

        def ids(key: str) -> tuple[str, ...]:
            value = rows.get(key) or ()
            return tuple(str(v) for v in value)

        tokens = rows.get("daily_tokens")
        return cls(
            channels=ids("channels"),
            roles=ids("roles"),
            language=rows.get("language"),
            announce_channels=ids("announce_channels"),
            announce_cron=rows.get("announce_cron"),
            model=rows.get("model"),
            daily_tokens=int(tokens) if tokens is not None else None,
            raw={k: v for k, v in rows.items() if k in KEYS},
        )

    def allows_channel(self, *channels: str) -> bool:
        """True when asking here is allowed: no list, or one of `channels` (a thread's parent)."""
        return not self.channels or any(c in self.channels for c in channels if c)

    def allows_roles(self, roles: Sequence[str]) -> bool:
        """True when everyone may ask, or the member has one of the listed roles (id or name)."""
        return not self.roles or any(r in self.roles for r in roles)


NO_OVERRIDES = Overrides()


class CommunitySettings:
    """Reads and changes per-community settings (table community_settings)."""

    def __init__(
        self,
        db: Database,
        *,
        languages: Sequence[str],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rows = CommunitySettingsRepository(db)
        self._languages = tuple(languages)
        self._clock = clock
        self._cache: dict[tuple[str, str], tuple[float, Overrides]] = {}

    async def get(self, platform: str, community: str) -> Overrides:
        """The community's overrides (none for DMs and the console: `community` is '')."""
        if not community:
            return NO_OVERRIDES
        key = (platform, community)
        cached = self._cache.get(key)
        now = self._clock()
        if cached is not None and now - cached[0] < CACHE_TTL_S:
            return cached[1]
        overrides = Overrides.from_rows(await self._rows.values(platform, community))
        self._cache[key] = (now, overrides)
        return overrides

    async def set(self, platform: str, community: str, key: str, raw: str, *, by: str) -> Overrides:
        """Parse and store one setting (or remove it with 'default'); log who changed what."""
        name = key.strip().lower()
        value = parse(name, raw, self._languages)  # InputError before anything is written
        if value is None:
            await self._rows.delete(platform, community, name)
        else:
            await self._rows.put(platform, community, name, value, by=by)
        self._cache.pop((platform, community), None)
        log.info(
            "community.setting_changed",
            platform=platform,
            community=community,
            key=name,
            value=value,
            by=by,
        )
        return await self.get(platform, community)

    async def announce_targets(self) -> list[tuple[str, str, str, str | None]]:
        """(platform, community, channel, cron or None) of every community's announcement."""
        rows = await self._rows.with_keys(("announce_channels", "announce_cron"))
        by_community: dict[tuple[str, str], dict[str, Any]] = {}
        for platform, community, key, value in rows:
            by_community.setdefault((platform, community), {})[key] = value
        return [
            (platform, community, str(channel), values.get("announce_cron"))
            for (platform, community), values in sorted(by_community.items())
            for channel in values.get("announce_channels") or ()
        ]
