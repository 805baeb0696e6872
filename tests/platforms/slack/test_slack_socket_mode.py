"""End to end in Socket Mode: the real bot process opens the fake's websocket and acks envelopes."""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.fakes.slack_server import FakeSlack, command_body, event_body, message_event, new_ts
from tests.faults.harness import FaultySlackBot, ForkServer
from tests.platforms.slack.harness import SlackBot

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

QUESTION = "Por que meu código com asyncio fica mais lento com milhares de tarefas pequenas?"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(
    fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory, fork_server: ForkServer
) -> AsyncIterator[SlackBot]:
    data = tmp_path_factory.mktemp("slack-socket") / "data"
    proc = FaultySlackBot(fake, data, server=fork_server, socket_mode=True)  # forked: fast start
    await proc.start()
    yield proc
    code = await proc.stop()
    assert code in (0, 130), proc.log()


def _acked(fake: FakeSlack, envelope_id: str) -> bool:
    return any(a.get("envelope_id") == envelope_id for a in fake.socket_acks)


async def test_socket_mode_ask_and_followup_are_answered_in_thread(
    bot: SlackBot, fake: FakeSlack
) -> None:
    """Over Socket Mode: the command is acked on the socket, answered in a thread, and continued."""
    fake.add_user("UPT1", locale="pt-BR")
    command = dict(
        urllib.parse.parse_qsl(command_body(f"ask {QUESTION}", user="UPT1", channel="CPT1"))
    )
    started = time.monotonic()
    envelope = await fake.send_envelope("slash_commands", command)
    await fake.wait_for(lambda: _acked(fake, envelope))
    assert time.monotonic() - started < 3.0
    root = await fake.wait_for(
        lambda: next(
            (ts for (ch, ts), m in fake.messages.items() if ch == "CPT1" and "thread_ts" not in m),
            None,
        )
    )
    await fake.wait_for(lambda: "Perguntas de contexto" in fake.thread_text("CPT1", root))

    followup = message_event(
        "E se eu usar um semáforo para limitar?",
        user="UPT1",
        channel="CPT1",
        ts=new_ts(),
        thread_ts=root,
    )
    event_envelope = await fake.send_envelope("events_api", json.loads(event_body(followup)))
    await fake.wait_for(lambda: _acked(fake, event_envelope))
    replies = await fake.wait_for(
        lambda: [m for m in fake.thread_messages("CPT1", root) if "Você disse" in str(m["text"])]
    )
    assert len(replies) == 1
    # The Web API calls of both turns (and the socket's apps.connections.open) share one
    # keep-alive connection.
    ours = [c for c in fake.calls if c.method != "auth.test"]
    assert fake.api_connections(ours) == 1, [(c.method, c.connection) for c in ours]
