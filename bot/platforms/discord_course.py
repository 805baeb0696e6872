"""Course room on Discord: the announcement Poster, private (ephemeral) answers, submissions."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import discord
import structlog

from bot.errors import InputError
from bot.platforms.discord_render import neutralize, split_message
from bot.platforms.discord_replies import ACKED, NO_PINGS, download_checked
from bot.text.file_text import file_text

log = structlog.get_logger()

SUBMISSION_SUFFIXES = (".py", ".md", ".txt")
"""Code for checked tasks, a report for review tasks."""
READY_TIMEOUT_S = 30.0
"""How long a scheduled post waits for the gateway before it fails (and is retried later)."""
PROGRESS_FILENAME = "progress.png"


class DiscordPoster:
    """Poster for the weekly announcement: a plain message in a text channel, nobody pinged."""

    platform = "discord"

    def __init__(self) -> None:
        self.client: discord.Client | None = None

    async def post(self, channel: str, text: str) -> None:
        """Send `text` to the channel id; raises when it cannot (the week is then retried)."""
        client = self.client
        if client is None or client.is_closed():
            raise RuntimeError("Discord is not connected")
        await asyncio.wait_for(client.wait_until_ready(), READY_TIMEOUT_S)
        target = client.get_channel(int(channel)) or await client.fetch_channel(int(channel))
        if not isinstance(target, discord.abc.Messageable):
            raise TypeError(f"Discord channel {channel} cannot take messages")
        for part in split_message(neutralize(text)):
            await target.send(part, allowed_mentions=NO_PINGS)


async def send_private(
    interaction: discord.Interaction[Any], text: str, *, png: bytes | None = None
) -> None:
    """Answer only the person who asked (ephemeral), split under Discord's limit.

    Works whether the interaction was deferred or not; a PNG goes with the first part.
    """
    parts = split_message(neutralize(text)) or ["…"]
    for index, part in enumerate(parts):
        extra: dict[str, Any] = {}
        if png is not None and index == 0:
            extra["file"] = discord.File(io.BytesIO(png), filename=PROGRESS_FILENAME)
        if index == 0 and not interaction.response.is_done():
            await interaction.response.send_message(
                part, ephemeral=True, allowed_mentions=NO_PINGS, **extra
            )
        else:
            await interaction.followup.send(
                part, ephemeral=True, allowed_mentions=NO_PINGS, **extra
            )
    interaction.extras[ACKED] = True


async def read_submission(attachment: discord.Attachment | None, *, max_bytes: int) -> str:
    """The text of a submitted file (.py code or a .md/.txt report), checked before download."""
    if attachment is None:
        return ""
    content = await download_checked(attachment, suffixes=SUBMISSION_SUFFIXES, max_bytes=max_bytes)
    text = file_text(content)  # a UTF-16 .py from a Windows editor is text (review10 T22)
    if text is not None:
        return text
    if b"\x00" in content:  # a binary file named .py: "attach it as .py" would not help (R38)
        raise InputError(
            f"{attachment.filename} holds binary data.",
            key="attachment_binary",
            filename=attachment.filename,
        )
    return content.decode("utf-8", "replace")
