"""SIGKILL mid-reply: after a restart every accepted turn is answered and shown exactly once.

The real `python -m bot run` against the fake Slack (HTTP mode) and the fake Discord, with a
slow fake LLM so the kill lands while replies stream.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.fakes.slack_server import BOT_USER, FakeSlack, message_event, new_ts
from tests.faults.harness import (
    DiscordBot,
    FaultySlackBot,
    ForkServer,
    draft,
    execute,
    headings,
    is_complete,
    llm_env,
    query,
    turn_states,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

SLOW = reply(draft(), chunk_delay_s=0.15)
"""About 6 s of streaming: the kill lands mid-reply."""
FAST = reply(draft())
QUESTION = "Why does my asyncio crawler get slower with more concurrent tasks? How do I measure it?"


@pytest.fixture(scope="module")
def llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(default=SLOW) as server:
        yield server


def _root(fake: FakeSlack, channel: str) -> str | None:
    """ts of the bot's visible post in a channel (a /mca ask thread's root)."""
    return next(
        (ts for (ch, ts), m in fake.messages.items() if ch == channel and "thread_ts" not in m),
        None,
    )


def _partial(fake: FakeSlack, channel: str, thread_ts: str) -> bool:
    """Part of the reply is shown, not all of it (it is streaming)."""
    texts = [str(m["text"]) for m in fake.thread_messages(channel, thread_ts)]
    first = headings()[0]
    return any(first in t and not is_complete(t) for t in texts)


def _turn_of(data_dir: Path, thread_external_id: str) -> int:
    rows = query(
        data_dir,
        "SELECT m.id FROM messages m JOIN threads t ON t.id = m.thread_id"
        " WHERE t.external_id = ? AND m.author = 'learner'",
        thread_external_id,
    )
    assert len(rows) == 1, rows
    return int(rows[0][0])


async def test_sigkill_mid_reply_every_turn_is_answered_exactly_once_after_restart(
    slack: FakeSlack, llm: FakeOpenAI, tmp_path: Path, fork_server: ForkServer
) -> None:
    """Killed while 2 replies stream and 1 waits for Slack: after restart each shows once."""
    data = tmp_path / "data"
    env = llm_env(llm.base_url, MCA_SLACK_EDIT_INTERVAL_S="0.2")
    llm.reset(default=SLOW)
    llm.push(FAST)  # turn C is answered at once, but Slack refuses to show it
    for user in ("UKA", "UKB", "UKC"):
        slack.add_user(user, locale="en-US")
    bot = FaultySlackBot(slack, data, server=fork_server, extra_env=env)
    await bot.start()
    try:
        # C: answered and stored, but every post into its thread fails (Slack has an outage).
        for method in ("chat.postMessage", "chat.update"):
            slack.fail(method, status=500, times=1000, when=lambda a: a.get("channel") == "CKC")
        ts_c = new_ts()
        mention = f"<@{BOT_USER}> {QUESTION}"
        await bot.event(
            message_event(mention, user="UKC", channel="CKC", ts=ts_c, kind="app_mention")
        )
        await slack.wait_for(lambda: bot.events("slack.reply_failed"), 15)
        # A (/mca ask) and B (a mention) are mid-stream when the process dies.
        assert (await bot.command(f"ask {QUESTION}", user="UKA", channel="CKA")).status == 200
        root_a: str = await slack.wait_for(lambda: _root(slack, "CKA"))
        ts_b = new_ts()
        await bot.event(
            message_event(mention, user="UKB", channel="CKB", ts=ts_b, kind="app_mention")
        )
        await slack.wait_for(
            lambda: _partial(slack, "CKA", root_a) and _partial(slack, "CKB", ts_b)
        )
        states = turn_states(data)
        assert sorted(s for s, _, _ in states.values()) == ["answered", "pending", "pending"]
    finally:
        await bot.kill()

    slack.failures.clear()
    llm.reset(default=FAST)
    # The crash window between posting and recording: A's streamed message is in Slack but
    # not in the outbox. Recovery must find it by its metadata marker, not post again.
    turn_a = _turn_of(data, root_a)
    execute(data, "DELETE FROM outbox_parts WHERE turn_id = ?", turn_a)

    again = FaultySlackBot(slack, data, server=fork_server, extra_env=env)
    await again.start()
    try:
        threads = {"CKA": root_a, "CKB": ts_b, "CKC": ts_c}
        await slack.wait_for(
            lambda: all(
                any(is_complete(str(m["text"])) for m in slack.thread_messages(ch, ts))
                for ch, ts in threads.items()
            ),
            20,
        )
        await again.wait_for_recovery()
        await slack.quiet(0.5)
        for channel, ts in threads.items():
            shown = slack.thread_messages(channel, ts)
            assert len(shown) == 1, (channel, [m["text"][:60] for m in shown])  # no stale partial
            assert is_complete(str(shown[0]["text"]))
        assert slack.calls_to("conversations.replies", channel="CKA")
        states = turn_states(data)
        assert list(states.values()) == [("answered", 1, 1)] * 3
        assert len(llm.requests) == 2  # A and B answered again; C's stored reply was delivered
    finally:
        assert await again.stop() in (0, 130), again.log()


async def test_sigkill_mid_reply_on_discord_edits_the_placeholder_once(
    llm: FakeOpenAI, tmp_path: Path, fork_server: ForkServer
) -> None:
    """Discord: killed mid-stream; after restart the thread shows the whole answer once.

    A lost record of a posted part (the crash window) is covered by the part's nonce: the
    repeat returns the message already posted instead of posting it twice.
    """
    fake = FakeDiscord()
    await fake.start()
    data = tmp_path / "data"
    long_draft = draft(pad=2600)  # more than one Discord message
    llm.reset(default=reply(long_draft, chunk_delay_s=0.05))
    bot = DiscordBot(fake, data, server=fork_server, **llm_env(llm.base_url))
    try:
        await bot.start()
        payload = fake.slash("ask", question=QUESTION)
        await fake.dispatch("INTERACTION_CREATE", payload)
        thread_id = int((await fake.wait_for(fake.threads_created))[0]["id"])
        first = headings()[0]
        await fake.wait_for(
            lambda: any(first in m["content"] for m in fake.visible(thread_id)), within_s=20
        )
        await bot.kill()
        assert [s for s, _, _ in turn_states(data).values()] == ["pending"]

        llm.reset(default=reply(long_draft))
        await bot.start()
        await fake.wait_for(lambda: bot.events("recovery.done"), within_s=20)
        shown = fake.visible(thread_id)
        contents = [m["content"] for m in shown]
        parts = query(data, "SELECT COUNT(*) FROM outbox_parts")[0][0]
        assert len(shown) == parts >= 2, [c[:60] for c in contents]  # the placeholder reused
        assert len(set(contents)) == len(contents)
        assert is_complete("\n".join(contents))
        assert "⏳" not in contents[0]
        assert list(turn_states(data).values()) == [("answered", 1, 1)]
        await bot.kill()

        # Stage the crash window: part 2 was posted but its record was lost.
        turn = next(iter(turn_states(data)))
        execute(data, "DELETE FROM outbox_parts WHERE turn_id = ? AND part = 1", turn)
        execute(data, "UPDATE outbox SET delivered = 0 WHERE turn_id = ?", turn)
        await bot.start()
        await fake.wait_for(lambda: len(bot.events("recovery.done")) >= 2, within_s=20)
        assert fake.nonce_repeats == 1
        assert [m["content"] for m in fake.visible(thread_id)] == contents
        assert list(turn_states(data).values()) == [("answered", 1, 1)]
    finally:
        if bot._proc is not None:
            await bot.stop()
        await fake.close()
