"""Discord shards across processes: each process runs its shards and answers only their guilds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes.discord_server import GUILD_ID, FakeDiscord, RestCall, guild_on_shard
from tests.faults.harness import ForkServer
from tests.fleet.processes import BotProcess

pytestmark = [pytest.mark.e2e]

SHARDS = 4
QUESTION = "Why is my asyncio loop slow when I call requests.get inside a coroutine?"


def thread_calls(fake: FakeDiscord) -> list[RestCall]:
    """The calls that opened a thread (the first visible act of a /mca ask)."""
    return [c for c in fake.calls if isinstance(c.body, dict) and "_created" in c.body]


async def test_two_sharded_processes_answer_each_guild_once_from_its_shard(
    shared_database: str, tmp_path: Path, fork_server: ForkServer
) -> None:
    """Shards 0-1 and 2-3 in two processes: each guild's question is answered once, by the
    process running its shard, and only the process holding shard 0 syncs the commands."""
    fake = FakeDiscord()
    await fake.start()
    guilds = {shard: guild_on_shard(shard, SHARDS) for shard in range(SHARDS)}
    for guild in guilds.values():
        if guild != GUILD_ID:
            fake.add_guild(guild)
    common = {
        "MCA_DATABASE_URL": shared_database,
        "MCA_DISCORD_API_BASE": fake.api_base,
        "MCA_DISCORD_GATEWAY_URL": fake.gateway_url,
        "MCA_DISCORD_SHARD_COUNT": str(SHARDS),
    }
    low = BotProcess(
        "shards-0-1", tmp_path / "low" / "data", server=fork_server,
        DISCORD_TOKEN="token-low", MCA_DISCORD_SHARD_IDS="0,1", **common,
    )  # fmt: skip
    high = BotProcess(
        "shards-2-3", tmp_path / "high" / "data", server=fork_server,
        DISCORD_TOKEN="token-high", MCA_DISCORD_SHARD_IDS="2,3", **common,
    )  # fmt: skip
    owner = {0: "token-low", 1: "token-low", 2: "token-high", 3: "token-high"}
    try:
        await low.start()
        await high.start()
        await low.wait_event("discord.ready", 120)
        await high.wait_event("discord.ready", 120)
        assert sorted(fake.shards_identified) == [[s, SHARDS] for s in range(SHARDS)]
        syncs = [c.token for c in fake.calls if c.method == "PUT" and "commands" in c.path]
        assert syncs == ["token-low"]
        assert high.events("discord.commands_not_synced")

        for guild in guilds.values():
            channel = fake.channel_of_guild(guild)
            await fake.dispatch(
                "INTERACTION_CREATE",
                fake.slash("ask", guild=guild, channel_id=channel, question=QUESTION),
            )
        await fake.wait_for(lambda: len(thread_calls(fake)) >= SHARDS, within_s=60)
        by_parent = {int(c.path.split("/")[2]): c for c in thread_calls(fake)}
        assert len(thread_calls(fake)) == SHARDS  # one thread per question, none twice
        for shard, guild in guilds.items():
            opened = by_parent[fake.channel_of_guild(guild)]
            assert opened.token == owner[shard], (shard, guild)
            thread = int(opened.body["_created"])
            await fake.wait_for(
                lambda t=thread: any(len(m["content"]) > 200 for m in fake.visible(t)),
                within_s=60,
            )
            writers = {c.token for c in fake.calls if str(thread) in c.path}
            assert writers == {owner[shard]}
    finally:
        await low.stop()
        await high.stop()
        await fake.close()
