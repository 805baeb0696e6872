"""A Discord bot process's restart after SIGKILL: where the time to ready goes, IDENTIFY vs RESUME.

The real `python -m bot run` against the fake Discord (SQLite, offline LLM fake). Each round
starts a process on a fresh data folder (nothing stored: IDENTIFY only), SIGKILLs it once it
is ready, dispatches a learner's follow-up while it is dead, and starts it again (a stored
session: IDENTIFY for the live session, RESUME of the old one on a second socket, which
replays the follow-up). Milestones come from the bot's JSON log (wall clock, from the spawn):

  imported   first log line (Python, the bot's modules, settings)
  store      storage.opened (database open and migrated)
  warmed     engine.llm_configured (the app built; models loaded)
  built      run.heap_frozen (recovery started; platforms next)
  synced     discord.commands_synced (login, cogs, command sync)
  ready      discord.ready (READY + discord.py's wait for GUILD_CREATEs)
  resumed    discord.session_resumed (the old session drained; restart only)
  answered   the follow-up sent while dead shows its answer (restart only)

Run: .venv/bin/python bench/bench_discord_restart.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._report import print_table
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.faults.harness import DiscordBot, draft, headings, llm_env

MILESTONES = {
    "store": "storage.opened",
    "warmed": "engine.llm_configured",
    "built": "run.heap_frozen",
    "synced": "discord.commands_synced",
    "ready": "discord.ready",
    "resumed": "discord.session_resumed",
}
QUESTION = "Why does my asyncio crawler get slower with more concurrent tasks? How do I measure it?"


def _at(event: dict[str, object]) -> float:
    stamp = str(event["timestamp"]).replace("Z", "+00:00")
    return datetime.fromisoformat(stamp).timestamp()


def _milestones(bot: DiscordBot, spawned: float) -> dict[str, float]:
    """Seconds from the spawn to each milestone of the start spawned then (the log's lines)."""
    out: dict[str, float] = {}
    lines = [e for e in _events(bot) if _at(e) >= spawned]
    if lines:
        out["imported"] = _at(lines[0]) - spawned
    for name, event in MILESTONES.items():
        hits = [e for e in lines if e.get("event") == event]
        if hits:
            out[name] = _at(hits[0]) - spawned
    return out


def _events(bot: DiscordBot) -> list[dict[str, object]]:
    events = []
    for line in bot.log().splitlines():
        if line.startswith("{"):
            try:
                events.append(json.loads(line))
            except ValueError:
                continue
    return events


def _answers(fake: FakeDiscord, thread_id: int) -> int:
    first = headings()[0]
    return sum(first in m["content"] for m in fake.visible(thread_id))


async def one_round(llm: FakeOpenAI, folder: Path) -> tuple[dict[str, float], dict[str, float]]:
    """(cold start, restart after SIGKILL) milestones of one fresh bot."""
    fake = FakeDiscord()
    await fake.start()
    bot = DiscordBot(fake, folder / "data", **llm_env(llm.base_url))
    try:
        spawned = time.time()
        await bot.start()
        await fake.wait_for(lambda: bot.events("discord.ready"), within_s=120)
        cold = _milestones(bot, spawned)
        await fake.dispatch("INTERACTION_CREATE", fake.slash("ask", question=QUESTION))
        thread_id = int((await fake.wait_for(fake.threads_created, within_s=60))[0]["id"])
        await fake.wait_for(lambda: _answers(fake, thread_id) == 1, within_s=60)
        await asyncio.sleep(1.0)  # the session's durable sequence number is saved
        await bot.kill()
        await fake.dispatch("MESSAGE_CREATE", fake.user_message(thread_id, "And the lag?"))
        spawned = time.time()
        await bot.start()
        await fake.wait_for(lambda: bot.events("discord.session_resumed"), within_s=120)
        await fake.wait_for(lambda: _answers(fake, thread_id) == 2, within_s=120)
        warm = _milestones(bot, spawned)
        warm["answered"] = time.time() - spawned
        return cold, warm
    finally:
        if bot._proc is not None:
            await bot.stop()
        await fake.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    colds: list[dict[str, float]] = []
    warms: list[dict[str, float]] = []
    with FakeOpenAI(default=reply(draft())) as llm:
        for n in range(args.rounds):
            with tempfile.TemporaryDirectory(prefix="mca-restart-") as tmp:
                cold, warm = await one_round(llm, Path(tmp) / str(n))
            colds.append(cold)
            warms.append(warm)
    names = ["imported", *MILESTONES, "answered"]

    def med(runs: list[dict[str, float]], name: str) -> float | str:
        values = [r[name] for r in runs if name in r]
        return statistics.median(values) if values else "-"

    rows = []
    for name in names:
        cold, warm = med(colds, name), med(warms, name)
        ratio = (
            f"{warm / cold:.2f}x" if isinstance(cold, float) and isinstance(warm, float) else "-"
        )
        rows.append([name, cold, warm, ratio])
    print(f"Discord process start, seconds from spawn (median of {args.rounds} rounds)")
    print_table(["milestone", "identify", "restart", "restart/identify"], rows, digits=2)


if __name__ == "__main__":
    asyncio.run(main())
