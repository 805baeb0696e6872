"""Community settings rows: one JSON value per (platform, community, key), with who set it."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

from bot.storage.database import Database


class CommunitySettingsRepository:
    """Stores what a community's admins changed (table community_settings)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def values(self, platform: str, community: str) -> dict[str, Any]:
        """Every stored key of one community, values decoded."""
        rows = await self._db.fetchall(
            "SELECT key, value FROM community_settings WHERE platform = ? AND community = ?",
            (platform, community),
        )
        return {str(r["key"]): json.loads(r["value"]) for r in rows}

    async def put(self, platform: str, community: str, key: str, value: Any, *, by: str) -> None:
        """Set one key (replacing its value, recording who and when)."""
        await self._db.execute(
            "INSERT INTO community_settings"
            " (platform, community, key, value, updated_by, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, community, key) DO UPDATE SET"
            " value = excluded.value, updated_by = excluded.updated_by,"
            " updated_at = excluded.updated_at",
            (platform, community, key, json.dumps(value), by, time.time()),
        )

    async def delete(self, platform: str, community: str, key: str) -> None:
        """Remove one key (the TOML default applies again)."""
        await self._db.execute(
            "DELETE FROM community_settings WHERE platform = ? AND community = ? AND key = ?",
            (platform, community, key),
        )

    async def with_keys(self, keys: Iterable[str]) -> list[tuple[str, str, str, Any]]:
        """(platform, community, key, value) of every community that set one of `keys`."""
        wanted = sorted(set(keys))
        marks = ", ".join("?" for _ in wanted)
        rows = await self._db.fetchall(
            "SELECT platform, community, key, value FROM community_settings"  # noqa: S608
            f" WHERE key IN ({marks})",  # placeholders only; the keys are parameters
            wanted,
        )
        return [
            (str(r["platform"]), str(r["community"]), str(r["key"]), json.loads(r["value"]))
            for r in rows
        ]
