"""Composition root: builds every service from settings and passes them by keyword.

Nothing else constructs services; nothing happens at import time. Use:

    async with open_app(settings) as app:
        await app.mentor.handle(request)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import structlog
from pydantic import SecretStr

from bot.community.admin import CommunityAdmin, Defaults
from bot.community.service import CommunitySettings
from bot.course.announcer import Announcer, Poster
from bot.course.service import CourseService, PracticeService
from bot.course.wiring import build_course_services
from bot.engine.offline import OfflineEngine
from bot.errors import ConfigError
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.language import LanguageDetector
from bot.mentor.limits import Allowances
from bot.mentor.method import MethodRules
from bot.mentor.recovery import Outbox
from bot.mentor.service import MentorService
from bot.mentor.warm_up import rehearse
from bot.mentor_build import build_draft_guards, build_engine, build_intent_guard
from bot.observability import HttpServer, Metrics
from bot.platforms.course_room import CourseRoom
from bot.platforms.delivery import Delivery
from bot.platforms.streaming import EditPacer
from bot.sandbox.client import DisabledSandbox, SandboxClient
from bot.sandbox.factory import build_sandbox as build_sandbox_client
from bot.sandbox.local import LocalSandbox
from bot.sandbox.metered import MeteredSandbox
from bot.settings import Settings
from bot.storage.connect import open_database
from bot.storage.leases import LeaseOwner
from bot.storage.sql_store import SqlStore
from bot.storage.store import Store

if TYPE_CHECKING:  # built only when configured: discord.py and slack_bolt load on demand
    from bot.platforms.discord import DiscordPlatform
    from bot.platforms.slack import SlackPlatform
    from bot.platforms.slack_front import SlackFront

log = structlog.get_logger()


@dataclass
class App:
    """The running bot's services."""

    settings: Settings
    metrics: Metrics
    store: Store
    sandbox: SandboxClient
    mentor: MentorService
    catalog: Catalog
    course: CourseService
    practice: PracticeService
    announcer: Announcer
    outbox: Outbox
    """Delivery state of platform turns (accepted, parts posted, delivered)."""
    community: CommunityAdmin | None = None
    """Per-community settings for admin commands (None in minimal test wiring)."""
    http: HttpServer | None = None
    front: SlackFront | None = None
    """What acked Slack's requests while the mentor was built (`open_app(early=True)`)."""
    serving: asyncio.Event = field(default_factory=asyncio.Event)
    """Set by the caller once its platforms serve: /healthz says ready from then on (early)."""


def build_sandbox(settings: Settings) -> SandboxClient:
    """The sandbox client the settings ask for."""
    if not settings.sandbox.enabled:
        return DisabledSandbox("code execution is turned off in the settings")
    return build_sandbox_client(settings.sandbox)


class Laps:
    """How long each step of building the app took, logged once (`app.built`).

    A restart waits for all of it before it serves (docs/scaling.md: start-up).
    """

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}
        self._last = time.perf_counter()

    def __call__(self, step: str) -> None:
        """The step that just ended (timed since the previous one)."""
        now = time.perf_counter()
        self.ms[step] = round((now - self._last) * 1000, 1)
        self._last = now


def slack_front(settings: Settings, store: Store) -> SlackFront | None:
    """Slack's front for the build window, when Slack comes over HTTP (a signing secret)."""
    if settings.slack_bot_token is None or settings.slack_signing_secret is None:
        return None
    from bot.platforms.slack_front import SlackFront  # noqa: PLC0415  # slack_sdk on demand

    return SlackFront(
        signing_secret=settings.slack_signing_secret.get_secret_value(), inbox=store.inbox
    )


async def _serve_early(
    settings: Settings, store: Store, server: HttpServer, serving: asyncio.Event
) -> SlackFront | None:
    """Serve HTTP before the mentor is built: /healthz not ready, Slack's requests kept."""

    async def mentor() -> tuple[bool, dict[str, str]]:
        return serving.is_set(), {} if serving.is_set() else {"state": "starting"}

    server.add_readiness("mentor", mentor)
    front = slack_front(settings, store)
    if front is not None:
        from bot.platforms.slack_front import EVENTS_PATH  # noqa: PLC0415  # slack_sdk on demand

        server.add_route("POST", EVENTS_PATH, front.handle)
    await server.start()
    return front


@asynccontextmanager
async def open_app(
    settings: Settings, *, http: bool = False, warm: bool = False, early: bool = False
) -> AsyncIterator[App]:
    """Build the bot from settings; close everything on exit, in reverse order.

    `warm` prepares a long-running bot (not worth it for a one-shot CLI command): one
    single-use jail pre-started per slot, and the language model loaded before the first turn.
    `early` (with `http`): the HTTP server starts as soon as the database is open, /healthz
    says not ready until the mentor is built, and Slack's requests meanwhile are acked and
    kept (`App.front`; bot/platforms/slack_front.py), to be answered once it is.
    """
    async with AsyncExitStack() as stack:
        lap = Laps()
        metrics = Metrics()
        db = await open_database(
            url=settings.database_url_value,
            path=settings.database_path,
            busy_timeout_s=settings.lifecycle.db_busy_timeout_s,
            pool_size=settings.lifecycle.db_pool_size,
            warm_pool=warm,
        )
        stack.push_async_callback(db.close)
        waits = getattr(db, "waits", None)  # PostgreSQL's pool: its waits per call site
        if waits is not None:
            waits.on_wait = lambda site, s: metrics.db_pool_wait.labels(site).observe(s)
        store = SqlStore(db, LeaseOwner.this_process(settings.lifecycle.lease_s))
        lap("database")
        server = None
        if http and settings.http_port:
            server = HttpServer(host=settings.http_host, port=settings.http_port, metrics=metrics)
        serving = asyncio.Event()
        front = None
        if early and server is not None:
            stack.push_async_callback(server.stop)
            front = await _serve_early(settings, store, server, serving)
            lap("http_early")
        # The sandbox's probe runs a test jail and waits on it: in a thread, beside the
        # loaders below (CPU in this thread), instead of before them.
        probing = asyncio.ensure_future(asyncio.to_thread(build_sandbox, settings))
        stack.push_async_callback(_close_sandbox, probing)
        detector = LanguageDetector(settings.mentor.languages)
        loading: asyncio.Future[None] | None = None
        if warm:  # the language model loads in a thread too (numpy reads, partly off the GIL)
            loading = asyncio.ensure_future(asyncio.to_thread(detector.warm_up))
            stack.push_async_callback(_settle, loading)
        catalog = Catalog.load(settings.config_dir)
        lap("catalog")
        # The heavy steps run in threads: the loop stays free to ack what arrives (early).
        knowledge = await asyncio.to_thread(KnowledgeBase.load, settings.config_dir)
        lap("knowledge")
        offline = OfflineEngine(knowledge=knowledge, catalog=catalog)
        lap("offline_engine")
        engine = await asyncio.to_thread(build_engine, settings, offline, metrics=metrics)
        stack.push_async_callback(engine.aclose)
        lap("engine")
        intent = await asyncio.to_thread(build_intent_guard, settings, metrics=metrics)
        stack.push_async_callback(intent.aclose)
        lap("intent_guard")
        sandbox = await probing
        warming: asyncio.Future[None] | None = None
        if not sandbox.available:
            log.warning("sandbox.disabled", reason=sandbox.reason)
        elif warm and isinstance(sandbox, LocalSandbox):  # jails start while the rest builds
            warming = asyncio.ensure_future(sandbox.start())
            stack.callback(warming.cancel)
        lap("sandbox")
        community = CommunitySettings(db, languages=settings.mentor.languages)
        course = build_course_services(
            settings,
            store=store,
            sandbox=MeteredSandbox(sandbox, metrics, purpose="practice"),
            metrics=metrics,
            community_targets=community.announce_targets,
        )
        lap("course")
        if loading is not None:
            await loading
        lap("language_model")
        rules = MethodRules.load(settings.config_dir)
        lap("method_rules")
        guards = await asyncio.to_thread(
            build_draft_guards, settings, catalog, knowledge, metrics, course, detector=detector
        )
        lap("draft_guards")
        mentor = MentorService(
            store=store,
            engine=engine,
            fallback=offline,
            sandbox=MeteredSandbox(sandbox, metrics, purpose="ask"),
            detector=detector,
            catalog=catalog,
            rules=rules,
            intent=intent,
            knowledge=knowledge,
            settings=settings.mentor,
            metrics=metrics,
            guards=guards,
            allowances=Allowances(db, settings.mentor),
            community=community,
        )
        metrics.turns_in_flight.set_function(lambda: mentor.drain.active)
        mentor.context_providers.append(course.context)
        admin = CommunityAdmin(
            settings=community,
            defaults=Defaults(
                language=settings.mentor.default_language,
                model=settings.model,
                daily_tokens=settings.mentor.community_daily_tokens,
                announce_cron=settings.course.announce_cron,
                announce_channels=dict(settings.course.announce_channels),
            ),
            catalog=catalog,
        )
        if warm:  # the readers', offline engine's and guards' builds, not the first question's
            rehearsed = await asyncio.to_thread(
                rehearse, fallback=offline, guards=guards, catalog=catalog, detector=detector
            )
            log.info("app.rehearsed", ms=round(rehearsed * 1000, 1))
        lap("rehearsal")
        if warming is not None:
            await warming
        lap("mentor")
        log.info("app.built", total_ms=round(sum(lap.ms.values()), 1), steps_ms=lap.ms)
        app = App(
            community=admin,
            settings=settings,
            metrics=metrics,
            store=store,
            sandbox=sandbox,
            mentor=mentor,
            catalog=catalog,
            course=course.course,
            practice=course.practice,
            announcer=course.announcer,
            http=server,
            outbox=store.outbox,
            front=front,
            serving=serving,
        )
        yield app


# Platforms: built here from the services above, on demand (each imports its library).
def course_room(app: App, posters: dict[str, Poster] | None = None) -> CourseRoom:
    """The course room the chat platforms share (`posters`: shared by every platform)."""
    return CourseRoom(
        course=app.course,
        practice=app.practice,
        announcer=app.announcer,
        posters=posters if posters is not None else {},
    )


def delivery(app: App, platform: str, *, edit_interval_s: float | None = None) -> Delivery:
    """The delivery pipeline of one platform (no outbox for the console: nobody to redeliver to).

    Previews are paced per channel, at most one per `edit_interval_s`. Discord allows a burst
    of edits per 5 s and shows held-back text once the interval passed; Slack limits
    chat.update per minute, so its window scales with the interval, and text arriving within
    the interval is dropped (a later update shows it): see ReplyStream's `catch_up`.
    """
    pacer = EditPacer()
    slack = platform == "slack"
    if edit_interval_s is not None:
        window_s = edit_interval_s * pacer.burst if slack else pacer.window_s
        pacer = EditPacer(edit_interval_s, window_s=window_s)
    outbox = None if platform == "console" else app.outbox
    return Delivery(
        mentor=app.mentor, platform=platform, outbox=outbox, pacer=pacer, catch_up=not slack
    )


def discord_platform(
    app: App, posters: dict[str, Poster] | None = None, *, token: str | None = None
) -> DiscordPlatform:
    """The Discord platform (DISCORD_TOKEN, or `token`)."""
    from bot.platforms.discord import DiscordPlatform  # noqa: PLC0415  # discord.py on demand

    secret = app.settings.discord_token
    if token is None and secret is None:
        raise ConfigError("DISCORD_TOKEN is not set.")
    settings = app.settings.discord
    return DiscordPlatform(
        token=token or (secret.get_secret_value() if secret else ""),
        settings=settings,
        mentor=app.mentor,
        store=app.store,
        delivery=delivery(app, "discord", edit_interval_s=settings.edit_interval_s),
        community=app.community,
        course_room=course_room(app, posters),
    )


def slack_platform(app: App, posters: dict[str, Poster] | None = None) -> SlackPlatform | None:
    """Slack, when SLACK_BOT_TOKEN and a signing secret (HTTP) or an app token (Socket Mode)."""
    from bot.platforms.slack import slack_platform as build  # noqa: PLC0415  # slack_bolt on demand

    settings = app.settings
    return build(
        mentor=app.mentor,
        store=app.store,
        settings=settings.slack,
        bot_token=_secret(settings.slack_bot_token),
        signing_secret=_secret(settings.slack_signing_secret),
        app_token=_secret(settings.slack_app_token),
        http=app.http,
        delivery=delivery(app, "slack", edit_interval_s=settings.slack.edit_interval_s),
        course_room=course_room(app, posters),
        community=app.community,
    )


async def _settle(work: asyncio.Future[None]) -> None:
    """Wait for work started in a thread (a failed build must not leave it running)."""
    await asyncio.gather(work, return_exceptions=True)


async def _close_sandbox(probing: asyncio.Future[SandboxClient]) -> None:
    """Close the sandbox once its probe ended (it may still run if the build failed)."""
    sandbox = await probing
    await sandbox.aclose()


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None
