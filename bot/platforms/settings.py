"""Platform settings (`[discord]`, `[slack]`); tokens come from the environment only."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


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
