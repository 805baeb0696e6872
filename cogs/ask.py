"""`/mca ask|new|help|forget`: slash commands translated into MentorService calls."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections.abc import AsyncIterator
from typing import Any, Literal, cast

import discord
import structlog
from discord import app_commands
from discord.ext import commands

from bot.errors import InputError
from bot.mentor.models import Attachment, MentorRequest
from bot.mentor.service import MentorService
from bot.platforms.course_room import CourseRoom
from bot.platforms.delivery import Delivery
from bot.platforms.discord_inbox import (
    RAW_INTERACTION,
    ask_payload,
    attachment_of,
    interaction_key,
    rebuilt_interaction,
    token_alive,
)
from bot.platforms.discord_render import neutralize, thread_name
from bot.platforms.discord_replies import ACKED, NO_PINGS, ChannelSink, DiscordErrors, read_code
from bot.platforms.discord_store import PLATFORM, DiscordStore
from bot.storage.inbox import InboxEvent
from bot.storage.store import ThreadRecord
from cogs.ask_views import FORGET_PREFIX, AskModal, forget_view
from cogs.course import CourseCommands

log = structlog.get_logger()

THREAD_ARCHIVE_MINUTES: Literal[1440] = 1440
"""Threads auto-archive after a day without messages."""
QUOTE_CHARS = 300
REPLAYED = "mca_replayed"
"""`interaction.extras` flag: a rebuilt interaction replayed from the inbox after a crash."""
KEPT = "mca_kept"
"""`interaction.extras`: (inbox key, row payload) of an ask kept in the inbox."""
OPENED = "opened_thread"
"""Row payload field: the thread this ask already opened (a replay answers there)."""


def locale_of(interaction: discord.Interaction[Any]) -> str:
    """The learner's client locale ('pt-BR'): a strong language signal."""
    return str(interaction.locale.value)


@app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
@app_commands.allowed_installs(guilds=True, users=False)
class MentorCog(
    CourseCommands, commands.GroupCog, group_name="mca", group_description="MCA Mentor"
):
    """The /mca command group (course subcommands from cogs/course.py). Decides no pedagogy."""

    def __init__(
        self,
        *,
        mentor: MentorService,
        store: DiscordStore,
        delivery: Delivery,
        errors: DiscordErrors,
        course_room: CourseRoom | None = None,
    ) -> None:
        self.mentor = mentor
        self.errors = errors
        self.store = store
        self.delivery = delivery
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
        question: str | None = None,
        code: discord.Attachment | None = None,
    ) -> None:
        """Ask the mentor; the answer comes in a thread."""
        if not question and code is None:
            # No text: a form with room for a multi-line question and code (slash options are
            # single-line). Opening it is the interaction's answer, so it comes before any defer.
            await interaction.response.send_modal(self._ask_modal(interaction))
            return
        async with self._kept(interaction, question or "", code) as kept:
            if not kept:
                return  # the same interaction delivered twice: its first delivery answers
            await interaction.response.defer(thinking=True)
            attachments = await read_code(code, max_bytes=self.mentor.settings.max_code_bytes)
            await self._ask(interaction, question or "", attachments)

    @contextlib.asynccontextmanager
    async def _kept(
        self,
        interaction: discord.Interaction[Any],
        question: str,
        code: discord.Attachment | None,
    ) -> AsyncIterator[bool]:
        """Keep the ask in the inbox before its ack and run its handler inside the row.

        Yields False when the row already exists (a second delivery). Without a raw payload
        (an interaction not from the gateway) the ask runs unkept.
        """
        raw = RAW_INTERACTION.get()
        if raw is None or int(raw.get("id", 0)) != interaction.id:
            yield True
            return
        key = interaction_key(interaction.id)
        kept = ask_payload(raw, question, code)
        if not await self.store.inbox.accept(PLATFORM, key, kept):
            yield False
            return
        interaction.extras[KEPT] = (key, kept)
        async with self.store.inbox.handling(key):
            yield True

    async def replay(self, event: InboxEvent, client: discord.Client) -> None:
        """An ask kept before a crash: the thread and the answer now, the question shown once.

        Within the token's 15 minutes the original "thinking..." response is edited; after it,
        the question is posted in the channel (see bot/platforms/discord_inbox.py).
        """
        data = event.payload
        interaction = rebuilt_interaction(data, client)
        interaction.extras[REPLAYED] = True
        interaction.extras[KEPT] = (event.key, data)
        question = str(data.get("question") or "")
        lang = self.mentor.language_hint(locale_of(interaction), question)
        async with self.store.inbox.handling(event.key):
            if not await _was_acked(interaction):
                # Discord told the learner the app did not respond: they ask again if they
                # still want to (the bench's learners do), so answering now would answer twice.
                log.info("discord.ask_unacked_dropped", key=event.key)
                return
            try:
                limit = self.mentor.settings.max_code_bytes
                attachments = await read_code(attachment_of(data, client), max_bytes=limit)
                await self._ask(interaction, question, attachments)
            except Exception as exc:  # no live interaction to answer privately: the channel
                channel = interaction.channel
                if isinstance(channel, discord.abc.Messageable):
                    await self.errors.to_channel(channel, exc, lang)
                log.warning("discord.ask_replay_failed", key=event.key, error=str(exc))

    def _ask_modal(self, interaction: discord.Interaction[Any]) -> AskModal:
        lang = self.mentor.language_hint(locale_of(interaction))
        say = functools.partial(self.mentor.message, lang)
        return AskModal(
            title=say("ask_form_title"),
            question_label=say("ask_form_question"),
            code_label=say("ask_form_code"),
            submit=self._modal_submitted,
            failed=lambda i, exc: self.errors.to_interaction(i, exc, lang),
        )

    async def _modal_submitted(
        self, interaction: discord.Interaction[Any], question: str, code: str
    ) -> None:
        """The form's question, with its code as a fenced block the sandbox runs."""
        text = question.strip()
        if code.strip():
            text = f"{text}\n```python\n{code.strip()}\n```"
        async with self._kept(interaction, text, None) as kept:
            if not kept:
                return
            await interaction.response.defer(thinking=True)
            await self._ask(interaction, text, ())

    async def _ask(
        self,
        interaction: discord.Interaction[Any],
        question: str,
        attachments: tuple[Attachment, ...],
    ) -> None:
        """The deferred ask: a thread (a DM is its own private thread), then the answer."""
        channel = interaction.channel
        direct = interaction.guild_id is None
        in_thread = isinstance(channel, discord.Thread) or direct
        existing = (
            await self.store.bot_thread(int(interaction.channel_id or 0)) if in_thread else None
        )
        dm_thread = str(interaction.channel_id) if direct else None
        request = MentorRequest(
            platform=PLATFORM,
            user=str(interaction.user.id),
            text=question,
            thread=existing.external_id if existing else dm_thread,
            channel=str(getattr(channel, "parent_id", None) or interaction.channel_id or ""),
            community=str(interaction.guild_id or ""),
            user_name=interaction.user.display_name,
            locale=locale_of(interaction),
            attachments=attachments,
        )
        await self._community_allows(interaction)
        if existing is not None and not await self.store.is_thread_owner(
            existing, interaction.user.id
        ):
            # Someone else's mentoring thread: they ask in their own, this one stays theirs.
            raise InputError("This thread belongs to another learner.", key="not_your_thread")
        # Checked once (bad input, a draining bot) before a thread is opened; the drain
        # counts the thread's opening and its answer as one turn.
        async with self.delivery.checked(request) as checked:
            thread, request = await self._open_thread(interaction, request, existing)
            if existing is None and not direct:
                await self._note_thread(interaction, thread)
            quote = " ".join(question.split())[:QUOTE_CHARS]
            where = "💬" if direct else f"🧵 {getattr(thread, 'mention', '')}"
            await self._show_question(interaction, neutralize(f"{where}\n> {quote}"))
            await self.delivery.answer(ChannelSink(thread, self.store), request, checked)

    async def _show_question(self, interaction: discord.Interaction[Any], content: str) -> None:
        """Replace "thinking..." with the question; a late replay posts it in the channel."""
        if not interaction.extras.get(REPLAYED):
            await interaction.edit_original_response(content=content, allowed_mentions=NO_PINGS)
            interaction.extras[ACKED] = True
            return
        if token_alive(interaction):
            try:
                await interaction.edit_original_response(content=content, allowed_mentions=NO_PINGS)
            except discord.HTTPException as exc:  # never acked, or the token is gone
                log.info("discord.replay_not_edited", interaction=interaction.id, error=str(exc))
            else:
                interaction.extras[ACKED] = True
                return
        channel = interaction.channel
        if isinstance(channel, discord.abc.Messageable):
            await channel.send(content, allowed_mentions=NO_PINGS)

    async def _note_thread(
        self, interaction: discord.Interaction[Any], thread: discord.abc.Messageable
    ) -> None:
        """Remember in the ask's inbox row the thread it opened: a replay answers there."""
        key, kept = interaction.extras.get(KEPT) or (None, None)
        thread_id = getattr(thread, "id", None)
        if key is None or kept is None or kept.get(OPENED) == thread_id:
            return
        kept[OPENED] = thread_id
        await self.store.inbox.update(key, kept)

    async def _opened_before(self, interaction: discord.Interaction[Any]) -> discord.Thread | None:
        """On replay, the thread the first attempt opened before it died (None: none, or gone)."""
        _, kept = interaction.extras.get(KEPT) or (None, None)
        opened = kept.get(OPENED) if kept and interaction.extras.get(REPLAYED) else None
        if not isinstance(opened, int):
            return None
        try:
            channel = await interaction.client.fetch_channel(opened)
        except discord.HTTPException:  # deleted meanwhile: open a new one
            return None
        return channel if isinstance(channel, discord.Thread) else None

    async def _open_thread(
        self,
        interaction: discord.Interaction[Any],
        request: MentorRequest,
        existing: ThreadRecord | None,
    ) -> tuple[discord.abc.Messageable, MentorRequest]:
        """Where the answer goes: the DM, the bot's thread or forum post, or a new thread."""
        channel = interaction.channel
        opened = await self._opened_before(interaction) if existing is None else None
        if opened is not None:
            where = str(opened.parent_id or request.channel)
            return opened, dataclasses.replace(request, thread=str(opened.id), channel=where)
        if interaction.guild_id is None:  # a DM is the learner's private thread
            thread: discord.abc.Messageable = (
                channel
                if isinstance(channel, discord.DMChannel | discord.PartialMessageable)
                else await interaction.user.create_dm()
            )
            return thread, request
        if isinstance(channel, discord.Thread) and (
            existing is not None or isinstance(channel.parent, discord.ForumChannel)
        ):
            # the bot's thread, or a forum post: answered where it was asked
            if existing is None:
                request = dataclasses.replace(request, thread=str(channel.id))
            return channel, request
        parent = channel.parent if isinstance(channel, discord.Thread) else channel
        if not isinstance(parent, discord.TextChannel):
            raise InputError("/mca ask needs a server text channel.", key="needs_text_channel")
        created = await parent.create_thread(
            name=thread_name(request.text),
            type=discord.ChannelType.public_thread,
            auto_archive_duration=THREAD_ARCHIVE_MINUTES,
        )
        return created, dataclasses.replace(request, thread=str(created.id), channel=str(parent.id))

    async def _community_allows(self, interaction: discord.Interaction[Any]) -> None:
        """The server's own rules: its mentoring channels and the roles that may ask."""
        community = self.mentor.community
        if community is None or interaction.guild_id is None:
            return
        rules = await community.get(PLATFORM, str(interaction.guild_id))
        channel = interaction.channel
        parent = str(getattr(channel, "parent_id", None) or "")
        if not rules.allows_channel(str(interaction.channel_id or ""), parent):
            raise InputError(
                "Not a mentoring channel.",
                key="community_not_here",
                channels=", ".join(f"<#{c}>" if c.isdigit() else f"#{c}" for c in rules.channels),
            )
        member = interaction.user
        roles = (
            [str(r.id) for r in member.roles] + [r.name for r in member.roles]
            if isinstance(member, discord.Member)
            else []
        )
        if not rules.allows_roles(roles):
            raise InputError(
                "A role is needed to ask here.",
                key="community_role_needed",
                roles=", ".join(rules.roles),
            )

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
            forgotten = await self.mentor.forget(PLATFORM, owner)
            text = self.mentor.message(lang, "forgot", **forgotten.params())
        else:
            text = self.mentor.message(lang, "forget_cancelled")
        await interaction.response.edit_message(content=text, view=None)


async def _was_acked(interaction: discord.Interaction[Any]) -> bool:
    """Whether Discord took the ask's "thinking..." ack (within the token's life; after: yes).

    A process killed between keeping an ask and acking it leaves a row whose learner was
    told it failed. Discord keeps no original response for such an interaction (404).
    """
    if not token_alive(interaction):
        return True  # cannot be asked any more: answer, as a kept question must be
    try:
        await interaction.original_response()
    except discord.NotFound:
        return False
    except discord.HTTPException:
        return True  # Discord could not say: answering is the safe side
    return True
