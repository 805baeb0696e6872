"""The Slack face of the mentor: a slack-bolt AsyncApp over HTTP (/slack/events) or Socket Mode.

This module wires and runs it; the parts live beside it along their seams:
bot/platforms/slack_client.py (one pooled Web API client, profiles, shared files),
slack_commands.py (`/mca` and the ask form), slack_listeners.py (events and the learner
turn), slack_sink.py (a reply's messages in a thread). Every turn and every recovered reply
goes through bot/platforms/delivery.py, the pipeline Discord and the console use too.
Commands and events are acknowledged at once, each kept in the inbox first (bot/storage/inbox.py,
`ClaimEvents`); the work runs in bolt lazy listeners, and `replay` runs it again for an event a
crash left between the ack and its stored turn.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Literal

import aiohttp
import structlog
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.community.admin import CommunityAdmin
from bot.errors import ConfigError, Unavailable
from bot.mentor.service import MentorService
from bot.observability import HttpServer
from bot.platforms.course_room import CourseRoom
from bot.platforms.delivery import Delivery
from bot.platforms.settings import SlackSettings
from bot.platforms.slack_client import PooledWebClient, Profiles, SharedFiles, client_kwargs
from bot.platforms.slack_commands import ClaimEvents, SlackCommands
from bot.platforms.slack_course import SlackCourse, SlackPoster
from bot.platforms.slack_forms import ASK_FORM
from bot.platforms.slack_front import EVENTS_PATH
from bot.platforms.slack_listeners import PLATFORM, SlackListeners
from bot.platforms.slack_sink import ThreadSink
from bot.storage.inbox import InboxEvent
from bot.storage.store import Store, ThreadRecord

log = structlog.get_logger()


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
        delivery: Delivery,
        signing_secret: str | None = None,
        app_token: str | None = None,
        http: HttpServer | None = None,
        course_room: CourseRoom | None = None,
        community: CommunityAdmin | None = None,
    ) -> None:
        self.mentor = mentor
        self.store = store
        self.settings = settings
        self.delivery = delivery
        """Every turn and redelivery (bot/platforms/delivery.py), built by the composition root."""
        self.modes = configured_modes(
            bot_token=bot_token, signing_secret=signing_secret, app_token=app_token
        )
        if "http" in self.modes and http is None:
            raise ConfigError(
                "Slack HTTP mode (SLACK_SIGNING_SECRET is set) needs the HTTP server: "
                "set MCA_HTTP_PORT to the port Slack's requests reach (e.g. 3000)."
            )
        self._app_token = app_token
        self._socket: AsyncSocketModeHandler | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = asyncio.Event()
        self._ready = asyncio.Event()
        self.bot_user_id: str | None = None
        """Our own user id (auth.test), for replayed events (bolt's context has it live)."""
        self.client = PooledWebClient(**client_kwargs(bot_token, settings))
        """Every Web API call of ours, over one keep-alive session (Socket Mode's too)."""
        api_errors = mentor.metrics.platform_api_errors
        self.client.on_error = lambda method, status: api_errors.labels(
            "slack", method, status
        ).inc()
        self.poster = SlackPoster(self.client)
        """Posts weekly announcements (cmd_run's posters dict)."""
        course: SlackCourse | None = None
        if course_room is not None:
            course_room.posters[self.name] = self.poster
            course = SlackCourse(room=course_room, mentor=mentor)
        claims = store.claims(ttl_s=settings.claim_ttl_s)
        self.listeners = SlackListeners(
            mentor=mentor,
            store=store,
            client=self.client,
            delivery=delivery,
            profiles=Profiles(self.client, settings.locale_ttl_s),
            files=SharedFiles(self.client, bot_token=bot_token, api_base_url=settings.api_base),
            claims=claims,
            track=self._track,
            course=course,
        )
        self.commands = SlackCommands(listeners=self.listeners, community=community)
        logging.getLogger("slack_bolt.AsyncApp").addFilter(_client_given_on_purpose)
        self.bolt = AsyncApp(
            # bolt's own client (its authorization's auth.test, context.client) has no
            # session: bolt deep-copies it for each lazy listener and a session can't be.
            client=AsyncWebClient(**client_kwargs(bot_token, settings)),
            signing_secret=signing_secret or "",
            request_verification_enabled="http" in self.modes,
            process_before_response=False,
        )
        self.bolt.use(ClaimEvents(claims, store.inbox))
        on, events = self.bolt, self.listeners
        on.command("/mca")(ack=self.commands.ack, lazy=[self.commands.work])
        on.event("app_mention")(ack=_ack, lazy=[events.mention])
        on.event("message")(ack=_ack, lazy=[events.message])
        on.event("app_home_opened")(ack=_ack, lazy=[events.home])
        on.view(ASK_FORM)(ack=self.commands.form_ack, lazy=[self.commands.form_work])
        on.event("reaction_added")(ack=_ack, lazy=[events.reaction])
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
            self.bot_user_id = str(identity.get("user_id") or "") or None
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

    # Recovery (bot/mentor/recovery.py) ----------------------------------------------------
    async def wait_ready(self) -> None:
        """Until `run` has checked the token (and connected Socket Mode)."""
        await self._ready.wait()

    async def redeliver(
        self, thread: ThreadRecord, *, turn_id: int, reply_id: int, markdown: str
    ) -> None:
        """Show a recovered reply in its thread: edit the parts already posted, post the rest."""
        sink = ThreadSink(self.client, channel=thread.channel, thread=thread.external_id)
        await self.delivery.redeliver(sink, turn_id=turn_id, reply_id=reply_id, markdown=markdown)

    # The inbox (bot/storage/inbox.py, bot/mentor/reaper.py) --------------------------------
    async def replay(self, event: InboxEvent) -> None:
        """An event acked before a crash: through the same handler as when it arrived."""
        body = event.payload
        if body.get("command"):
            await self.commands.work(body, AsyncRespond(response_url=body.get("response_url")))
        elif body.get("type") == "view_submission":
            await self.commands.form_work(body)
        else:
            inner = body.get("event") or {}
            context = AsyncBoltContext(bot_user_id=self.bot_user_id)
            handle = self.listeners.mention if inner.get("type") == "app_mention" else None
            await (handle or self.listeners.message)(inner, body, context)


async def _ack(ack: AsyncAck) -> None:
    """Events are acked at once (an unacked or unmatched event is retried by Slack)."""
    await ack()


def slack_platform(
    *,
    mentor: MentorService,
    store: Store,
    settings: SlackSettings,
    bot_token: str | None,
    signing_secret: str | None,
    app_token: str | None,
    http: HttpServer | None,
    delivery: Delivery,
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
        delivery=delivery,
        course_room=course_room,
        community=community,
    )


__all__ = ["EVENTS_PATH", "SlackPlatform", "configured_modes", "slack_platform"]


def _client_given_on_purpose(record: logging.LogRecord) -> bool:
    """Drop bolt's "As you gave `client` as well, `token` will be unused." (review10 T31).

    Bolt reads SLACK_BOT_TOKEN from the environment even when it is given a client, then
    warns on every start that the token it read is unused: we give the client on purpose
    (it carries the same token), so the warning is noise an operator would chase.
    """
    return "`token` will be unused" not in record.getMessage()
