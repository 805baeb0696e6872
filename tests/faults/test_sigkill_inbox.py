"""SIGKILL at random points of many turns, on SQLite and on PostgreSQL: every acknowledged
question is answered exactly once.

The real `python -m bot run` (Slack over HTTP) against the fake Slack and a streaming fake LLM.
Each round starts the bot, sends new questions (mentions and `/mca ask`) and Slack's retries of
what was not acknowledged, and kills the process after a random delay: before the ack, between
the ack and the stored turn (the inbox replays it), mid-stream or before the delivery is
recorded (recovery finishes it). A last run finishes everything; the state is read through
the store. The seed is fixed, so a failure replays the same schedule.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import STORES
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.fakes.slack_server import BOT_USER, FakeSlack, message_event, new_ts
from tests.faults.harness import (
    FaultySlackBot,
    ForkServer,
    StoreView,
    draft,
    is_complete,
    llm_env,
    store_url,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio, pytest.mark.timeout(400)]

KILLS = 25
"""Per store: 50 kills in all."""
PER_ROUND = 2
"""New questions per round (one of every three rounds adds a `/mca ask` too)."""
SEED = 18
STREAM = reply(draft(), chunk_delay_s=0.005)
"""About a third of a second of streaming: kills land before, during and after it."""


@dataclass
class Question:
    """One question as Slack sends it; acknowledged once the bot answered the request 200."""

    text: str
    channel: str
    ts: str = ""
    event_id: str = ""
    command: bool = False
    acked: bool = False
    sends: int = 0


@pytest.fixture
def llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(default=STREAM) as server:
        yield server


async def _send(bot: FaultySlackBot, q: Question) -> None:
    """Deliver once (a retry after the first send, as Slack does); acked on a 200."""
    q.sends += 1
    try:
        if q.command:
            sent = await bot.command(f"ask {q.text}", user="UF", channel=q.channel)
        else:
            event = message_event(
                f"<@{BOT_USER}> {q.text}", user="UF", channel=q.channel, ts=q.ts,
                kind="app_mention",
            )  # fmt: skip
            retry = q.sends - 1 if q.sends > 1 else None
            sent = await bot.event(event, event_id=q.event_id, retry=retry)
    except Exception:  # the process died under the request: not acknowledged
        return
    q.acked = q.acked or sent.status == 200


def _new(n: int, *, command: bool = False) -> Question:
    text = f"Q{n:03d} why does my asyncio crawler slow down with more tasks? How to measure it?"
    if command:
        return Question(text=text, channel=f"CC{n:03d}", command=True)
    return Question(text=text, channel=f"CM{n:03d}", ts=new_ts(), event_id=f"EvF{n:05d}")


def _shown_once(slack: FakeSlack, q: Question) -> bool:
    """A mention's thread shows exactly one complete answer."""
    texts = [str(m["text"]) for m in slack.thread_messages(q.channel, q.ts)]
    return sum(is_complete(t) for t in texts) == 1


@pytest.mark.parametrize("store", STORES)
async def test_sigkill_at_random_points_answers_every_acknowledged_question_once(
    store: str,
    llm: FakeOpenAI,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    fork_server: ForkServer,
) -> None:
    """Killed 25 times per store at random instants: no acknowledged question lost or doubled."""
    url = store_url(store, request)
    rng = random.Random(SEED)
    slack = FakeSlack()
    await slack.start()
    slack.add_user("UF", locale="en-US")
    data = tmp_path / "data"
    env = llm_env(llm.base_url, url, MCA_SLACK_EDIT_INTERVAL_S="0.2")
    questions: list[Question] = []
    seen = dict.fromkeys(
        ("reaper.event_replayed", "recovery.turn_delivered", "recovery.gave_up"), 0
    )
    view = StoreView(data, url)
    server = fork_server

    async def settle() -> None:
        """Until every acknowledged question so far is answered once and delivered."""
        deadline = time.monotonic() + 60
        while True:
            turns = await view.turns_by_text()
            if all(turns.get(q.text) == [("answered", 1, 1)] for q in questions if q.acked):
                return
            assert time.monotonic() < deadline, turns
            await asyncio.sleep(0.1)

    try:
        for round_ in range(KILLS + 1):
            bot = FaultySlackBot(slack, data, server=server, extra_env=env)
            started = time.monotonic()
            await bot.start()
            if round_ == 0:
                await view.open()
            await settle()  # what the last kill interrupted is finished first (then new turns)
            print(f"round {round_}: recovered in {time.monotonic() - started:.1f}s", flush=True)
            todo = [q for q in questions if not q.acked and not q.command]  # Slack retries
            if round_ < KILLS:
                fresh = [_new(len(questions) + k) for k in range(PER_ROUND)]
                if round_ % 3 == 0:
                    fresh.append(_new(len(questions) + PER_ROUND, command=True))
                questions += fresh
                todo += fresh
            sending = [asyncio.create_task(_send(bot, q)) for q in todo]
            if round_ == KILLS:  # the last run: finish everything, then look
                await asyncio.gather(*sending)
                await settle()
                break
            await asyncio.sleep(rng.choice([0.0, 0.0, 0.005, 0.02]) + rng.random() * 0.4)
            await bot.kill()
            await asyncio.gather(*sending)
            for name in seen:
                seen[name] += len(bot.events(name))
        acked = [q for q in questions if q.acked]
        await slack.quiet(0.5)
        turns = await view.turns_by_text()
        for q in acked:  # none lost, none answered twice, each delivered
            assert turns.get(q.text) == [("answered", 1, 1)], (q, turns.get(q.text))
        for q in questions:  # an unacknowledged question may be answered, but never twice
            assert len(turns.get(q.text, [])) <= 1, q
        for q in acked:
            if not q.command:
                assert _shown_once(slack, q), (q, slack.thread_messages(q.channel, q.ts))
        assert await view.inbox_rows() == 0
        for name in seen:
            seen[name] += len(bot.events(name))
        print(f"\n{store}: {KILLS} kills, {len(acked)}/{len(questions)} acknowledged, {seen}")
        assert all(q.acked for q in questions if not q.command)  # Slack retried until acked
        assert seen["recovery.turn_delivered"] > 0  # the kills did land mid-turn
        assert seen["recovery.gave_up"] == 0
        assert await bot.stop() in (0, 130), bot.log()
    finally:
        await view.close()
        await slack.stop()
