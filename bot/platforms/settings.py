"""Platform settings (`[discord]`, `[slack]`); tokens come from the environment only."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class DiscordSettings(BaseModel):
    """Where discord.py connects; the endpoints are settings so tests can point at a fake."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    api_base: str = Field(default="", description="REST base ('' = discord.com).")
    gateway_url: str = Field(default="", description="Gateway websocket URL ('' = Discord's).")
    dev_guild_id: int = Field(
        default=0, ge=0, description="Sync commands to this guild (0 = global)."
    )
    edit_interval_s: float = Field(
        default=1.0,
        ge=0.0,
        le=10.0,
        description="Minimum seconds between streaming preview edits per channel (0 = none).",
    )
    forum_channels: list[str] = Field(
        default_factory=lambda: ["*"],
        description="Forum channels whose new posts the bot answers: ids, '*' = every forum "
        "it can read, empty = none (`/mca ask` inside any post still works).",
    )

    guild_ready_timeout_s: float = Field(
        default=0.5,
        ge=0.0,
        le=10.0,
        description="Seconds discord.py waits after the last GUILD_CREATE before the session "
        "is ready (its own default: 2.0; a late guild still arrives after).",
    )

    shard_count: int = Field(
        default=0,
        ge=0,
        le=16384,
        description="Discord shards in all (MCA_DISCORD_SHARD_COUNT); 0 = one unsharded "
        "connection.",
    )
    shard_ids: list[int] = Field(
        default_factory=list,
        description="Shards this process runs (MCA_DISCORD_SHARD_IDS=0,1); empty = all of "
        "shard_count.",
    )
    sync_commands: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="Sync the slash commands at start: auto = only the process that runs "
        "shard 0 (every process when unsharded).",
    )

    @model_validator(mode="after")
    def _shards_in_range(self) -> DiscordSettings:
        """Shard ids name shards of shard_count, each once (Discord refuses others)."""
        if self.shard_ids and not self.shard_count:
            raise ValueError("shard_ids needs shard_count (MCA_DISCORD_SHARD_COUNT)")
        wrong = [i for i in self.shard_ids if not 0 <= i < self.shard_count]
        if wrong:
            raise ValueError(f"shard ids {wrong} are not in 0..{self.shard_count - 1}")
        if len(set(self.shard_ids)) != len(self.shard_ids):
            raise ValueError("shard_ids names a shard twice")
        return self

    @property
    def sharded(self) -> bool:
        """Whether this process runs chosen shards (AutoShardedClient) instead of one socket."""
        return self.shard_count > 0

    @property
    def my_shards(self) -> list[int]:
        """The shards this process connects (all of shard_count when none are named)."""
        return list(self.shard_ids) or list(range(self.shard_count))

    @property
    def syncs_commands(self) -> bool:
        """Whether this process syncs the command tree (one process of a fleet is enough)."""
        if self.sync_commands != "auto":
            return self.sync_commands == "on"
        return not self.sharded or 0 in self.my_shards

    def answers_forum(self, forum_id: int) -> bool:
        """Whether a new post in this forum channel is a question for the mentor."""
        return "*" in self.forum_channels or str(forum_id) in self.forum_channels


class SlackSettings(BaseModel):
    """Where slack-bolt's Web API client goes, and how the Slack face paces itself."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    api_base: str = Field(default="", description="Web API base ('' = slack.com).")
    edit_interval_s: float = Field(
        default=1.0, ge=0.2, le=10.0, description="Minimum seconds between streaming edits."
    )
    claim_ttl_s: float = Field(
        default=86400.0, ge=600.0, description="How long an event id is remembered (retries)."
    )
    locale_ttl_s: float = Field(
        default=3600.0, ge=0.0, description="How long a learner's Slack locale is cached."
    )
    max_retries_429: int = Field(
        default=3, ge=0, le=10, description="Retries of a rate-limited Web API call."
    )
