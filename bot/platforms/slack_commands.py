"""Slack's `/mca` command and ask form: acked within 3 s, the work in bolt lazy listeners.

Only `/mca` is registered; `ask ...`, `session 3`, ... arrive as its text. Quick subcommands
are answered by the ack itself; `ask` (a visible post, the answer in its thread), the course
room and `admin` answer from the lazy listener. Each event id and each command's trigger id
is claimed once (`ClaimEvents`), so Slack's retries and replayed signed requests do no work.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import structlog
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

from bot.community.admin import CommunityAdmin
from bot.errors import InputError
from bot.mentor.commands import parse_command
from bot.platforms.course_room import COURSE_COMMANDS
from bot.platforms.slack_format import from_slack, to_mrkdwn
from bot.platforms.slack_forms import ASK_FORM, ask_form, form_values
from bot.platforms.slack_listeners import LEARNER_SUBTYPES, OPENED, PLATFORM, SlackListeners
from bot.storage.claims import Claims
from bot.storage.inbox import Inbox

log = structlog.get_logger()

CONFIRM_WORDS = frozenset({"yes", "--yes", "sim", "si", "sí", "oui", "ja", "sì"})


class ClaimEvents(AsyncMiddleware):
    """Answer each event and command once: retries and replays are acked and dropped.

    A learner's message, a command and an ask form are also kept in the inbox before the ack,
    in the claim's own transaction (bot/storage/inbox.py): a crash after the ack replays them.
    """

    def __init__(self, claims: Claims, inbox: Inbox) -> None:
        self._claims = claims
        self._inbox = inbox

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],  # bolt's keyword
    ) -> BoltResponse:
        """Claim the event id (a slash command's trigger id); a repeat gets 200 and no work.

        A signed request replayed within Slack's 5-minute signature window passes the
        signature check; its trigger id (unique per invocation) tells it from a new command.
        """
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        kind = ack_write(body) if event_id else "none"
        if kind != "none" and not await self._keep(f"event:{event_id}", body, kind == "inbox"):
            retry = req.headers.get("x-slack-retry-num", [""])[0]
            log.info("slack.event_duplicate", event_id=event_id, retry=retry)
            return BoltResponse(status=200, body="")
        trigger = body.get("trigger_id") if body.get("command") else None
        if trigger and not await self._keep(f"command:{trigger}", body, True):
            log.info("slack.command_duplicate", command=body.get("command"))
            return BoltResponse(status=200, body="")
        view = body.get("view") or {}
        asked = body.get("type") == "view_submission" and view.get("callback_id") == ASK_FORM
        if asked and not await self._inbox.accept(PLATFORM, inbox_key(body), body):
            return BoltResponse(status=200, body="")
        await next()
        return resp

    async def _keep(self, key: str, body: dict[str, Any], inboxed: bool) -> bool:
        """Claim `key`; when `inboxed`, keep the body in the inbox in the same transaction."""
        if inboxed:
            return await self._inbox.accept(PLATFORM, key, body, claim=key)
        return await self._claims.claim(key)


def learner_event(body: dict[str, Any]) -> bool:
    """An event that may become a learner turn: a person's mention, DM, or reply in a thread.

    Decided from the body alone (no store read): top-level channel chatter never becomes a
    turn (the bot answers there only mentions, which come as their own `app_mention`); a
    reply in a thread may be in a thread the bot owns, which only the store knows.
    """
    event = body.get("event") or {}
    kind = event.get("type")
    if (
        kind not in ("app_mention", "message")
        or event.get("bot_id")
        or event.get("subtype") not in LEARNER_SUBTYPES
        or not event.get("user")
    ):
        return False
    if kind == "app_mention" or event.get("channel_type") == "im":
        return True
    thread_ts = event.get("thread_ts")
    return bool(thread_ts) and thread_ts != event.get("ts")


def ack_write(body: dict[str, Any]) -> Literal["inbox", "claim", "none"]:
    """What an event costs the store before its ack.

    A possible learner turn: its claim and inbox row. A message or mention that cannot become
    one (chatter, the bot's own posts, edits): nothing, its handler ignores it, and a retry of
    it too. Any other event (a reaction, the App Home): its claim, so a retry does no work.
    """
    if learner_event(body):
        return "inbox"
    if (body.get("event") or {}).get("type") in ("app_mention", "message"):
        return "none"
    return "claim"


def inbox_key(body: dict[str, Any]) -> str:
    """The inbox key of an event, command or form body (as `ClaimEvents` wrote it)."""
    if body.get("command"):
        return f"command:{body.get('trigger_id', '')}"
    if body.get("type") == "view_submission":
        return f"view:{(body.get('view') or {}).get('id', '')}"
    return f"event:{body.get('event_id', '')}"


class SlackCommands:
    """`/mca` and the ask form, translated into the listeners' turn or the course room."""

    def __init__(
        self, *, listeners: SlackListeners, community: CommunityAdmin | None = None
    ) -> None:
        self.turns = listeners
        self.mentor = listeners.mentor
        self.community = community
        """Workspace settings for `/mca admin` (None: the command says it is unavailable)."""

    async def ack(self, ack: AsyncAck, command: dict[str, Any]) -> None:
        """Answer within 3 s: quick subcommands fully, `ask` by an empty ack (work is lazy)."""
        parsed = parse_command(from_slack(str(command.get("text", ""))), prefixed=False)
        user = str(command.get("user_id", ""))
        profile = self.turns.profiles.cached(user)
        lang = self.mentor.language_hint(profile.locale if profile else None, parsed.rest)
        say = self.mentor.message
        if parsed.name == "ask":
            if parsed.rest.strip():
                await ack()
            elif await self._open_ask_form(command, user):
                await ack()  # the form opened; the question comes with its submission
            else:
                await ack(text=to_mrkdwn(say(lang, "empty_question")))
        elif parsed.name == "help":
            await ack(text=to_mrkdwn(say(lang, "help")))
        elif parsed.name == "new":
            await ack(text=to_mrkdwn(say(lang, "new_thread")))
        elif parsed.name in (*COURSE_COMMANDS, "admin") and self.turns.course is not None:
            await ack()  # course and admin commands answer privately from the lazy listener
        elif parsed.name == "forget":
            if parsed.rest.strip().lower() in CONFIRM_WORDS:
                forgotten = await self.mentor.forget(PLATFORM, user)
                await ack(text=to_mrkdwn(say(lang, "forgot", **forgotten.params())))
            else:
                confirm = say(lang, "forget_confirm") + "  (`/mca forget yes`)"
                await ack(text=to_mrkdwn(confirm))
        else:
            await ack(text=to_mrkdwn(say(lang, "unknown_command", command=parsed.name)))
        log.info("slack.command", subcommand=parsed.name, user=user)

    async def work(self, command: dict[str, Any], respond: AsyncRespond) -> None:
        """`/mca ask`: a visible post in the channel, the answer in its thread (inbox kept)."""
        self.turns.track()
        async with self.turns.store.inbox.handling(inbox_key(command)):
            await self._work(command, respond)

    async def _work(self, command: dict[str, Any], respond: AsyncRespond) -> None:
        turns = self.turns
        parsed = parse_command(from_slack(str(command.get("text", ""))), prefixed=False)
        if parsed.name == "admin" and turns.course is not None:
            await self._admin(command, respond, parsed.rest)
            return
        if parsed.name in COURSE_COMMANDS and turns.course is not None:
            profile = await turns.profiles.get(str(command.get("user_id", "")))
            await turns.course.handle(
                parsed,
                command,
                turns.client,
                respond,
                locale=profile.locale,
                name=profile.name,
                thread_reply=turns.thread_reply,
            )
            return
        if parsed.name != "ask" or not parsed.rest.strip():
            return
        await turns.ask_in_channel(
            user=str(command["user_id"]),
            channel=str(command["channel_id"]),
            team=str(command.get("team_id", "")),
            text=parsed.rest,
            respond=respond,
            opened=command.get(OPENED),
            note_opened=self._noter(command),
        )

    async def _admin(self, command: dict[str, Any], respond: AsyncRespond, rest: str) -> None:
        """`/mca admin show` and `/mca admin set <setting> <value>`, for workspace admins."""
        course = self.turns.course
        assert course is not None
        user, team = str(command.get("user_id", "")), str(command.get("team_id", ""))
        profile = await self.turns.profiles.get(user)
        lang = self.mentor.language_hint(profile.locale)
        action, _, args = rest.strip().partition(" ")
        key, _, value = args.strip().partition(" ")
        try:
            if self.community is None or not team:
                raise InputError("Settings belong to a workspace.", key="community_no_community")
            if not await course.is_admin(self.turns.client, user):
                log.info("slack.settings_denied", user=user)
                raise InputError("Admins only.", key="community_admins_only")
            if action.lower() == "set" and key and value.strip():
                text = await self.community.set(
                    PLATFORM, team, key, value, by=f"{PLATFORM}:{user}", language=lang
                )
            else:
                text = await self.community.show(PLATFORM, team, lang)
        except InputError as exc:
            text = self.mentor.error_text(exc, lang)
        await respond(text=to_mrkdwn(text), response_type="ephemeral")

    async def _open_ask_form(self, command: dict[str, Any], user: str) -> bool:
        """`/mca ask` alone: a form with multi-line question and code boxes (views.open)."""
        trigger = str(command.get("trigger_id") or "")
        if not trigger:
            return False
        profile = await self.turns.profiles.get(user)  # the form speaks their language
        say = functools.partial(self.mentor.message, self.mentor.language_hint(profile.locale))
        try:
            await self.turns.client.views_open(
                trigger_id=trigger,
                view=ask_form(
                    channel=str(command.get("channel_id", "")),
                    title=say("ask_form_title"),
                    question=say("ask_form_question"),
                    code=say("ask_form_code"),
                    submit=say("ask_form_submit"),
                ),
            )
        except SlackApiError as exc:
            log.warning("slack.form_failed", error=exc.response.get("error"))
            return False
        return True

    async def form_ack(self, ack: AsyncAck) -> None:
        """The form closes at once; the answer follows in the channel's thread."""
        await ack()

    async def form_work(self, body: dict[str, Any]) -> None:
        """A submitted ask form: the question (and its code as a fenced block) asked in the channel."""
        self.turns.track()
        async with self.turns.store.inbox.handling(inbox_key(body)):
            await self._form_work(body)

    async def _form_work(self, body: dict[str, Any]) -> None:
        view = body.get("view") or {}
        question, code = form_values(view)
        text = question if not code else f"{question}\n```python\n{code}\n```"
        user = str((body.get("user") or {}).get("id", ""))
        team = str((body.get("team") or {}).get("id", ""))
        if not text.strip() or not user:
            return
        await self.turns.ask_in_channel(
            user=user,
            channel=str(view.get("private_metadata", "")),
            team=team,
            text=text,
            opened=body.get(OPENED),
            note_opened=self._noter(body),
        )

    def _noter(self, body: dict[str, Any]) -> Callable[[str], Awaitable[None]]:
        """Keep the ask's root post in its inbox row, so a replay after a crash reuses it."""
        inbox = self.turns.store.inbox

        async def note(ts: str) -> None:
            await inbox.update(inbox_key(body), {**body, OPENED: ts})

        return note
