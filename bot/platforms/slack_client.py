"""Slack's Web API client: one keep-alive session, retries, error counts, profiles and files.

Every Web API call of ours (and the file downloads) goes through one `PooledWebClient`, a
keep-alive aiohttp session opened at the first call inside the running loop and closed by
`aclose()`; without a session slack_sdk opens and closes a session (a new TCP + TLS
connection) per call. The session is set through the client's public `session` attribute
at the first `api_call` (every Web API method goes through it), so no private slack_sdk
method is overridden.

Listeners use this client, never bolt's `context.client`: bolt's own client has no session on
purpose. Bolt gives each request a client carrying its app client's session and, to start a
lazy listener, `copy.deepcopy`s the request with that client; deep-copying an aiohttp session
walks into its event loop and raises TypeError, so bolt would answer 500 and never run it.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    async_default_handlers as default_retry_handlers,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentor.models import Attachment
from bot.platforms.settings import SlackSettings

log = structlog.get_logger()

SLACK_API = "https://slack.com/api/"
SLACK_FILES_HOST = "files.slack.com"
LOCALE_CACHE_SIZE = 2048
DOWNLOAD_TIMEOUT_S = 10.0
READABLE_SUFFIXES = (".py", ".txt", ".log")
"""Files a learner may share: code to run, or a log/traceback to read."""


class PooledWebClient(AsyncWebClient):
    """An AsyncWebClient whose calls share one keep-alive aiohttp session (opened lazily).

    The session is made like the one slack_sdk makes per call (total timeout = the client's
    timeout, no proxy from the environment: the client passes its proxy with each request),
    except that it is kept, and takes no cookies (a per-call session never sent any back).
    After `aclose()` calls fall back to slack_sdk's session per call.
    """

    on_error: Callable[[str, str], None] | None = None
    """Told (method, status) of every failed Web API call, for mca_platform_api_errors_total."""
    _closed = False

    @property
    def closed(self) -> bool:
        """True after `aclose()`."""
        return self._closed

    def pool(self) -> aiohttp.ClientSession:
        """The shared session, opened now if this is the first use (not after `aclose()`)."""
        if self._closed:
            raise aiohttp.ClientConnectionError("the Slack session is closed (shutting down)")
        if self.session is None:
            self.session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                cookie_jar=aiohttp.DummyCookieJar(),
            )
        return self.session

    async def api_call(self, api_method: str, **kwargs: Any) -> Any:  # as slack_sdk's
        """Every Web API method: on the pool, failures counted by method and status."""
        if not self._closed:
            self.pool()
        try:
            return await super().api_call(api_method, **kwargs)
        except SlackApiError as exc:
            if self.on_error is not None:
                status = getattr(exc.response, "status_code", 0)
                self.on_error(api_method, f"{status}:{exc.response.get('error', '')}"[:60])
            raise
        except (aiohttp.ClientError, TimeoutError) as exc:
            if self.on_error is not None:
                self.on_error(api_method, type(exc).__name__)
            raise

    async def aclose(self) -> None:
        """Close the pool (idempotent); later calls use a session per call (slack_sdk's own)."""
        self._closed = True
        if self.session is not None and not self.session.closed:
            await self.session.close()


def client_kwargs(bot_token: str, settings: SlackSettings) -> dict[str, Any]:
    """The Web API client's settings: token, base URL, retries (connection errors, 429s)."""
    return {
        "token": bot_token,
        "base_url": api_base(settings.api_base),
        "retry_handlers": [
            *default_retry_handlers(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=settings.max_retries_429),
        ],
    }


def api_base(configured: str) -> str:
    """The Web API's base URL (Slack's own unless configured, e.g. a loopback fake)."""
    return configured.rstrip("/") + "/" if configured else SLACK_API


@dataclass(frozen=True, slots=True)
class Profile:
    """What users.info tells us about a learner."""

    locale: str | None
    name: str


class Profiles:
    """users.info results per user, bounded and expiring (a locale rarely changes)."""

    def __init__(self, client: AsyncWebClient, ttl_s: float) -> None:
        self._client = client
        self._ttl_s = ttl_s
        self._items: OrderedDict[str, tuple[float, Profile]] = OrderedDict()

    def cached(self, user: str) -> Profile | None:
        """The profile if it is known and fresh (no API call: for 3-second acks)."""
        item = self._items.get(user)
        if item is None or item[0] < time.monotonic():
            return None
        return item[1]

    async def get(self, user: str) -> Profile:
        """The learner's Slack locale (a language signal) and name; cached."""
        cached = self.cached(user)
        if cached is not None:
            return cached
        try:
            resp = await self._client.users_info(user=user, include_locale=True)
        except SlackApiError as exc:
            log.warning("slack.users_info_failed", error=exc.response.get("error"))
            return Profile(locale=None, name="")
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack.users_info_failed", error=type(exc).__name__)
            return Profile(locale=None, name="")
        data: dict[str, Any] = resp.get("user") or {}
        names: dict[str, Any] = data.get("profile") or {}
        profile = Profile(
            locale=data.get("locale") or None,
            name=str(names.get("display_name") or names.get("real_name") or data.get("name", "")),
        )
        self._items[user] = (time.monotonic() + self._ttl_s, profile)
        self._items.move_to_end(user)
        while len(self._items) > LOCALE_CACHE_SIZE:
            self._items.popitem(last=False)
        return profile


class SharedFiles:
    """The .py (run) and .txt/.log (read) files shared with a learner's message."""

    def __init__(self, client: PooledWebClient, *, bot_token: str, api_base_url: str) -> None:
        self._client = client
        self._bot_token = bot_token
        self._allowed = {SLACK_FILES_HOST, urlsplit(api_base(api_base_url)).hostname}

    async def fetch(
        self, files: list[dict[str, Any]], max_bytes: int
    ) -> tuple[tuple[Attachment, ...], list[str]]:
        """Returns (attachments, names that failed)."""
        attachments: list[Attachment] = []
        failed: list[str] = []
        for shared in files:
            name = str(shared.get("name") or "")
            readable = name.lower().endswith(READABLE_SUFFIXES)
            if not readable and shared.get("filetype") not in ("python", "text"):
                continue
            try:
                info = await self._client.files_info(file=str(shared["id"]))
                meta: dict[str, Any] = info.get("file") or {}
                url = str(meta.get("url_private_download") or meta.get("url_private") or "")
                content = await self.download(url, max_bytes)
            except (SlackApiError, aiohttp.ClientError, TimeoutError, KeyError, ValueError) as exc:
                log.warning("slack.file_failed", file=name, error=type(exc).__name__)
                failed.append(name or "?")
                continue
            attachments.append(Attachment(str(meta.get("name") or name), content))
        return tuple(attachments), failed

    async def download(self, url: str, max_bytes: int) -> bytes:
        """GET a url_private with the bot token; only to Slack's file host (or the API's)."""
        host = urlsplit(url).hostname or ""
        if host not in self._allowed:
            raise ValueError(f"refusing to send the bot token to {host!r}")
        session = self._client.pool()
        headers = {"Authorization": f"Bearer {self._bot_token}"}
        timeout = aiohttp.ClientTimeout(total=DOWNLOAD_TIMEOUT_S)
        async with session.get(
            url, headers=headers, allow_redirects=False, timeout=timeout
        ) as resp:
            resp.raise_for_status()
            # one byte over the limit is enough for the mentor to refuse it politely
            return await resp.content.read(max_bytes + 1)
