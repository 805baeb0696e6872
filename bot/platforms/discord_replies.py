"""Answering on Discord: a turn streamed into a thread, the sandbox report, and errors.

The cogs translate interactions and messages into `MentorRequest`s and hand them here; this
module owns how a reply looks on Discord. `DiscordErrors` is the platform's one error handler.

Exactly once: the streamed placeholder is recorded in the outbox as part 0 as soon as the
turn is stored, and every later part is posted with the nonce `<turn>.<part>` (discord.py sends
it with `enforce_nonce`, so Discord returns the first message for a repeat within its nonce
window); `redeliver` (after a crash) edits the recorded parts and posts the missing ones.
"""

from __future__ import annotations

import asyncio
import io
import uuid
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import discord
import structlog

from bot.errors import InputError, UserFacingError
from bot.mentor.models import Attachment, MentorReply, MentorRequest
from bot.mentor.recovery import Outbox
from bot.mentor.service import MentorService
from bot.platforms.discord_render import neutralize, render_report, split_message
from bot.platforms.discord_store import PLATFORM, DiscordStore
from bot.platforms.discord_stream import EditPacer, ReplyStream

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
    """A `MessageSink` over a Discord channel or thread; nothing it posts pings anyone."""

    def __init__(self, channel: discord.abc.Messageable) -> None:
        self.channel = channel
        self.turn: int | None = None
        """Once the turn is stored, parts are posted with a nonce (exactly once)."""
        self.sent: list[discord.Message] = []

    async def send(self, text: str) -> discord.Message:
        """Post a message."""
        if self.turn is None:
            message = await self.channel.send(text, allowed_mentions=NO_PINGS)
        else:
            nonce = reply_nonce(self.turn, len(self.sent))
            message = await self.channel.send(text, allowed_mentions=NO_PINGS, nonce=nonce)
        self.sent.append(message)
        return message

    async def edit(self, handle: discord.Message, text: str) -> None:
        """Edit a message the bot posted."""
        await handle.edit(content=text, allowed_mentions=NO_PINGS)

    async def delete(self, handle: discord.Message) -> None:
        """Delete a message the bot posted."""
        await handle.delete()


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
class DiscordResponder:
    """Runs one learner turn into a thread: placeholder, streamed edits, parts, report."""

    mentor: MentorService
    store: DiscordStore
    pacer: EditPacer
    outbox: Outbox | None = None
    """Where turns are registered for delivery (None: no recovery, e.g. in unit tests)."""
    _locks: dict[str, asyncio.Lock] = field(default_factory=dict)

    async def answer(self, thread: discord.abc.Messageable, request: MentorRequest) -> MentorReply:
        """Answer in `thread`; turns in one thread are answered one at a time, in order."""
        key = request.thread or ""
        async with self.mentor.drain.track(), self._locks.setdefault(key, asyncio.Lock()):
            return await self._answer(thread, request)

    async def _answer(self, thread: discord.abc.Messageable, request: MentorRequest) -> MentorReply:
        channel_id = int(getattr(thread, "id", 0))
        sink = ChannelSink(thread)
        stream: ReplyStream[discord.Message] = ReplyStream(sink, self.pacer, channel_id)
        await stream.start()

        async def accepted(turn_id: int) -> None:
            sink.turn = turn_id
            if self.outbox is not None:
                first = str(sink.sent[0].id) if sink.sent else None
                await self.outbox.accept(turn_id, PLATFORM, first_part=first)

        try:
            reply = await self.mentor.handle(
                request, on_progress=stream.update, on_accepted=accepted
            )
        except BaseException:
            await stream.abort()
            raise
        messages = await stream.finish(reply.text)
        parts = [str(m.id) for m in messages]
        if reply.sandbox is not None:
            messages.append(await self._post_report(thread, reply))
        await self.store.record_parts(reply.reply_id, [m.id for m in messages])
        if self.outbox is not None:
            await self.outbox.delivered(reply.turn_id, parts)
        log.info(
            "discord.reply_posted",
            thread=request.thread,
            parts=len(messages),
            edits=stream.edits,
            engine=reply.engine,
        )
        return reply

    async def redeliver(
        self, channel: discord.abc.Messageable, *, turn_id: int, reply_id: int, markdown: str
    ) -> None:
        """A recovered reply: edit the parts recorded for the turn, post the missing ones."""
        assert self.outbox is not None
        known = await self.outbox.parts(turn_id)
        texts = split_message(neutralize(markdown)) or ["…"]
        ids: list[int] = []
        for index, text in enumerate(texts):
            message: discord.Message | None = None
            if index in known and isinstance(channel, discord.PartialMessageable | discord.Thread):
                try:
                    message = await channel.get_partial_message(int(known[index])).edit(
                        content=text, allowed_mentions=NO_PINGS
                    )
                except discord.NotFound:
                    message = None  # deleted meanwhile: post it again
            if message is None:
                message = await channel.send(
                    text, allowed_mentions=NO_PINGS, nonce=reply_nonce(turn_id, index)
                )
                await self.outbox.record_part(turn_id, index, str(message.id))
            ids.append(message.id)
        await self.store.record_parts(reply_id, ids)
        log.info("discord.reply_redelivered", turn=turn_id, parts=len(ids))

    async def _post_report(
        self, thread: discord.abc.Messageable, reply: MentorReply
    ) -> discord.Message:
        assert reply.sandbox is not None
        view = render_report(reply.sandbox)
        if view.attachment is None:
            return await thread.send(view.summary, allowed_mentions=NO_PINGS)
        file = discord.File(io.BytesIO(view.attachment.encode("utf-8")), filename=REPORT_FILENAME)
        return await thread.send(view.summary, file=file, allowed_mentions=NO_PINGS)


@dataclass
class DiscordErrors:
    """The platform's one error handler: a polite message for the learner, a reference in the log."""

    mentor: MentorService

    def text_for(self, error: BaseException, language: str, **context: Any) -> str:
        """What the learner reads; internal errors get a reference id that is also logged."""
        if isinstance(error, discord.app_commands.CommandInvokeError):
            error = error.original
        if isinstance(error, UserFacingError):
            log.info("discord.input_refused", key=error.key, error=error.message, **context)
            return self.mentor.error_text(error, language)
        ref = uuid.uuid4().hex[:8]
        log.error("discord.error", ref=ref, exc_info=error, **context)
        return self.mentor.message(language, "internal_error", ref=ref)

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
