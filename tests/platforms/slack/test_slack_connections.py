"""The bot's Slack Web API calls share one keep-alive connection pool, closed at shutdown.

The real `python -m bot run` (HTTP mode) against the fake Slack, which numbers the TCP
connections its Web API calls arrive over, and a fake LLM that streams each reply for about
a second (so every turn is several chat.postMessage / chat.update calls).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.fakes.openai_server import FakeOpenAI, reply
from tests.fakes.slack_server import BOT_TOKEN, FakeSlack, message_event, new_ts
from tests.faults.harness import draft, is_complete, llm_env
from tests.platforms.slack.harness import SlackBot

pytestmark = [pytest.mark.e2e]

QUESTION = "How do I find out which part of my pandas pipeline allocates the most memory?"
FOLLOWUPS = (
    "And if the pipeline reads the CSV in chunks, how do I measure each chunk?",
    "Would tracemalloc or memray show that better for a long batch job?",
)
UNCLOSED = ("Unclosed client session", "Unclosed connector", "ResourceWarning")


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(default=reply(draft(), chunk_delay_s=0.015)) as server:
        yield server


def _root(fake: FakeSlack, channel: str) -> str | None:
    return next(
        (ts for (ch, ts), m in fake.messages.items() if ch == channel and "thread_ts" not in m),
        None,
    )


def _complete(fake: FakeSlack, channel: str, thread_ts: str) -> int:
    return sum(is_complete(str(m["text"])) for m in fake.thread_messages(channel, thread_ts))


async def test_streamed_turns_reuse_few_connections_and_shutdown_closes_them(
    fake: FakeSlack, llm: FakeOpenAI, tmp_path: Path
) -> None:
    """Three streamed turns: dozens of Web API calls over 1-2 connections; clean exit, no leak."""
    env = llm_env(
        llm.base_url,
        MCA_SLACK_EDIT_INTERVAL_S="0.2",
        # Any unclosed session, connector or socket is printed to the bot's stderr.
        PYTHONWARNINGS="always::ResourceWarning",
    )
    bot = SlackBot(fake, tmp_path / "data", extra_env=env)
    fake.add_user("UPOOL", locale="en-US")
    await bot.start()
    try:
        sent = await bot.command(f"ask {QUESTION}", user="UPOOL", channel="CPOOL")
        assert sent.status == 200, sent
        root: str = await fake.wait_for(lambda: _root(fake, "CPOOL"))
        await fake.wait_for(lambda: _complete(fake, "CPOOL", root) >= 1)
        for done, text in enumerate(FOLLOWUPS, start=2):
            event = message_event(text, user="UPOOL", channel="CPOOL", ts=new_ts(), thread_ts=root)
            assert (await bot.event(event)).status == 200
            await fake.wait_for(lambda n=done: _complete(fake, "CPOOL", root) >= n, 20)
        await fake.quiet(0.3)
    finally:
        code = await bot.stop()
    log = bot.log()
    assert code in (0, 130), log

    calls = [c for c in fake.calls if c.token == BOT_TOKEN]
    assert len(fake.calls_to("chat.update", channel="CPOOL")) >= 3, fake.summary()  # it streamed
    # three turns of a post, streamed edits and a final edit each: how many edits the stream
    # gate makes depends on the draft's pace, so the bound is what three turns always need
    assert len(calls) >= 10, fake.summary()
    # One pooled connection carries the bot's own calls; slack-bolt's one auth.test (its
    # authorization, on bolt's own client) may come over another. Before: one per call.
    assert fake.api_connections(calls) <= 2, [(c.method, c.connection) for c in calls]
    turns = [c for c in calls if c.method in ("chat.postMessage", "chat.update", "users.info")]
    assert fake.api_connections(turns) == 1, [(c.method, c.connection) for c in turns]
    for text in UNCLOSED:
        assert text not in log, log
