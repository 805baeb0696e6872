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


class SlackSettings(BaseModel):
    """Where slack-bolt's Web API client goes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    api_base: str = Field(default="", description="Web API base ('' = slack.com).")
