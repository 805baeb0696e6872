"""Slack: an ask replayed after a crash answers under the question its first attempt posted.

`/mca ask` posts the question in the channel, then answers in that post's thread. A process
killed between the two leaves the ask in the inbox; the replay (by another process, or the
restart) must answer under the post the learner already sees, not post the question again
and answer under a second one (the learner replies under the first: that reply was ignored).
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest

from bot.platforms.slack_listeners import OPENED
from bot.storage.connect import open_database
from bot.storage.inbox import Inbox
from bot.storage.leases import LeaseOwner
from tests.conftest import STORES
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.fakes.slack_server import BOT_USER, FakeSlack, command_body
from tests.faults.harness import FaultySlackBot, ForkServer, draft, is_complete, llm_env, store_url

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

QUESTION = "Why does my dataclass with slots use less memory? How would I measure the saving?"
CHANNEL = "CRPLAY"


def _dead_owner() -> LeaseOwner:
    """A process of this machine that has exited (PID 1's previous run never is: use a dead PID)."""
    host, machine, _, _ = LeaseOwner.this_process().id.split("/")
    if not machine:
        pytest.skip("this OS does not say its boot id and PID namespace (no /proc)")
    return LeaseOwner(f"{host}/{machine}/4194303/deadbeef")  # above any pid_max in use


@pytest.mark.parametrize("store", STORES)
async def test_replayed_ask_answers_under_the_question_its_first_attempt_posted(
    store: str, request: pytest.FixtureRequest, tmp_path: Path, fork_server: ForkServer
) -> None:
    """The replay posts no second question: the one answer is in the first post's thread."""
    slack = FakeSlack()
    await slack.start()
    url = store_url(store, request)
    with FakeOpenAI(default=reply(draft())) as llm:
        env = llm_env(llm.base_url, url)
        data = tmp_path / "data"
        data.mkdir()
        # The dying process: it kept the ask, posted the question, noted the post, and died.
        posted = slack._m_chat_postMessage({"channel": CHANNEL, "text": "asked: " + QUESTION})
        body = dict(urllib.parse.parse_qsl(
            command_body(f"ask {QUESTION}", user="URPLAY", channel=CHANNEL)
        ))  # fmt: skip
        db = await open_database(url=url, path=data / "mca.sqlite3")
        try:
            kept = {**body, OPENED: posted["ts"]}
            key = f"command:{body['trigger_id']}"
            assert await Inbox(db, _dead_owner()).accept("slack", key, kept, claim=key)
        finally:
            await db.close()
        bot = FaultySlackBot(slack, data, server=fork_server, extra_env=env)
        try:
            await bot.start()
            await slack.wait_for(
                lambda: any(is_complete(str(m["text"])) for m in
                            slack.thread_messages(CHANNEL, posted["ts"])),
                wait_s=60,
            )  # fmt: skip
            roots = [
                m for (ch, _), m in slack.messages.items()
                if ch == CHANNEL and "thread_ts" not in m and m.get("user") == BOT_USER
            ]  # fmt: skip
            answers = [
                m for m in slack.thread_messages(CHANNEL, posted["ts"]) if is_complete(str(m["text"]))
            ]  # fmt: skip
            assert len(roots) == 1, roots
            assert len(answers) == 1
        finally:
            await bot.stop()
            await slack.stop()
