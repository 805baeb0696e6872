"""End to end with the real jail: learner code printing Slack pings is run, shown, never pinging."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.fakes.slack_server import FakeSlack
from tests.faults.harness import FaultySlackBot, ForkServer
from tests.platforms.slack.harness import SlackBot

pytestmark = [pytest.mark.e2e, pytest.mark.jail, pytest.mark.asyncio(loop_scope="module")]

SLACK_FIRST_UID = "63000"
"""Jail uids of its own, so this bot never shares a slot with the sandbox suite's runs."""


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(
    fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory, fork_server: ForkServer
) -> AsyncIterator[SlackBot]:
    env = {"MCA_SANDBOX_ENABLED": "true", "MCA_SANDBOX_FIRST_UID": SLACK_FIRST_UID}
    data = tmp_path_factory.mktemp("slack-jail") / "data"
    proc = FaultySlackBot(fake, data, server=fork_server, extra_env=env)  # forked: fast start
    await proc.start()
    yield proc
    await proc.stop()


async def test_pings_printed_by_learner_code_are_neutralized(
    bot: SlackBot, fake: FakeSlack
) -> None:
    """Real code prints <!channel>, <!here>, <@U...>: the reply quotes the output, harmlessly."""
    fake.add_user("UJAIL", locale="en-US")
    code = 'print("<!channel> <!here> <@U0BOSS> deploy now & celebrate")'
    sent = await bot.command(
        f"ask why is this slow?\n```python\n{code}\n```", user="UJAIL", channel="CJAIL"
    )
    assert sent.status == 200
    root = await fake.wait_for(
        lambda: next(
            (ts for (ch, ts), m in fake.messages.items() if ch == "CJAIL" and "thread_ts" not in m),
            None,
        )
    )
    await fake.wait_for(lambda: "deploy now" in fake.thread_text("CJAIL", root), wait_s=30)
    assert "Measured in the sandbox: ok" in fake.thread_text("CJAIL", root), bot.log()
    await fake.quiet(0.3)
    for call in fake.calls:
        if call.method in ("chat.postMessage", "chat.update"):
            shown = [str(call.args.get("text", ""))]
            shown += [b["text"]["text"] for b in call.args.get("blocks") or []]
            for text in shown:
                for ping in ("<!channel>", "<!here>", "<@U0BOSS>", "& celebrate"):
                    assert ping not in text
