"""Composition root: builds every service from settings and passes them by keyword.

Nothing else constructs services; nothing happens at import time. Use:

    async with open_app(settings) as app:
        await app.mentor.handle(request)
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

import structlog

from bot.course.announcer import Announcer
from bot.course.service import CourseService, PracticeService
from bot.course.wiring import build_course_services
from bot.engine.base import ReplyEngine
from bot.engine.offline import OfflineEngine
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.language import LanguageDetector
from bot.mentor.limits import Allowances
from bot.mentor.method import MethodRules
from bot.mentor.service import MentorService
from bot.observability import HttpServer, Metrics
from bot.sandbox.client import DisabledSandbox, SandboxClient
from bot.sandbox.factory import build_sandbox as build_sandbox_client
from bot.sandbox.local import LocalSandbox
from bot.sandbox.metered import MeteredSandbox
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.store import Store

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
    http: HttpServer | None = None


def build_sandbox(settings: Settings) -> SandboxClient:
    """The sandbox client the settings ask for."""
    if not settings.sandbox.enabled:
        return DisabledSandbox("code execution is turned off in the settings")
    return build_sandbox_client(settings.sandbox)


def build_engine(
    settings: Settings, offline: OfflineEngine, *, metrics: Metrics | None = None
) -> ReplyEngine:
    """The LLM engine when one is configured (OPENAI_BASE_URL or OPENAI_API_KEY), else offline."""
    if not settings.llm_configured:
        return offline
    from bot.engine.llm import LLMEngine  # noqa: PLC0415  # the openai import costs ~0.3 s
    from bot.engine.prompt import PromptBuilder  # noqa: PLC0415
    from bot.mentor.sections import SectionParser  # noqa: PLC0415

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    log.info("engine.llm_configured", model=settings.model, base_url=settings.openai_base_url)
    return LLMEngine(
        settings=settings.llm,
        model=settings.model,
        base_url=settings.openai_base_url or None,
        api_key=key,
        builder=PromptBuilder(offline.catalog, budget_chars=settings.llm.prompt_budget_chars),
        parser=SectionParser.load(settings.config_dir, offline.catalog),
        metrics=metrics or Metrics(),
    )


@asynccontextmanager
async def open_app(
    settings: Settings, *, http: bool = False, warm: bool = False
) -> AsyncIterator[App]:
    """Build the bot from settings; close everything on exit, in reverse order.

    `warm` prepares a long-running bot (not worth it for a one-shot CLI command): one
    single-use jail pre-started per slot, and the language model loaded before the first turn.
    """
    async with AsyncExitStack() as stack:
        metrics = Metrics()
        db = await Database.open(
            settings.database_path, busy_timeout_s=settings.lifecycle.db_busy_timeout_s
        )
        stack.push_async_callback(db.close)
        store = Store(db)
        sandbox = build_sandbox(settings)
        stack.push_async_callback(sandbox.aclose)
        if not sandbox.available:
            log.warning("sandbox.disabled", reason=sandbox.reason)
        elif warm and isinstance(sandbox, LocalSandbox):
            await sandbox.start()
        catalog = Catalog.load(settings.config_dir)
        knowledge = KnowledgeBase.load(settings.config_dir)
        offline = OfflineEngine(knowledge=knowledge, catalog=catalog)
        engine = build_engine(settings, offline, metrics=metrics)
        stack.push_async_callback(engine.aclose)
        detector = LanguageDetector(settings.mentor.languages)
        if warm:
            await asyncio.to_thread(detector.warm_up)
        mentor = MentorService(
            store=store,
            engine=engine,
            fallback=offline,
            sandbox=MeteredSandbox(sandbox, metrics, purpose="ask"),
            detector=detector,
            catalog=catalog,
            rules=MethodRules.load(settings.config_dir),
            knowledge=knowledge,
            settings=settings.mentor,
            metrics=metrics,
            allowances=Allowances(db, settings.mentor),
        )
        metrics.turns_in_flight.set_function(lambda: mentor.drain.active)
        course = build_course_services(
            settings,
            store=store,
            sandbox=MeteredSandbox(sandbox, metrics, purpose="practice"),
            metrics=metrics,
        )
        mentor.context_providers.append(course.context)
        server = None
        if http and settings.http_port:
            server = HttpServer(host=settings.http_host, port=settings.http_port, metrics=metrics)
        app = App(
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
        )
        yield app
