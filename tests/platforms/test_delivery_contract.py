"""One delivery contract, run against the console, Discord and Slack (bot/platforms/delivery.py).

Each surface is the real platform code in this process: the console chat on a fake terminal,
discord.py against the loopback fake Discord, slack-bolt against the fake Slack Web API
with signed requests. The engine is scripted by words in the question, so the same test
drives the same turn everywhere and compares what the learner sees.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

import discord
import pytest
from discord.gateway import DiscordWebSocket
from structlog.testing import capture_logs

from bot.app import App, delivery
from bot.errors import StorageError
from bot.mentor.engine_port import DeltaCallback, EngineReply, EngineRequest
from bot.mentor.models import Sections
from bot.mentor.recovery import Recovery
from bot.observability import HttpServer
from bot.platforms.console import ConsoleChat
from bot.platforms.delivery import Delivery
from bot.platforms.discord import DiscordPlatform
from bot.platforms.settings import DiscordSettings, SlackSettings
from bot.platforms.slack import SlackPlatform
from tests.fakes.discord_server import EPHEMERAL, OTHER_USER, FakeDiscord
from tests.fakes.slack_server import (
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    message_event,
    new_ts,
)
from tests.platforms.slack.harness import InProcess

EDIT_INTERVAL_S = 0.2
"""Preview pacing for the chat platforms (scaled down from Discord's 1 s)."""
SLOW_S = 0.8
"""A SLOW question keeps the engine busy this long (a later question must wait for it)."""
STORAGE_FAILURE = "The database is full (test)."
ANSWER = re.compile(r"ANSWER\[(Q\d+)\]")
REFERENCE = re.compile(r"\(reference ([0-9a-f]{8})\)")


class ScriptedEngine:
    """A ReplyEngine whose behaviour the question names: SLOW, STREAM, STORAGE, BUG; Qn tags."""

    name = "scripted"

    def __init__(self) -> None:
        self.finished: list[str] = []
        """Tags of the questions whose reply the engine has written to the end."""

    async def reply(
        self, request: EngineRequest, on_delta: DeltaCallback | None = None
    ) -> EngineReply:
        question = request.question
        found = re.search(r"\bQ\d+\b", question)
        tag = found.group(0) if found else "Q0"
        if "STORAGE" in question:
            raise StorageError(STORAGE_FAILURE)
        if "BUG" in question:
            raise RuntimeError("a bug in the engine")
        if "SLOW" in question:
            await asyncio.sleep(SLOW_S)
        if "STREAM" in question and on_delta is not None:
            for i in range(8):
                await on_delta(f"PREVIEW-LINE {i} of the answer.\n")  # whole lines stream
                await asyncio.sleep(0.1)
        self.finished.append(tag)
        return EngineReply(sections=sections(f"ANSWER[{tag}]"), engine=self.name)


def sections(tag: str) -> Sections:
    """Short sections with substance (the sections guard would replace hollow ones)."""
    return Sections(
        context=f"- {tag} Which p99 do you see now, and what is the target?",
        hypotheses="- point: the loop is CPU-bound; `py-spy top` shows it above 80%.",
        steps="1. Run `python -m cProfile app.py`.\n2. Time with `timeit`.\n3. Compare p99.",
        topics="- profiling",
        next_steps="- [profile](https://docs.python.org/3/library/profile.html)",
        reflection="- What p99 did you measure before and after?",
    )


class Surface(Protocol):
    """What every platform offers the contract: a learner, an intruder, and what they see."""

    name: str
    app: App
    delivery: Delivery

    async def open(self, question: str) -> str:
        """The learner asks a new question; returns the thread's key (answer not awaited)."""
        ...

    async def follow(self, thread: str, text: str) -> None:
        """The learner writes in their thread (answer not awaited)."""
        ...

    async def intrude(self, thread: str, text: str) -> None:
        """Another user writes in the learner's thread."""
        ...

    def shown(self, thread: str) -> list[str]:
        """The messages the learner sees in the thread now, oldest first."""
        ...

    def sent(self, thread: str) -> list[str]:
        """Every text the bot posted or edited into the thread, in order (previews included)."""
        ...

    def private(self) -> list[str]:
        """Notes only their addressee sees (ephemeral messages)."""
        ...

    @property
    def redeliverer(self) -> Any:
        """The platform recovery redelivers through."""
        ...

    def fail_sends(self, thread: str) -> None:
        """From now on, every post and edit into the thread fails (the platform is down)."""
        ...

    def heal(self) -> None:
        """The platform works again."""
        ...

    def hold_edits(self) -> None:
        """Edits of posted messages hang (the platform is stuck) until `heal`."""
        ...


async def until(predicate: Callable[[], object], within_s: float = 15.0) -> None:
    """Wait until predicate() holds."""
    deadline = time.monotonic() + within_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("never happened")
        await asyncio.sleep(0.02)


def answers(texts: list[str]) -> list[str]:
    """The Qn tags of the complete answers among texts, in order."""
    return [m.group(1) for t in texts for m in [ANSWER.search(t)] if m]


# Surfaces --------------------------------------------------------------------------------
class Screen:
    """A terminal: each flushed write is one thing the learner sees."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self._buffer = ""

    def write(self, text: str) -> int:
        self._buffer += text
        return len(text)

    def flush(self) -> None:
        if self._buffer.strip():
            self.said.append(self._buffer.strip())
        self._buffer = ""


class ConsoleSurface:
    name = "console"

    def __init__(self, app: App) -> None:
        self.app = app
        self.screen = Screen()
        self.delivery = delivery(app, "console")
        self.chat = ConsoleChat(app.mentor, out=self.screen, delivery=self.delivery)  # type: ignore[arg-type]  # a fake terminal
        self._tasks: list[asyncio.Task[None]] = []

    async def open(self, question: str) -> str:
        self.chat.thread = None
        await self.chat.handle_line(question)
        assert self.chat.thread is not None
        return self.chat.thread

    async def follow(self, thread: str, text: str) -> None:
        self.chat.thread = thread
        self._tasks.append(asyncio.create_task(self.chat.handle_line(text)))
        await asyncio.sleep(0)

    async def intrude(self, thread: str, text: str) -> None:
        raise NotImplementedError("a terminal has one learner")

    def shown(self, thread: str) -> list[str]:
        return list(self.screen.said)

    def sent(self, thread: str) -> list[str]:
        return list(self.screen.said)

    def private(self) -> list[str]:
        return []

    @property
    def redeliverer(self) -> Any:
        raise NotImplementedError("console turns cannot be delivered later")

    def fail_sends(self, thread: str) -> None:
        raise NotImplementedError("a terminal does not fail")

    def heal(self) -> None:
        return None

    def hold_edits(self) -> None:
        raise NotImplementedError("a terminal does not edit")

    async def aclose(self) -> None:
        await asyncio.gather(*self._tasks, return_exceptions=True)


class DiscordSurface:
    name = "discord"

    def __init__(self, app: App, fake: FakeDiscord, platform: DiscordPlatform) -> None:
        self.app = app
        self.fake = fake
        self.platform = platform
        self.delivery = platform.delivery

    async def open(self, question: str) -> str:
        since = time.monotonic()
        await self.fake.dispatch("INTERACTION_CREATE", self.fake.slash("ask", question=question))
        created = await self.fake.wait_for(lambda: self.fake.threads_created(since))
        return str(created[0]["id"])

    async def follow(self, thread: str, text: str) -> None:
        await self.fake.dispatch("MESSAGE_CREATE", self.fake.user_message(int(thread), text))

    async def intrude(self, thread: str, text: str) -> None:
        payload = self.fake.slash("ask", channel_id=int(thread), author=OTHER_USER, question=text)
        await self.fake.dispatch("INTERACTION_CREATE", payload)

    def shown(self, thread: str) -> list[str]:
        return [
            str(m["content"])
            for m in self.fake.visible(int(thread))
            if not m.get("flags", 0) & EPHEMERAL  # seen by its addressee only
        ]

    def sent(self, thread: str) -> list[str]:
        return [
            c.content
            for c in self.fake.calls
            if f"/channels/{thread}/messages" in c.path and c.content is not None
        ]

    def private(self) -> list[str]:
        return [
            c.content or ""
            for c in self.fake.find("POST", "/webhooks/")
            if isinstance(c.body, dict) and c.body.get("flags", 0) & EPHEMERAL
        ]

    @property
    def redeliverer(self) -> Any:
        return self.platform

    def fail_sends(self, thread: str) -> None:
        # Edits fail (403: discord.py does not retry it): the placeholder goes out, the
        # previews and the final edit do not.
        self.fake.failures += [("PATCH", f"/channels/{thread}/messages", 403, 50013)] * 50

    def heal(self) -> None:
        self.fake.failures.clear()
        self.fake.release()

    def hold_edits(self) -> None:
        self.fake.hold("PATCH")


class SlackSurface:
    name = "slack"

    def __init__(self, app: App, fake: FakeSlack, side: InProcess, platform: SlackPlatform) -> None:
        self.app = app
        self.fake = fake
        self.side = side
        self.platform = platform
        self.delivery = platform.delivery
        self._channels = itertools.count(1)

    async def open(self, question: str) -> str:
        channel = f"CCONTRACT{next(self._channels)}"
        sent = await self.side.command(f"ask {question}", user="ULEARN", channel=channel)
        assert sent.status == 200
        root: str = await self.fake.wait_for(
            lambda: next(
                (
                    t
                    for (c, t), m in self.fake.messages.items()
                    if c == channel and "thread_ts" not in m
                ),
                None,
            )
        )
        return f"{channel}/{root}"

    async def _write(self, thread: str, text: str, user: str) -> None:
        channel, root = thread.split("/")
        event = message_event(text, user=user, channel=channel, ts=new_ts(), thread_ts=root)
        assert (await self.side.event(event)).status == 200

    async def follow(self, thread: str, text: str) -> None:
        await self._write(thread, text, "ULEARN")

    async def intrude(self, thread: str, text: str) -> None:
        await self._write(thread, text, "UOTHER")

    def shown(self, thread: str) -> list[str]:
        channel, root = thread.split("/")
        return [str(m["text"]) for m in self.fake.thread_messages(channel, root)]

    def sent(self, thread: str) -> list[str]:
        channel = thread.split("/", maxsplit=1)[0]
        return [
            str(c.args.get("text", ""))
            for c in self.fake.calls
            if c.method in ("chat.postMessage", "chat.update") and c.args.get("channel") == channel
        ]

    def private(self) -> list[str]:
        return [str(c.args.get("text", "")) for c in self.fake.calls_to("chat.postEphemeral")]

    @property
    def redeliverer(self) -> Any:
        return self.platform

    def fail_sends(self, thread: str) -> None:
        channel = thread.split("/", maxsplit=1)[0]
        for method in ("chat.postMessage", "chat.update"):
            self.fake.fail(
                method, status=500, times=1000, when=lambda a: a.get("channel") == channel
            )

    def heal(self) -> None:
        self.fake.failures.clear()
        self.fake.release()

    def hold_edits(self) -> None:
        self.fake.hold("chat.update")


@pytest.fixture(params=["console", "discord", "slack"])
async def surface(request: pytest.FixtureRequest, app: App) -> AsyncIterator[Surface]:
    """The same bot (scripted engine) behind one platform."""
    app.mentor.engine = ScriptedEngine()
    if request.param == "console":
        console = ConsoleSurface(app)
        yield console
        await console.aclose()
    elif request.param == "discord":
        async for built in _discord(app):
            yield built
    else:
        async for slack in _slack(app):
            yield slack


async def _discord(app: App) -> AsyncIterator[DiscordSurface]:
    fake = FakeDiscord()
    await fake.start()
    base, gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    platform = DiscordPlatform(
        token="contract-token",
        settings=DiscordSettings(api_base=fake.api_base, gateway_url=fake.gateway_url),
        mentor=app.mentor,
        store=app.store,
        delivery=delivery(app, "discord", edit_interval_s=EDIT_INTERVAL_S),
    )
    task = asyncio.create_task(platform.run())
    try:
        await fake.wait_connected()
        await fake.wait_for(lambda: fake.commands)
        yield DiscordSurface(app, fake, platform)
    finally:
        await platform.close()
        await asyncio.wait_for(task, 10)
        discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway
        await fake.close()


async def _slack(app: App) -> AsyncIterator[SlackSurface]:
    fake = FakeSlack()
    await fake.start()
    fake.add_user("ULEARN", locale="en-US")
    fake.add_user("UOTHER", locale="en-US")
    settings = SlackSettings(api_base=fake.base_url, edit_interval_s=EDIT_INTERVAL_S)
    server = HttpServer(host="127.0.0.1", port=0, metrics=app.metrics)
    platform = SlackPlatform(
        mentor=app.mentor,
        store=app.store,
        settings=settings,
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        http=server,
        delivery=delivery(app, "slack", edit_interval_s=EDIT_INTERVAL_S),
    )
    await server.start()
    task = asyncio.create_task(platform.run())
    side = InProcess(fake, server.port)
    try:
        await fake.wait_for(lambda: fake.calls_to("auth.test"))
        await side.open()
        yield SlackSurface(app, fake, side, platform)
    finally:
        await side.close()
        await platform.close()
        await task
        await server.stop()
        await fake.stop()


CHAT_PLATFORMS = pytest.mark.parametrize("surface", ["discord", "slack"], indirect=True)
"""Where a thread has other readers and a platform that can fail: not the console."""


# The contract ----------------------------------------------------------------------------
async def first_answer(surface: Surface) -> str:
    """A thread with one answered question, its delivery finished; returns the thread."""
    thread = await surface.open("Q0 how do I find the hot loop in my service?")
    await until(lambda: answers(surface.shown(thread)) == ["Q0"])
    await until(lambda: surface.app.mentor.drain.active == 0)
    return thread


async def test_turns_in_one_thread_are_answered_in_arrival_order(surface: Surface) -> None:
    """A slow first question and a quick second one in a thread: answered in the order asked."""
    thread = await first_answer(surface)
    await surface.follow(thread, "Q1 SLOW and is the profiler overhead a problem here?")
    await asyncio.sleep(0.2)
    await surface.follow(thread, "Q2 and how do I compare p99 before and after?")
    await until(lambda: len(answers(surface.shown(thread))) == 3)
    assert answers(surface.shown(thread)) == ["Q0", "Q1", "Q2"]
    await until(lambda: surface.app.mentor.drain.active == 0)
    assert len(surface.delivery.locks) == 0  # the lock table keeps no idle thread


async def test_storage_error_reads_the_same_on_every_platform(surface: Surface) -> None:
    """A StorageError mid-turn shows its safe message in the thread, and nothing else stays."""
    thread = await first_answer(surface)
    await surface.follow(thread, "Q3 STORAGE why does my cache grow?")
    await until(lambda: any(STORAGE_FAILURE in s for s in surface.shown(thread)))
    await until(lambda: surface.app.mentor.drain.active == 0)
    shown = surface.shown(thread)
    assert STORAGE_FAILURE in shown[-1]
    assert not any("⏳" in s for s in shown)  # no placeholder left behind


async def test_unknown_error_shows_a_reference_that_is_logged(surface: Surface) -> None:
    """A bug mid-turn: the learner reads 'internal error' with a reference the log carries."""
    thread = await first_answer(surface)
    with capture_logs() as logs:
        await surface.follow(thread, "Q4 BUG why does my cache grow?")
        await until(lambda: any(REFERENCE.search(s) for s in surface.shown(thread)))
    refs = [m.group(1) for s in surface.shown(thread) for m in [REFERENCE.search(s)] if m]
    assert len(refs) == 1
    ref = refs[0]
    errors = [e for e in logs if e["event"] == f"{surface.name}.error"]
    assert [e["ref"] for e in errors] == [ref]


async def test_new_turns_are_refused_while_draining_and_running_ones_finish(
    surface: Surface,
) -> None:
    """After drain begins a new question is refused politely; the running one is still shown."""
    thread = await first_answer(surface)
    await surface.follow(thread, "Q1 SLOW and is the profiler overhead a problem here?")
    drain = surface.app.mentor.drain
    await until(lambda: drain.active >= 1)
    drain.begin()
    await surface.follow(thread, "Q2 and how do I compare p99 before and after?")
    refusal = surface.app.mentor.message("en", "shutting_down", retry_after_s=60)
    assert await drain.wait_idle(10)
    assert answers(surface.shown(thread)) == ["Q0", "Q1"]  # shown before the drain ended
    await until(lambda: any(refusal.split(",")[0] in s for s in surface.shown(thread)))


@CHAT_PLATFORMS
async def test_streaming_preview_shows_the_reply_while_it_is_written(surface: Surface) -> None:
    """The thread shows the answer growing before it is complete (paced edits)."""
    thread = await surface.open("Q5 STREAM how do I find the hot loop?")
    await until(lambda: answers(surface.shown(thread)) == ["Q5"])
    sent = surface.sent(thread)
    previews = [s for s in sent if "PREVIEW-LINE" in s and "ANSWER[Q5]" not in s]
    assert previews  # part of the reply was shown while the engine still wrote
    assert sent.index(previews[0]) < next(i for i, s in enumerate(sent) if "ANSWER[Q5]" in s)


@CHAT_PLATFORMS
async def test_failed_send_is_redelivered_once_by_recovery(surface: Surface) -> None:
    """The platform refuses the final post: the stored reply is shown once after recovery."""
    thread = await first_answer(surface)
    app = surface.app
    with capture_logs() as logs:
        surface.fail_sends(thread)
        await surface.follow(thread, "Q6 STREAM what does the flame graph tell me?")
        await until(lambda: any(e["event"] == f"{surface.name}.reply_failed" for e in logs))
    assert "Q6" not in answers(surface.shown(thread))
    surface.heal()
    recovery = Recovery(mentor=app.mentor, outbox=app.outbox, settings=app.settings.lifecycle)
    todo = await recovery.snapshot([surface.name])
    assert await recovery.run(surface.redeliverer, todo[surface.name]) == 1
    assert answers(surface.shown(thread)) == ["Q0", "Q6"]
    assert not await app.outbox.unfinished(surface.name)


@CHAT_PLATFORMS
async def test_another_user_in_my_thread_gets_a_private_note(surface: Surface) -> None:
    """Someone else writing in a learner's thread is told privately; the thread stays the same."""
    thread = await first_answer(surface)
    before = surface.shown(thread)
    await surface.intrude(thread, "Q7 me too, how do I profile?")
    note = surface.app.mentor.message("en", "not_your_thread")
    await until(lambda: any(note in p or p in note for p in surface.private()))
    await asyncio.sleep(0.3)
    assert surface.shown(thread) == before
    rows = await surface.app.store.db.fetchall(
        "SELECT COUNT(*) AS n FROM messages WHERE text LIKE 'Q7%'"
    )
    assert rows[0]["n"] == 0


@CHAT_PLATFORMS
async def test_a_stuck_platform_never_holds_the_engine_back(surface: Surface) -> None:
    """While every edit hangs, the engine still writes its whole reply; then it is shown."""
    engine = surface.app.mentor.engine
    assert isinstance(engine, ScriptedEngine)
    thread = await first_answer(surface)
    surface.hold_edits()
    await surface.follow(thread, "Q8 STREAM what does the flame graph tell me?")
    await until(lambda: "Q8" in engine.finished)  # written while the previews were stuck
    assert "Q8" not in answers(surface.shown(thread))
    surface.heal()
    await until(lambda: answers(surface.shown(thread)) == ["Q0", "Q8"])
