"""Slack in HTTP mode: two bot processes on one PostgreSQL behind HAProxy (deploy/haproxy)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.fakes.slack_server import FakeSlack, command_body, sign
from tests.faults.harness import FaultySlackBot, ForkServer, is_complete
from tests.fleet.balancer import BACKEND_HEADER, Balancer, haproxy_binary
from tests.platforms.slack.harness import SlackBot

pytestmark = [pytest.mark.e2e]

QUESTION = "Why is my asyncio loop slow when I call requests.get inside a coroutine?"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def haproxy() -> str:
    """HAProxy's path; `make test` installs it (CI fails without it, elsewhere: skipped)."""
    found = haproxy_binary()
    if found is None:
        reason = "HAProxy is not installed (apt-get install haproxy; `make test` does it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@pytest.fixture
async def fleet(
    haproxy: str, shared_database: str, tmp_path: Path, fork_server: ForkServer
) -> AsyncIterator[tuple[FakeSlack, list[SlackBot], Balancer]]:
    """Fake Slack, two `mca-bot run` processes (forked) on one database, HAProxy before them."""
    fake = FakeSlack()
    await fake.start()
    bots: list[SlackBot] = [
        FaultySlackBot(
            fake,
            tmp_path / f"bot{i}" / "data",
            server=fork_server,
            extra_env={"MCA_DATABASE_URL": shared_database},
        )
        for i in (1, 2)
    ]
    balancer = Balancer([f"127.0.0.1:{bot.port}" for bot in bots], tmp_path / "lb")
    try:
        for bot in bots:
            await bot.start(wait_s=90)
        await balancer.start()
        yield fake, bots, balancer
    finally:
        await balancer.stop()
        for bot in bots:
            await bot.stop()
        await fake.stop()


async def _post(http: aiohttp.ClientSession, url: str, body: str) -> tuple[int, str]:
    """A signed slash command through the balancer: (status, the process that answered)."""
    headers = {**sign(body), "Content-Type": FORM}
    async with http.post(url + "/slack/events", data=body.encode(), headers=headers) as resp:
        await resp.read()
        return resp.status, resp.headers.get(BACKEND_HEADER, "")


def _roots(fake: FakeSlack, channel: str) -> list[str]:
    """The bot's top-level posts in a channel (one per /mca ask thread)."""
    return [ts for (ch, ts), m in fake.messages.items() if ch == channel and "thread_ts" not in m]


async def test_requests_through_the_balancer_are_spread_over_both_processes(
    fleet: tuple[FakeSlack, list[SlackBot], Balancer],
) -> None:
    """Round robin: six slash commands are answered, three by each process; /metrics stays
    private (the balancer passes /slack/ only)."""
    _, _, balancer = fleet
    async with aiohttp.ClientSession(trust_env=False) as http:
        answered = [
            await _post(http, balancer.url, command_body("help", user=f"USPREAD{i}", channel="CS"))
            for i in range(6)
        ]
        async with http.get(balancer.url + "/metrics") as resp:
            metrics_status = resp.status
    assert [status for status, _ in answered] == [200] * 6
    assert Counter(backend for _, backend in answered) == {"bot1": 3, "bot2": 3}
    assert metrics_status == 404


async def test_a_slash_command_retried_to_the_other_process_is_answered_once(
    fleet: tuple[FakeSlack, list[SlackBot], Balancer],
) -> None:
    """The same signed /mca ask delivered twice lands on both processes; one thread, one answer."""
    fake, _, balancer = fleet
    fake.add_user("URETRY", locale="en-US")
    body = command_body(
        f"ask {QUESTION}", user="URETRY", channel="CRETRY",
        response_url=fake.response_url("CRETRY/URETRY"),
    )  # fmt: skip
    async with aiohttp.ClientSession(trust_env=False) as http:
        first = await _post(http, balancer.url, body)
        retry = await _post(http, balancer.url, body)
    assert (first[0], retry[0]) == (200, 200)
    assert {first[1], retry[1]} == {"bot1", "bot2"}  # the retry reached the other process
    thread_ts = await fake.wait_for(lambda: (_roots(fake, "CRETRY") or [None])[0], 30)
    await fake.wait_for(
        lambda: any(is_complete(m["text"]) for m in fake.thread_messages("CRETRY", thread_ts)), 30
    )
    await fake.quiet(1.5)
    assert len(_roots(fake, "CRETRY")) == 1
    complete = [m for m in fake.thread_messages("CRETRY", thread_ts) if is_complete(m["text"])]
    assert len(complete) == 1
