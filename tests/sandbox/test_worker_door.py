"""The worker's door, tested over raw TCP: token, whole bodies, strict JSON, slow headers."""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from pydantic import SecretStr

from bot.errors import ConfigError
from bot.sandbox import worker
from bot.sandbox.cli import EXIT_USAGE, worker_handler
from bot.sandbox.client import DisabledSandbox
from bot.sandbox.remote import RemoteSandbox
from bot.sandbox.report import RunStatus
from bot.sandbox.settings import token_of
from bot.sandbox.worker import GuardedAppRunner, build_app
from bot.settings import load_settings
from tests.sandbox.conftest import jail_settings
from tests.sandbox.test_remote import free_port
from tests.sandbox.test_render_cli import FakeSettings

TOKEN = "door-token-7d1e"


@pytest.fixture
async def door(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[int]:
    """A worker with a token and a short header deadline, on a loopback port."""
    monkeypatch.setattr(worker, "HEADER_TIMEOUT_S", 0.3)
    runner = GuardedAppRunner(build_app(DisabledSandbox("off for tests"), jail_settings(), TOKEN))
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield port
    finally:
        await runner.cleanup()


async def exchange(port: int, *parts: bytes, pause_s: float = 0.05) -> tuple[int, bytes]:
    """Send the parts as separate TCP writes (with pauses) and read the whole answer."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for part in parts:
            writer.write(part)
            await writer.drain()
            await asyncio.sleep(pause_s)
        data = await asyncio.wait_for(reader.read(), 5)
    finally:
        writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def post(body: bytes, token: str | None = TOKEN) -> bytes:
    auth = f"Authorization: Bearer {token}\r\n" if token is not None else ""
    return (
        f"POST /v1/profile HTTP/1.1\r\nHost: w\r\nConnection: close\r\n{auth}"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


@pytest.mark.parametrize("token", [None, "wrong", TOKEN[:-1]])
async def test_request_without_the_token_gets_401(door: int, token: str | None) -> None:
    """No token, a wrong one or a prefix of the right one: 401, nothing runs."""
    status, body = await exchange(door, post(b'{"code": "print(1)"}', token))
    assert status == 401
    assert "bearer token" in json.loads(body)["error"]


async def test_request_with_the_token_is_served(door: int) -> None:
    """The right bearer token gets the report (here: the disabled sandbox's rejection)."""
    status, body = await exchange(door, post(b'{"code": "print(1)"}'))
    assert status == 200
    assert json.loads(body)["status"] == "rejected"


async def test_health_needs_no_token(door: int) -> None:
    """/healthz stays open for load balancers and names the isolation."""
    status, body = await exchange(
        door, b"GET /healthz HTTP/1.1\r\nHost: w\r\nConnection: close\r\n\r\n"
    )
    assert status == 503
    assert json.loads(body)["isolation"] == "none"


async def test_body_split_across_segments_is_read_whole(door: int) -> None:
    """A body that arrives in several TCP segments is one valid request, not invalid JSON."""
    request = post(json.dumps({"code": "x = 1\n" * 200}).encode())
    head_end = request.index(b"\r\n\r\n") + 4
    parts = [request[:head_end], request[head_end : head_end + 7], request[head_end + 7 :]]
    status, body = await exchange(door, *parts)
    assert status == 200, body
    assert json.loads(body)["status"] == "rejected"


@pytest.mark.parametrize(
    "body",
    [
        b'{"code": "x", "files": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"code": "x", "stdin": NaN}',
        b'{"code": "x"} {"code": "y"}',
    ],
    ids=["deep", "nan", "two-values"],
)
async def test_malformed_or_deep_json_gets_400(door: int, body: bytes) -> None:
    """Over-deep nesting, NaN and trailing values are a clear 400, never a 500."""
    status, answer = await exchange(door, post(body))
    assert status in (400, 413), answer
    assert "error" in json.loads(answer)


async def test_slow_headers_are_dropped(door: int) -> None:
    """A client that never finishes its headers is disconnected at the deadline."""
    reader, writer = await asyncio.open_connection("127.0.0.1", door)
    try:
        writer.write(b"POST /v1/profile HTTP/1.1\r\nHost: w\r\n")
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), 3)
    finally:
        writer.close()
    assert b"200" not in data


async def test_worker_refuses_public_address_without_token(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`mca-bot worker --host 0.0.0.0` without a token exits at once with the reason."""
    args = argparse.Namespace(host="0.0.0.0", port=free_port())
    code = await worker_handler(args, FakeSettings(jail_settings()))
    assert code == EXIT_USAGE
    assert "MCA_SANDBOX_WORKER_TOKEN" in capsys.readouterr().err


async def test_remote_client_sends_its_token(door: int) -> None:
    """The bot's remote client sends the bearer token; without it the worker says 401."""
    url = f"http://127.0.0.1:{door}"
    with_token = RemoteSandbox([url], settings=jail_settings(worker_token=SecretStr(TOKEN)))
    without = RemoteSandbox([url], settings=jail_settings())
    try:
        served = await with_token.profile("print(1)")
        refused = await without.profile("print(1)")
    finally:
        await with_token.aclose()
        await without.aclose()
    assert served.message == "off for tests"
    assert refused.status is RunStatus.REJECTED
    assert "bearer token" in refused.message


def test_worker_token_comes_from_the_environment_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MCA_SANDBOX_WORKER_TOKEN sets the token (never shown); a TOML file may not hold it."""
    monkeypatch.setenv("MCA_SANDBOX_WORKER_TOKEN", TOKEN)
    settings = load_settings()
    assert token_of(settings.sandbox) == TOKEN
    assert TOKEN not in repr(settings.sandbox)
    config = tmp_path / "extra.toml"
    config.write_text(f'[sandbox]\nworker_token = "{TOKEN}"\n')
    monkeypatch.setenv("MCA_CONFIG", str(config))
    with pytest.raises(ConfigError, match="MCA_SANDBOX_WORKER_TOKEN"):
        load_settings()
