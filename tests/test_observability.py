"""Logs never carry secrets, go to stderr, and metrics are served."""

from __future__ import annotations

import io
import json
import logging

import aiohttp
import structlog
from hypothesis import given
from hypothesis import strategies as st

from bot.observability import REDACTED, HttpServer, Metrics, Redactor, configure_logging

TOKEN = "xoxb-1111111111-2222222222-abcdefghijklmnopqrstuvwx"
KEY = "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
CONFIGURED = "plain-configured-secret-42"


def _logged(emit: object) -> str:
    stream = io.StringIO()
    configure_logging(fmt="json", secrets=[CONFIGURED], stream=stream)
    assert callable(emit)
    emit()
    return stream.getvalue()


def test_configured_secret_never_reaches_a_structlog_line() -> None:
    """A configured secret is redacted in the event, in values and inside nested data."""
    out = _logged(
        lambda: structlog.get_logger().info(
            "demo.event", note=f"token is {CONFIGURED}", nested={"x": [CONFIGURED]}
        )
    )
    assert CONFIGURED not in out
    assert REDACTED in out


def test_token_shapes_are_redacted_in_stdlib_logs_too() -> None:
    """Library loggers (bolt logs raw bodies) go through the redactor as well."""
    body = f"token=legacytoken123&team_id=T1&text=hello {TOKEN} and {KEY}"
    out = _logged(lambda: logging.getLogger("slack_bolt.App").info("raw body: %s", body))
    assert TOKEN not in out
    assert KEY not in out
    assert "legacytoken123" not in out
    assert "hello" in out


def test_http_client_request_lines_are_off_but_its_warnings_show() -> None:
    """The HTTP client's one INFO line per request is not logged; its warnings still are."""

    def emit() -> None:
        for name in ("httpx", "httpx2"):
            logging.getLogger(name).info("HTTP Request: POST http://llm/v1/chat/completions 200")
            logging.getLogger(name).warning("retrying %s", name)

    out = _logged(emit)
    assert "HTTP Request" not in out
    assert "retrying httpx2" in out
    assert "retrying httpx" in out


def test_secret_named_fields_are_redacted_whatever_their_value() -> None:
    """A key named like a secret (authorization, api_key...) is redacted whole."""
    out = _logged(lambda: structlog.get_logger().info("demo.headers", authorization="Basic abc"))
    assert "Basic abc" not in out
    assert json.loads(out.splitlines()[-1])["authorization"] == REDACTED


@given(prefix=st.text(max_size=40), suffix=st.text(max_size=40))
def test_a_configured_secret_is_redacted_wherever_it_appears(prefix: str, suffix: str) -> None:
    """Whatever surrounds it, the secret's value never survives scrubbing."""
    scrubbed = Redactor([CONFIGURED]).scrub(prefix + CONFIGURED + suffix)
    assert CONFIGURED not in scrubbed


async def test_metrics_and_health_are_served() -> None:
    """/metrics exposes the bot's counters and /healthz answers ok."""
    metrics = Metrics()
    metrics.turns.labels("console", "ok").inc()
    server = HttpServer(host="127.0.0.1", port=0, metrics=metrics)
    await server.start()
    try:
        async with aiohttp.ClientSession() as http:
            base = f"http://127.0.0.1:{server.port}"
            async with http.get(base + "/metrics") as resp:
                text = await resp.text()
            async with http.get(base + "/healthz") as resp:
                health = await resp.json()
    finally:
        await server.stop()
    assert 'mca_turns_total{outcome="ok",platform="console"} 1.0' in text
    assert health["status"] == "ok"
