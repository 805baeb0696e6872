"""The Slack platform in-process with real slack-bolt, a real server and the fake Web API.

Used where a test swaps a port (a long or slow engine, a sandbox with scripted output).
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from bot.app import App, delivery, open_app
from bot.mentor.engine_port import DeltaCallback, EngineReply, EngineRequest
from bot.mentor.models import Sections
from bot.observability import HttpServer
from bot.platforms.settings import SlackSettings
from bot.platforms.slack import SlackPlatform
from bot.platforms.slack_format import FENCE, LIMITS
from bot.sandbox.report import RunStatus, SandboxReport
from bot.settings import Settings
from tests.fakes.sandbox import ScriptedSandbox
from tests.fakes.slack_server import (
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    message_event,
    new_ts,
)
from tests.platforms.slack.harness import InProcess

EDIT_INTERVAL_S = 0.5


@dataclass
class Running:
    fake: FakeSlack
    app: App
    slack: InProcess
    platform: SlackPlatform


@pytest.fixture
async def running(settings: Settings) -> AsyncIterator[Running]:
    fake = FakeSlack()
    await fake.start()
    slack_settings = SlackSettings(api_base=fake.base_url, edit_interval_s=EDIT_INTERVAL_S)
    async with open_app(settings.model_copy(update={"slack": slack_settings})) as app:
        server = HttpServer(host="127.0.0.1", port=0, metrics=app.metrics)
        platform = SlackPlatform(
            delivery=delivery(app, "slack", edit_interval_s=EDIT_INTERVAL_S),
            mentor=app.mentor,
            store=app.store,
            settings=slack_settings,
            bot_token=BOT_TOKEN,
            signing_secret=SIGNING_SECRET,
            http=server,
        )
        await server.start()
        task = asyncio.create_task(platform.run())
        await fake.wait_for(lambda: fake.calls_to("auth.test"))
        side = InProcess(fake, server.port)
        await side.open()
        try:
            yield Running(fake, app, side, platform)
        finally:
            await side.close()
            await platform.close()
            await task
            await server.stop()
            await fake.stop()


def substantive(context: str = "- Which p99 do you see, and what is the target?") -> Sections:
    """Short sections with substance (the sections guard replaces hollow ones)."""
    return Sections(
        context=context,
        hypotheses="- point: the loop is CPU-bound; `py-spy top` shows it above 80%.",
        steps="1. Run `python -m cProfile app.py`.\n2. Time with `timeit`.\n3. Compare p99.",
        topics="- profiling",
        next_steps="- [profile](https://docs.python.org/3/library/profile.html)",
        reflection="- What p99 did you measure before and after?",
    )


class LongEngine:
    """An engine whose reply is about 40,000 characters, code blocks included."""

    name = "long"

    async def reply(
        self, request: EngineRequest, on_delta: DeltaCallback | None = None
    ) -> EngineReply:
        prose = "Measure before you change anything: which loop is hot in `py-spy top`? " * 12
        # Profiler output, not a program: the solution guard rightly scaffolds long programs.
        code = (
            FENCE
            + "text\n"
            + "\n".join(f"{i:>6} 0.{i:03d} step:{i}(loop)" for i in range(120))
            + "\n"
            + FENCE
        )
        body = "START-OF-REPLY\n\n" + "\n\n".join([prose, code] * 16) + "\n\nEND-OF-REPLY"
        if on_delta is not None:
            await on_delta(body[:500])
        sections = substantive(context=body)
        return EngineReply(sections=sections, engine=self.name, topics=())


class PacedEngine:
    """Streams a reply in 10 deltas, 0.15 s apart (an LLM, slowly)."""

    name = "paced"

    async def reply(
        self, request: EngineRequest, on_delta: DeltaCallback | None = None
    ) -> EngineReply:
        for i in range(10):
            await asyncio.sleep(0.15)
            if on_delta is not None:
                await on_delta(f"part {i}.\n")  # whole lines: the gate streams lines
        return EngineReply(sections=substantive(), engine=self.name, topics=())


def _posted_texts(fake: FakeSlack, channel: str) -> list[str]:
    """Every text and block text the bot sent to a channel (posts and edits)."""
    out = []
    for call in fake.calls:
        if (
            call.method in ("chat.postMessage", "chat.update")
            and call.args.get("channel") == channel
        ):
            out.append(str(call.args.get("text", "")))
            out.extend(b["text"]["text"] for b in call.args.get("blocks") or [])
    return out


async def _root(fake: FakeSlack, channel: str) -> str:
    ts: str = await fake.wait_for(
        lambda: next(
            (ts for (ch, ts), m in fake.messages.items() if ch == channel and "thread_ts" not in m),
            None,
        )
    )
    return ts


async def test_forty_thousand_char_reply_is_split_under_limits(running: Running) -> None:
    """A ~40,000-char reply arrives whole, in several messages, each within Slack's limits."""
    running.app.mentor.engine = LongEngine()
    running.fake.add_user("ULONG", locale="en-US")
    await running.slack.command("ask why is my loop slow?", user="ULONG", channel="CLONG")
    root = await _root(running.fake, "CLONG")
    await running.fake.wait_for(lambda: "END-OF-REPLY" in running.fake.thread_text("CLONG", root))
    await running.fake.quiet(0.3)
    replies = running.fake.thread_messages("CLONG", root)
    total = sum(len(str(m["text"])) for m in replies)
    assert total >= 38000
    assert len(replies) >= 4
    for message in replies:
        assert len(str(message["text"])) <= LIMITS.message_chars
        assert len(message["blocks"]) <= LIMITS.blocks_per_message
        for block in message["blocks"]:
            text = block["text"]["text"]
            assert len(text) <= LIMITS.section_chars
            assert len(re.findall(r"(?m)^```", text)) % 2 == 0
    joined = running.fake.thread_text("CLONG", root)
    assert joined.index("START-OF-REPLY") < joined.index("END-OF-REPLY")
    assert joined.count("step:119(loop)") == 16


async def test_channel_ping_in_program_output_is_neutralized(running: Running) -> None:
    """`<!channel>` printed by learner code (and in the question) is shown, never pinging anyone."""
    report = SandboxReport(
        status=RunStatus.OK,
        exit_code=0,
        wall_ms=12.0,
        cpu_ms=10.0,
        peak_memory_bytes=1 << 20,
        stdout="<!channel> <!here> <@U0BOSS> deploy now & celebrate\n",
        isolation="scripted",
    )
    running.app.mentor.sandbox = ScriptedSandbox(report)
    running.fake.add_user("UPING", locale="en-US")
    question = (
        'why? <!here>\n```python\nprint("<!channel> <!here> <@U0BOSS> deploy now & celebrate")\n```'
    )
    await running.slack.command(f"ask {question}", user="UPING", channel="CPING")
    root = await _root(running.fake, "CPING")
    await running.fake.wait_for(lambda: "deploy now" in running.fake.thread_text("CPING", root))
    await running.fake.quiet(0.3)
    for text in _posted_texts(running.fake, "CPING"):
        for ping in ("<!channel>", "<!here>", "<@U0BOSS>", "& celebrate"):
            assert ping not in text
    assert "&amp; celebrate" in running.fake.thread_text("CPING", root)


async def test_python_file_shared_in_thread_is_profiled(running: Running) -> None:
    """A .py shared in a bot thread is fetched with the bot token and profiled like an attachment."""
    report = SandboxReport(
        status=RunStatus.OK, exit_code=0, wall_ms=5.0, cpu_ms=4.0, isolation="scripted"
    )
    sandbox = ScriptedSandbox(report)
    running.app.mentor.sandbox = sandbox
    running.fake.add_user("UFILE", locale="en-US")
    await running.slack.command("ask how do I profile this?", user="UFILE", channel="CFILE")
    root = await _root(running.fake, "CFILE")
    await running.fake.wait_for(lambda: running.fake.thread_messages("CFILE", root))
    await running.fake.quiet(0.3)
    code = b"def slow(n):\n    return sum(i * i for i in range(n))\n\nprint(slow(10**6))\n"
    py = running.fake.add_file("slow.py", code)
    png = running.fake.add_file("screenshot.png", b"\x89PNG")
    event = message_event(
        "here is my script",
        user="UFILE",
        channel="CFILE",
        ts=new_ts(),
        thread_ts=root,
        subtype="file_share",
        files=[{"id": py, "name": "slow.py"}, {"id": png, "name": "screenshot.png"}],
    )
    assert (await running.slack.event(event)).status == 200
    await running.fake.wait_for(lambda: sandbox.ran)
    assert sandbox.ran == [code.decode()]
    assert [f for f, _ in running.fake.downloads] == [py]
    assert running.fake.downloads[0][1] == f"Bearer {BOT_TOKEN}"
    assert not running.fake.calls_to("files.info", file=png)
    await running.fake.wait_for(lambda: len(running.fake.thread_messages("CFILE", root)) >= 2)


async def test_streaming_edits_are_paced(running: Running) -> None:
    """A slowly streamed reply is shown early and edited at most once per edit interval."""
    running.app.mentor.engine = PacedEngine()
    running.fake.add_user("UPACE", locale="en-US")
    await running.slack.command("ask how do I stream?", user="UPACE", channel="CPACE")
    root = await _root(running.fake, "CPACE")
    await running.fake.wait_for(lambda: "• point" in running.fake.thread_text("CPACE", root))
    await running.fake.quiet(0.3)
    first = running.fake.thread_posts("CPACE", root)[0]
    assert "part 0" in first.args["text"]  # the first text is shown before the reply is done
    edits = [c.at for c in running.fake.calls_to("chat.update", channel="CPACE")]
    streaming = [first.at, *edits[:-1]]  # the final edit carries the finished reply at once
    gaps = [b - a for a, b in itertools.pairwise(streaming)]
    assert len(edits) >= 2
    assert all(gap >= EDIT_INTERVAL_S * 0.95 for gap in gaps), gaps


async def test_file_on_a_foreign_host_is_not_fetched_with_the_token(running: Running) -> None:
    """A file URL outside Slack's file host never receives the bot token; the learner is told."""
    sandbox = ScriptedSandbox(SandboxReport(status=RunStatus.OK, isolation="scripted"))
    running.app.mentor.sandbox = sandbox
    running.fake.add_user("UFOR", locale="en-US")
    await running.slack.command("ask how do I profile this?", user="UFOR", channel="CFOR")
    root = await _root(running.fake, "CFOR")
    await running.fake.wait_for(lambda: running.fake.thread_messages("CFOR", root))
    await running.fake.quiet(0.3)
    evil = running.fake.add_file("steal.py", b"print(1)\n", host="localhost")
    event = message_event(
        "and this one",
        user="UFOR",
        channel="CFOR",
        ts=new_ts(),
        thread_ts=root,
        subtype="file_share",
        files=[{"id": evil, "name": "steal.py"}],
    )
    assert (await running.slack.event(event)).status == 200
    await running.fake.wait_for(
        lambda: "could not fetch the file steal.py" in running.fake.thread_text("CFOR", root)
    )
    await running.fake.quiet(0.3)
    assert running.fake.downloads == []
    assert sandbox.ran == []


async def test_turns_share_one_session_that_close_closes(running: Running) -> None:
    """A streamed turn (lazy listeners included) goes over one pooled connection; close ends it."""
    running.app.mentor.engine = PacedEngine()
    running.fake.add_user("UPOOL", locale="en-US")
    await running.slack.command("ask how do I stream?", user="UPOOL", channel="CPOOL")
    root = await _root(running.fake, "CPOOL")
    await running.fake.wait_for(lambda: "• point" in running.fake.thread_text("CPOOL", root))
    await running.fake.quiet(0.3)
    turn = [c for c in running.fake.calls if c.method != "auth.test"]
    assert len(turn) >= 4, running.fake.summary()  # users.info, 2 posts, edits
    assert running.fake.api_connections(turn) == 1, [(c.method, c.connection) for c in turn]
    client = running.platform.client
    session = client.session
    assert session is not None
    assert not session.closed
    # bolt deep-copies its per-request client for each lazy listener: a session there fails.
    assert running.platform.bolt.client.session is None

    await running.platform.close()
    assert session.closed
    # A call after close (a straggler) still works, on a session of its own, and does not
    # open a new pool that nobody would close.
    assert (await client.auth_test())["ok"]
    assert client.session is session
