"""The LLM is down, slow or returns garbage for a while: fallback replies in time, then recovery.

One real bot process (Slack HTTP) for the module; the fake OpenAI server switches modes. The
LLM timings are small settings: 0.5 s per call, 1 s per reply, the breaker opens after 2
failed replies and tries again after 1.5 s.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from bot.platforms.slack_format import to_mrkdwn
from tests.fakes.openai_server import FakeOpenAI, Step, error, malformed, reply
from tests.fakes.slack_server import BOT_USER, FakeSlack, message_event, new_ts
from tests.faults.harness import FaultySlackBot, ForkServer, draft, i18n, is_complete, llm_env

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

DEADLINE_S = 1.0
BREAKER_RESET_S = 1.5
SLACK_S = 3.0
"""Allowance on top of the LLM deadline: the offline draft, guards, posting to Slack."""
LEARNERS = 3
"""Questions asked at once in each phase (a sustained outage, not a single failure)."""
FALLBACK = to_mrkdwn(str(i18n("en")["messages"]["fallback_engine"]))
LLM_WORDS = "doubling the input should quadruple the time"
"""Only the fake LLM's draft says this (the offline mentor does not)."""
QUESTION = "Why is my recursive Fibonacci so slow for n=35, and how should I measure it?"


@pytest.fixture(scope="module")
def llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(default=reply(draft())) as server:
        yield server


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(
    slack: FakeSlack,
    llm: FakeOpenAI,
    tmp_path_factory: pytest.TempPathFactory,
    fork_server: ForkServer,
) -> AsyncIterator[FaultySlackBot]:
    env = llm_env(
        llm.base_url,
        MCA_LLM_TIMEOUT_S="0.5",
        MCA_LLM_DEADLINE_S=str(DEADLINE_S),
        MCA_LLM_MAX_RETRIES="1",
        MCA_LLM_BREAKER_FAILURES="2",
        MCA_LLM_BREAKER_RESET_S=str(BREAKER_RESET_S),
    )
    data = tmp_path_factory.mktemp("llm-outage") / "data"
    proc = FaultySlackBot(slack, data, server=fork_server, extra_env=env)
    await proc.start()
    yield proc
    assert await proc.stop() in (0, 130), proc.log()


async def _ask(bot: FaultySlackBot, slack: FakeSlack, channel: str) -> tuple[str, float]:
    """A mention in `channel`; returns (the complete answer, seconds until it was shown)."""
    slack.add_user("UOUT", locale="en-US")
    ts = new_ts()
    started = time.monotonic()
    text = f"<@{BOT_USER}> {QUESTION}"
    await bot.event(message_event(text, user="UOUT", channel=channel, ts=ts, kind="app_mention"))
    answers = await slack.wait_for(
        lambda: [
            str(m["text"])
            for m in slack.thread_messages(channel, ts)
            if is_complete(str(m["text"]))
        ],
        20,
    )
    return answers[0], time.monotonic() - started


async def _close_breaker(
    bot: FaultySlackBot, slack: FakeSlack, llm: FakeOpenAI, channel: str
) -> None:
    """Let an open breaker's pause pass and answer once through the LLM (closes it)."""
    llm.reset(default=reply(draft()))
    await asyncio.sleep(BREAKER_RESET_S)
    answer, _ = await _ask(bot, slack, channel)
    assert FALLBACK not in answer


@pytest.mark.parametrize(
    ("mode", "step"),
    [
        ("down", error(503)),
        ("slow", reply(draft(), delay_s=5.0)),
        ("garbage", malformed()),
        ("garbage_stream", malformed(text=draft(), after_chunks=3)),
    ],
)
async def test_llm_outage_learners_get_fallback_replies_within_the_deadline(
    bot: FaultySlackBot, slack: FakeSlack, llm: FakeOpenAI, mode: str, step: Step
) -> None:
    """Whatever the LLM does wrong, every learner gets a complete offline reply in time."""
    await _close_breaker(bot, slack, llm, f"COK{mode}")
    llm.reset(default=step)
    results = await asyncio.gather(*(_ask(bot, slack, f"COUT{mode}{n}") for n in range(LEARNERS)))
    assert llm.requests  # the LLM was really asked (the breaker was closed)
    for answer, took in results:
        assert FALLBACK in answer
        assert LLM_WORDS not in answer
        assert took < DEADLINE_S + SLACK_S, f"{mode}: answered after {took:.1f}s"


async def test_breaker_opens_during_the_outage_and_recovers_when_the_llm_is_back(
    bot: FaultySlackBot, slack: FakeSlack, llm: FakeOpenAI
) -> None:
    """While down the breaker stops calling the LLM; after its pause the LLM answers again."""
    await _close_breaker(bot, slack, llm, "CBRKOK")
    llm.reset(default=error(503))
    await _ask(bot, slack, "CBRK0")
    await _ask(bot, slack, "CBRK1")
    calls = len(llm.requests)
    answer, _ = await _ask(bot, slack, "CBRK2")  # breaker open: no call goes out
    assert FALLBACK in answer
    assert len(llm.requests) == calls
    assert any(e.get("breaker") == "open" for e in bot.events("engine.llm_failed"))

    llm.reset(default=reply(draft()))
    await asyncio.sleep(BREAKER_RESET_S)
    answer, _ = await _ask(bot, slack, "CBRK3")  # the half-open trial call succeeds
    assert LLM_WORDS in answer
    assert FALLBACK not in answer
    answer, _ = await _ask(bot, slack, "CBRK4")
    assert FALLBACK not in answer
    assert len(llm.requests) == 2
