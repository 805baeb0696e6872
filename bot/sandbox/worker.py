"""The sandbox as an HTTP service: POST /v1/profile, GET /healthz, GET /metrics.

The door: with a token (MCA_SANDBOX_WORKER_TOKEN) every request but /healthz needs
`Authorization: Bearer <token>` (compared in constant time, 401 otherwise); the CLI refuses to
listen beyond loopback without one. The body is read whole up to its cap however TCP cuts it,
parsed strictly (depth-capped, no NaN), and a connection whose request headers have not
arrived within HEADER_TIMEOUT_S is dropped.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from aiohttp import web
from aiohttp.web_protocol import RequestHandler
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

from bot.sandbox.client import SandboxClient, health
from bot.sandbox.payload import PayloadError, strict_loads
from bot.sandbox.settings import KiB, SandboxSettings

log = structlog.get_logger(__name__)

BODY_OVERHEAD_BYTES = 64 * KiB
"""JSON framing on top of settings.max_code_bytes before a body is refused unread."""

HEADER_TIMEOUT_S = 10.0
"""A connection must deliver a request's headers this fast (slow-header attacks)."""
BODY_TIMEOUT_S = 30.0
"""And the body within this."""
REQUEST_DEPTH = 8
OPEN_PATHS = frozenset({"/healthz"})

SANDBOX_KEY = web.AppKey("sandbox", SandboxClient)
TOKEN_KEY = web.AppKey("token", bytes)
RUNS_KEY = web.AppKey("runs", Counter)
SECONDS_KEY = web.AppKey("seconds", Histogram)
REGISTRY_KEY = web.AppKey("registry", CollectorRegistry)
SETTINGS_KEY = web.AppKey("settings", SandboxSettings)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def _parse(data: Any) -> tuple[str, dict[str, str] | None, str | None] | str:
    """Validate the request body; returns the fields or an error message."""
    if not isinstance(data, dict):
        return "body must be a JSON object"
    code = data.get("code")
    if not isinstance(code, str):
        return "'code' must be a string"
    files = data.get("files")
    if files is not None and (
        not isinstance(files, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
    ):
        return "'files' must map names to strings"
    stdin = data.get("stdin")
    if stdin is not None and not isinstance(stdin, str):
        return "'stdin' must be a string"
    return code, files, stdin


async def _read_body(request: web.Request, cap: int) -> bytes | None:
    """The whole body up to cap + 1 bytes, however many TCP segments it came in."""
    chunks: list[bytes] = []
    size = 0
    async with asyncio.timeout(BODY_TIMEOUT_S):
        while size <= cap:
            chunk = await request.content.read(cap + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    return b"".join(chunks)


async def _profile(request: web.Request) -> web.Response:
    app = request.app
    settings = app[SETTINGS_KEY]
    cap = settings.max_code_bytes + BODY_OVERHEAD_BYTES
    if request.content_length is not None and request.content_length > cap:
        return _error(413, "request body too large")
    try:
        raw = await _read_body(request, cap)
    except (OSError, ValueError, TimeoutError):
        return _error(400, "could not read the body")
    if raw is None or len(raw) > cap:
        return _error(413, "request body too large")
    try:
        data = strict_loads(raw, max_bytes=cap, max_depth=REQUEST_DEPTH)
    except PayloadError:
        return _error(400, "body is not valid JSON")
    parsed = _parse(data)
    if isinstance(parsed, str):
        return _error(400, parsed)
    code, files, stdin = parsed
    with app[SECONDS_KEY].time():
        report = await app[SANDBOX_KEY].profile(code, files=files, stdin=stdin)
    app[RUNS_KEY].labels(status=report.status.value).inc()
    return web.json_response(report.to_dict())


async def _healthz(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX_KEY]
    body = {"ok": sandbox.available, **health(sandbox)}
    return web.json_response(body, status=200 if sandbox.available else 503)


async def _metrics(request: web.Request) -> web.Response:
    body = generate_latest(request.app[REGISTRY_KEY])
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def _require_token(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Bearer token in constant time; /healthz stays open for load balancers."""
    token = request.app[TOKEN_KEY]
    if token and request.path not in OPEN_PATHS:
        sent = request.headers.get("Authorization", "").encode("utf-8", "replace")
        if not hmac.compare_digest(sent, b"Bearer " + token):
            return web.json_response(
                {"error": "missing or wrong bearer token"},
                status=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
    guarded = request.protocol if isinstance(request.protocol, _HeaderDeadline) else None
    if guarded is not None:
        guarded.busy += 1
    try:
        return await handler(request)
    finally:
        if guarded is not None:
            guarded.busy -= 1


class _HeaderDeadline(RequestHandler):
    """aiohttp's handler plus a deadline: no complete request headers in time, no connection."""

    busy: int

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.busy = 0
        self._arm(-1)

    def _arm(self, seen: int) -> None:
        asyncio.get_running_loop().call_later(HEADER_TIMEOUT_S, self._check, seen)

    def _check(self, seen: int) -> None:
        transport = self.transport
        if transport is None or transport.is_closing():
            return
        if self._request_count != seen or self.busy:
            self._arm(self._request_count)  # progress, or a run in flight: look again later
            return
        log.info("sandbox.worker_slow_client_dropped")
        transport.abort()


class _GuardedServer(web.Server):
    def __call__(self) -> RequestHandler:
        return _HeaderDeadline(self, loop=self._loop, **self._kwargs)


class GuardedAppRunner(web.AppRunner):
    """An AppRunner whose connections get the header deadline."""

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        server.__class__ = _GuardedServer
        return server


def build_app(
    sandbox: SandboxClient, settings: SandboxSettings, token: str = ""
) -> web.Application:
    """The worker app around any SandboxClient (tests pass fakes, the CLI a LocalSandbox)."""
    app = web.Application(
        client_max_size=settings.max_code_bytes + BODY_OVERHEAD_BYTES,
        middlewares=[_require_token],
    )
    app[TOKEN_KEY] = token.encode("utf-8")
    registry = CollectorRegistry()
    app[REGISTRY_KEY] = registry
    app[SANDBOX_KEY] = sandbox
    app[SETTINGS_KEY] = settings
    app[RUNS_KEY] = Counter(
        "mca_sandbox_runs", "Sandbox runs by status.", ["status"], registry=registry
    )
    app[SECONDS_KEY] = Histogram(
        "mca_sandbox_run_seconds", "Time to produce one report.", registry=registry
    )
    app.router.add_post("/v1/profile", _profile)
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/metrics", _metrics)

    async def close_sandbox(app: web.Application) -> None:
        await app[SANDBOX_KEY].aclose()

    app.on_cleanup.append(close_sandbox)
    return app
