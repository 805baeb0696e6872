"""Workers over HTTP: input validation, spreading runs, surviving a worker that dies."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.sandbox.client import DisabledSandbox
from bot.sandbox.remote import RemoteSandbox
from bot.sandbox.report import RunStatus
from bot.sandbox.worker import build_app
from tests.sandbox.conftest import jail_settings

REPO = Path(__file__).resolve().parents[2]
WORKER_START_TIMEOUT_S = 20.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def disabled_worker() -> AsyncIterator[str]:
    """A worker app (on a loopback port) whose sandbox is a DisabledSandbox."""
    settings = jail_settings()
    runner = web.AppRunner(build_app(DisabledSandbox("off for tests"), settings))
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (b"not json", 400, "body is not valid JSON"),
        (b'{"code": 5}', 400, "'code' must be a string"),
        (b"[1, 2]", 400, "body must be a JSON object"),
        (b'{"code": "x", "files": {"a": 1}}', 400, "'files' must map names to strings"),
        (b'{"code": "x", "stdin": 3}', 400, "'stdin' must be a string"),
    ],
)
async def test_worker_bad_input_returns_400(
    disabled_worker: str, body: bytes, status: int, error: str
) -> None:
    """Malformed requests get a 4xx with a clear JSON error, never a run."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{disabled_worker}/v1/profile", data=body) as resp,
    ):
        assert resp.status == status
        assert (await resp.json())["error"] == error


async def test_worker_oversized_body_returns_413(disabled_worker: str) -> None:
    """A body over the size cap is refused before it is parsed."""
    big = json.dumps({"code": "x" * (jail_settings().max_code_bytes * 2)})
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{disabled_worker}/v1/profile", data=big) as resp,
    ):
        assert resp.status == 413


async def test_worker_health_and_metrics_are_served(disabled_worker: str) -> None:
    """/healthz says why a disabled worker is down; /metrics is Prometheus text."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{disabled_worker}/healthz") as resp:
            assert resp.status == 503
            assert (await resp.json())["reason"] == "off for tests"
        async with session.post(f"{disabled_worker}/v1/profile", json={"code": "x"}) as resp:
            assert (await resp.json())["status"] == "rejected"
        async with session.get(f"{disabled_worker}/metrics") as resp:
            text = await resp.text()
            assert 'mca_sandbox_runs_total{status="rejected"} 1.0' in text


def _start_worker(port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    env["MCA_SANDBOX_FIRST_UID"] = str(63000 + (port % 50) * 10)
    env["MCA_SANDBOX_CONCURRENCY"] = "1"
    env["MCA_DATA_DIR"] = str(Path("/tmp") / f"mca-worker-{port}")
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "worker", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


async def _wait_healthy(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + WORKER_START_TIMEOUT_S
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else ""
                pytest.fail(f"worker exited: {err[-2000:]}")
            try:
                async with session.get(f"{url}/healthz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    pytest.fail(f"worker at {url} did not become healthy")


@pytest.fixture
def two_workers() -> Iterator[list[tuple[str, subprocess.Popen[bytes]]]]:
    ports = [free_port(), free_port()]
    procs = [(f"http://127.0.0.1:{p}", _start_worker(p)) for p in ports]
    try:
        yield procs
    finally:
        for _, proc in procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


@pytest.mark.jail
async def test_remote_spreads_runs_and_survives_a_dead_worker(
    two_workers: list[tuple[str, subprocess.Popen[bytes]]],
) -> None:
    """Runs go round-robin over both workers; when one dies the other takes every run."""
    for url, proc in two_workers:
        await _wait_healthy(url, proc)
    urls = [url for url, _ in two_workers]
    client = RemoteSandbox(urls, settings=jail_settings())
    try:
        first = [await client.profile("import os\nprint(os.getuid())") for _ in range(4)]
        assert [r.status for r in first] == [RunStatus.OK] * 4
        async with aiohttp.ClientSession() as session:
            counts = []
            for url in urls:
                async with session.get(f"{url}/metrics") as resp:
                    text = await resp.text()
                counts.append(
                    sum(
                        float(line.rsplit(" ", 1)[1])
                        for line in text.splitlines()
                        if line.startswith("mca_sandbox_runs_total")
                    )
                )
        assert counts == [2.0, 2.0]
        dying = two_workers[0][1]
        dying.kill()
        dying.wait()
        after = [await client.profile("print('still here')") for _ in range(3)]
        assert [r.stdout.strip() for r in after] == ["still here"] * 3
        two_workers[1][1].kill()
        two_workers[1][1].wait()
        none_left = await client.profile("pass")
        assert none_left.status is RunStatus.REJECTED
        assert "could not be run" in none_left.message
    finally:
        await client.aclose()
