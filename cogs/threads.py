"""Plain messages in the bot's threads continue the conversation; 👍/👎 become feedback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import discord
import structlog
from discord.ext import commands

from bot.mentor.service import MentorService
from bot.platforms.delivery import Delivery
from bot.platforms.discord_inbox import learner_request, message_key, payload
from bot.platforms.discord_replies import (
    CODE_SUFFIXES,
    TEXT_SUFFIXES,
    ChannelSink,
    DiscordErrors,
    read_code,
)
from bot.platforms.discord_store import PLATFORM, DiscordStore

log = structlog.get_logger()

FEEDBACK = {"👍": 1, "👎": -1}
"""Reactions stored as feedback on a reply, and their values."""
READABLE = CODE_SUFFIXES + TEXT_SUFFIXES
"""Attachments a follow-up may carry: code to run, or a log/traceback to read."""
CONVERSATION_MESSAGES = (discord.MessageType.default, discord.MessageType.reply)


class ThreadCog(commands.Cog):
    """Listens in threads the bot started; ignores bots, other threads and other people."""

    def __init__(
        self,
        *,
        mentor: MentorService,
        store: DiscordStore,
        delivery: Delivery,
        errors: DiscordErrors,
        forum_answered: Callable[[int], bool] = lambda _forum: False,
    ) -> None:
        self.forum_answered = forum_answered
        """Whether new posts in a forum channel (by id) are questions for the mentor."""
        self.mentor = mentor
        self.store = store
        self.delivery = delivery
        self.errors = errors

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """A learner's message in their mentoring thread (or a DM to the bot) is their next turn."""
        if message.author.bot:
            return
        if message.type not in CONVERSATION_MESSAGES:
            return
        if not message.content.strip() and not message.attachments:
            return
        direct = message.guild is None and isinstance(message.channel, discord.DMChannel)
        if message.guild is None and not direct:
            return
        if isinstance(message.channel, discord.abc.GuildChannel):
            return  # top-level channel chatter: the bot answers only in threads and DMs
        code = next((a for a in message.attachments if a.filename.lower().endswith(READABLE)), None)
        kept = payload(
            message, forum=self._is_forum_question(message), direct=direct, attachment=code
        )
        # kept before any store read: a crash from here on replays it (discord_inbox.py)
        key = message_key(message.id)
        if not await self.store.inbox.accept(PLATFORM, key, kept):
            return
        async with self.store.inbox.handling(key):
            turn = await learner_request(self.store, kept)
            if turn is None:
                return  # someone else's thread, or another learner in it: not a turn
            request, language = turn
            lang = language or self.mentor.language_hint(None, message.content)
            try:
                limit = self.mentor.settings.max_code_bytes
                request = replace(request, attachments=await read_code(code, max_bytes=limit))
                await self.delivery.answer(ChannelSink(message.channel, self.store), request)
            except Exception as exc:  # one handler for the platform: a reply in the thread
                await self.errors.to_channel(message.channel, exc, lang)

    def _is_forum_question(self, message: discord.Message) -> bool:
        """The starter message of a new post in a forum the bot answers (its id is the post's)."""
        channel = message.channel
        return (
            isinstance(channel, discord.Thread)
            and isinstance(channel.parent, discord.ForumChannel)
            and message.id == channel.id
            and self.forum_answered(channel.parent.id)
        )

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        """👍/👎 from a learner on any part of a reply is stored as feedback on that turn."""
        value = FEEDBACK.get(str(payload.emoji))
        if value is None or (payload.member is not None and payload.member.bot):
            return
        try:
            stored = await self.store.add_feedback(payload.message_id, payload.user_id, value)
        except Exception:  # feedback is best effort; never let it break the listener
            log.exception("discord.feedback_failed", message=payload.message_id)
            return
        if stored:
            log.info("discord.feedback_stored", message=payload.message_id, value=value)
