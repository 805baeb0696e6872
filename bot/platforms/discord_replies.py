"""Discord's reply sink, its file downloads and its interaction errors.

The cogs translate interactions and messages into `MentorRequest`s and deliver them through
bot/platforms/delivery.py into a `ChannelSink`; this module owns how a reply looks on
Discord. `DiscordErrors` shows the one error table's text on an interaction.

Exactly once: every part posted after the turn is stored carries the nonce `<turn>.<part>`
(discord.py sends it with `enforce_nonce`, so Discord returns the first message for a repeat
within its nonce window).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import discord
import structlog

from bot.errors import InputError
from bot.mentor.models import Attachment, MentorReply
from bot.platforms.delivery import LearnerErrors
from bot.platforms.discord_render import neutralize, render_report, split_message
from bot.platforms.discord_store import DiscordStore
from bot.platforms.streaming import PLACEHOLDER, Marker

log = structlog.get_logger()

NO_PINGS = discord.AllowedMentions.none()
"""Every message the bot posts: nobody is pinged, whatever the text says."""
CODE_SUFFIXES = (".py",)
TEXT_SUFFIXES = (".txt", ".log")
"""Read as text beside the question (a traceback, a log, profiler output), never run."""
REPORT_FILENAME = "sandbox-report.txt"
ACKED = "mca_acked"
"""`interaction.extras` flag: the deferred 'thinking' message was already replaced."""


def reply_nonce(turn_id: int, part: int) -> str:
    """The nonce of part `part` of a turn's reply (Discord allows 25 characters)."""
    return f"{turn_id}.{part}"


class ChannelSink:
    """A `ReplySink` over a Discord channel or thread; nothing it posts pings anyone."""

    placeholder: str | None = PLACEHOLDER

    def __init__(self, channel: discord.abc.Messageable, store: DiscordStore) -> None:
        self.target = channel
        self.channel = int(getattr(channel, "id", 0))
        self._store = store
        self._posted: dict[str, discord.Message] = {}

    def render(self, markdown: str) -> list[str]:
        """Discord's parts: <= 2000 characters each, fences balanced, mass mentions broken."""
        return split_message(neutralize(markdown))

    async def post(self, part: str, marker: Marker | None = None) -> str:
        """Post a message (with the nonce `<turn>.<part>` once the turn is stored)."""
        if marker is None:
            message = await self.target.send(part, allowed_mentions=NO_PINGS)
        else:
            message = await self.target.send(
                part, allowed_mentions=NO_PINGS, nonce=reply_nonce(*marker)
            )
        self._posted[str(message.id)] = message
        return str(message.id)

    def _message(self, ref: str) -> discord.Message | discord.PartialMessage | None:
        message = self._posted.get(ref)
        if message is not None:
            return message
        if isinstance(
            self.target,
            discord.PartialMessageable | discord.Thread | discord.TextChannel | discord.DMChannel,
        ):
            return self.target.get_partial_message(int(ref))
        return None

    async def edit(self, ref: str, part: str) -> bool:
        """Edit a message the bot posted; False when it is gone."""
        message = self._message(ref)
        if message is None:
            return False
        try:
            await message.edit(content=part, allowed_mentions=NO_PINGS)
        except discord.NotFound:
            return False
        return True

    async def delete(self, ref: str) -> None:
        """Delete a message the bot posted."""
        message = self._message(ref)
        if message is not None:
            await message.delete()

    async def marked(self, turn_id: int) -> dict[int, str]:
        """Nothing to search: Discord itself returns the first message for a repeated nonce."""
        return {}

    async def extras(self, reply: MentorReply) -> list[str]:
        """The sandbox report, when the learner's code ran."""
        if reply.sandbox is None:
            return []
        view = render_report(reply.sandbox)
        if view.attachment is None:
            message = await self.target.send(view.summary, allowed_mentions=NO_PINGS)
        else:
            data = io.BytesIO(view.attachment.encode("utf-8"))
            file = discord.File(data, filename=REPORT_FILENAME)
            message = await self.target.send(view.summary, file=file, allowed_mentions=NO_PINGS)
        return [str(message.id)]

    def reply_ref(self, refs: Sequence[str]) -> str | None:
        """None: `delivered` records every part, the first as the reply's id."""
        return None

    async def delivered(self, reply_id: int, refs: Sequence[str]) -> None:
        """Every message of the reply (reactions on any part count as feedback on it)."""
        await self._store.record_parts(reply_id, [int(r) for r in refs])


async def download_checked(
    attachment: discord.Attachment, *, suffixes: tuple[str, ...], max_bytes: int
) -> bytes:
    """Download a learner's file after checking its name and size (a wrong file costs nothing)."""
    if PurePath(attachment.filename).suffix.lower() not in suffixes:
        raise InputError(
            f"{attachment.filename} is not a .py, .txt or .log file.",
            key="code_not_python",
            filename=attachment.filename,
        )
    if attachment.size > max_bytes:
        raise InputError(
            f"{attachment.filename} is {attachment.size} bytes; the limit is {max_bytes}.",
            key="code_too_large",
            size=attachment.size,
            limit=max_bytes,
        )
    try:
        return await attachment.read()
    except (discord.HTTPException, discord.NotFound) as exc:
        raise InputError(
            f"Could not download {attachment.filename}: {exc}.",
            key="code_download_failed",
            filename=attachment.filename,
        ) from exc


async def read_code(
    attachment: discord.Attachment | None, *, max_bytes: int
) -> tuple[Attachment, ...]:
    """The learner's .py (run and profiled) or .txt/.log (read) file, checked before download."""
    if attachment is None:
        return ()
    content = await download_checked(
        attachment, suffixes=CODE_SUFFIXES + TEXT_SUFFIXES, max_bytes=max_bytes
    )
    return (Attachment(attachment.filename, content),)


@dataclass
class DiscordErrors:
    """The platform's one error handler: a polite message for the learner, a reference in the log."""

    table: LearnerErrors

    def text_for(self, error: BaseException, language: str, **context: Any) -> str:
        """What the learner reads, from the one table (bot/platforms/delivery.py)."""
        if isinstance(error, discord.app_commands.CommandInvokeError):
            error = error.original
        return self.table.text_for(error, language, **context)

    async def to_interaction(
        self, interaction: discord.Interaction[Any], error: BaseException, language: str
    ) -> None:
        """Tell the learner privately (ephemeral), whatever state the interaction is in."""
        name = interaction.command.qualified_name if interaction.command else None
        text = self.text_for(error, language, command=name, interaction=interaction.id)
        try:
            if not interaction.response.is_done():
                await interaction.response.send_message(
                    text, ephemeral=True, allowed_mentions=NO_PINGS
                )
                return
            if not interaction.extras.get(ACKED):
                # The public "thinking..." message would swallow the first followup's ephemeral
                # flag: remove it, so the error is shown to the learner only.
                await interaction.delete_original_response()
                interaction.extras[ACKED] = True
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:
            log.warning("discord.error_not_delivered", error=str(exc), interaction=interaction.id)

    async def to_channel(
        self, channel: discord.abc.Messageable, error: BaseException, language: str
    ) -> None:
        """Tell the learner in the thread (plain messages have no private reply)."""
        text = self.text_for(error, language, channel=getattr(channel, "id", None))
        try:
            await channel.send(text, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:
            log.warning("discord.error_not_delivered", error=str(exc))
