"""SIGTERM: in-flight replies finish within the grace period, new turns are refused politely.

The real `python -m bot run` in Slack HTTP mode with a fake LLM that streams for ~2.5 s.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.platforms.slack_format import to_mrkdwn
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.fakes.slack_server import BOT_USER, FakeSlack, message_event, new_ts
from tests.faults.harness import (
    FaultySlackBot,
    ForkServer,
    draft,
    i18n,
    is_complete,
    llm_env,
    turn_states,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

QUESTION = "How do I find out which part of my pandas pipeline allocates the most memory?"
GRACE_S = 8.0


@pytest.fixture(scope="module")
def llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def _root(fake: FakeSlack, channel: str) -> str | None:
    return next(
        (ts for (ch, ts), m in fake.messages.items() if ch == channel and "thread_ts" not in m),
        None,
    )


def _refusal(lang: str) -> str:
    """The shutting-down message as Slack shows it (mrkdwn, the number filled in)."""
    text = str(i18n(lang)["messages"]["shutting_down"])
    return to_mrkdwn(text.split("{retry_after_s}", maxsplit=1)[0])


@pytest.mark.parametrize("lang", ["en", "pt"])
async def test_sigterm_finishes_in_flight_reply_refuses_new_turns_and_exits_0(
    slack: FakeSlack, llm: FakeOpenAI, tmp_path: Path, lang: str, fork_server: ForkServer
) -> None:
    """SIGTERM mid-reply: that reply completes, a new question gets the localized refusal, exit 0."""
    data = tmp_path / "data"
    llm.reset(default=reply(draft(), chunk_delay_s=0.06))  # ~2.5 s of streaming
    locale = {"en": "en-US", "pt": "pt-BR"}[lang]
    asker, late = f"UTA{lang}", f"UTB{lang}"
    slack.add_user(asker, locale="en-US")
    slack.add_user(late, locale=locale)
    env = llm_env(
        llm.base_url,
        MCA_SLACK_EDIT_INTERVAL_S="0.2",
        MCA_LIFECYCLE_SHUTDOWN_GRACE_S=str(GRACE_S),
    )
    bot = FaultySlackBot(slack, data, server=fork_server, extra_env=env)
    await bot.start()
    channel = f"CTA{lang}"
    assert (await bot.command(f"ask {QUESTION}", user=asker, channel=channel)).status == 200
    root: str = await slack.wait_for(lambda: _root(slack, channel))
    await slack.wait_for(lambda: slack.thread_messages(channel, root))  # streaming now
    sent_at = await bot.terminate()

    # A new question during the drain: acknowledged, refused in the learner's language.
    question = {"en": QUESTION, "pt": "Como eu meço a memória usada pelo meu pipeline de dados?"}
    late_ts = new_ts()
    event = message_event(
        f"<@{BOT_USER}> {question[lang]}",
        user=late,
        channel=f"CTB{lang}",
        ts=late_ts,
        kind="app_mention",
    )
    assert (await bot.event(event)).status == 200
    refusal = await slack.wait_for(
        lambda: [
            m for m in slack.thread_messages(f"CTB{lang}", late_ts) if _refusal(lang) in m["text"]
        ]
    )
    assert len(refusal) == 1

    code = await bot.wait_exit(GRACE_S + 5)
    took = time.monotonic() - sent_at
    assert code == 0, bot.log()
    assert took < GRACE_S, f"exit took {took:.1f}s"
    shown = slack.thread_messages(channel, root)
    assert len(shown) == 1
    assert is_complete(str(shown[0]["text"]))
    assert list(turn_states(data).values()) == [("answered", 1, 1)]  # the refused turn: not stored
    assert bot.events("run.drained")


async def test_sigterm_past_the_grace_exits_0_and_the_next_start_answers_the_turn(
    slack: FakeSlack, llm: FakeOpenAI, tmp_path: Path, fork_server: ForkServer
) -> None:
    """A reply longer than the grace: exit 0 at the grace; the restart answers it once."""
    data = tmp_path / "data"
    llm.reset(default=reply(draft(), chunk_delay_s=0.25))  # ~10 s of streaming
    slack.add_user("UTC", locale="en-US")
    env = llm_env(
        llm.base_url, MCA_SLACK_EDIT_INTERVAL_S="0.2", MCA_LIFECYCLE_SHUTDOWN_GRACE_S="0.5"
    )
    bot = FaultySlackBot(slack, data, server=fork_server, extra_env=env)
    await bot.start()
    assert (await bot.command(f"ask {QUESTION}", user="UTC", channel="CTC")).status == 200
    root: str = await slack.wait_for(lambda: _root(slack, "CTC"))
    await slack.wait_for(lambda: slack.thread_messages("CTC", root))
    sent_at = await bot.terminate()
    assert await bot.wait_exit(10) == 0, bot.log()
    assert time.monotonic() - sent_at < 7.0  # grace + closing, not the whole reply
    assert bot.events("run.grace_expired")
    assert [s for s, _, _ in turn_states(data).values()] == ["pending"]

    llm.reset(default=reply(draft()))
    again = FaultySlackBot(slack, data, server=fork_server, extra_env=env)
    await again.start()
    try:
        await again.wait_for_recovery()
        shown = slack.thread_messages("CTC", root)
        assert len(shown) == 1
        assert is_complete(str(shown[0]["text"]))
        assert list(turn_states(data).values()) == [("answered", 1, 1)]
    finally:
        assert await again.stop() in (0, 130), again.log()
