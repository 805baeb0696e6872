"""The Slack face of the mentor: a slack-bolt AsyncApp over HTTP (/slack/events) or Socket Mode.

It only translates: a `/mca` command, an @mention or a message in a bot thread becomes one
`MentorService.handle` call, and the reply is streamed into the thread by `chat.update` and
split under Slack's limits (bot/platforms/slack_format.py). Commands and events are
acknowledged at once; the work runs in bolt lazy listeners. Each event id and each learner
message is claimed once in SQLite (bot/platforms/slack_store.py), so Slack's retries and the
app_mention + message pair of a mention in a thread are answered exactly once.

Every message carrying part of a reply has message metadata `mca_reply` {turn, part} and is
recorded in the outbox (bot/mentor/recovery.py): after a crash, `redeliver` edits the parts
already posted (found in the outbox or, for a post the crash kept us from recording, by its
metadata in conversations.replies) and posts only the missing ones.

Every Web API call of ours (and the file downloads) goes through `SlackPlatform.client`, a
`_PooledWebClient` over one keep-alive aiohttp session, opened at the first call inside the
running loop and closed by `close()`; without a session slack_sdk opens and closes a session
(a new TCP + TLS connection) per call. Listeners therefore use `self.client`, never bolt's
`context.client`: bolt's own client has no session on purpose. Bolt gives each request a
client carrying its app client's session and, to start a lazy listener, `copy.deepcopy`s the
request with that client; deep-copying an aiohttp session walks into its event loop and
raises TypeError (cannot pickle '_contextvars.Context' / 'TaskStepMethWrapper'), so bolt
would answer 500 and never run the listener.
"""

from __future__ import annotations

import asyncio
import functools
import re
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

import aiohttp
import structlog
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    async_default_handlers as default_retry_handlers,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.community.admin import CommunityAdmin
from bot.course.service import Who
from bot.errors import ConfigError, InputError, RateLimited, Unavailable
from bot.mentor.commands import parse_command
from bot.mentor.models import Attachment, MentorRequest
from bot.mentor.recovery import Outbox
from bot.mentor.service import MentorService
from bot.observability import HttpServer
from bot.platforms.course_room import COURSE_COMMANDS, CourseRoom
from bot.platforms.settings import SlackSettings
from bot.platforms.slack_course import SlackCourse, SlackPoster, home_view
from bot.platforms.slack_format import LIMITS, SlackMessage, preview, render, to_mrkdwn
from bot.platforms.slack_forms import ASK_FORM, ask_form, form_values
from bot.platforms.slack_store import SlackClaims, thread_owner
from bot.storage.store import Store, ThreadRecord

log = structlog.get_logger()

PLATFORM = "slack"
EVENTS_PATH = "/slack/events"
SLACK_API = "https://slack.com/api/"
SLACK_FILES_HOST = "files.slack.com"
CONFIRM_WORDS = frozenset({"yes", "--yes", "sim", "si", "sí", "oui", "ja", "sì"})
LEARNER_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
LOCALE_CACHE_SIZE = 2048
DOWNLOAD_TIMEOUT_S = 10.0
REPLY_MARKER = "mca_reply"
"""Message metadata event type on every message that carries part of a mentor reply."""

Mode = Literal["http", "socket"]


def configured_modes(
    *, bot_token: str | None, signing_secret: str | None, app_token: str | None
) -> list[Mode]:
    """The transports the environment asks for (none without a bot token)."""
    if not bot_token:
        return []
    modes: list[Mode] = []
    if signing_secret:
        modes.append("http")
    if app_token:
        modes.append("socket")
    return modes


@dataclass(frozen=True, slots=True)
class Profile:
    """What users.info tells us about a learner."""

    locale: str | None
    name: str


class _ProfileCache:
    """users.info results per user, bounded and expiring (a locale rarely changes)."""

    def __init__(self, ttl_s: float) -> None:
        self._ttl_s = ttl_s
        self._items: OrderedDict[str, tuple[float, Profile]] = OrderedDict()

    def get(self, user: str) -> Profile | None:
        item = self._items.get(user)
        if item is None or item[0] < time.monotonic():
            return None
        return item[1]

    def put(self, user: str, profile: Profile) -> None:
        self._items[user] = (time.monotonic() + self._ttl_s, profile)
        self._items.move_to_end(user)
        while len(self._items) > LOCALE_CACHE_SIZE:
            self._items.popitem(last=False)


class _PooledWebClient(AsyncWebClient):
    """An AsyncWebClient whose calls share one keep-alive aiohttp session (opened lazily).

    The session is made like the one slack_sdk makes per call (total timeout = the client's
    timeout, no proxy from the environment: the client passes its proxy with each request),
    except that it is kept, and takes no cookies (a per-call session never sent any back). It
    is opened at the first call, so inside the running loop; after `aclose()` calls fall
    back to slack_sdk's session per call instead of opening a new pool nobody closes.
    """

    def pool(self) -> aiohttp.ClientSession:
        """The shared session, opened now if this is the first use."""
        if self.session is None:
            self.session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                cookie_jar=aiohttp.DummyCookieJar(),
            )
        return self.session

    on_error: Callable[[str, str], None] | None = None
    """Told (method, status) of every failed Web API call, for mca_platform_api_errors_total."""

    async def _request(
        self, *, http_verb: str, api_url: str, req_args: dict[str, Any]
    ) -> dict[str, Any]:
        self.pool()
        method = api_url.rsplit("/", 1)[-1]
        try:
            return await super()._request(http_verb=http_verb, api_url=api_url, req_args=req_args)
        except (aiohttp.ClientError, TimeoutError) as exc:
            if self.on_error is not None:
                self.on_error(method, type(exc).__name__)
            raise

    async def api_call(self, api_method: str, **kwargs: Any) -> Any:  # as slack_sdk's
        try:
            return await super().api_call(api_method, **kwargs)
        except SlackApiError as exc:
            if self.on_error is not None:
                status = getattr(exc.response, "status_code", 0)
                self.on_error(api_method, f"{status}:{exc.response.get('error', '')}"[:60])
            raise

    async def aclose(self) -> None:
        """Close the pool (idempotent); later calls use a session per call."""
        if self.session is not None and not self.session.closed:
            await self.session.close()


class _ClaimEvents(AsyncMiddleware):
    """Answer each event and command once: retries and replays are acked and dropped."""

    def __init__(self, claims: SlackClaims) -> None:
        self._claims = claims

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
        event_id = req.body.get("event_id") if req.body.get("type") == "event_callback" else None
        if event_id and not await self._claims.claim(f"event:{event_id}"):
            retry = req.headers.get("x-slack-retry-num", [""])[0]
            log.info("slack.event_duplicate", event_id=event_id, retry=retry)
            return BoltResponse(status=200, body="")
        trigger = req.body.get("trigger_id") if req.body.get("command") else None
        if trigger and not await self._claims.claim(f"command:{trigger}"):
            log.info("slack.command_duplicate", command=req.body.get("command"))
            return BoltResponse(status=200, body="")
        await next()
        return resp


SLACK_FEEDBACK = {"+1": 1, "thumbsup": 1, "-1": -1, "thumbsdown": -1}
"""Reactions stored as feedback on a reply (Slack's names; skin tones are stripped)."""


def slack_thread(channel: str, thread: str) -> str | None:
    """The Slack thread_ts to post into: None in a DM, whose mentoring thread is the DM itself."""
    return None if thread == channel else thread


class _ThreadReply:
    """One mentor reply in a Slack thread.

    Posted at the first text, edited at most every `interval_s` while streaming, and split
    into more messages at the end.
    """

    def __init__(
        self, client: AsyncWebClient, *, channel: str, thread_ts: str, interval_s: float
    ) -> None:
        self._client = client
        self._channel = channel
        self._thread_ts = slack_thread(channel, thread_ts)
        self._interval_s = interval_s
        self._last_edit = 0.0
        self._shown: SlackMessage | None = None
        self.ts: str | None = None
        self.turn: int | None = None
        """The learner turn this answers (set once stored): marks and records every part."""
        self.outbox: Outbox | None = None
        self.parts: list[str] = []
        """ts of every message carrying the reply, in order."""

    async def _post(self, message: SlackMessage) -> str:
        marker = None if self.turn is None else _marker(self.turn, len(self.parts))
        resp = await self._client.chat_postMessage(
            channel=self._channel, thread_ts=self._thread_ts, metadata=marker, **message.kwargs()
        )
        ts = str(resp["ts"])
        if self.turn is not None and self.outbox is not None:
            await self.outbox.record_part(self.turn, len(self.parts), ts)
        self.parts.append(ts)
        return ts

    async def _show(self, message: SlackMessage) -> None:
        if message == self._shown:
            return
        if self.ts is None:
            self.ts = await self._post(message)
        else:
            await self._client.chat_update(channel=self._channel, ts=self.ts, **message.kwargs())
        self._shown = message
        self._last_edit = time.monotonic()

    async def progress(self, markdown: str) -> None:
        """The reply so far (MentorService's on_progress): shown at most once per interval."""
        if self.ts is not None and time.monotonic() - self._last_edit < self._interval_s:
            return
        parts = render(markdown)
        if not parts:
            return
        try:
            await self._show(parts[0])
        except SlackApiError as exc:  # a lost preview is fine: the final text follows
            log.warning("slack.progress_failed", error=exc.response.get("error"))
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack.progress_failed", error=type(exc).__name__)

    async def finish(self, markdown: str) -> None:
        """The whole reply: the streamed message becomes part 1, the rest follow in the thread."""
        parts = render(markdown)
        if not parts:
            return
        await self._show(parts[0])
        for part in parts[1:]:
            await self._post(part)


class SlackPlatform:
    """The mentor in a Slack workspace (single-workspace app)."""

    name = PLATFORM

    def __init__(
        self,
        *,
        mentor: MentorService,
        store: Store,
        settings: SlackSettings,
        bot_token: str,
        signing_secret: str | None = None,
        app_token: str | None = None,
        http: HttpServer | None = None,
        course_room: CourseRoom | None = None,
        community: CommunityAdmin | None = None,
    ) -> None:
        self.community = community
        """Workspace settings for `/mca admin` (None: the command says it is unavailable)."""
        self.mentor = mentor
        self.store = store
        self.settings = settings
        self.modes = configured_modes(
            bot_token=bot_token, signing_secret=signing_secret, app_token=app_token
        )
        if "http" in self.modes and http is None:
            raise ConfigError(
                "Slack HTTP mode (SLACK_SIGNING_SECRET is set) needs the HTTP server: "
                "set MCA_HTTP_PORT to the port Slack's requests reach (e.g. 3000)."
            )
        self._bot_token = bot_token
        self._app_token = app_token
        self._claims = SlackClaims(store.db, ttl_s=settings.claim_ttl_s)
        self._profiles = _ProfileCache(settings.locale_ttl_s)
        self._socket: AsyncSocketModeHandler | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = asyncio.Event()
        self._ready = asyncio.Event()
        self._outbox = Outbox(store.db)
        self.client = _PooledWebClient(**_client_kwargs(bot_token, settings))
        api_errors = mentor.metrics.platform_api_errors
        self.client.on_error = lambda method, status: api_errors.labels(
            "slack", method, status
        ).inc()
        """Every Web API call of ours, over one keep-alive session (Socket Mode's too)."""
        self.bolt = AsyncApp(
            # bolt's own client (its authorization's auth.test, context.client) has no
            # session: bolt deep-copies it for each lazy listener and a session can't be.
            client=AsyncWebClient(**_client_kwargs(bot_token, settings)),
            signing_secret=signing_secret or "",
            request_verification_enabled="http" in self.modes,
            process_before_response=False,
        )
        self.poster = SlackPoster(self.client)
        """Posts weekly announcements (cmd_run's posters dict)."""
        self.course: SlackCourse | None = None
        if course_room is not None:
            course_room.posters[self.name] = self.poster
            self.course = SlackCourse(room=course_room, mentor=mentor)
        self.bolt.use(_ClaimEvents(self._claims))
        self.bolt.command("/mca")(ack=self._command_ack, lazy=[self._command_work])
        self.bolt.event("app_mention")(ack=self._ack, lazy=[self._mention_work])
        self.bolt.event("message")(ack=self._ack, lazy=[self._message_work])
        self.bolt.event("app_home_opened")(ack=self._ack, lazy=[self._home_work])
        self.bolt.view(ASK_FORM)(ack=self._form_ack, lazy=[self._form_work])
        self.bolt.event("reaction_added")(ack=self._ack, lazy=[self._reaction_work])
        if http is not None and "http" in self.modes:
            http.add_route("POST", EVENTS_PATH, self.handle_http)
            http.add_health(lambda: {"slack": {"modes": list(self.modes)}})

    # Transports ---------------------------------------------------------------------------
    async def handle_http(self, request: web.Request) -> web.Response:
        """POST /slack/events: signed requests from Slack, through bolt."""
        bolt_response = await self.bolt.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    async def run(self) -> None:
        """Check the token, connect Socket Mode if asked, serve until closed."""
        try:
            identity = await self.client.auth_test()
            log.info(
                "slack.ready",
                modes=self.modes,
                team=identity.get("team_id"),
                bot_user=identity.get("user_id"),
            )
        except SlackApiError as exc:
            if exc.response.get("error") in ("invalid_auth", "not_authed", "account_inactive"):
                raise ConfigError(
                    f"Slack rejected SLACK_BOT_TOKEN ({exc.response.get('error')}): "
                    "copy the Bot User OAuth Token (xoxb-...) from the app's settings."
                ) from None
            log.warning("slack.auth_test_failed", error=exc.response.get("error"))
        except (aiohttp.ClientError, OSError) as exc:
            raise Unavailable(
                f"Cannot reach Slack's Web API ({type(exc).__name__}: {exc}); check the "
                "network (and MCA_SLACK_API_BASE if set)."
            ) from None
        if "socket" in self.modes and self._app_token:
            await self._check_app_token()
            self._socket = AsyncSocketModeHandler(
                self.bolt, app_token=self._app_token, web_client=self.client
            )
            await self._socket.connect_async()  # type: ignore[no-untyped-call]
            log.info("slack.socket_mode_connected")
        self._ready.set()
        await self._closed.wait()

    async def _check_app_token(self) -> None:
        """One `apps.connections.open` before Socket Mode: its client retries a bad token forever."""
        try:
            await self.client.apps_connections_open(app_token=self._app_token or "")
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error in ("invalid_auth", "not_authed", "not_allowed_token_type"):
                raise ConfigError(
                    f"Slack rejected SLACK_APP_TOKEN ({error}): create an app-level token "
                    "(xapp-...) with the connections:write scope in the app's Basic Information."
                ) from None
            log.warning("slack.app_token_check_failed", error=error)

    def connected(self) -> bool:
        """True once the token was checked and Socket Mode (if used) connected (for /healthz)."""
        return self._ready.is_set() and not self._closed.is_set()

    async def close(self) -> None:
        """Stop: disconnect Socket Mode, let running replies finish briefly, close the pool."""
        self._closed.set()
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        if self._tasks:
            # After a drain (SIGTERM) the running replies already had their grace period.
            wait_s = 5.0 if self.mentor.drain.accepting else 0.1
            _, pending = await asyncio.wait(set(self._tasks), timeout=wait_s)
            for task in pending:
                task.cancel()
        await self.client.aclose()

    def _track(self) -> None:
        """Keep a strong reference to the running lazy listener (bolt does not)."""
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    # /mca ---------------------------------------------------------------------------------
    async def _command_ack(self, ack: AsyncAck, command: dict[str, Any]) -> None:
        """Answer within 3 s: quick subcommands fully, `ask` by an empty ack (work is lazy)."""
        parsed = parse_command(str(command.get("text", "")), prefixed=False)
        user = str(command.get("user_id", ""))
        profile = self._profiles.get(user)
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
        elif parsed.name in (*COURSE_COMMANDS, "admin") and self.course is not None:
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

    async def _command_work(self, command: dict[str, Any], respond: AsyncRespond) -> None:
        """`/mca ask`: a visible post in the channel, the answer in its thread."""
        self._track()
        client = self.client
        parsed = parse_command(str(command.get("text", "")), prefixed=False)
        if parsed.name == "admin" and self.course is not None:
            await self._admin_command(command, respond, parsed.rest)
            return
        if parsed.name in COURSE_COMMANDS and self.course is not None:
            user = str(command.get("user_id", ""))
            profile = await self._profile(client, user)
            await self.course.handle(
                parsed,
                command,
                client,
                respond,
                locale=profile.locale,
                name=profile.name,
                thread_reply=self._course_thread_reply,
            )
            return
        if parsed.name != "ask" or not parsed.rest.strip():
            return
        await self._ask_in_channel(
            user=str(command["user_id"]),
            channel=str(command["channel_id"]),
            team=str(command.get("team_id", "")),
            text=parsed.rest,
            respond=respond,
        )

    async def _admin_command(
        self, command: dict[str, Any], respond: AsyncRespond, rest: str
    ) -> None:
        """`/mca admin show` and `/mca admin set <setting> <value>`, for workspace admins."""
        assert self.course is not None
        user, team = str(command.get("user_id", "")), str(command.get("team_id", ""))
        profile = await self._profile(self.client, user)
        lang = self.mentor.language_hint(profile.locale)
        action, _, args = rest.strip().partition(" ")
        key, _, value = args.strip().partition(" ")
        try:
            if self.community is None or not team:
                raise InputError("Settings belong to a workspace.", key="community_no_community")
            if not await self.course.is_admin(self.client, user):
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
        profile = await self._profile(self.client, user)  # the form speaks their language
        say = functools.partial(self.mentor.message, self.mentor.language_hint(profile.locale))
        try:
            await self.client.views_open(
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

    async def _form_ack(self, ack: AsyncAck) -> None:
        """The form closes at once; the answer follows in the channel's thread."""
        await ack()

    async def _form_work(self, body: dict[str, Any]) -> None:
        """A submitted ask form: the question (and its code as a fenced block) asked in the channel."""
        self._track()
        view = body.get("view") or {}
        question, code = form_values(view)
        text = question if not code else f"{question}\n```python\n{code}\n```"
        user = str((body.get("user") or {}).get("id", ""))
        team = str((body.get("team") or {}).get("id", ""))
        if not text.strip() or not user:
            return
        await self._ask_in_channel(
            user=user, channel=str(view.get("private_metadata", "")), team=team, text=text
        )

    async def _ask_in_channel(
        self,
        *,
        user: str,
        channel: str,
        team: str,
        text: str,
        respond: AsyncRespond | None = None,
    ) -> None:
        """A visible post of the question in the channel, and the answer in its thread."""
        client = self.client
        profile = await self._profile(client, user)
        lang = self.mentor.language_hint(profile.locale, text)
        if not await self._channel_allowed(team, channel, user, lang):
            return
        opening = self.mentor.message(
            lang, "slack_asked", user=f"<@{_user_id(user)}>", question=preview(text)
        )
        try:
            posted = await client.chat_postMessage(channel=channel, text=opening)
        except SlackApiError as exc:
            log.warning("slack.post_failed", channel=channel, error=exc.response.get("error"))
            not_in = exc.response.get("error") in ("not_in_channel", "channel_not_found")
            key = "slack_not_in_channel" if not_in else "internal_error"
            text = self.mentor.message(lang, key, ref=uuid.uuid4().hex[:8])
            if respond is not None:
                await respond(text=to_mrkdwn(text), response_type="ephemeral")
            else:
                await self._ephemeral(channel, user, text)
            return
        await self._answer(
            client,
            channel=channel,
            thread_ts=str(posted["ts"]),
            user=user,
            team=team,
            text=text,
            profile=profile,
        )

    async def _channel_allowed(self, team: str, channel: str, user: str, lang: str) -> bool:
        """The workspace's mentoring channels (set by its admins); elsewhere, a private note."""
        community = self.mentor.community
        if community is None or not team or channel.startswith("D"):
            return True
        rules = await community.get(PLATFORM, team)
        if rules.allows_channel(channel):
            return True
        where = ", ".join(f"<#{c}>" for c in rules.channels)
        await self._ephemeral(
            channel, user, self.mentor.message(lang, "community_not_here", channels=where)
        )
        return False

    async def _ephemeral(self, channel: str, user: str, text: str) -> None:
        """A note only `user` sees in `channel` (best effort)."""
        try:
            await self.client.chat_postEphemeral(channel=channel, user=user, text=to_mrkdwn(text))
        except SlackApiError as exc:
            log.warning("slack.ephemeral_failed", error=exc.response.get("error"))

    async def _course_thread_reply(
        self, client: AsyncWebClient, channel: str, thread_ts: str, markdown: str
    ) -> None:
        """Post a course text (e.g. the session) into a thread, split under Slack's limits."""
        reply = _ThreadReply(client, channel=channel, thread_ts=thread_ts, interval_s=0)
        await reply.finish(markdown)

    # Events -------------------------------------------------------------------------------
    async def _ack(self, ack: AsyncAck) -> None:
        """Events are acked at once (an unacked or unmatched event is retried by Slack)."""
        await ack()

    async def _mention_work(
        self, event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        """An @mention: starts a thread on that message, or continues the thread it is in."""
        self._track()
        if not _from_learner(event, context):
            return
        channel, ts = str(event.get("channel", "")), str(event.get("ts", ""))
        if not await self._claims.claim(f"message:{channel}:{ts}"):
            return
        thread_ts = str(event.get("thread_ts") or ts)
        if thread_ts != ts:  # a mention inside a thread: only its learner continues a bot thread
            owner = await thread_owner(self.store, channel, thread_ts)
            if owner is not None and owner != str(event.get("user", "")):
                await self._not_your_thread(event, thread_ts)
                return
        else:  # a new thread in the channel: only where the workspace lets the mentor answer
            user = str(event.get("user", ""))
            profile = await self._profile(self.client, user)
            lang = self.mentor.language_hint(profile.locale, str(event.get("text") or ""))
            team = str(body.get("team_id") or event.get("team") or "")
            if not await self._channel_allowed(team, channel, user, lang):
                return
        await self._answer_event(event, body, context, thread_ts=thread_ts)

    async def _message_work(
        self, event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        """A learner's message in a bot thread continues it; everything else is ignored."""
        self._track()
        if not _from_learner(event, context):
            return
        channel, ts = str(event.get("channel", "")), str(event.get("ts", ""))
        thread_ts = event.get("thread_ts")
        if event.get("channel_type") == "im":  # a DM with the bot is one private thread
            if await self._claims.claim(f"message:{channel}:{ts}"):
                await self._answer_event(event, body, context, thread_ts=channel)
            return
        if not thread_ts or thread_ts == ts:
            return  # top-level chatter: the bot answers only /mca, mentions and its threads
        owner = await thread_owner(self.store, channel, str(thread_ts))
        if owner is None:
            return
        if not await self._claims.claim(f"message:{channel}:{ts}"):
            return
        if owner != str(event.get("user", "")):
            await self._not_your_thread(event, str(thread_ts))
            return
        await self._answer_event(event, body, context, thread_ts=str(thread_ts))

    async def _not_your_thread(self, event: dict[str, Any], thread_ts: str) -> None:
        """Someone else wrote in a learner's thread: a note only they see; nothing is stored."""
        user, channel = str(event.get("user", "")), str(event.get("channel", ""))
        profile = await self._profile(self.client, user)
        lang = self.mentor.language_hint(profile.locale, str(event.get("text") or ""))
        log.info("slack.not_thread_owner", channel=channel, thread=thread_ts)
        try:
            await self.client.chat_postEphemeral(
                channel=channel,
                user=user,
                thread_ts=thread_ts,
                text=to_mrkdwn(self.mentor.message(lang, "not_your_thread")),
            )
        except SlackApiError as exc:
            log.warning("slack.ephemeral_failed", error=exc.response.get("error"))

    async def _answer_event(
        self,
        event: dict[str, Any],
        body: dict[str, Any],
        context: AsyncBoltContext,
        *,
        thread_ts: str,
    ) -> None:
        client = self.client
        user, channel = str(event.get("user", "")), str(event.get("channel", ""))
        text = _strip_mention(str(event.get("text") or ""), context.bot_user_id)
        profile = await self._profile(client, user)
        attachments, failed = await self._python_files(client, event.get("files") or [])
        if not text.strip() and not attachments and not failed:
            return  # e.g. an image with no words: nothing to mentor on
        if failed:
            lang = self.mentor.language_hint(profile.locale, text)
            note = self.mentor.message(lang, "slack_file_failed", name=", ".join(failed))
            await _ThreadReply(client, channel=channel, thread_ts=thread_ts, interval_s=0).finish(
                note
            )
        await self._answer(
            client,
            channel=channel,
            thread_ts=thread_ts,
            user=user,
            team=str(body.get("team_id") or event.get("team") or ""),
            text=text,
            profile=profile,
            attachments=attachments,
        )

    async def _home_work(self, event: dict[str, Any]) -> None:
        """The App Home's Home tab, published fresh each time the learner opens it."""
        self._track()
        if event.get("tab") != "home" or self.course is None:
            return
        user = str(event.get("user", ""))
        profile = await self._profile(self.client, user)
        lang = self.mentor.language_hint(profile.locale)
        who = Who(PLATFORM, user, profile.name, profile.locale)
        try:
            view = await home_view(self.course.room, who, lang)
            await self.client.views_publish(user_id=user, view=view)
        except SlackApiError as exc:
            log.warning("slack.home_failed", error=exc.response.get("error"))
        else:
            log.info("slack.home_published", blocks=len(view["blocks"]))

    async def _reaction_work(self, event: dict[str, Any]) -> None:
        """:+1: / :-1: on one of the bot's replies is stored as feedback on that turn."""
        self._track()
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

    # The turn -----------------------------------------------------------------------------
    async def _answer(
        self,
        client: AsyncWebClient,
        *,
        channel: str,
        thread_ts: str,
        user: str,
        team: str,
        text: str,
        profile: Profile,
        attachments: tuple[Attachment, ...] = (),
    ) -> None:
        """One MentorService turn, streamed into the thread; errors answered politely."""
        async with self.mentor.drain.track():
            await self._answer_tracked(
                client,
                channel=channel,
                thread_ts=thread_ts,
                user=user,
                team=team,
                text=text,
                profile=profile,
                attachments=attachments,
            )

    async def _answer_tracked(
        self,
        client: AsyncWebClient,
        *,
        channel: str,
        thread_ts: str,
        user: str,
        team: str,
        text: str,
        profile: Profile,
        attachments: tuple[Attachment, ...],
    ) -> None:
        reply = _ThreadReply(
            client, channel=channel, thread_ts=thread_ts, interval_s=self.settings.edit_interval_s
        )

        async def accepted(turn_id: int) -> None:
            reply.turn, reply.outbox = turn_id, self._outbox
            await self._outbox.accept(turn_id, PLATFORM, first_part=reply.ts)

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
        try:
            answer = await self.mentor.handle(
                request, on_progress=reply.progress, on_accepted=accepted
            )
        except (InputError, RateLimited) as exc:
            lang = self.mentor.language_hint(profile.locale, text)
            await self._deliver(reply, self.mentor.error_text(exc, lang))
            return
        except Exception:
            ref = uuid.uuid4().hex[:8]
            log.exception("slack.turn_failed", ref=ref, channel=channel, thread=thread_ts)
            lang = self.mentor.language_hint(profile.locale, text)
            await self._deliver(reply, self.mentor.message(lang, "internal_error", ref=ref))
            return
        if await self._deliver(reply, answer.text) and reply.ts and answer.reply_id:
            await self._outbox.delivered(
                answer.turn_id,
                reply.parts,
                reply_id=answer.reply_id,
                external_id=f"{channel}:{reply.ts}",
            )

    # Recovery (bot/mentor/recovery.py) ----------------------------------------------------
    async def wait_ready(self) -> None:
        """Until `run` has checked the token (and connected Socket Mode)."""
        await self._ready.wait()

    async def redeliver(
        self, thread: ThreadRecord, *, turn_id: int, reply_id: int, markdown: str
    ) -> None:
        """Show a recovered reply in its thread: edit the parts already posted, post the rest."""
        channel, thread_ts = thread.channel, slack_thread(thread.channel, thread.external_id)
        parts = render(markdown)
        known = await self._outbox.parts(turn_id)
        if thread_ts is not None and any(index not in known for index in range(len(parts))):
            known = {**await self._marked(channel, thread_ts, turn_id), **known}
        posted: list[str] = []
        for index, part in enumerate(parts):
            ts = known.get(index)
            if ts is not None:
                try:
                    await self.client.chat_update(channel=channel, ts=ts, **part.kwargs())
                except SlackApiError as exc:
                    if exc.response.get("error") != "message_not_found":
                        raise
                    ts = None  # deleted meanwhile: post it again
            if ts is None:
                resp = await self.client.chat_postMessage(
                    channel=channel,
                    thread_ts=thread_ts,
                    metadata=_marker(turn_id, index),
                    **part.kwargs(),
                )
                ts = str(resp["ts"])
                await self._outbox.record_part(turn_id, index, ts)
            posted.append(ts)
        if posted and reply_id:
            await self.store.set_external_id(reply_id, f"{channel}:{posted[0]}")
        log.info("slack.reply_redelivered", turn=turn_id, parts=len(posted))

    async def _marked(self, channel: str, thread_ts: str, turn_id: int) -> dict[int, str]:
        """Parts of a turn's reply already in the thread, found by their metadata marker."""
        found: dict[int, str] = {}
        cursor: str | None = None
        while True:
            resp = await self.client.conversations_replies(
                channel=channel, ts=thread_ts, include_all_metadata=True, limit=200, cursor=cursor
            )
            for message in resp.get("messages") or []:
                meta = message.get("metadata") or {}
                payload = meta.get("event_payload") or {}
                if meta.get("event_type") == REPLY_MARKER and payload.get("turn") == turn_id:
                    found[int(payload.get("part", 0))] = str(message["ts"])
            cursor = (resp.get("response_metadata") or {}).get("next_cursor") or None
            if not resp.get("has_more") or not cursor:
                return found

    async def _deliver(self, reply: _ThreadReply, markdown: str) -> bool:
        try:
            await reply.finish(markdown)
        except SlackApiError as exc:
            log.error("slack.reply_failed", error=exc.response.get("error"))
            return False
        except (aiohttp.ClientError, TimeoutError) as exc:  # the turn stays stored as answered
            log.error("slack.reply_failed", error=type(exc).__name__)
            return False
        return True

    async def _profile(self, client: AsyncWebClient, user: str) -> Profile:
        """The learner's Slack locale (a language signal) and name; cached."""
        cached = self._profiles.get(user)
        if cached is not None:
            return cached
        try:
            resp = await client.users_info(user=user, include_locale=True)
        except SlackApiError as exc:
            log.warning("slack.users_info_failed", error=exc.response.get("error"))
            return Profile(locale=None, name="")
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack.users_info_failed", error=type(exc).__name__)
            return Profile(locale=None, name="")
        data: dict[str, Any] = resp.get("user") or {}
        names: dict[str, Any] = data.get("profile") or {}
        profile = Profile(
            locale=data.get("locale") or None,
            name=str(names.get("display_name") or names.get("real_name") or data.get("name", "")),
        )
        self._profiles.put(user, profile)
        return profile

    # Files --------------------------------------------------------------------------------
    async def _python_files(
        self, client: AsyncWebClient, files: list[dict[str, Any]]
    ) -> tuple[tuple[Attachment, ...], list[str]]:
        """Fetch the .py (run) and .txt/.log (read) files shared with a message.

        Returns (attachments, names that failed).
        """
        attachments: list[Attachment] = []
        failed: list[str] = []
        for shared in files:
            name = str(shared.get("name") or "")
            readable = name.lower().endswith((".py", ".txt", ".log"))
            if not readable and shared.get("filetype") not in ("python", "text"):
                continue
            try:
                info = await client.files_info(file=str(shared["id"]))
                meta: dict[str, Any] = info.get("file") or {}
                url = str(meta.get("url_private_download") or meta.get("url_private") or "")
                content = await self._download(url, self.mentor.settings.max_code_bytes)
            except (SlackApiError, aiohttp.ClientError, TimeoutError, KeyError, ValueError) as exc:
                log.warning("slack.file_failed", file=name, error=type(exc).__name__)
                failed.append(name or "?")
                continue
            attachments.append(Attachment(str(meta.get("name") or name), content))
        return tuple(attachments), failed

    async def _download(self, url: str, max_bytes: int) -> bytes:
        """GET a url_private with the bot token; only to Slack's file host (or the API's)."""
        host = urlsplit(url).hostname or ""
        allowed = {SLACK_FILES_HOST, urlsplit(_api_base(self.settings.api_base)).hostname}
        if host not in allowed:
            raise ValueError(f"refusing to send the bot token to {host!r}")
        session = self.client.pool()
        if session.closed:
            raise aiohttp.ClientConnectionError("the Slack session is closed (shutting down)")
        headers = {"Authorization": f"Bearer {self._bot_token}"}
        timeout = aiohttp.ClientTimeout(total=DOWNLOAD_TIMEOUT_S)
        async with session.get(
            url, headers=headers, allow_redirects=False, timeout=timeout
        ) as resp:
            resp.raise_for_status()
            # one byte over the limit is enough for the mentor to refuse it politely
            return await resp.content.read(max_bytes + 1)


def _marker(turn_id: int, part: int) -> dict[str, Any]:
    """Message metadata that finds a reply's part again after a crash."""
    return {"event_type": REPLY_MARKER, "event_payload": {"turn": turn_id, "part": part}}


def _client_kwargs(bot_token: str, settings: SlackSettings) -> dict[str, Any]:
    """The Web API client's settings: token, base URL, retries (connection errors, 429s)."""
    return {
        "token": bot_token,
        "base_url": _api_base(settings.api_base),
        "retry_handlers": [
            *default_retry_handlers(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=settings.max_retries_429),
        ],
    }


def _api_base(api_base: str) -> str:
    return api_base.rstrip("/") + "/" if api_base else SLACK_API


def _user_id(user: str) -> str:
    """A Slack user id we put in a mention ourselves: only id characters survive."""
    return re.sub(r"[^A-Z0-9]", "", user.upper())


def _from_learner(event: dict[str, Any], context: AsyncBoltContext) -> bool:
    """A person's new message: not a bot (ours included), not an edit, delete or join."""
    if event.get("bot_id") or event.get("subtype") not in LEARNER_SUBTYPES:
        return False
    user = event.get("user")
    return bool(user) and user != context.bot_user_id


def _strip_mention(text: str, bot_user_id: str | None) -> str:
    """The message without the leading mention of the bot."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    return text.strip()


def slack_platform(
    *,
    mentor: MentorService,
    store: Store,
    settings: SlackSettings,
    bot_token: str | None,
    signing_secret: str | None,
    app_token: str | None,
    http: HttpServer | None,
    course_room: CourseRoom | None = None,
    community: CommunityAdmin | None = None,
) -> SlackPlatform | None:
    """The Slack platform when the environment configures one (routes mounted on `http`)."""
    modes = configured_modes(
        bot_token=bot_token, signing_secret=signing_secret, app_token=app_token
    )
    if not modes or bot_token is None:
        if signing_secret or app_token:
            log.warning("slack.not_started", reason="SLACK_BOT_TOKEN is not set")
        return None
    return SlackPlatform(
        mentor=mentor,
        store=store,
        settings=settings,
        bot_token=bot_token,
        signing_secret=signing_secret,
        app_token=app_token,
        http=http,
        course_room=course_room,
        community=community,
    )


__all__ = ["EVENTS_PATH", "LIMITS", "SlackPlatform", "configured_modes", "slack_platform"]
