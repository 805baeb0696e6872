"""The real bot process (`python -m bot run`) against a fresh fake Discord, for e2e tests."""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO_ROOT, cli_env
from tests.fakes.discord_server import GUILD_ID, FakeDiscord

TOKEN = "fake-discord-token-for-tests"
SANDBOX = shutil.which("bwrap") is not None
"""With bubblewrap the real jail runs the learner's code and the checkers; without it the
replies say that nothing could be run or checked."""


@dataclass
class Started:
    """The connected bot process, the fake it talks to, and where its JSON log goes."""

    fake: FakeDiscord
    proc: asyncio.subprocess.Process
    log_path: Path


@asynccontextmanager
async def discord_bot(root: Path, **env: str) -> AsyncIterator[Started]:
    """The bot (data in root/data, log in root/bot.log) until the block ends.

    It is connected and its commands are synced on entry; `env` adds to or overrides the
    settings every e2e run shares (the dev guild, JSON logs, no question allowance).
    """
    fake = FakeDiscord()
    await fake.start()
    settings = cli_env(
        root / "data",
        **{
            "DISCORD_TOKEN": TOKEN,
            "MCA_DISCORD_API_BASE": fake.api_base,
            "MCA_DISCORD_GATEWAY_URL": fake.gateway_url,
            "MCA_DISCORD_DEV_GUILD_ID": str(GUILD_ID),
            "MCA_LOG_FORMAT": "json",
            "MCA_SANDBOX_ENABLED": "true" if SANDBOX else "false",
            # One learner asks more than the default allowance across a module; allowances
            # have their own tests (tests/mentor).
            "MCA_MENTOR_RATE_LIMIT_QUESTIONS": "0",
            **env,
        },
    )
    log_path = root / "bot.log"
    with log_path.open("wb") as log:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=settings, cwd=REPO_ROOT,
            stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
        )  # fmt: skip
    try:
        # a whole bot process starting (knowledge index, intent model, sandbox probe) took
        # 15-25 s on two cores shared with other work: 20 s failed the fixture, not the bot
        await fake.wait_connected(within_s=90.0)
        await fake.wait_for(lambda: fake.commands)
        yield Started(fake, proc, log_path)
    finally:
        if proc.returncode is None:
            proc.terminate()
            await proc.wait()
        await fake.close()
