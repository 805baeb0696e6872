"""Slack's requests while the mentor is still being built: acked and kept, answered once built.

A (re)started process opens its database and /slack/events within about a second, but the
mentor (knowledge, guards, intent model) takes seconds more. Until then this front checks each
request's signature and keeps what would become a turn in the inbox, with its claim, exactly
as `ClaimEvents` does (same keys), and acks it; once the Slack platform is built it takes the
route over and replays the kept events through its own handlers (`SlackPlatform.replay`).

What only the built platform can answer at once (`/mca help`, reactions, the App Home) gets a
503 and Slack's usual retry; a retry of a kept event later finds its claim and is dropped.
"""

from __future__ import annotations

import asyncio
from typing import Any

import structlog
from aiohttp import web
from slack_bolt.request.internals import parse_body
from slack_sdk.signature import SignatureVerifier

from bot.mentor.commands import parse_command
from bot.platforms.course_room import COURSE_COMMANDS
from bot.platforms.slack_commands import ack_write, inbox_key
from bot.platforms.slack_forms import ASK_FORM
from bot.platforms.slack_listeners import PLATFORM
from bot.storage.inbox import Inbox

log = structlog.get_logger()

EVENTS_PATH = "/slack/events"
"""Where Slack posts commands, events and form submissions (HTTP mode)."""
LAZY_COMMANDS = frozenset({"ask", "admin", *COURSE_COMMANDS})
"""`/mca` subcommands whose ack is empty and whose work runs later: keepable."""


class SlackFront:
    """POST /slack/events until the Slack platform is built (see the module doc)."""

    def __init__(self, *, signing_secret: str, inbox: Inbox) -> None:
        self._verifier = SignatureVerifier(signing_secret)
        self._inbox = inbox
        self.kept: list[str] = []
        """Inbox keys acked here, in arrival order: the platform replays them once built."""
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def settled(self) -> list[str]:
        """The kept keys, once no request is still being kept (after the route was handed on)."""
        await self._idle.wait()
        return list(self.kept)

    async def handle(self, request: web.Request) -> web.Response:
        """Ack and keep a turn-to-be; 401 for a bad signature; 503 for what must wait."""
        self._busy += 1
        self._idle.clear()
        try:
            return await self._handle(request)
        finally:
            self._busy -= 1
            if not self._busy:
                self._idle.set()

    async def _handle(self, request: web.Request) -> web.Response:
        raw = (await request.read()).decode("utf-8", "replace")
        if not self._verifier.is_valid_request(raw, dict(request.headers)):
            return web.Response(status=401)
        body = parse_body(raw, request.headers.get("Content-Type"))
        if body.get("type") == "url_verification":
            return web.json_response({"challenge": body.get("challenge", "")})
        key = self._keepable(body)
        if key is None:
            if body.get("type") == "event_callback" and ack_write(body) == "none":
                return web.Response(status=200)  # nothing the bot would do with it
            return web.Response(status=503, text="starting")
        if await self._inbox.accept(PLATFORM, key, body, claim=_claim(body, key)):
            self.kept.append(key)
            log.info("slack.kept_while_starting", key=key)
        return web.Response(status=200)

    @staticmethod
    def _keepable(body: dict[str, Any]) -> str | None:
        """The inbox key of a request that becomes a turn or lazy work, else None."""
        if body.get("type") == "event_callback":
            return inbox_key(body) if ack_write(body) == "inbox" else None
        if body.get("command"):
            parsed = parse_command(str(body.get("text", "")), prefixed=False)
            if parsed.name in LAZY_COMMANDS and (parsed.name != "ask" or parsed.rest.strip()):
                return inbox_key(body)
            return None
        view = body.get("view") or {}
        if body.get("type") == "view_submission" and view.get("callback_id") == ASK_FORM:
            return inbox_key(body)
        return None


def _claim(body: dict[str, Any], key: str) -> str | None:
    """The claim `ClaimEvents` takes with the row: the event's or the command's own key."""
    return None if body.get("type") == "view_submission" else key


def conversation(body: dict[str, Any]) -> str:
    """The conversation a kept request belongs to: its events are answered in arrival order."""
    event = body.get("event") or {}
    if not event:
        return inbox_key(body)  # a command or an ask form opens a conversation of its own
    if event.get("channel_type") == "im":
        return f"im:{event.get('channel')}"
    return f"{event.get('channel')}:{event.get('thread_ts') or event.get('ts')}"
