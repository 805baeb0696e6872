"""Discord questions in the inbox: kept before any work, replayed from the row after a crash.

A gateway message has no ack: it is kept once the bot knows it is a learner's turn (their
thread, a DM or a forum question), before the attachment is read and before the turn is
stored. The row holds the request itself and the attached file's metadata, so a replay needs
nothing from Discord but the channel to answer in and the file's URL to read it again.

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
from bot.platforms.discord_store import PLATFORM, DiscordStore
from bot.storage.inbox import InboxEvent

FIELDS = ("user", "text", "thread", "channel", "community", "user_name")
"""The MentorRequest fields a row keeps."""
INTERACTION_PREFIX = "interaction:"
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
    request: MentorRequest, channel_id: int, attachment: discord.Attachment | None = None
) -> dict[str, Any]:
    """What the row keeps: the request, its attached file's metadata, and where to answer."""
    kept = {f: getattr(request, f) for f in FIELDS}
    return {**kept, "channel_id": channel_id, "attachment": _attachment_data(attachment)}


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
            limit = delivery.mentor.settings.max_code_bytes
            attachments = await read_code(attachment_of(data, client), max_bytes=limit)
            request = replace(request, attachments=attachments)
            await delivery.answer(ChannelSink(channel, store), request)
        except Exception as exc:  # as live: a reply in the thread, logged
            language = delivery.mentor.language_hint(None, request.text)
            await errors.to_channel(channel, exc, language)
