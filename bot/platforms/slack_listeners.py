"""Slack's event listeners and the learner turn they start: they parse, delivery answers.

An @mention starts a thread on that message (or continues the thread it is in), a learner's
message in a bot thread or a DM continues it, :+1:/:-1: become feedback, and the App Home
tab is published when opened. Each learner message is claimed once in the store, held by
the event that claimed it (bot/storage/claims.py), so Slack's retries and the app_mention +
message pair of a mention in a thread are answered exactly once, and a replayed event keeps
its claim. Each handler runs inside its event's inbox row (bot/storage/inbox.py). The turn itself goes through
bot/platforms/delivery.py into a `ThreadSink`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.course.service import Who
from bot.mentor.models import Attachment, MentorRequest
from bot.mentor.service import MentorService
from bot.platforms.delivery import Delivery
from bot.platforms.slack_client import Profile, Profiles, SharedFiles
from bot.platforms.slack_course import SlackCourse, home_view
from bot.platforms.slack_format import from_slack, preview, to_mrkdwn
from bot.platforms.slack_sink import ThreadSink
from bot.platforms.slack_store import thread_owner
from bot.storage.claims import Claims
from bot.storage.store import Store

log = structlog.get_logger()

PLATFORM = "slack"
LEARNER_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
OPENED = "mca_opened_ts"
"""In an ask's inbox row: the root post its first attempt made (a replay answers under it)."""
SLACK_FEEDBACK = {"+1": 1, "thumbsup": 1, "-1": -1, "thumbsdown": -1}
"""Reactions stored as feedback on a reply (Slack's names; skin tones are stripped)."""


def user_id(user: str) -> str:
    """A Slack user id we put in a mention ourselves: only id characters survive."""
    return re.sub(r"[^A-Z0-9]", "", user.upper())


def from_learner(event: dict[str, Any], context: AsyncBoltContext) -> bool:
    """A person's new message: not a bot (ours included), not an edit, delete or join."""
    if event.get("bot_id") or event.get("subtype") not in LEARNER_SUBTYPES:
        return False
    user = event.get("user")
    return bool(user) and user != context.bot_user_id


def event_key(body: dict[str, Any]) -> str:
    """The inbox key of an event (its event id): it holds the event's message claim too."""
    return f"event:{body.get('event_id', '')}"


def strip_mention(text: str, bot_user_id: str | None) -> str:
    """The message without the leading mention of the bot."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    return text.strip()


class SlackListeners:
    """Bolt's lazy listeners for events, and the learner turn commands share with them."""

    def __init__(
        self,
        *,
        mentor: MentorService,
        store: Store,
        client: AsyncWebClient,
        delivery: Delivery,
        profiles: Profiles,
        files: SharedFiles,
        claims: Claims,
        track: Callable[[], None],
        course: SlackCourse | None = None,
    ) -> None:
        self.mentor = mentor
        self.store = store
        self.client = client
        self.delivery = delivery
        self.profiles = profiles
        self.files = files
        self.claims = claims
        self.course = course
        self.track = track
        """Keeps a strong reference to the running lazy listener (bolt does not)."""

    # The turn -----------------------------------------------------------------------------
    def sink(self, channel: str, thread_ts: str) -> ThreadSink:
        """Where a reply in this thread goes."""
        return ThreadSink(self.client, channel=channel, thread=thread_ts)

    async def answer(
        self,
        *,
        channel: str,
        thread_ts: str,
        user: str,
        team: str,
        text: str,
        profile: Profile,
        attachments: tuple[Attachment, ...] = (),
    ) -> None:
        """One turn, streamed into the thread; a failure is told there, from the one table."""
        request = MentorRequest(
            platform=PLATFORM,
            user=user,
            text=text,
            thread=thread_ts,
            channel=channel,
            community=team,
            user_name=profile.name,
            locale=profile.locale,
            attachments=attachments,
        )
        lang = self.mentor.language_hint(profile.locale, text)
        await self.delivery.reply(self.sink(channel, thread_ts), request, language=lang)

    async def ask_in_channel(
        self,
        *,
        user: str,
        channel: str,
        team: str,
        text: str,
        respond: AsyncRespond | None = None,
        opened: str | None = None,
        note_opened: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        """A visible post of the question in the channel, and the answer in its thread.

        `opened`: the root post an earlier attempt made before it died (a replay answers
        under it instead of posting the question twice); `note_opened` keeps a new root's ts
        in the ask's inbox row for such a replay.
        """
        profile = await self.profiles.get(user)
        lang = self.mentor.language_hint(profile.locale, text)
        if not await self.channel_allowed(team, channel, user, lang):
            return
        opening = self.mentor.message(
            lang, "slack_asked", user=f"<@{user_id(user)}>", question=preview(text)
        )
        if opened:
            await self.answer(
                channel=channel, thread_ts=opened, user=user, team=team, text=text, profile=profile
            )
            return
        try:
            posted = await self.client.chat_postMessage(channel=channel, text=opening)
        except SlackApiError as exc:
            log.warning("slack.post_failed", channel=channel, error=exc.response.get("error"))
            not_in = exc.response.get("error") in ("not_in_channel", "channel_not_found")
            key = "slack_not_in_channel" if not_in else "internal_error"
            note = self.mentor.message(lang, key, ref=uuid.uuid4().hex[:8])
            if respond is not None:
                await respond(text=to_mrkdwn(note), response_type="ephemeral")
            else:
                await self.ephemeral(channel, user, note)
            return
        if note_opened is not None:
            await note_opened(str(posted["ts"]))
        await self.answer(
            channel=channel,
            thread_ts=str(posted["ts"]),
            user=user,
            team=team,
            text=text,
            profile=profile,
        )

    async def channel_allowed(self, team: str, channel: str, user: str, lang: str) -> bool:
        """The workspace's mentoring channels (set by its admins); elsewhere, a private note."""
        community = self.mentor.community
        if community is None or not team or channel.startswith("D"):
            return True
        rules = await community.get(PLATFORM, team)
        if rules.allows_channel(channel):
            return True
        where = ", ".join(f"<#{c}>" for c in rules.channels)
        await self.ephemeral(
            channel, user, self.mentor.message(lang, "community_not_here", channels=where)
        )
        return False

    async def ephemeral(
        self, channel: str, user: str, text: str, *, thread_ts: str | None = None
    ) -> None:
        """A note only `user` sees in `channel` (best effort)."""
        try:
            await self.client.chat_postEphemeral(
                channel=channel, user=user, thread_ts=thread_ts, text=to_mrkdwn(text)
            )
        except SlackApiError as exc:
            log.warning("slack.ephemeral_failed", error=exc.response.get("error"))

    async def thread_reply(
        self, client: AsyncWebClient, channel: str, thread_ts: str, markdown: str
    ) -> None:
        """Post a course text (e.g. the session) into a thread, split under Slack's limits."""
        sink = ThreadSink(client, channel=channel, thread=thread_ts)
        for part in sink.render(markdown):
            await sink.post(part)

    # Events -------------------------------------------------------------------------------
    async def mention(
        self, event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        """An @mention: starts a thread on that message, or continues the thread it is in."""
        self.track()
        async with self.store.inbox.handling(event_key(body)):
            await self._mention(event, body, context)

    async def message(
        self, event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        """A learner's message in a bot thread continues it; everything else is ignored."""
        self.track()
        async with self.store.inbox.handling(event_key(body)):
            await self._message(event, body, context)

    async def _mention(
        self, event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        if not from_learner(event, context):
            return
        channel, ts = str(event.get("channel", "")), str(event.get("ts", ""))
        if not await self.claims.claim(f"message:{channel}:{ts}", holder=event_key(body)):
            return
        thread_ts = str(event.get("thread_ts") or ts)
        if thread_ts != ts:  # a mention inside a thread: only its learner continues a bot thread
            owner = await thread_owner(self.store, channel, thread_ts)
            if owner is not None and owner != str(event.get("user", "")):
                await self.not_your_thread(event, thread_ts)
                return
        else:  # a new thread in the channel: only where the workspace lets the mentor answer
            user = str(event.get("user", ""))
            profile = await self.profiles.get(user)
            lang = self.mentor.language_hint(profile.locale, str(event.get("text") or ""))
            team = str(body.get("team_id") or event.get("team") or "")
            if not await self.channel_allowed(team, channel, user, lang):
                return
        await self._answer_event(event, body, context, thread_ts=thread_ts)

    async def _message(
        self, event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        if not from_learner(event, context):
            return
        channel, ts = str(event.get("channel", "")), str(event.get("ts", ""))
        thread_ts = event.get("thread_ts")
        held = event_key(body)
        if event.get("channel_type") == "im":  # a DM with the bot is one private thread
            if await self.claims.claim(f"message:{channel}:{ts}", holder=held):
                await self._answer_event(event, body, context, thread_ts=channel)
            return
        if not thread_ts or thread_ts == ts:
            return  # top-level chatter: the bot answers only /mca, mentions and its threads
        owner = await thread_owner(self.store, channel, str(thread_ts))
        if owner is None:
            return
        if not await self.claims.claim(f"message:{channel}:{ts}", holder=held):
            return
        if owner != str(event.get("user", "")):
            await self.not_your_thread(event, str(thread_ts))
            return
        await self._answer_event(event, body, context, thread_ts=str(thread_ts))

    async def not_your_thread(self, event: dict[str, Any], thread_ts: str) -> None:
        """Someone else wrote in a learner's thread: a note only they see; nothing is stored."""
        user, channel = str(event.get("user", "")), str(event.get("channel", ""))
        profile = await self.profiles.get(user)
        lang = self.mentor.language_hint(profile.locale, str(event.get("text") or ""))
        log.info("slack.not_thread_owner", channel=channel, thread=thread_ts)
        note = self.mentor.message(lang, "not_your_thread")
        await self.ephemeral(channel, user, note, thread_ts=thread_ts)

    async def _answer_event(
        self,
        event: dict[str, Any],
        body: dict[str, Any],
        context: AsyncBoltContext,
        *,
        thread_ts: str,
    ) -> None:
        user, channel = str(event.get("user", "")), str(event.get("channel", ""))
        text = from_slack(strip_mention(str(event.get("text") or ""), context.bot_user_id))
        profile = await self.profiles.get(user)
        attachments, failed = await self.files.fetch(
            event.get("files") or [], self.mentor.settings.max_code_bytes
        )
        if not text.strip() and not attachments and not failed:
            return  # e.g. an image with no words: nothing to mentor on
        if failed:
            lang = self.mentor.language_hint(profile.locale, text)
            note = self.mentor.message(lang, "slack_file_failed", name=", ".join(failed))
            await self.delivery.note(self.sink(channel, thread_ts), note)
        await self.answer(
            channel=channel,
            thread_ts=thread_ts,
            user=user,
            team=str(body.get("team_id") or event.get("team") or ""),
            text=text,
            profile=profile,
            attachments=attachments,
        )

    async def home(self, event: dict[str, Any]) -> None:
        """The App Home's Home tab, published fresh each time the learner opens it."""
        self.track()
        if event.get("tab") != "home" or self.course is None:
            return
        user = str(event.get("user", ""))
        profile = await self.profiles.get(user)
        lang = self.mentor.language_hint(profile.locale)
        who = Who(PLATFORM, user, profile.name, profile.locale)
        try:
            view = await home_view(self.course.room, who, lang)
            await self.client.views_publish(user_id=user, view=view)
        except SlackApiError as exc:
            log.warning("slack.home_failed", error=exc.response.get("error"))
        else:
            log.info("slack.home_published", blocks=len(view["blocks"]))

    async def reaction(self, event: dict[str, Any]) -> None:
        """:+1: / :-1: on one of the bot's replies is stored as feedback on that turn."""
        self.track()
        value = SLACK_FEEDBACK.get(str(event.get("reaction", "")).split("::")[0])
        item = event.get("item") or {}
        if value is None or item.get("type") != "message":
            return
        user = str(event.get("user", ""))
        learner = await self.store.upsert_learner(PLATFORM, user)
        stored = await self.store.add_feedback(
            f"{item.get('channel', '')}:{item.get('ts', '')}", learner.id, value
        )
        log.info("slack.feedback", stored=stored, value=value)
