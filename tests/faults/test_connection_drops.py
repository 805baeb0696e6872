"""The platform connection drops again and again: the bot reconnects, and answers each turn once.

The real bot process against the fake Discord gateway (dropped with close code 4000, which
discord.py resumes, replaying missed events) and the fake Slack's Socket Mode websocket.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.fakes.slack_server import FakeSlack, command_body, event_body, message_event, new_ts
from tests.faults.harness import (
    DiscordBot,
    FaultySlackBot,
    ForkServer,
    draft,
    headings,
    llm_env,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

DROPS = 3
QUESTION = "Why does my websocket client use more CPU after every reconnect?"
FOLLOWUP = "And how would I measure the time spent in the handshake?"


@pytest.fixture(scope="module")
def llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(default=reply(draft(), chunk_delay_s=0.04)) as server:  # ~1.5 s each
        yield server


def _complete_answers(texts: list[str]) -> int:
    """Whole answers shown, each in one message or split over several (a long one is split:
    a follow-up whose draft repeats the first reply is refilled from the offline answer)."""
    joined = "\n".join(texts)
    return min(joined.count(heading) for heading in headings())


async def test_discord_gateway_drops_repeatedly_each_turn_is_answered_once(
    llm: FakeOpenAI, tmp_path: Path, fork_server: ForkServer
) -> None:
    """3 drops while replies stream and a follow-up arrives offline: resumed, 2 answers, no more."""
    fake = FakeDiscord()
    await fake.start()
    bot = DiscordBot(fake, tmp_path / "data", server=fork_server, **llm_env(llm.base_url))
    try:
        await bot.start()
        identifies = fake.identifies
        await fake.dispatch("INTERACTION_CREATE", fake.slash("ask", question=QUESTION))
        thread = int((await fake.wait_for(fake.threads_created))[0]["id"])
        first = headings()[0]
        await fake.wait_for(lambda: any(first in m["content"] for m in fake.visible(thread)))
        for drop in range(DROPS):
            await fake.drop(4000)
            if drop == 1:  # sent while disconnected: replayed after RESUME
                await fake.dispatch("MESSAGE_CREATE", fake.user_message(thread, FOLLOWUP))
            await fake.wait_connected(20)
        await fake.wait_for(
            lambda: _complete_answers([m["content"] for m in fake.visible(thread)]) >= 2,
            within_s=20,
        )
        await fake.wait_for(lambda: len(bot.events("discord.reply_posted")) >= 2)
        assert fake.resumes >= DROPS
        assert fake.identifies == identifies  # resumed each time, no new session
        assert _complete_answers([m["content"] for m in fake.visible(thread)]) == 2
        assert len(fake.threads_created()) == 1
        assert len(bot.events("mentor.turn_accepted")) == 2
    finally:
        await bot.stop()
        await fake.close()


async def test_slack_socket_drops_repeatedly_bot_reconnects_and_answers_once(
    slack: FakeSlack, llm: FakeOpenAI, tmp_path: Path, fork_server: ForkServer
) -> None:
    """The Socket Mode websocket closes 3 times: the bot reconnects each time, one answer each."""
    bot = FaultySlackBot(
        slack,
        tmp_path / "data",
        server=fork_server,
        socket_mode=True,
        extra_env=llm_env(llm.base_url),
    )
    await bot.start()
    try:
        slack.add_user("UDROP", locale="en-US")
        await slack.wait_for(lambda: slack.socket_connections >= 1)
        command = dict(
            urllib.parse.parse_qsl(command_body(f"ask {QUESTION}", user="UDROP", channel="CDROP"))
        )
        await slack.send_envelope("slash_commands", command)
        root: str = await slack.wait_for(
            lambda: next(
                (
                    t
                    for (c, t), m in slack.messages.items()
                    if c == "CDROP" and "thread_ts" not in m
                ),
                None,
            )
        )
        # The bot records the thread when it starts answering; a follow-up a few ms after the
        # root post (no human is that fast) would reach a thread the bot does not know yet.
        await slack.wait_for(lambda: slack.thread_messages("CDROP", root))
        for drop in range(DROPS):
            connected = slack.socket_connections
            await slack.drop_sockets()
            await slack.wait_for(lambda n=connected: slack.socket_connections > n, 20)
            if drop == 1:
                followup = message_event(
                    FOLLOWUP, user="UDROP", channel="CDROP", ts=new_ts(), thread_ts=root
                )
                await slack.send_envelope("events_api", json.loads(event_body(followup)))
        await slack.wait_for(
            lambda: (
                _complete_answers([str(m["text"]) for m in slack.thread_messages("CDROP", root)])
                >= 2
            ),
            20,
        )
        await slack.quiet(0.7)
        texts = [str(m["text"]) for m in slack.thread_messages("CDROP", root)]
        assert _complete_answers(texts) == 2
        assert len(slack.calls_to("apps.connections.open")) >= DROPS + 1
    finally:
        assert await bot.stop() in (0, 130), bot.log()
