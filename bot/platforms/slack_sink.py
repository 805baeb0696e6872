"""Slack's reply sink: a mentor reply's messages in one thread, marked for redelivery.

Every message that carries part of a reply once its turn is stored has message metadata
`mca_reply` {turn, part}: after a crash, `marked` finds the parts already posted (also the
ones a crash kept us from recording in the outbox) in conversations.replies.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentor.models import MentorReply
from bot.platforms.slack_format import SlackMessage, render
from bot.platforms.streaming import Marker

log = structlog.get_logger()

REPLY_MARKER = "mca_reply"
"""Message metadata event type on every message that carries part of a mentor reply."""
GONE = frozenset({"message_not_found", "cant_update_message"})


def slack_thread(channel: str, thread: str) -> str | None:
    """The Slack thread_ts to post into: None in a DM, whose mentoring thread is the DM itself."""
    return None if thread == channel else thread


def reply_marker(turn_id: int, part: int) -> dict[str, Any]:
    """Message metadata that finds a reply's part again after a crash."""
    return {"event_type": REPLY_MARKER, "event_payload": {"turn": turn_id, "part": part}}


class ThreadSink:
    """A `ReplySink` over one Slack thread (a DM is its own thread)."""

    placeholder: SlackMessage | None = None
    """Slack posts at the first text: an empty placeholder would raise a message event."""

    def __init__(self, client: AsyncWebClient, *, channel: str, thread: str) -> None:
        self._client = client
        self.channel = channel
        self._thread_ts = slack_thread(channel, thread)

    def render(self, markdown: str) -> list[SlackMessage]:
        """Slack's messages: mrkdwn sections within Slack's block and text limits."""
        return render(markdown)

    async def post(self, part: SlackMessage, marker: Marker | None = None) -> str:
        """Post into the thread (marked once the turn is stored); returns the message's ts."""
        resp = await self._client.chat_postMessage(
            channel=self.channel,
            thread_ts=self._thread_ts,
            metadata=None if marker is None else reply_marker(*marker),
            **part.kwargs(),
        )
        return str(resp["ts"])

    async def edit(self, ref: str, part: SlackMessage) -> bool:
        """chat.update a message of ours; False when it is gone."""
        try:
            await self._client.chat_update(channel=self.channel, ts=ref, **part.kwargs())
        except SlackApiError as exc:
            if exc.response.get("error") in GONE:
                return False
            raise
        return True

    async def delete(self, ref: str) -> None:
        """chat.delete a message of ours (a preview of a reply that failed)."""
        await self._client.chat_delete(channel=self.channel, ts=ref)

    async def marked(self, turn_id: int) -> dict[int, str]:
        """Parts of a turn's reply already in the thread, found by their metadata marker."""
        if self._thread_ts is None:  # a DM's history is not a thread: nothing to search
            return {}
        found: dict[int, str] = {}
        cursor: str | None = None
        while True:
            resp = await self._client.conversations_replies(
                channel=self.channel,
                ts=self._thread_ts,
                include_all_metadata=True,
                limit=200,
                cursor=cursor,
            )
            for message in resp.get("messages") or []:
                meta = message.get("metadata") or {}
                payload = meta.get("event_payload") or {}
                if meta.get("event_type") == REPLY_MARKER and payload.get("turn") == turn_id:
                    found[int(payload.get("part", 0))] = str(message["ts"])
            cursor = (resp.get("response_metadata") or {}).get("next_cursor") or None
            if not resp.get("has_more") or not cursor:
                return found

    async def extras(self, reply: MentorReply) -> list[str]:
        """Nothing follows a reply on Slack (the sandbox summary is part of its text)."""
        return []

    def reply_ref(self, refs: Sequence[str]) -> str | None:
        """The reply's first message is its id for reactions (`channel:ts`)."""
        return f"{self.channel}:{refs[0]}" if refs else None

    async def delivered(self, reply_id: int, refs: Sequence[str]) -> None:
        """Nothing more than `reply_ref` to remember."""
