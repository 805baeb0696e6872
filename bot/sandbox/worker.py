"""The sandbox as an HTTP service: POST /v1/profile, GET /healthz, GET /metrics."""

from __future__ import annotations

import json
from typing import Any

import structlog
from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

from bot.sandbox.client import SandboxClient, health
from bot.sandbox.settings import KiB, SandboxSettings

log = structlog.get_logger(__name__)

BODY_OVERHEAD_BYTES = 64 * KiB
"""JSON framing on top of settings.max_code_bytes before a body is refused unread."""

SANDBOX_KEY = web.AppKey("sandbox", SandboxClient)
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


async def _profile(request: web.Request) -> web.Response:
    app = request.app
    settings = app[SETTINGS_KEY]
    cap = settings.max_code_bytes + BODY_OVERHEAD_BYTES
    if request.content_length is not None and request.content_length > cap:
        return _error(413, "request body too large")
    try:
        raw = await request.content.read(cap + 1)
    except (OSError, ValueError):
        return _error(400, "could not read the body")
    if len(raw) > cap:
        return _error(413, "request body too large")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
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


def build_app(sandbox: SandboxClient, settings: SandboxSettings) -> web.Application:
    """The worker app around any SandboxClient (tests pass fakes, the CLI a LocalSandbox)."""
    app = web.Application(client_max_size=settings.max_code_bytes + BODY_OVERHEAD_BYTES)
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
