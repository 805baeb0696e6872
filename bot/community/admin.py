"""`show` and `set` for a community's admins: the text every platform's admin command prints.

Platforms check who may run these (Discord Manage Server, Slack workspace admins, configured
roles) and which community they act for; this module only reads, changes and describes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.community.keys import KEYS
from bot.community.service import CommunitySettings, Overrides
from bot.mentor.i18n import Catalog


@dataclass(frozen=True)
class Defaults:
    """The TOML values a community's settings fall back to."""

    language: str
    model: str
    daily_tokens: int
    announce_cron: str
    announce_channels: dict[str, list[str]]


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "-"
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


class CommunityAdmin:
    """Describes and changes one community's settings, in the admin's language."""

    def __init__(
        self, *, settings: CommunitySettings, defaults: Defaults, catalog: Catalog
    ) -> None:
        self.settings = settings
        self.defaults = defaults
        self.catalog = catalog

    def _default(self, key: str, platform: str, language: str) -> str:
        say = self.catalog.message
        values: dict[str, str] = {
            "channels": say(language, "community_every_channel"),
            "roles": say(language, "community_everyone"),
            "language": self.defaults.language,
            "announce_channels": _shown(self.defaults.announce_channels.get(platform, [])),
            "announce_cron": self.defaults.announce_cron,
            "model": self.defaults.model,
            "daily_tokens": str(self.defaults.daily_tokens),
        }
        return values[key]

    def describe(self, platform: str, overrides: Overrides, language: str) -> str:
        """Every setting with its value; `*` marks the ones this community set."""
        lines = [self.catalog.message(language, "community_show_title")]
        for key in KEYS:
            if key in overrides.raw:
                value, mark = _shown(overrides.raw[key]), "*"
            else:
                value, mark = self._default(key, platform, language), ""
            meaning = self.catalog.message(language, f"community_key_{key}")
            lines.append(f"- `{key}`{mark}: {value} ({meaning})")
        lines.append(self.catalog.message(language, "community_usage", keys=", ".join(KEYS)))
        return "\n".join(lines)

    async def show(self, platform: str, community: str, language: str) -> str:
        """`show`: the community's settings."""
        return self.describe(platform, await self.settings.get(platform, community), language)

    async def set(
        self, platform: str, community: str, key: str, raw: str, *, by: str, language: str
    ) -> str:
        """`set KEY VALUE` (`default` resets): stored, applied from the next message."""
        name = key.strip().lower()
        overrides = await self.settings.set(platform, community, name, raw, by=by)
        if name in overrides.raw:
            return self.catalog.message(
                language, "community_changed", key=name, value=_shown(overrides.raw[name])
            )
        return self.catalog.message(
            language, "community_reset", key=name, value=self._default(name, platform, language)
        )
