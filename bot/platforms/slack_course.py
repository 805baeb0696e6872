"""Course room on Slack: `/mca course|session|progress|practice|submit|hint|announce`, Poster.

Called from the `/mca` lazy listener (the command was acked empty within 3 s). Answers are
private (the command's response_url, ephemeral); `/mca session <n>` posts a visible message
whose thread is the session's; the progress chart goes to the learner's DM with the bot
(Slack has no ephemeral files). Admins are users.info `is_admin`/`is_owner`, read fresh.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import structlog
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.course.checks import CheckerUnavailable, split_submission
from bot.course.permissions import AdminFacts
from bot.course.service import Who
from bot.errors import InputError, UserFacingError
from bot.mentor.commands import Command
from bot.mentor.service import MentorService
from bot.platforms.course_room import (
    ANNOUNCE_ACTIONS,
    CourseRoom,
    first_word,
    on_platform,
)
from bot.platforms.slack_format import messages, render, to_mrkdwn

log = structlog.get_logger()

PLATFORM = "slack"
PROGRESS_FILENAME = "progress.png"

ThreadReply = Callable[[AsyncWebClient, str, str, str], Awaitable[None]]
"""(client, channel, thread_ts, markdown): post into a thread, split under the limits."""


class SlackPoster:
    """Poster for the weekly announcement: chat.postMessage, mrkdwn-escaped, raises on failure."""

    platform = PLATFORM

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def post(self, channel: str, text: str) -> None:
        """Post `text` (Markdown) to the channel; SlackApiError or a network error propagates."""
        for part in render(text):
            await self.client.chat_postMessage(channel=channel, **part.kwargs())


def _mention(user: str) -> str:
    return "<@" + re.sub(r"[^A-Z0-9]", "", user.upper()) + ">"


@dataclass
class SlackCourse:
    """Translates one course subcommand into one course-room call and a Slack answer."""

    room: CourseRoom
    mentor: MentorService

    async def handle(
        self,
        parsed: Command,
        command: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
        *,
        locale: str | None,
        name: str,
        thread_reply: ThreadReply,
    ) -> None:
        """Run the subcommand; every refusal and failure is answered privately."""
        user = str(command.get("user_id", ""))
        who = Who(PLATFORM, user, name, locale)
        lang = self.mentor.language_hint(locale)
        try:
            text = await self._dispatch(
                parsed,
                command=command,
                client=client,
                who=who,
                lang=lang,
                thread_reply=thread_reply,
            )
        except (InputError, CheckerUnavailable) as exc:
            log.info("slack.course_refused", subcommand=parsed.name, key=exc.key)
            text = self.mentor.error_text(exc, lang)
        except UserFacingError as exc:
            text = self.mentor.error_text(exc, lang)
        except Exception:
            ref = uuid.uuid4().hex[:8]
            log.exception("slack.course_failed", subcommand=parsed.name, ref=ref)
            text = self.mentor.message(lang, "internal_error", ref=ref)
        if text:
            await self._private(respond, text)
        log.info("slack.course_command", subcommand=parsed.name, user=user)

    async def _private(self, respond: AsyncRespond, markdown: str) -> None:
        for part in render(markdown):
            try:
                await respond(response_type="ephemeral", replace_original=False, **part.kwargs())
            except (aiohttp.ClientError, TimeoutError) as exc:
                log.warning("slack.respond_failed", error=type(exc).__name__)
                return

    async def _dispatch(
        self,
        parsed: Command,
        *,
        command: dict[str, Any],
        client: AsyncWebClient,
        who: Who,
        lang: str,
        thread_reply: ThreadReply,
    ) -> str:
        room, name, rest = self.room, parsed.name, parsed.rest.strip()
        if name == "course":
            return await room.course.overview(who, lang)
        if name == "session":
            return await self._session(
                command=command,
                client=client,
                who=who,
                rest=rest,
                lang=lang,
                thread_reply=thread_reply,
            )
        if name == "progress":
            progress = await room.course.progress(who, lang)
            await self._chart(client, who.user, progress.png, lang)
            return progress.text
        if name == "practice":
            task = first_word(rest)
            if task.lower() == "list":
                return room.practice.list_text(lang)
            return await room.practice.show(who, task or None, lang)
        if name == "submit":
            task, body = split_submission(rest)
            if not body.strip():
                raise InputError("The submission is empty.", key="course_empty_submission")
            return (await room.practice.submit(who, task, body, lang)).text
        if name == "hint":
            task = first_word(rest)
            if not task:
                raise InputError("Say which task.", key="course_submit_usage")
            return await room.practice.hint(who, task, lang)
        return await self._announce(client, who, first_word(rest).lower(), lang)

    async def _session(
        self,
        *,
        command: dict[str, Any],
        client: AsyncWebClient,
        who: Who,
        rest: str,
        lang: str,
        thread_reply: ThreadReply,
    ) -> str:
        """A visible post opens the thread; the session is bound to it and shown inside."""
        title = self.room.session_title(first_word(rest), lang)  # unknown: refused, no post
        channel = str(command.get("channel_id", ""))
        opening = f"📘 {_mention(who.user)} · {to_mrkdwn(f'**{title}**')}"
        try:
            posted = await client.chat_postMessage(channel=channel, text=opening)
        except SlackApiError as exc:
            error = exc.response.get("error")
            log.warning("slack.post_failed", channel=channel, error=error)
            if error in ("not_in_channel", "channel_not_found"):
                return self.mentor.message(lang, "slack_not_in_channel")
            raise
        thread_ts = str(posted["ts"])
        text = await self.room.open_session(
            who,
            first_word(rest),
            thread=thread_ts,
            language=lang,
            community=str(command.get("team_id", "")),
            channel=channel,
        )
        await thread_reply(client, channel, thread_ts, text)
        log.info("slack.session_opened", channel=channel, thread=thread_ts)
        return ""

    async def _chart(self, client: AsyncWebClient, user: str, png: bytes, lang: str) -> None:
        """The progress chart in the learner's DM with the bot; a failure loses only the image."""
        try:
            opened = await client.conversations_open(users=user)
            dm = str((opened.get("channel") or {}).get("id", ""))
            await client.files_upload_v2(
                channel=dm,
                file=png,
                filename=PROGRESS_FILENAME,
                title=self.room.text(lang, "progress_title"),
            )
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            error = exc.response.get("error") if isinstance(exc, SlackApiError) else None
            log.warning("slack.chart_failed", error=error or type(exc).__name__)

    async def _announce(self, client: AsyncWebClient, who: Who, action: str, lang: str) -> str:
        facts = AdminFacts(PLATFORM, who.user, workspace_admin=await self._is_admin(client, who))
        if not self.room.allowed(facts):
            log.info("slack.announce_denied", user=who.user)
            return self.room.text(lang, "announce_denied")
        if action not in ANNOUNCE_ACTIONS:
            return self.room.text(lang, "announce_usage")
        if action == "preview":
            return self.room.preview(lang, on_platform(PLATFORM))
        return await self.room.announce_now(lang, on_platform(PLATFORM))

    async def is_admin(self, client: AsyncWebClient, user: str) -> bool:
        """Workspace admins and owners, and `course.admin_users`/`admin_roles`, administer."""
        facts = AdminFacts(
            PLATFORM, user, workspace_admin=await self._is_admin(client, Who(PLATFORM, user))
        )
        return self.room.allowed(facts)

    async def _is_admin(self, client: AsyncWebClient, who: Who) -> bool:
        """users.info, fresh (not the locale cache): workspace admins and owners may announce."""
        try:
            resp = await client.users_info(user=who.user)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack.users_info_failed", error=type(exc).__name__)
            return False
        data: dict[str, Any] = resp.get("user") or {}
        return bool(data.get("is_admin") or data.get("is_owner"))


HOME_BLOCKS_LIMIT = 100
"""Slack's cap on blocks in a Home tab view."""


async def home_view(room: CourseRoom, who: Who, language: str) -> dict[str, Any]:
    """The App Home's Home tab: this week's task, the course and the learner's progress.

    Built from the same course-room texts the commands show, so the Home tab never says
    something `/mca course` or `/mca progress` would not.
    """
    week = await room.practice.show(who, None, language)
    course = await room.course.overview(who, language)
    progress = (await room.course.progress(who, language)).text
    blocks: list[dict[str, Any]] = []
    for markdown in (week, course, progress):
        for message in messages(to_mrkdwn(markdown)):
            blocks.extend(message.blocks)
        blocks.append({"type": "divider"})
    return {"type": "home", "blocks": blocks[: HOME_BLOCKS_LIMIT - 1]}
