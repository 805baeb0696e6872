"""Discord thread messages in the inbox: kept before any work, replayed from the row after a crash.

A gateway message has no ack: it is kept once the bot knows it is a learner's turn (their
thread, a DM or a forum question), before the attachment is read and before the turn is
stored. The row holds the request itself, so a replay needs nothing from Discord but the
channel to answer in; an attached file is not read again (the turn is answered from its text).
"""

from __future__ import annotations

from typing import Any

import discord

from bot.mentor.models import MentorRequest
from bot.platforms.delivery import Delivery
from bot.platforms.discord_replies import ChannelSink, DiscordErrors
from bot.platforms.discord_store import PLATFORM, DiscordStore
from bot.storage.inbox import InboxEvent

FIELDS = ("user", "text", "thread", "channel", "community", "user_name")
"""The MentorRequest fields a row keeps."""


def message_key(message_id: int) -> str:
    """The inbox key of a Discord message."""
    return f"message:{message_id}"


def payload(request: MentorRequest, channel_id: int) -> dict[str, Any]:
    """What the row keeps: the request (without attachments) and where to answer."""
    return {**{f: getattr(request, f) for f in FIELDS}, "channel_id": channel_id}


async def replay(
    event: InboxEvent,
    *,
    client: discord.Client,
    store: DiscordStore,
    delivery: Delivery,
    errors: DiscordErrors,
) -> None:
    """Answer a kept message in its channel, through the same delivery as a live one."""
    data = event.payload
    text = {f: str(data.get(f) or "") for f in FIELDS}
    request = MentorRequest(
        platform=PLATFORM,
        user=text["user"],
        text=text["text"],
        thread=text["thread"],
        channel=text["channel"],
        community=text["community"],
        user_name=text["user_name"],
    )
    guild = int(request.community) if request.community.isdigit() else None
    channel = client.get_partial_messageable(int(data["channel_id"]), guild_id=guild)
    async with store.inbox.handling(event.key):
        try:
            await delivery.answer(ChannelSink(channel, store), request)
        except Exception as exc:  # as live: a reply in the thread, logged
            language = delivery.mentor.language_hint(None, request.text)
            await errors.to_channel(channel, exc, language)
