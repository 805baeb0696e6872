"""Logging with secret redaction, Prometheus metrics, and the one aiohttp server (/metrics...).

Logs always go to stderr (stdout belongs to `--json` output). The redactor runs on structlog
events *and* on stdlib records (discord.py, slack-bolt, aiohttp), because bolt logs raw request
bodies that can contain tokens.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import sys
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import structlog
from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
)
from prometheus_client.exposition import generate_latest
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

from bot.errors import Unavailable

REDACTED = "[REDACTED]"

_SECRET_KEY = re.compile(
    r"(token|secret|password|passwd|api[_-]?key|authorization|signature|cookie)", re.I
)
_SECRET_PATTERNS = (
    re.compile(r"xox[abposr]-[A-Za-z0-9-]{8,}"),  # Slack bot/user tokens
    re.compile(r"xapp-[A-Za-z0-9-]{8,}"),  # Slack app-level tokens
    re.compile(r"sk-[A-Za-z0-9_-]{16,}"),  # OpenAI-style keys
    re.compile(r"[MNO][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}"),  # Discord
    re.compile(r"(?i)((?:bearer|bot)\s+)[A-Za-z0-9._~+/=-]{16,}"),
    re.compile(r"(?i)(\"?token\"?\s*[=:]\s*\"?)[^\s&\"',]{6,}"),  # token=... in raw bodies
)


class Redactor:
    """Replaces known secret values and token-shaped strings anywhere in an event."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def scrub(self, text: str) -> str:
        """Redact one string."""
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        for pattern in _SECRET_PATTERNS:
            if pattern.groups:
                text = pattern.sub(lambda m: (m.group(1) or "") + REDACTED, text)
            else:
                text = pattern.sub(REDACTED, text)
        return text

    def _value(self, key: str, value: Any) -> Any:
        if isinstance(value, str):
            if _SECRET_KEY.search(key) and value:
                return REDACTED
            return self.scrub(value)
        if isinstance(value, dict):
            return {k: self._value(str(k), v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self._value(key, v) for v in value)
        if isinstance(value, bytes):
            return self.scrub(value.decode("utf-8", "replace"))
        return value

    def __call__(
        self, logger: Any, method: str, event: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        """Structlog processor."""
        for key in list(event):
            event[key] = self._value(key, event[key])
        return event


def configure_logging(
    *, level: str = "info", fmt: str = "auto", secrets: Iterable[str] = (), stream: Any = None
) -> Redactor:
    """Set up structlog and stdlib logging once, both through the redactor, to stderr."""
    out = stream or sys.stderr
    redactor = Redactor(secrets)
    use_json = fmt == "json" or (fmt == "auto" and not out.isatty())
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if use_json
        else structlog.dev.ConsoleRenderer(colors=out.isatty())
    )
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        redactor,
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.ExtraAdder(), *shared],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("aiosqlite", "asyncio", "discord.gateway", "discord.client"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, root.level))
    for per_request in ("httpx", "httpx2"):
        # One INFO line per HTTP request (two per LLM turn: the reply and the second opinion),
        # rendered as JSON on the event loop: ~1.4% of a turn's CPU, saying what the bot's own
        # engine.llm_replied / intent events already say. Warnings and errors still show.
        logging.getLogger(per_request).setLevel(max(logging.WARNING, root.level))
    return redactor


@dataclass
class Metrics:
    """The bot's Prometheus metrics, on a registry of its own (no global state)."""

    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        # prometheus-client registers these only on its global registry; ours needs its own.
        ProcessCollector(registry=r)
        PlatformCollector(registry=r)
        GCCollector(registry=r)
        self.turns = Counter(
            "mca_turns", "Learner turns handled.", ["platform", "outcome"], registry=r
        )
        self.reply_latency = Histogram(
            "mca_reply_latency_seconds",
            "Time from a learner turn to the final reply.",
            ["platform"],
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
            registry=r,
        )
        self.engine_replies = Counter(
            "mca_engine_replies", "Replies by engine.", ["engine", "outcome"], registry=r
        )
        self.sandbox_runs = Counter(
            "mca_sandbox_runs", "Sandbox runs by status.", ["status"], registry=r
        )
        self.llm_calls = Counter(
            "mca_llm_calls",
            "LLM call attempts by outcome (ok, rate_limited, server_error, connection_error, "
            "timeout, malformed, client_error, empty, breaker_open).",
            ["outcome"],
            registry=r,
        )
        self.llm_tokens = Counter("mca_llm_tokens", "LLM tokens used (or estimated).", registry=r)
        self.llm_breaker = Gauge(
            "mca_llm_breaker_open", "1 while the LLM circuit breaker is open.", registry=r
        )
        self.guardrails = Counter(
            "mca_guardrail_actions",
            "Guardrail actions on drafts (guard: structure, language, solution, leak, misuse).",
            ["guard", "action"],
            registry=r,
        )
        self.guard_actions = Counter(
            "mca_guard_actions",
            "What the guards did to a turn, in the turn's order (guard: intent, output_safety, "
            "integrity, sections; action: refused, allowed, second_opinion_refused, "
            "second_opinion_failed, dropped_code, replaced, checked, filled, deduped, ...).",
            ["guard", "action"],
            registry=r,
        )
        self.gc_frozen_objects = Gauge(
            "mca_gc_frozen_objects",
            "Objects built at startup, frozen out of the garbage collector's full walks.",
            registry=r,
        )
        self.sandbox_seconds = Histogram(
            "mca_sandbox_run_seconds",
            "Wall time of one sandbox run as the bot waited for it (queue included).",
            ["purpose", "status"],
            buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
            registry=r,
        )
        self.sandbox_in_flight = Gauge(
            "mca_sandbox_in_flight",
            "Sandbox runs running or queued, by purpose (ask: a learner's code; practice).",
            ["purpose"],
            registry=r,
        )
        self.llm_first_token = Histogram(
            "mca_llm_first_token_seconds",
            "Time from an LLM request to its first streamed text.",
            buckets=(0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30),
            registry=r,
        )
        self.llm_reply_seconds = Histogram(
            "mca_llm_reply_seconds",
            "Time of one whole LLM reply (all its attempts), by outcome.",
            ["outcome"],
            buckets=(0.25, 0.5, 1, 2, 4, 8, 15, 30, 60),
            registry=r,
        )
        self.turns_in_flight = Gauge(
            "mca_turns_in_flight", "Learner turns being answered right now.", registry=r
        )
        self.platform_api_errors = Counter(
            "mca_platform_api_errors",
            "Failed calls to a platform's API (Discord REST, Slack Web API) by method and status.",
            ["platform", "method", "status"],
            registry=r,
        )
        self.course_checks = Counter(
            "mca_course_checks",
            "Practice submissions checked, by task and outcome (passed, failed, unavailable).",
            ["task", "outcome"],
            registry=r,
        )
        self.db_pool_wait = Histogram(
            "mca_db_pool_wait_seconds",
            "PostgreSQL: time a statement or transaction waited for a pooled connection, by"
            " call site (module.function).",
            ["site"],
            buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
            registry=r,
        )
        self.rate_limited = Counter(
            "mca_rate_limited",
            "Turns refused for allowance (learner) or budget.",
            ["kind"],
            registry=r,
        )

    def exposition(self) -> bytes:
        """The text format for /metrics."""
        return generate_latest(self.registry)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

ReadyCheck = tuple[bool, dict[str, Any]]
"""A component's readiness: ready or not, and details for the operator (no secrets)."""

READINESS_TIMEOUT_S = 2.0
"""A readiness check that takes longer (a hung database) counts as not ready."""


class HttpServer:
    """One aiohttp server for /metrics, /healthz and whatever platforms add (/slack/events)."""

    def __init__(self, *, host: str, port: int, metrics: Metrics) -> None:
        self.host = host
        self.port = port
        self._metrics = metrics
        self._routes: dict[tuple[str, str], Handler] = {}
        self._health: list[Callable[[], dict[str, Any]]] = []
        self._readiness: dict[str, Callable[[], Awaitable[ReadyCheck]]] = {}
        self._runner: web.AppRunner | None = None

    def add_route(self, method: str, path: str, handler: Handler) -> None:
        """Register a route before start(); after it, only hand a served route to a new handler.

        (A restarted bot serves /slack/events from its first second, by a front that keeps
        requests for the mentor still being built; the platform takes the route over.)
        """
        if self._runner is not None and (method, path) not in self._routes:
            raise RuntimeError(f"{method} {path}: routes are added before start()")
        self._routes[(method, path)] = handler

    @property
    def started(self) -> bool:
        """Serving already."""
        return self._runner is not None

    def add_health(self, check: Callable[[], dict[str, Any]]) -> None:
        """Add a component's status to /healthz."""
        self._health.append(check)

    async def _metrics_view(self, _: web.Request) -> web.Response:
        body = self._metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    def add_readiness(self, name: str, check: Callable[[], Awaitable[ReadyCheck]]) -> None:
        """Add a component that /healthz needs ready (database, a platform, the sandbox)."""
        self._readiness[name] = check

    async def _health_view(self, _: web.Request) -> web.Response:
        """200 with every component's state when all are ready, else 503 naming what is not."""
        status: dict[str, Any] = {"status": "ok"}
        for check in self._health:
            status.update(check())
        components: dict[str, Any] = {}
        not_ready = []
        for name, ready_check in self._readiness.items():
            try:
                async with asyncio.timeout(READINESS_TIMEOUT_S):
                    ok, detail = await ready_check()
            except Exception as exc:  # a check that fails says "not ready", never a 500
                ok, detail = False, {"error": type(exc).__name__}
            components[name] = {"ready": ok, **detail}
            if not ok:
                not_ready.append(name)
        if components:
            status["components"] = components
        if not_ready:
            status["status"] = "not_ready"
            status["not_ready"] = not_ready
            return web.json_response(status, status=503)
        return web.json_response(status)

    async def start(self) -> None:
        """Bind and serve; port 0 picks a free port (see `self.port` afterwards). Once only."""
        if self._runner is not None:
            return
        app = web.Application(client_max_size=1024 * 1024)
        app.router.add_get("/metrics", self._metrics_view)
        app.router.add_get("/healthz", self._health_view)
        for method, path in self._routes:
            app.router.add_route(method, path, functools.partial(self._route, (method, path)))
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError as exc:
            await self._runner.cleanup()
            self._runner = None
            raise Unavailable(
                f"Cannot serve HTTP on {self.host}:{self.port}: "
                f"{exc.strerror or exc} (change MCA_HTTP_PORT or MCA_HTTP_HOST)."
            ) from None
        server: Any = site._server  # aiohttp has no public accessor for the bound port
        if server is not None and server.sockets:
            self.port = int(server.sockets[0].getsockname()[1])
        structlog.get_logger().info("http.listening", host=self.host, port=self.port)

    async def _route(self, route: tuple[str, str], request: web.Request) -> web.StreamResponse:
        """The route's handler now (it may have been handed over since start)."""
        return await self._routes[route](request)

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
