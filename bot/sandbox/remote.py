"""RemoteSandbox: spreads runs over `mca-bot worker` hosts, skipping ones that failed lately."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Mapping
from typing import Any

import aiohttp
import structlog

from bot.sandbox.payload import strict_loads
from bot.sandbox.report import SandboxReport
from bot.sandbox.settings import SandboxSettings, token_of

log = structlog.get_logger(__name__)

COOLDOWN_S = 10.0
"""A worker that failed is skipped this long before it is tried again."""
CONNECT_TIMEOUT_S = 2.0
REPLY_CAP_BYTES = 16 * 1024 * 1024
"""A worker's JSON reply: the output cap escaped, plus the report; more is a broken worker."""


class RemoteSandbox:
    """Round-robin over healthy workers; a failed request is retried on the next one."""

    def __init__(
        self,
        urls: list[str],
        *,
        settings: SandboxSettings | None = None,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        self._urls = [u.rstrip("/") for u in urls]
        self._settings = settings or SandboxSettings()
        self._session = session
        self._own_session = session is None
        self._down_until: dict[str, float] = {}
        self._next = itertools.cycle(range(len(self._urls)))
        self.isolation = "remote"

    @property
    def available(self) -> bool:
        """Available when at least one worker URL is configured."""
        return bool(self._urls)

    @property
    def reason(self) -> str:
        """Why not available."""
        return "" if self._urls else "no sandbox workers configured"

    def _order(self) -> list[str]:
        """Healthy workers first in round-robin order, then the ones cooling down."""
        start = next(self._next)
        rotated = self._urls[start:] + self._urls[:start]
        now = time.monotonic()
        healthy = [u for u in rotated if self._down_until.get(u, 0.0) <= now]
        return healthy + [u for u in rotated if u not in healthy]

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
            self._own_session = True
        return self._session

    async def profile(
        self,
        code: str,
        *,
        files: Mapping[str, str | bytes] | None = None,
        stdin: str | None = None,
        limits: SandboxSettings | None = None,
    ) -> SandboxReport:
        """POST the code to a worker; on failure try the others once each."""
        body: dict[str, Any] = {"code": code}
        if files:
            body["files"] = {
                k: (v if isinstance(v, str) else v.decode("utf-8", "replace"))
                for k, v in files.items()
            }
        if stdin is not None:
            body["stdin"] = stdin
        settings = limits or self._settings
        timeout = aiohttp.ClientTimeout(
            total=settings.wall_timeout_s + self._settings.request_slack_s,
            connect=CONNECT_TIMEOUT_S,
        )
        session = self._get_session()
        for url in self._order():
            try:
                async with session.post(
                    f"{url}/v1/profile", json=body, timeout=timeout, headers=self._auth()
                ) as resp:
                    if resp.status >= 500:
                        raise aiohttp.ClientResponseError(resp.request_info, (), status=resp.status)
                    data = strict_loads(
                        await resp.content.read(REPLY_CAP_BYTES + 1), max_bytes=REPLY_CAP_BYTES
                    )
                    if not isinstance(data, dict):
                        raise TypeError("the reply is not a JSON object")
                    if resp.status != 200:
                        message = str(data.get("error", "request refused"))[:300]
                        return SandboxReport.rejected(message, isolation=self.isolation)
                    report = SandboxReport.from_dict(data)
            except (
                aiohttp.ClientError,
                TimeoutError,
                ValueError,
                KeyError,
                TypeError,
                OverflowError,
            ) as exc:
                self._down_until[url] = time.monotonic() + COOLDOWN_S
                log.warning("sandbox.worker_failed", worker=url, error=type(exc).__name__)
                continue
            self._down_until.pop(url, None)
            log.info("sandbox.remote_run", worker=url, status=report.status.value)
            return report
        return SandboxReport.rejected(
            "code could not be run: no sandbox worker is reachable", isolation=self.isolation
        )

    def _auth(self) -> dict[str, str]:
        token = token_of(self._settings)
        return {"Authorization": f"Bearer {token}"} if token else {}

    async def check_health(self) -> dict[str, bool]:
        """Probe every worker's /healthz and mark the failing ones down."""
        session = self._get_session()
        timeout = aiohttp.ClientTimeout(total=CONNECT_TIMEOUT_S)

        async def one(url: str) -> bool:
            try:
                async with session.get(f"{url}/healthz", timeout=timeout) as resp:
                    ok = resp.status == 200
            except (aiohttp.ClientError, TimeoutError):
                ok = False
            if ok:
                self._down_until.pop(url, None)
            else:
                self._down_until[url] = time.monotonic() + COOLDOWN_S
            return ok

        results = await asyncio.gather(*(one(u) for u in self._urls))
        return dict(zip(self._urls, results, strict=True))

    async def aclose(self) -> None:
        """Close the HTTP session we opened."""
        if self._own_session and self._session is not None:
            await self._session.close()
