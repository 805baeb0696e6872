"""A gateway event counts as durable only once the listener that keeps it has written its row.

The real discord.py client against the fake gateway, with the hook of
bot/platforms/discord_gateway.py: a message whose inbox write is still running holds the
shard's durable sequence number back (a crash now replays it); once written, it advances.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
import yarl
from discord.ext import commands
from discord.gateway import DiscordWebSocket

from bot.platforms.discord_gateway import track
from bot.platforms.discord_ledger import Ledger
from bot.platforms.discord_store import GatewayInbox
from tests.fakes.discord_server import CHANNEL_ID, FakeDiscord


class HeldInbox:
    """An inbox whose writes wait for `release` (a slow store)."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.kept: list[str] = []

    async def accept(self, platform: str, key: str, payload: Any, *, claim: str = "") -> bool:
        await self.release.wait()
        self.kept.append(key)
        return True


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    base, gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = server.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.gateway_url)
    yield server
    discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway
    await server.close()


async def test_message_being_kept_holds_the_durable_sequence_back(fake: FakeDiscord) -> None:
    """Until its row is written a message is replayable; after, the sequence moves past it."""
    intents = discord.Intents.none()
    intents.guilds = intents.guild_messages = intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents)
    held = HeldInbox()
    inbox = GatewayInbox(held)  # type: ignore[arg-type]  # the slow store stands in
    ledger = Ledger()
    track(bot, lambda _shard: ledger)

    @bot.listen("on_message")
    async def keep(message: discord.Message) -> None:
        if message.author.bot:
            return  # nothing kept: durable at once
        await inbox.accept("discord", f"message:{message.id}", {})

    async with bot:
        await bot.login("token")
        connected = asyncio.create_task(bot.connect(reconnect=False))
        try:
            await fake.wait_for(lambda: ledger.session_id and ledger.durable() == ledger.last > 0)
            before = ledger.last
            await fake.dispatch("MESSAGE_CREATE", fake.user_message(CHANNEL_ID, "why?"))
            await fake.wait_for(lambda: ledger.last == before + 1)
            await asyncio.sleep(0.2)  # the listener has long started its write
            assert ledger.durable() == before  # held back: a crash now replays the message
            held.release.set()
            await fake.wait_for(lambda: ledger.durable() == before + 1)
            assert len(held.kept) == 1
        finally:
            await bot.close()
            connected.cancel()
            await asyncio.gather(connected, return_exceptions=True)
