"""`/mca ask|new|help|forget`: slash commands translated into MentorService calls."""

from __future__ import annotations

import dataclasses
from typing import Any, Literal, cast

import discord
import structlog
from discord import app_commands
from discord.ext import commands

from bot.errors import InputError
from bot.mentor.models import MentorRequest
from bot.mentor.service import MentorService
from bot.platforms.course_room import CourseRoom
from bot.platforms.discord_render import neutralize, thread_name
from bot.platforms.discord_replies import (
    ACKED,
    NO_PINGS,
    DiscordErrors,
    DiscordResponder,
    read_code,
)
from bot.platforms.discord_store import PLATFORM, DiscordStore
from cogs.course import CourseCommands

log = structlog.get_logger()

FORGET_PREFIX = "mca:forget:"
"""Button custom ids: `mca:forget:<confirm|cancel>:<user id>` (stateless, survive restarts)."""
THREAD_ARCHIVE_MINUTES: Literal[1440] = 1440
"""Threads auto-archive after a day without messages."""
QUOTE_CHARS = 300


def locale_of(interaction: discord.Interaction[Any]) -> str:
    """The learner's client locale ('pt-BR'): a strong language signal."""
    return str(interaction.locale.value)


def forget_view(*, user_id: int, confirm: str, cancel: str) -> discord.ui.View:
    """Confirm/cancel buttons; the cog's listener handles the clicks by custom id."""
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            style=discord.ButtonStyle.danger,
            label=confirm,
            custom_id=f"{FORGET_PREFIX}confirm:{user_id}",
        )
    )
    view.add_item(
        discord.ui.Button(
            style=discord.ButtonStyle.secondary,
            label=cancel,
            custom_id=f"{FORGET_PREFIX}cancel:{user_id}",
        )
    )
    return view


class MentorCog(
    CourseCommands, commands.GroupCog, group_name="mca", group_description="MCA Mentor"
):
    """The /mca command group (course subcommands from cogs/course.py). Decides no pedagogy."""

    def __init__(
        self,
        *,
        mentor: MentorService,
        store: DiscordStore,
        responder: DiscordResponder,
        errors: DiscordErrors,
        course_room: CourseRoom | None = None,
    ) -> None:
        self.mentor = mentor
        self.errors = errors
        self.store = store
        self.responder = responder
        self.course_room = course_room
        super().__init__()

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="Your question (a ``` code block is welcome)",
        code="A .py file to run and profile before I answer",
    )
    async def ask(
        self,
        interaction: discord.Interaction[Any],
        question: str,
        code: discord.Attachment | None = None,
    ) -> None:
        """Ask the mentor; the answer comes in a thread."""
        await interaction.response.defer(thinking=True)
        attachments = await read_code(code, max_bytes=self.mentor.settings.max_code_bytes)
        channel = interaction.channel
        existing = (
            await self.store.bot_thread(channel.id) if isinstance(channel, discord.Thread) else None
        )
        request = MentorRequest(
            platform=PLATFORM,
            user=str(interaction.user.id),
            text=question,
            thread=existing.external_id if existing else None,
            channel=str(getattr(channel, "parent_id", None) or interaction.channel_id or ""),
            community=str(interaction.guild_id or ""),
            user_name=interaction.user.display_name,
            locale=locale_of(interaction),
            attachments=attachments,
        )
        if existing is not None and not await self.store.is_thread_owner(
            existing, interaction.user.id
        ):
            # Someone else's mentoring thread: they ask in their own, this one stays theirs.
            raise InputError("This thread belongs to another learner.", key="not_your_thread")
        self.mentor.validate(request)  # refuse bad input before a thread is opened
        self.mentor.admit(request)  # and new questions while the bot shuts down
        if isinstance(channel, discord.Thread) and existing is not None:
            thread = channel
        else:
            parent = channel.parent if isinstance(channel, discord.Thread) else channel
            if not isinstance(parent, discord.TextChannel):
                raise InputError("/mca ask needs a server text channel.", key="needs_text_channel")
            thread = await parent.create_thread(
                name=thread_name(question),
                type=discord.ChannelType.public_thread,
                auto_archive_duration=THREAD_ARCHIVE_MINUTES,
            )
            request = dataclasses.replace(request, thread=str(thread.id), channel=str(parent.id))
        quote = " ".join(question.split())[:QUOTE_CHARS]
        await interaction.edit_original_response(
            content=neutralize(f"🧵 {thread.mention}\n> {quote}"), allowed_mentions=NO_PINGS
        )
        interaction.extras[ACKED] = True
        await self.responder.answer(thread, request)

    @app_commands.command(name="new")
    async def new(self, interaction: discord.Interaction[Any]) -> None:
        """Start a new conversation."""
        lang = self.mentor.language_hint(locale_of(interaction))
        await interaction.response.send_message(
            self.mentor.message(lang, "new_thread"), ephemeral=True, allowed_mentions=NO_PINGS
        )

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction[Any]) -> None:
        """How to use the mentor."""
        lang = self.mentor.language_hint(locale_of(interaction))
        await interaction.response.send_message(
            self.mentor.message(lang, "help"), ephemeral=True, allowed_mentions=NO_PINGS
        )

    @app_commands.command(name="forget")
    async def forget(self, interaction: discord.Interaction[Any]) -> None:
        """Delete everything the mentor stored about you (asks first)."""
        lang = self.mentor.language_hint(locale_of(interaction))
        view = forget_view(
            user_id=interaction.user.id,
            confirm=self.mentor.message(lang, "forget_button"),
            cancel=self.mentor.message(lang, "forget_cancel_button"),
        )
        await interaction.response.send_message(
            self.mentor.message(lang, "forget_confirm"),
            view=view,
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """The forget buttons: only the learner who asked can confirm."""
        if interaction.type is not discord.InteractionType.component:
            return
        data = cast(dict[str, Any], interaction.data or {})
        custom_id = str(data.get("custom_id", ""))
        if not custom_id.startswith(FORGET_PREFIX):
            return
        action, _, owner = custom_id.removeprefix(FORGET_PREFIX).partition(":")
        lang = self.mentor.language_hint(locale_of(interaction))
        try:
            await self._forget_clicked(interaction, action, owner, lang)
        except Exception as exc:  # listeners have no tree error handler: use the platform's
            await self.errors.to_interaction(interaction, exc, lang)

    async def _forget_clicked(
        self, interaction: discord.Interaction[Any], action: str, owner: str, lang: str
    ) -> None:
        if owner != str(interaction.user.id):
            await interaction.response.send_message(
                self.mentor.message(lang, "not_your_button"), ephemeral=True
            )
            return
        if action == "confirm":
            count = await self.mentor.forget(PLATFORM, owner)
            text = self.mentor.message(lang, "forgot", count=count)
        else:
            text = self.mentor.message(lang, "forget_cancelled")
        await interaction.response.edit_message(content=text, view=None)
