"""Slack questions sent while a (re)started process builds its mentor: acked, then answered once.

The process serves /slack/events as soon as its database is open; until the mentor is built
a front keeps each question in the inbox and acks it (bot/platforms/slack_front.py), and
/healthz says not ready. Once built, every kept question is answered exactly once, and a
retry of one from Slack (it saw the ack, but retries happen) is dropped by its claim.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp
import pytest

from tests.conftest import STORES
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.fakes.slack_server import BOT_USER, FakeSlack, message_event, new_ts
from tests.faults.harness import (
    FaultySlackBot,
    ForkServer,
    StoreView,
    draft,
    headings,
    llm_env,
    store_url,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

CHANNEL = "CSTART"
BUILD_WAIT_S = 120.0
"""The longest a fork may take to build its mentor on a loaded host."""
ASK_EVERY_S = 0.01
"""A learner asks again this often: on a quiet host a forked process builds its mentor in
about 0.2-0.4 s, and asking every 0.2 s missed that window in 2 of 3 runs."""


async def _ask(bot: FaultySlackBot, ts: str, event_id: str, *, retry: int | None = None) -> int:
    """One signed mention; the HTTP status, 0 when nothing listens yet."""
    event = message_event(
        f"<@{BOT_USER}> why does my asyncio server stall at {ts}?",
        user="USTART",
        channel=CHANNEL,
        ts=ts,
        kind="app_mention",
    )
    try:
        return (await bot.event(event, event_id=event_id, retry=retry)).status
    except aiohttp.ClientError:
        return 0


@pytest.mark.parametrize("store", STORES)
async def test_questions_sent_while_the_mentor_is_built_are_each_answered_once(
    store: str, request: pytest.FixtureRequest, tmp_path: Path, fork_server: ForkServer
) -> None:
    """Asked from a start's first second: acked before ready, each answered once, retries dropped."""
    slack = FakeSlack()
    await slack.start()
    url = store_url(store, request)
    with FakeOpenAI(default=reply(draft())) as llm:
        env = llm_env(llm.base_url, url)
        data = tmp_path / "data"
        bot = FaultySlackBot(slack, data, server=fork_server, extra_env=env)
        bot._http = aiohttp.ClientSession(trust_env=False)
        early: dict[str, str] = {}  # ts -> event id, acked while /healthz said not ready
        late: dict[str, str] = {}
        try:
            await bot.launch()
            deadline = time.monotonic() + BUILD_WAIT_S
            while not late and time.monotonic() < deadline:
                ts, event_id = new_ts(), f"Ev{time.monotonic_ns()}"
                if await _ask(bot, ts, event_id) == 200:
                    async with bot._http.get(bot.url + "/healthz") as health:
                        (late if health.status == 200 else early)[ts] = event_id
                await asyncio.sleep(ASK_EVERY_S)
            assert early, "no question was acked while the mentor was being built"
            assert late, "the bot never became ready"
            asked = early | late
            for ts in asked:
                await slack.wait_for(
                    lambda ts=ts: headings()[-1] in slack.thread_text(CHANNEL, ts), wait_s=90
                )
            for ts, event_id in early.items():  # Slack retries one it thinks was lost
                assert await _ask(bot, ts, event_id, retry=1) == 200
            await slack.quiet(1.5)
            first = headings()[0]
            answers = {ts: slack.thread_text(CHANNEL, ts).count(first) for ts in asked}
            assert answers == dict.fromkeys(asked, 1), answers
            view = StoreView(data, url)
            await view.open()
            try:
                assert await view.inbox_rows() == 0
            finally:
                await view.close()
        finally:
            await bot.stop()
            await slack.stop()
