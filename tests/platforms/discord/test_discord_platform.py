"""The platform in-process (real discord.py, fake Discord) with engine and sandbox fakes.

The e2e suite drives the real process with the offline engine; here the ports are swapped
(ARCHITECTURE.md: tests swap ports) to get what the offline engine never writes: a slowly
streamed 10,000-char reply with a long code block, pings in the text, and a sandbox report.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
from discord.gateway import DiscordWebSocket

from bot.app import App
from bot.mentor.engine_port import DeltaCallback, EngineReply, EngineRequest
from bot.mentor.models import SECTION_KEYS, Sections
from bot.platforms.delivery import Delivery
from bot.platforms.discord import DiscordPlatform
from bot.platforms.discord_render import (
    EDIT_BURST,
    EDIT_INTERVAL_S,
    EDIT_WINDOW_S,
    MESSAGE_LIMIT,
    fences_balanced,
)
from bot.platforms.discord_replies import REPORT_FILENAME
from bot.platforms.settings import DiscordSettings
from bot.sandbox.report import Hotspot, RunStatus, SandboxReport
from tests.fakes.discord_server import FakeDiscord, unpaced_edits
from tests.fakes.sandbox import ScriptedSandbox

STREAM_S = 3.0  # the engine takes this long: several paced edits must happen meanwhile


class LongEngine:
    """A ReplyEngine fake: ~10,000 chars, streamed in small deltas over STREAM_S."""

    name = "long"

    def sections(self) -> Sections:
        # Substantive sections (a question, a tool in backticks): hollow ones would be replaced.
        prose = "Measure first with `py-spy dump`: does blocking code stall the event loop? " * 20
        # A real scaffold (TODO comments and `...`): a finished program would be guarded away.
        code = "\n".join(
            f"    # TODO total += work({i})  @everyone <@123> step {i}" for i in range(90)
        )
        body = {key: prose for key in SECTION_KEYS}
        body["scaffold"] = f"```python\nasync def main():\n{code}\n    ...\n```"
        body["context"] = "Pinging @everyone and <@123> must not ping. " + prose
        return Sections.from_dict(body)

    async def reply(
        self, request: EngineRequest, on_delta: DeltaCallback | None = None
    ) -> EngineReply:
        sections = self.sections()
        if on_delta is not None:
            text = "\n\n".join(sections.to_dict().values())
            steps = 30
            size = -(-len(text) // steps)
            for i in range(0, len(text), size):
                await on_delta(text[i : i + size])
                await asyncio.sleep(STREAM_S / steps)
        return EngineReply(sections=sections, engine=self.name)


MEASURED = SandboxReport(
    status=RunStatus.OK,
    exit_code=0,
    wall_ms=42.0,
    cpu_ms=40.5,
    peak_memory_bytes=5 * 1024 * 1024,
    stdout="```\n@everyone hello\n" * 40,
    hotspots=tuple(Hotspot(f"work{i}", "main.py", i, 100, 9.0 - i, 9.5) for i in range(6)),
    isolation="fake",
)
"""A report with output and many hotspots."""


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    base, gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    yield server
    discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway
    await server.close()


@pytest.fixture
async def platform(app: App, fake: FakeDiscord) -> AsyncIterator[DiscordPlatform]:
    mentor = dataclasses.replace(app.mentor, engine=LongEngine(), sandbox=ScriptedSandbox(MEASURED))
    built = DiscordPlatform(
        token="in-process-token",
        settings=DiscordSettings(api_base=fake.api_base, gateway_url=fake.gateway_url),
        mentor=mentor,
        store=app.store,
        delivery=Delivery(mentor=mentor, platform="discord", outbox=app.outbox),
    )
    task = asyncio.create_task(built.run())
    await fake.wait_connected()
    await fake.wait_for(lambda: fake.commands)
    yield built
    await built.close()
    await asyncio.wait_for(task, 10)


async def test_long_streamed_reply_is_split_paced_and_pings_nobody(
    platform: DiscordPlatform, fake: FakeDiscord
) -> None:
    """A 10,000-char reply streamed for 3 s: paced edits, <= 2000-char parts, balanced, no pings."""
    since = time.monotonic()
    payload = fake.slash(
        "ask", question="Why is my loop slow? A scaffold, please.", code=("slow.py", b"print(1)\n")
    )
    await fake.dispatch("INTERACTION_CREATE", payload)
    thread = int((await fake.wait_for(lambda: fake.threads_created(since)))[0]["id"])
    report = await fake.wait_for(
        lambda: [m for m in fake.visible(thread) if m["content"].startswith("🧪")], within_s=30
    )
    edits = fake.find("PATCH", f"/channels/{thread}/messages")
    assert len(edits) >= 2  # streamed: previews while the engine was still writing
    assert not unpaced_edits(
        edits, interval_s=EDIT_INTERVAL_S, burst=EDIT_BURST, window_s=EDIT_WINDOW_S
    )

    parts = [m for m in fake.visible(thread) if not m["content"].startswith("🧪")]
    assert len(parts) >= 6
    for call in fake.calls:
        if call.at >= since and call.content is not None:
            assert len(call.content) <= MESSAGE_LIMIT
            assert fences_balanced(call.content)
            assert call.allowed_mentions == {"parse": []}
            assert "@everyone" not in call.content
    text = "\n".join(m["content"] for m in parts)
    assert len(text) >= 10_000
    assert text.count("step 89") == 1  # the whole scaffold, once
    assert "⏳" not in text

    files = fake.files[int(report[0]["id"])]
    assert [name for name, _ in files] == [REPORT_FILENAME]
    assert b"work5" in files[0][1]  # every hotspot in the file, only the top ones inline
    assert "work5" not in report[0]["content"]


async def test_reaction_on_a_later_part_counts_for_the_reply(
    platform: DiscordPlatform, fake: FakeDiscord, app: App
) -> None:
    """👍 on the last part of a split reply is feedback on that reply."""
    since = time.monotonic()
    await fake.dispatch("INTERACTION_CREATE", fake.slash("ask", question="Profile my loop"))
    thread = int((await fake.wait_for(lambda: fake.threads_created(since)))[0]["id"])
    await fake.wait_for(
        lambda: len(fake.visible(thread)) >= 6 and "⏳" not in str(fake.visible(thread)),
        within_s=30,
    )
    await asyncio.sleep(0.2)
    last = int(fake.visible(thread)[-1]["id"])
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(last, "👍"))

    async def stored() -> Any:
        return await app.store.db.fetchall("SELECT value FROM feedback")

    rows: list[Any] = []
    for _ in range(100):
        rows = list(await stored())
        if rows:
            break
        await asyncio.sleep(0.05)
    assert [tuple(r) for r in rows] == [(1,)]


async def test_gateway_drop_while_streaming_still_gives_one_complete_answer(
    platform: DiscordPlatform, fake: FakeDiscord
) -> None:
    """The socket drops while the engine is still streaming: resumed, one complete reply."""
    since = time.monotonic()
    ask = fake.slash(
        "ask", question="Why is it slow? Scaffold please.", code=("slow.py", b"print(1)\n")
    )
    await fake.dispatch("INTERACTION_CREATE", ask)
    thread = int((await fake.wait_for(lambda: fake.threads_created(since)))[0]["id"])
    await fake.wait_for(lambda: fake.find("PATCH", f"/channels/{thread}/messages"))  # mid-stream
    identifies = fake.identifies
    await fake.drop(4000)
    await fake.wait_connected()
    await fake.wait_for(
        lambda: [m for m in fake.visible(thread) if m["content"].startswith("🧪")], within_s=30
    )
    assert fake.resumes == 1
    assert fake.identifies == identifies
    text = "\n".join(m["content"] for m in fake.visible(thread))
    assert text.count("step 89") == 1
    assert text.count("🧪") == 1
    assert "⏳" not in text
