"""`mca-bot healthcheck`: ask this bot's own /healthz (the container's HEALTHCHECK)."""

from __future__ import annotations

import argparse
import sys

from bot.settings import Settings

HEALTHCHECK_TIMEOUT_S = 5.0


async def cmd_healthcheck(args: argparse.Namespace, settings: Settings) -> int:
    """GET this bot's /healthz (the container's HEALTHCHECK): exit 0 when ready, else 1."""
    import aiohttp  # noqa: PLC0415  # only this command is an HTTP client

    if not settings.http_port:
        print("mca-bot: no HTTP server is configured (set MCA_HTTP_PORT).", file=sys.stderr)
        return 1
    host = "127.0.0.1" if settings.http_host in ("0.0.0.0", "", "::") else settings.http_host  # noqa: S104  # a bind-all address is reached on loopback
    url = f"http://{host}:{settings.http_port}/healthz"
    try:
        async with (
            aiohttp.ClientSession(
                trust_env=False, timeout=aiohttp.ClientTimeout(total=HEALTHCHECK_TIMEOUT_S)
            ) as http,
            http.get(url) as resp,
        ):
            body = await resp.text()
            status = resp.status
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        print(f"mca-bot: {url} did not answer ({type(exc).__name__}).", file=sys.stderr)
        return 1
    print(body)
    return 0 if status == 200 else 1
