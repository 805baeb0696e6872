"""Drive the real `python -m bot run` process against the fake Slack (used by tests and bench)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from tests.conftest import REPO_ROOT, cli_env
from tests.fakes.slack_server import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    command_body,
    event_body,
    sign,
)

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
"""slack_sdk takes these from the environment and ignores NO_PROXY: the bot must not see them."""


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Sent:
    """The bot's HTTP answer to one request from 'Slack'."""

    status: int
    body: str
    elapsed_s: float

    def json(self) -> Any:
        return json.loads(self.body) if self.body.startswith("{") else {}


class SlackSide:
    """What Slack sends to a bot's /slack/events: signed commands and events."""

    fake: FakeSlack
    url: str
    _http: aiohttp.ClientSession | None

    async def post(self, body: str, headers: dict[str, str], content_type: str) -> Sent:
        """POST one request to /slack/events; time the answer."""
        assert self._http is not None
        started = time.monotonic()
        async with self._http.post(
            self.url + "/slack/events",
            data=body.encode(),
            headers={**headers, "Content-Type": content_type},
        ) as resp:
            text = await resp.text()
            return Sent(resp.status, text, time.monotonic() - started)

    async def command(
        self,
        text: str,
        *,
        user: str,
        channel: str,
        secret: str = SIGNING_SECRET,
        timestamp: int | None = None,
    ) -> Sent:
        """A signed `/mca <text>` slash command."""
        hook = self.fake.response_url(f"{channel}/{user}")
        body = command_body(text, user=user, channel=channel, response_url=hook)
        headers = sign(body, secret=secret, timestamp=timestamp)
        return await self.post(body, headers, "application/x-www-form-urlencoded")

    async def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry: int | None = None
    ) -> Sent:
        """A signed Events API callback (optionally marked as Slack's retry)."""
        body = event_body(event, event_id=event_id)
        headers = sign(body)
        if retry is not None:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.post(body, headers, "application/json")


class SlackBot(SlackSide):
    """The bot as a subprocess, its stderr in a file, talking to `fake`."""

    def __init__(
        self,
        fake: FakeSlack,
        data_dir: Path,
        *,
        socket_mode: bool = False,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.fake = fake
        self.data_dir = data_dir
        self.socket_mode = socket_mode
        self.port = free_port()
        self.log_path = data_dir.parent / "bot-stderr.log"
        self._extra = extra_env or {}
        self._proc: asyncio.subprocess.Process | None = None
        self._http: aiohttp.ClientSession | None = None
        self.url = f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = cli_env(
            self.data_dir,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            MCA_SLACK_API_BASE=self.fake.base_url,
            MCA_HTTP_PORT=str(self.port),
            MCA_LOG_FORMAT="json",
            PYTHONPATH=str(REPO_ROOT),
        )
        if self.socket_mode:
            env["SLACK_APP_TOKEN"] = APP_TOKEN
        else:
            env["SLACK_SIGNING_SECRET"] = SIGNING_SECRET
        for name in PROXY_VARS:
            env.pop(name, None)
        env.update(self._extra)
        return env

    async def start(self, wait_s: float = 20.0) -> None:
        """Start and wait until it serves /healthz and has checked its token."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        checked, opened = self.token_checks()
        log = self.log_path.open("wb")
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=REPO_ROOT,
            env=self.env(),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=log,
        )
        log.close()
        await self.wait_ready(wait_s, checked=checked, opened=opened)

    def token_checks(self) -> tuple[int, int]:
        """(auth.test calls, Socket Mode opens) so far: a start waits for one more of each."""
        return len(self.fake.calls_to("auth.test")), len(self.fake.calls_to("apps.connections.open"))

    async def wait_ready(self, wait_s: float, *, checked: int, opened: int) -> None:
        """Wait until the started process serves /healthz after its own token check.

        (`checked`/`opened`: `token_checks()` before the start, so a restart against the same
        fake waits for its own check, not the previous run's.) A process that exits or is not
        ready by the deadline fails the test, and is not left running.
        """
        proc = self._proc
        assert proc is not None, "start the process first"
        self._http = aiohttp.ClientSession(trust_env=False)
        deadline = time.monotonic() + wait_s
        while True:
            if proc.returncode is not None:
                raise RuntimeError(f"bot exited {proc.returncode}:\n{self.log()}")
            with contextlib.suppress(aiohttp.ClientError):
                async with self._http.get(self.url + "/healthz") as resp:
                    if resp.status == 200 and len(self.fake.calls_to("auth.test")) > checked:
                        break
            if time.monotonic() > deadline:
                proc.kill()
                await proc.wait()
                await self._http.close()
                raise TimeoutError(f"bot did not start:\n{self.log()}")
            await asyncio.sleep(0.05)
        if self.socket_mode:
            await self.fake.wait_for(
                lambda: len(self.fake.calls_to("apps.connections.open")) > opened
            )

    async def stop(self) -> int | None:
        """SIGINT, then wait; kill if it hangs."""
        if self._http is not None:
            await self._http.close()
        proc = self._proc
        if proc is None or proc.returncode is not None:
            return proc.returncode if proc else None
        proc.send_signal(signal.SIGINT)
        try:
            return await asyncio.wait_for(proc.wait(), 10)
        except TimeoutError:
            proc.kill()
            return await proc.wait()

    def cpu_s(self) -> float | None:
        """CPU time (user + system) the running bot process used so far; None off Linux."""
        if self._proc is None or self._proc.returncode is not None:
            return None
        try:
            stat = Path(f"/proc/{self._proc.pid}/stat").read_text()
        except OSError:
            return None
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": fields from 3 on
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log(self) -> str:
        """Everything the bot wrote to stderr so far."""
        return self.log_path.read_text("utf-8", "replace") if self.log_path.exists() else ""


class InProcess(SlackSide):
    """The Slack platform in this process (to swap the engine or sandbox), on a real server."""

    def __init__(self, fake: FakeSlack, port: int) -> None:
        self.fake = fake
        self.url = f"http://127.0.0.1:{port}"
        self._http = None

    async def open(self) -> None:
        self._http = aiohttp.ClientSession(trust_env=False)

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
