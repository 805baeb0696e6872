"""Discord questions in the inbox: kept before any work, replayed from the row after a crash.

A gateway message has no ack, and a new session after a crash does not get it again: it is
kept as soon as it may be a learner's turn (a person's message in a thread or a DM), before
any store read, attachment or turn; whether it is one (the bot's thread and its learner, a
forum question) is decided inside the row (`learner_request`), live and on replay alike. The
row holds the message and the attached file's metadata, so a replay needs nothing from
Discord but the channel to answer in and the file's URL to read it again.

`/mca ask` and its form are kept before their "thinking..." ack, with the raw interaction
(`RAW_INTERACTION`, captured as discord.py parses it): a replay rebuilds the interaction, so
the same code opens the thread and answers. Within the token's 15 minutes the replay edits the
original "thinking..." response through the webhook; after it (or when Discord refuses the edit,
as for an interaction that was never acked) the question is shown in the channel instead.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import replace
from typing import Any

import discord

from bot.mentor.models import MentorRequest
from bot.platforms.delivery import Delivery
from bot.platforms.discord_replies import ChannelSink, DiscordErrors, read_code
from bot.platforms.discord_store import INTERACTION_PREFIX, PLATFORM, DiscordStore
from bot.storage.inbox import InboxEvent

FIELDS = ("user", "text", "thread", "channel", "community", "user_name")
"""The MentorRequest fields of a row kept once its turn was known (rows before the message)."""
TOKEN_LIFETIME_S = 15 * 60
"""How long Discord accepts an interaction's token (webhook edits and follow-ups)."""
TOKEN_MARGIN_S = 30.0
"""A replay this close to the token's end posts in the channel instead of racing the expiry."""

RAW_INTERACTION: ContextVar[dict[str, Any] | None] = ContextVar("mca_raw_interaction", default=None)
"""The gateway payload of the interaction whose handler runs (tasks inherit it)."""


def keep_raw_interactions(client: discord.Client) -> None:
    """Make each interaction's raw payload readable by its handler (`RAW_INTERACTION`).

    discord.py keeps no raw payload on `Interaction`; its handlers run in tasks created while
    the payload is parsed, so a context variable set around the parser reaches them.
    """
    parsers = client._connection.parsers
    parse = parsers["INTERACTION_CREATE"]

    def parse_kept(data: dict[str, Any]) -> None:
        token = RAW_INTERACTION.set(data)
        try:
            parse(data)
        finally:
            RAW_INTERACTION.reset(token)

    parsers["INTERACTION_CREATE"] = parse_kept


def message_key(message_id: int) -> str:
    """The inbox key of a Discord message."""
    return f"message:{message_id}"


def interaction_key(interaction_id: int) -> str:
    """The inbox key of an `/mca ask` command or form."""
    return f"{INTERACTION_PREFIX}{interaction_id}"


def payload(
    message: discord.Message, *, forum: bool, direct: bool, attachment: discord.Attachment | None
) -> dict[str, Any]:
    """What a message's row keeps: who wrote what where, and its attached file's metadata."""
    return {
        "user": str(message.author.id),
        "user_name": message.author.display_name,
        "content": message.content,
        "title": str(getattr(message.channel, "name", "") or ""),
        "forum": forum,
        "direct": direct,
        "channel_id": message.channel.id,
        "community": str(message.guild.id) if message.guild else "",
        "attachment": _attachment_data(attachment),
    }


async def learner_request(
    store: DiscordStore, kept: dict[str, Any]
) -> tuple[MentorRequest, str | None] | None:
    """The turn a kept message is (with its thread's language), or None when it is not one.

    A learner's turn: a message by its learner in a thread the bot owns, a new question in a
    forum the bot answers, or a DM. Anyone else's message in a thread is not.
    """
    if "thread" in kept:  # a row kept once the turn was known (before rows held the message)
        text = {f: str(kept.get(f) or "") for f in FIELDS}
        old = MentorRequest(
            platform=PLATFORM,
            user=text["user"],
            text=text["text"],
            thread=text["thread"],
            channel=text["channel"],
            community=text["community"],
            user_name=text["user_name"],
        )
        return old, None
    channel_id, user = int(kept["channel_id"]), str(kept["user"])
    thread = await store.bot_thread(channel_id)
    forum = thread is None and bool(kept.get("forum"))
    if thread is None and not (forum or kept.get("direct")):
        return None
    if thread is not None and not await store.is_thread_owner(thread, int(user)):
        return None
    content = str(kept.get("content") or "")
    request = MentorRequest(
        platform=PLATFORM,
        user=user,
        text=f"{kept.get('title') or ''}\n\n{content}".strip() if forum else content,
        thread=thread.external_id if thread else str(channel_id),  # a DM or a forum post
        channel=thread.channel if thread else str(channel_id),
        community=str(kept.get("community") or ""),
        user_name=str(kept.get("user_name") or ""),
    )
    return request, thread.language if thread else None


def ask_payload(
    raw: dict[str, Any], question: str, attachment: discord.Attachment | None
) -> dict[str, Any]:
    """What an ask's row keeps: the raw interaction, the question text, the file's metadata."""
    return {"interaction": raw, "question": question, "attachment": _attachment_data(attachment)}


def _attachment_data(attachment: discord.Attachment | None) -> dict[str, Any] | None:
    return dict(attachment.to_dict()) if attachment is not None else None


def attachment_of(data: dict[str, Any], client: discord.Client) -> discord.Attachment | None:
    """The attached file a row names (read again from its URL), or None."""
    kept = data.get("attachment")
    if not isinstance(kept, dict):
        return None
    return discord.Attachment(data=kept, state=client._connection)  # type: ignore[arg-type]


def rebuilt_interaction(data: dict[str, Any], client: discord.Client) -> discord.Interaction[Any]:
    """The interaction a row kept, as discord.py built it on arrival (its response not yet sent)."""
    return discord.Interaction(data=data["interaction"], state=client._connection)


def token_alive(interaction: discord.Interaction[Any]) -> bool:
    """Whether the interaction's webhook token still works (Discord: 15 minutes)."""
    age = time.time() - interaction.created_at.timestamp()
    return age < TOKEN_LIFETIME_S - TOKEN_MARGIN_S


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
    community = str(data.get("community") or "")
    guild = int(community) if community.isdigit() else None
    channel = client.get_partial_messageable(int(data["channel_id"]), guild_id=guild)
    async with store.inbox.handling(event.key):
        turn = await learner_request(store, data)
        if turn is None:
            return  # not a learner's turn after all: the row just ends
        request, _ = turn
        try:
            limit = delivery.mentor.settings.max_code_bytes
            attachments = await read_code(attachment_of(data, client), max_bytes=limit)
            request = replace(request, attachments=attachments)
            await delivery.answer(ChannelSink(channel, store), request)
        except Exception as exc:  # as live: a reply in the thread, logged
            language = delivery.mentor.language_hint(None, request.text)
            await errors.to_channel(channel, exc, language)
