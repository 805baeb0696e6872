"""Whole-bot load: the real `python -m bot run` process, driven through Slack and Discord.

Per level (1, 10, 100, 500 concurrent threads; half on Slack's signed HTTP endpoint, half on
the fake Discord gateway; each thread its own learner and `--turns` turns: `/mca ask`, then
follow-ups in the thread), a fresh bot process and database answer with the LLM engine against
a fake OpenAI server that streams every draft with a FIXED latency. Printed per level:
turns/s, the bot's ADDED latency p50/p95/p99 (end-to-end time of a turn, from the request
sent to the complete reply visible on the platform, minus the time the fake LLM spent on that
turn's requests, matched by a `LQ<thread>-<turn>` marker in the question), errors, peak RSS of
the bot (VmHWM) and the SQLite size (db + WAL).

`--baseline REF` also runs the bot from `git archive REF` at every level, alternating, and
prints the ratios: a before/after in one run on a shared, noisy machine. REF may be the path
of a worktree built with `make setup` instead: its intent model and parsed TOML are used (an
archive whose intent corpus differs from ours fits its model at start, minutes on a busy host).

`--store postgres` runs every level on SQLite and on PostgreSQL, alternating, and prints the
PostgreSQL/SQLite ratios: the bench starts its own throwaway PostgreSQL cluster (initdb +
pg_ctl, as the tests do; fsync off) and gives each level a fresh database.

`--processes 1,2,4` runs every level with each number of bot processes on the same store.
One process serves both platforms; N processes each serve both: Slack through HAProxy
(deploy/haproxy/haproxy.cfg, started by the bench on loopback) in front of all N, and Discord
as N shards, shard i in process i, the threads' guilds spread over the shards. `--kill S`
SIGKILLs the last process S seconds into each measured run and restarts it 1 s later (as a
supervisor would); the `lost` column counts turns never answered, `dup` replies shown twice.
Discord's 3 s rule holds (the fake refuses a later first response to an ask): an ask its
process did not acknowledge in time is asked again by the learner, as Discord tells them the
app did not respond. A learner continues in the thread where their first answer showed. Each
lost turn is explained on stderr (store rows, leases, log events; `--keep`: stack dumps).

Load model: a learner reads the reply and thinks `--think` seconds on average (uniform over
0.5x-1.5x) before the next turn, and threads open at random moments within one think time.
The default, 60 s, is a brisk learner: a reply is a ~1,000-2,000-character 7-part answer that
ends by asking for a measurement, and the learner allowance itself caps a learner's sustained
rate at one question per 3 minutes. `--think 8` is the stress burst (500 learners asking
within 8 s, ~40 turns/s); both are reported in docs/scaling.md.

Run: python bench/load.py [--levels 1,10,100,500] [--turns 2] [--think 60] [--llm-latency 0.5]
                          [--chunk-chars 16] [--processes 1,2,4] [--baseline REF]
                          [--profile LEVEL] [--store sqlite|postgres] [--kill SECONDS]
                          [--pool 10,20] [--scenarios steady,burst,kill] [--burst-think 8]
                          [--table-out FILE]
`--scenarios steady,burst,kill` runs the three load shapes issue 18 measures, one after the
other, in one command: steady (`--think`, 60 s), burst (`--burst-think`, 8 s) on every fleet
of `--processes`, and kill (the burst on 2 processes, the last one SIGKILLed `--kill` s in,
4 s by default), on SQLite and on PostgreSQL with `--store postgres`; it ends with one
Markdown table (`--table-out FILE` writes it too) with each target marked met or missed. A run
that fails (a bot that does not start) is a row saying why; the others still run. The
quiet-host table: `make load-fleet` (docs/scaling.md says how long it takes).
`--pool 10,20` runs every level on PostgreSQL only, once per pool size (connections per
process, `lifecycle.db_pool_size`), alternating, and prints the ratios.
Not a test: it prints a table. Both platforms run their production edit pacing: Discord's
final edit never waits for the preview pacing, so production pacing is measured as is; the
sandbox is off.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._fake_llm import EN_HEADINGS  # noqa: E402
from bench._load_fakes import LoadDiscord, LoadSlack, TimedLLM  # noqa: E402
from bench._load_table import Row, Scenario, markdown, scenarios, with_scenario  # noqa: E402
from tests.conftest import cli_env  # noqa: E402
from tests.fakes.discord_server import GUILD_ID, guild_on_shard, user  # noqa: E402
from tests.fakes.openai_server import DRAFT_BODIES, compose, reply  # noqa: E402
from tests.fakes.slack_server import (  # noqa: E402
    BOT_TOKEN,
    SIGNING_SECRET,
    command_body,
    event_body,
    message_event,
    new_ts,
    sign,
)
from tests.fleet.balancer import Balancer, haproxy_binary  # noqa: E402
from tests.platforms.slack.harness import PROXY_VARS, free_port  # noqa: E402
from tests.postgres_cluster import (  # noqa: E402
    STATEMENT_STATS,
    Cluster,
    server_binaries,
    start_cluster,
)

QUESTIONS = (
    "Why does my nested loop get so slow when the input doubles? I timed it with timeit "
    "and want to understand the growth before changing anything. (ticket {m})",
    "I measured again with a larger input: the time quadrupled. How do I profile which line "
    "costs most, and how should I compare before and after? (ticket {m})",
    "The profile shows most time in the inner comparison. What would you measure next, "
    "and which data structure should I read about? (ticket {m})",
)
TURN_TIMEOUT_S = 120.0
ACK_WINDOW_S = 3.0
"""Discord refuses an interaction's first response after 3 s and tells the learner the app
did not respond: the fake enforces it, and the learner asks again (`retried`)."""


@dataclass
class Turn:
    """One measured learner turn."""

    platform: str
    sent: float
    thread: int = 0
    done: float | None = None
    retried: int = 0
    """Times the learner asked again because the shard's process was down, or Discord said
    the app did not respond to the ask within 3 s (Discord only)."""
    llm_s: float = 0.0
    llm_calls: int = 0
    error: str = ""
    n: int = 0
    """The turn's number in its thread (the `LQ<thread>-<n>` marker)."""
    backend: str = ""
    """Slack: the process that acked it (the balancer's X-MCA-Backend header)."""

    @property
    def added_s(self) -> float | None:
        return None if self.done is None else (self.done - self.sent) - self.llm_s


@dataclass
class Level:
    """The outcome of one level for one code variant."""

    variant: str
    threads: int
    store: str = "sqlite"
    processes: int = 1
    turns: list[Turn] = field(default_factory=list)
    wall_s: float = 0.0
    rss_kib: int = 0
    cpu_s: float = 0.0
    db_bytes: int = 0
    log_errors: int = 0
    fallbacks: int = 0
    profile: str = ""
    statements: list[str] = field(default_factory=list)
    db_cpu_s: float = 0.0
    """CPU of the PostgreSQL server during the level (SQLite's is in the bot's own)."""
    round_trips: float = float("nan")
    """PostgreSQL statements (round trips) per turn, background work included."""
    duplicated: int = 0
    """Complete replies shown beyond one per turn asked (a turn answered twice)."""
    killed_at: float = float("nan")
    """Seconds into the measured run when one process was SIGKILLed (--kill)."""

    def retried(self) -> int:
        """Discord turns asked again: their shard's process was down, or the ask was not
        acknowledged within Discord's 3 s (the learner saw "did not respond")."""
        return sum(1 for t in self.turns if t.retried)

    def lost(self) -> int:
        """Turns acknowledged and never answered (within TURN_TIMEOUT_S).

        A request the platform saw refused (an HTTP error from the bot or the balancer) is an
        error the learner sees, not a lost turn: Slack shows it, or retries an event.
        """
        return sum(1 for t in self.turns if t.done is None and not t.error.startswith("HTTP"))

    def error_kinds(self) -> dict[str, int]:
        """How the failed turns failed (timeout, HTTP status, no LLM call), counted."""
        kinds: dict[str, int] = {}
        for turn in self.turns:
            if turn.error or turn.done is None:
                kind = f"{turn.platform}: {turn.error or 'unanswered'}"
                kinds[kind] = kinds.get(kind, 0) + 1
        return kinds

    def ok(self) -> list[Turn]:
        return [t for t in self.turns if t.done is not None and not t.error]

    def errors(self) -> int:
        return sum(1 for t in self.turns if t.error or t.done is None) + self.log_errors

    def added_ms(self, platform: str | None = None) -> list[float]:
        return sorted(
            (t.added_s or 0.0) * 1000
            for t in self.ok()
            if platform is None or t.platform == platform
        )


def pct(ordered: list[float], q: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


PLATFORMS = ("slack", "discord")


class Bot:
    """One bot process for a level: its platforms, the LLM engine, the level's data folder."""

    def __init__(self, code_root: Path, work: Path, *, slack: LoadSlack, discord: LoadDiscord,
                 llm: TimedLLM, platforms: tuple[str, ...] = PLATFORMS,
                 database_url: str = "", shard: tuple[int, int] | None = None,
                 extra_env: dict[str, str] | None = None) -> None:  # fmt: skip
        self.code_root = code_root
        self.extra_env = extra_env or {}
        """Settings of this variant (e.g. the PostgreSQL pool size of `--pool`)."""
        self.database_url = database_url
        self.shard = shard
        """(shard id, shard count) of a process in a fleet; None = unsharded."""
        self.work = work
        self.slack = slack
        self.discord = discord
        self.llm = llm
        self.platforms = platforms
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        suffix = f"-shard{shard[0]}" if shard else ""
        self.log_path = work / f"bot-{'-'.join(platforms)}{suffix}.log"
        self.proc: asyncio.subprocess.Process | None = None

    def env(self) -> dict[str, str]:
        tokens: dict[str, str] = {}
        if "slack" in self.platforms:
            tokens.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET)
        if "discord" in self.platforms:
            tokens.update(DISCORD_TOKEN="fake-discord-token-for-load")
        env = cli_env(
            self.work / "data",
            **tokens,
            MCA_SLACK_API_BASE=self.slack.base_url,
            MCA_HTTP_PORT=str(self.port),
            MCA_DISCORD_API_BASE=self.discord.api_base,
            MCA_DISCORD_GATEWAY_URL=self.discord.gateway_url,
            MCA_DISCORD_DEV_GUILD_ID=str(GUILD_ID),
            OPENAI_API_KEY="sk-fake-load-bench",
            OPENAI_BASE_URL=self.llm.base_url,
            # the allowances run as in production (each learner asks only `--turns` times,
            # within the allowance's burst of 10); the community budget is raised, not off
            MCA_MENTOR_COMMUNITY_DAILY_TOKENS="1000000000",
            MCA_LOG_FORMAT="json",
            MCA_LOG_LEVEL="info",
            PYTHONPATH=str(self.code_root),
        )
        if self.database_url:
            env["MCA_DATABASE_URL"] = self.database_url
        env.update(self.extra_env)
        if self.shard is not None:
            env["MCA_DISCORD_SHARD_IDS"] = str(self.shard[0])
            env["MCA_DISCORD_SHARD_COUNT"] = str(self.shard[1])
        for name in PROXY_VARS:
            env.pop(name, None)
        return env

    def discord_ready(self) -> bool:
        """Its shard is connected (and, for the process that syncs, the commands are synced)."""
        if self.shard is None:
            return bool(self.discord.commands)
        shard_id = self.shard[0]
        return shard_id in self.discord.connected_shards() and (
            shard_id != 0 or bool(self.discord.commands)
        )

    async def start(self, http: aiohttp.ClientSession, *, append: bool = False) -> None:
        with self.log_path.open("ab" if append else "wb") as log:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=self.code_root, env=self.env(),
                stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
            )  # fmt: skip
        deadline = time.monotonic() + 180  # N processes starting at once on a busy host
        while True:
            if self.proc.returncode is not None:
                raise RuntimeError(f"bot exited {self.proc.returncode}:\n{self.log()[-3000:]}")
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(self.url + "/healthz") as resp:
                    if (
                        resp.status == 200
                        and ("slack" not in self.platforms or self.slack.calls_to("auth.test"))
                        and ("discord" not in self.platforms or self.discord_ready())
                    ):
                        break
            if time.monotonic() > deadline:
                raise TimeoutError(f"bot did not start:\n{self.log()[-3000:]}")
            await asyncio.sleep(0.1)

    def cpu_s(self) -> float:
        """User + system CPU seconds of the bot process so far (all its threads)."""
        assert self.proc is not None
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_kib(self) -> int:
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    async def kill(self) -> None:
        """SIGKILL: nothing is flushed, no handler runs."""
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()

    async def stop(self) -> None:
        proc = self.proc
        if proc is None or proc.returncode is not None:
            return
        proc.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(proc.wait(), 15)
        except TimeoutError:
            proc.kill()
            await proc.wait()

    def log_mark(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log(self, limit: int | None = None) -> str:
        if not self.log_path.exists():
            return ""
        with self.log_path.open("rb") as fh:
            return fh.read(limit if limit is not None else -1).decode("utf-8", "replace")

    def events(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Log events up to byte `limit` (what happened before the bench stopped the bot)."""
        out = []
        for line in self.log(limit).splitlines():
            with contextlib.suppress(json.JSONDecodeError):
                event = json.loads(line)
                if isinstance(event, dict):
                    out.append(event)
        return out


class Bots:
    """The bot processes of a level, all on one store: one process, or N behind HAProxy.

    N processes each serve both platforms: Slack requests go through the balancer to any of
    them, Discord is N shards (shard i in process i). They start together.
    """

    def __init__(self, members: list[Bot], balancer: Balancer | None = None) -> None:
        self.members = members
        self.balancer = balancer
        first = members[0]
        self.slack, self.discord, self.llm = first.slack, first.discord, first.llm
        self.url = (
            balancer.url if balancer else next(m.url for m in members if "slack" in m.platforms)
        )
        shards = first.shard[1] if first.shard else 1
        self.guilds = [guild_on_shard(s, shards) for s in range(shards)]
        """One guild per shard; Discord threads are spread over them."""

    @property
    def proc(self) -> asyncio.subprocess.Process | None:
        """The process serving Slack (the one --profile samples)."""
        return next(m.proc for m in self.members if "slack" in m.platforms)

    async def start(self, http: aiohttp.ClientSession) -> None:
        await asyncio.gather(*(member.start(http) for member in self.members))
        if self.balancer is not None:
            await self.balancer.start()

    def cpu_s(self) -> float:
        return sum(m.cpu_s() for m in self.members if m.proc and m.proc.returncode is None)

    def rss_kib(self) -> int:
        """The largest peak RSS of one process (each process is what must fit)."""
        return max(m.rss_kib() for m in self.members)

    def log_marks(self) -> list[int]:
        return [m.log_mark() for m in self.members]

    def events(self, marks: list[int] | None = None) -> list[dict[str, Any]]:
        """Every process's log events (up to `marks`, byte offsets from log_marks)."""
        if marks is None:
            return [e for m in self.members for e in m.events()]
        return [e for m, mark in zip(self.members, marks, strict=True) for e in m.events(mark)]

    async def stop(self) -> None:
        if self.balancer is not None:
            await self.balancer.stop()
        for member in reversed(self.members):
            await member.stop()


class Driver:
    """Sends learner turns the way Slack and Discord do, and waits for the visible replies."""

    def __init__(
        self, bot: Bots, http: aiohttp.ClientSession, turns: int, think_s: float, seed: int
    ) -> None:
        self.bot = bot
        self.http = http
        self.turns = turns
        self.think_s = think_s
        self.random = random.Random(seed)

    async def think(self) -> None:
        """A learner reads the reply and thinks before the next turn (uniform, mean think_s)."""
        if self.think_s:
            await asyncio.sleep(self.random.uniform(0.5, 1.5) * self.think_s)

    async def _post(self, turn: Turn, body: str, headers: dict[str, str], content_type: str) -> int:
        """POST as Slack does; a kept-alive connection the balancer closed as we reused it
        is sent again on a new one (Slack retries too); 0 when that fails as well."""
        for attempt in range(2):
            try:
                async with self.http.post(
                    self.bot.url + "/slack/events",
                    data=body.encode(),
                    headers={**headers, "Content-Type": content_type},
                ) as resp:
                    await resp.read()
                    turn.backend = resp.headers.get("X-MCA-Backend", "")
                    return resp.status
            except (aiohttp.ClientOSError, aiohttp.ServerDisconnectedError):
                if attempt:
                    return 0
        return 0

    async def _finish(
        self, turn: Turn, waiter: asyncio.Future[float], key: tuple[int, int]
    ) -> None:
        try:
            turn.done = await asyncio.wait_for(asyncio.shield(waiter), TURN_TIMEOUT_S)
        except TimeoutError:
            turn.error = "timeout"
            return
        llm = self.bot.llm
        turn.llm_s = llm.llm_s.get(key, 0.0)
        turn.llm_calls = llm.llm_calls.get(key, 0)
        if turn.llm_calls == 0:
            turn.error = "no LLM call"  # the offline engine answered: not what we measure

    async def slack_thread(self, n: int, out: list[Turn]) -> None:
        slack = self.bot.slack
        uid, channel = f"UL{n}", f"CL{n}"
        slack.add_user(uid, locale="en-US", name=f"learner{n}")
        root_ts = ""
        for k in range(1, self.turns + 1):
            text = QUESTIONS[(k - 1) % len(QUESTIONS)].format(m=f"LQ{n}-{k}")
            waiter = slack.waiters.wait((n, k))
            turn = Turn("slack", time.monotonic(), n, n=k)
            out.append(turn)
            if k == 1:
                hook = slack.response_url(f"{channel}/{uid}")
                body = command_body(f"ask {text}", user=uid, channel=channel, response_url=hook)
                status = await self._post(
                    turn, body, sign(body), "application/x-www-form-urlencoded"
                )
            else:
                event = message_event(text, user=uid, channel=channel, ts=new_ts(),
                                      thread_ts=root_ts)  # fmt: skip
                body = event_body(event)
                status = await self._post(turn, body, sign(body), "application/json")
            if status != 200:
                turn.error = f"HTTP {status}"
                return
            await self._finish(turn, waiter, (n, k))
            if turn.error:
                return
            if k == 1:
                root_ts = await asyncio.wait_for(slack.root(n), 5)
            if k < self.turns:
                await self.think()

    async def discord_thread(self, n: int, out: list[Turn]) -> None:
        fake = self.bot.discord
        author = user(410000000000000000 + n, f"learner{n}")
        channel = 0
        for k in range(1, self.turns + 1):
            text = QUESTIONS[(k - 1) % len(QUESTIONS)].format(m=f"LQ{n}-{k}")
            if k == 1:
                text = f"LQ{n}-1 " + text  # the thread's name carries the marker
            waiter = fake.waiters.wait((n, k))
            turn = Turn("discord", time.monotonic(), n, n=k)
            out.append(turn)
            if k == 1:
                guild = self.bot.guilds[(n // 2) % len(self.bot.guilds)]
                while True:
                    payload = fake.slash(
                        "ask", author=author, question=text,
                        guild=guild, channel_id=fake.channel_of_guild(guild),
                    )  # fmt: skip
                    await self.deliver(turn, "INTERACTION_CREATE", payload)
                    if await self.acked(str(payload["id"])):
                        break
                    # Discord told the learner the app did not respond: they ask again
                    turn.retried += 1
            else:
                message = fake.user_message(channel, text, author=author)
                await self.deliver(turn, "MESSAGE_CREATE", message)
            await self._finish(turn, waiter, (n, k))
            if turn.error:
                return
            if k == 1:
                channel = await asyncio.wait_for(fake.channel(n), 5)
            if k < self.turns:
                await self.think()

    async def acked(self, interaction_id: str) -> bool:
        """Whether Discord took the ask's first response in its window (else it is refused)."""
        deadline = time.monotonic() + ACK_WINDOW_S + 0.5
        while time.monotonic() < deadline:
            if self.bot.discord.acked(interaction_id):
                return True
            await asyncio.sleep(0.05)
        return self.bot.discord.acked(interaction_id)

    async def deliver(self, turn: Turn, name: str, data: dict[str, Any]) -> None:
        """Dispatch once the event's shard is connected: while its process is down Discord
        tells the learner the app did not respond, and the learner asks again (`retried`)."""
        fake = self.bot.discord
        while not fake.deliverable(name, data) and time.monotonic() - turn.sent < TURN_TIMEOUT_S:
            turn.retried += 1
            await asyncio.sleep(1.0)
        await fake.dispatch(name, data)

    async def thread(self, n: int, out: list[Turn]) -> None:
        if n % 2 == 0:
            await self.slack_thread(n, out)
        else:
            await self.discord_thread(n, out)


async def run_level(
    variant: str,
    code_root: Path,
    threads: int,
    args: argparse.Namespace,
    *,
    store: str = "sqlite",
    cluster: Cluster | None = None,
    processes: int = 1,
    extra_env: dict[str, str] | None = None,
) -> Level:
    """Fresh bot processes, fakes and database; `threads` concurrent threads; measured."""
    level = Level(variant, threads, store, processes)
    database = f"mca_load_{variant}_{threads}_{next(_DATABASES)}"
    url = ""
    if store == "postgres":
        assert cluster is not None, "--store postgres starts a cluster first"
        cluster.sql(f"CREATE DATABASE {database}")
        url = cluster.url(database)
    draft = compose(EN_HEADINGS, DRAFT_BODIES["en"])
    chunks = args.chunk_chars
    step = reply(draft, delay_s=args.llm_latency, chunk_delay_s=0.02, chunk_chars=chunks)
    llm = TimedLLM(default=step)
    llm.start()
    slack, discord = LoadSlack(), LoadDiscord(ack_window_s=ACK_WINDOW_S)
    await slack.start()
    await discord.start()
    work = Path(tempfile.mkdtemp(prefix=f"mca-load-{variant}-{threads}-"))
    connector = aiohttp.TCPConnector(limit=0)
    http = aiohttp.ClientSession(connector=connector, trust_env=False)
    shards = [None] if processes == 1 else [(i, processes) for i in range(processes)]
    members = [
        Bot(
            code_root,
            work,
            slack=slack,
            discord=discord,
            llm=llm,
            database_url=url,
            shard=shard,
            extra_env=extra_env,
        )
        for shard in shards
    ]
    balancer = None
    if processes > 1:
        balancer = Balancer([f"127.0.0.1:{m.port}" for m in members], work / "lb")
    bot = Bots(members, balancer)
    for guild in bot.guilds:
        if guild != GUILD_ID:
            discord.add_guild(guild)
    profiler: subprocess.Popen[bytes] | None = None
    log_marks: list[int] | None = None
    try:
        await bot.start(http)
        driver = Driver(bot, http, args.turns, 0.0 if args.burst else args.think, seed=threads)
        # Warm-up (not measured): one thread per platform loads models and fills caches.
        warm: list[Turn] = []
        think, driver.think_s = driver.think_s, 0.0
        await asyncio.gather(driver.thread(1_000_000, warm), driver.thread(1_000_001, warm))
        driver.think_s = think
        if cluster is not None and url:  # count the measured turns' statements only
            cluster.sql("SELECT pg_stat_statements_reset()")
        if args.profile == threads and variant != "baseline":
            profiler = start_profiler(bot, work)
        count = max(threads, 2)
        gate = asyncio.Semaphore(threads)

        async def one(n: int) -> None:
            if driver.think_s:  # threads open at random moments, not all in the same instant
                await asyncio.sleep(driver.random.uniform(0, driver.think_s))
            async with gate:
                await driver.thread(n, level.turns)

        cpu0, db_cpu0 = bot.cpu_s(), server_cpu_s(cluster if url else None)
        started, wall0 = time.monotonic(), time.time()
        killer = None
        if args.kill and processes > 1:
            killer = asyncio.create_task(kill_and_restart(bot.members[-1], http, args.kill))
        await asyncio.gather(*(one(n) for n in range(count)))
        level.wall_s = time.monotonic() - started
        if killer is not None:
            level.killed_at = await killer
        level.cpu_s = bot.cpu_s() - cpu0
        level.db_cpu_s = server_cpu_s(cluster if url else None) - db_cpu0
        await asyncio.sleep(1.0)  # the bot's bookkeeping after the visible reply
        if cluster is not None and url:
            level.round_trips = cluster.statements_run(database) / max(1, len(level.turns))
            if args.statements:
                level.statements = statement_mix(cluster, database, len(level.turns))
        log_marks = bot.log_marks()
        level.duplicated = duplicated(level.turns, slack, discord)
        for line in await explain_lost(
            level, bot, url=url, data=work / "data", started=started, wall0=wall0
        ):
            print(line, file=sys.stderr)
        if level.lost() and args.keep:  # what each process is doing now (a stuck one shows)
            dump_stacks(bot, work)
        if profiler is not None:
            level.profile = stop_profiler(profiler, work, store)
        level.rss_kib = bot.rss_kib()
    finally:
        await bot.stop()
        await http.close()
        await slack.stop()
        await discord.close()
        llm.close()
    data = work / "data"
    level.db_bytes = sum(p.stat().st_size for p in data.glob("mca.sqlite3*"))
    if cluster is not None and url:
        level.db_bytes = int(cluster.number(f"SELECT pg_database_size('{database}')"))
        cluster.drop(url)
    events = bot.events(log_marks)
    level.log_errors = sum(1 for e in events if e.get("level") in ("error", "critical"))
    for waits in (e for e in bot.events() if e.get("event") == "storage.pool_waits"):
        fields = ("acquired", "waited_ms", "longest_ms", "slow", "peak_size", "releasing_ms")
        print(f"  [{variant} {threads}] PostgreSQL pool waits of one process (warm-up"
              f" included): {', '.join(f'{k} {waits.get(k)}' for k in fields)}",
              file=sys.stderr)  # fmt: skip
        for site, at in (waits.get("sites") or {}).items():
            print(f"    {site}: {json.dumps(at)}", file=sys.stderr)
    for line in fleet_balance(level, balancer):
        print(f"  [{variant} {threads}] {line}", file=sys.stderr)
    if store == "sqlite":  # trips to SQLite's thread (statements, or a whole transaction)
        trips = [e.get("trips") or 0 for e in bot.events() if e.get("event") == "storage.trips"]
        level.round_trips = sum(trips) / max(1, len(level.turns)) if trips else float("nan")
    level.fallbacks = sum(1 for e in events if e.get("event") == "mentor.engine_failed")
    if level.error_kinds():
        print(f"  [{variant} {threads}] failed turns: {level.error_kinds()}", file=sys.stderr)
    if level.log_errors:
        firsts = [e for e in events if e.get("level") in ("error", "critical")][:3]
        print(f"  [{variant} {threads}] log errors, first: {json.dumps(firsts)[:1500]}",
              file=sys.stderr)  # fmt: skip
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"  kept {work}", file=sys.stderr)
    return level


def fleet_balance(level: Level, balancer: Balancer | None) -> list[str]:
    """How the Slack turns spread over the processes, and every health change HAProxy saw.

    A process marked down (its /healthz late) sends the whole Slack share to the others.
    """
    if balancer is None:
        return []
    shares: dict[str, int] = {}
    for turn in level.turns:
        if turn.platform == "slack":
            shares[turn.backend or "?"] = shares.get(turn.backend or "?", 0) + 1
    changes = [
        line.partition("Server ")[2][:160]
        for line in balancer.log().splitlines()
        if " is DOWN" in line or " is UP" in line
    ]
    return [f"Slack turns per process: {dict(sorted(shares.items()))}", *changes]


async def kill_and_restart(member: Bot, http: aiohttp.ClientSession, after_s: float) -> float:
    """SIGKILL `member` `after_s` into the run, restart it 1 s later; returns when it died."""
    started = time.monotonic()
    await asyncio.sleep(after_s)
    await member.kill()
    killed = time.monotonic() - started
    await asyncio.sleep(1.0)
    await member.start(http, append=True)
    return killed


async def explain_lost(
    level: Level, bot: Bots, *, url: str, data: Path, started: float, wall0: float
) -> list[str]:
    """One line per lost turn: what the store and the logs say happened to it.

    Times are seconds into the measured run (the kill at `level.killed_at`): when the learner
    sent it, when its turn row was written, when its reply was; who holds its outbox or inbox
    row, and every log event of its turn id (reaper takeovers, recovery, deliveries).
    """
    lost = [t for t in level.turns if t.done is None and not t.error.startswith("HTTP")]
    if not lost:
        return []
    from bot.storage.connect import open_database  # noqa: PLC0415  # the bench's own tree

    db = await open_database(url=url or None, path=data / "mca.sqlite3", migrate=False)
    events = bot.events()
    lines = []
    try:
        for turn in lost:
            marker = f"%LQ{turn.thread}-{turn.n})%"
            rel = lambda t: f"{float(t) - wall0:.1f}"  # noqa: E731
            parts = [
                f"{turn.platform} LQ{turn.thread}-{turn.n}: sent {turn.sent - started:.1f}",
                f"(kill {level.killed_at:.1f})",
            ]
            if turn.backend:
                parts.append(f"acked by {turn.backend}")
            if turn.retried:
                parts.append(f"asked again {turn.retried}x")
            rows = await db.fetchall(
                "SELECT id, status, created_at FROM messages WHERE author = 'learner'"
                " AND text LIKE ?", (marker,),
            )  # fmt: skip
            if not rows:
                parts.append("no turn stored")
            for row in rows:
                tid = int(row["id"])
                parts.append(f"turn {tid} {row['status']} written {rel(row['created_at'])}")
                reply = await db.fetchone(
                    "SELECT created_at FROM messages WHERE reply_to = ?", (tid,)
                )
                if reply is not None:
                    parts.append(f"reply written {rel(reply['created_at'])}")
                out = await db.fetchone(
                    "SELECT delivered, attempts, lease_owner, lease_until, updated_at"
                    " FROM outbox WHERE turn_id = ?", (tid,),
                )  # fmt: skip
                if out is not None:
                    parts.append(
                        f"outbox delivered={out['delivered']} attempts={out['attempts']}"
                        f" owner={str(out['lease_owner']).split('/')[-2:]}"
                        f" until {rel(out['lease_until'])} updated {rel(out['updated_at'])}"
                    )
                said = [
                    f"{e.get('event')}@{e.get('timestamp', '')[11:23]}"
                    for e in events
                    if tid in (e.get("turn"), e.get("turn_id"))
                ]
                if said:
                    parts.append("log: " + ", ".join(said))
            inbox = await db.fetchall(
                "SELECT key, attempts, lease_owner, lease_until, created_at FROM inbox"
                " WHERE payload LIKE ?", (f"%LQ{turn.thread}-{turn.n}%",),
            )  # fmt: skip
            for row in inbox:
                parts.append(
                    f"inbox {row['key']} written {rel(row['created_at'])} attempts"
                    f" {row['attempts']} owner {str(row['lease_owner']).split('/')[-2:]}"
                    f" until {rel(row['lease_until'])}"
                )
            lines.append("    " + "; ".join(parts))
    finally:
        await db.close()
    return lines


def dump_stacks(bot: Bots, work: Path) -> None:
    """py-spy dump of every bot process into the kept folder (skipped without py-spy)."""
    exe = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    for n, member in enumerate(bot.members):
        if not Path(exe).exists() or member.proc is None or member.proc.returncode is not None:
            continue
        out = subprocess.run([exe, "dump", "--pid", str(member.proc.pid)],
                             capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
        (work / f"stacks-{n}.txt").write_text(out.stdout + out.stderr)


def duplicated(turns: list[Turn], slack: LoadSlack, discord: LoadDiscord) -> int:
    """Complete replies shown beyond the turns asked, per thread (a turn answered twice)."""
    asked: dict[int, int] = {}
    for turn in turns:
        asked[turn.thread] = asked.get(turn.thread, 0) + 1
    shown = {**slack.waiters.completed(), **discord.waiters.completed()}
    return sum(max(0, shown.get(thread, 0) - n) for thread, n in asked.items())


_DATABASES = itertools.count()
"""A new PostgreSQL database name for every level and variant."""


def server_cpu_s(cluster: Cluster | None) -> float:
    """CPU seconds the PostgreSQL server used so far: postmaster, its children, reaped ones."""
    if cluster is None or cluster.folder is None:
        return 0.0
    try:
        pid = int((cluster.folder / "data" / "postmaster.pid").read_text().split()[0])
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = sum(int(x) for x in stat[11:15])  # utime stime cutime cstime
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return 0.0
    return ticks / os.sysconf("SC_CLK_TCK")


def statement_mix(cluster: Cluster, database: str, turns: int, top: int = 30) -> list[str]:
    """The most frequent statements on `database` since the last reset, as calls per turn."""
    out = subprocess.run(
        ["psql", "-X", "-A", "-t", "-F", "\t", "-d", cluster.admin_url, "-c",
         "SELECT calls, regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements"
         f" WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '{database}')"
         f" ORDER BY calls DESC LIMIT {top}"],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    lines = []
    for line in out.splitlines():
        calls, _, query = line.partition("\t")
        lines.append(f"  {int(calls) / max(1, turns):>6.2f}/turn  {query[:150]}")
    return lines


def start_profiler(bot: Bots, work: Path) -> subprocess.Popen[bytes] | None:
    """py-spy record on the bot while the level runs (skipped when py-spy is missing)."""
    exe = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(exe).exists() or bot.proc is None:
        print("  (py-spy not found: no profile)", file=sys.stderr)
        return None
    out = work / "profile.txt"
    return subprocess.Popen(
        [exe, "record", "--pid", str(bot.proc.pid), "--format", "raw", "--rate", "200",
         "--nonblocking", "-o", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def stop_profiler(proc: subprocess.Popen[bytes], work: Path, store: str) -> str:
    proc.send_signal(signal.SIGINT)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(30)
    out = work / "profile.txt"
    kept = Path(tempfile.gettempdir()) / f"mca-load-profile-{store}.txt"
    if out.exists():
        shutil.copy(out, kept)
        return str(kept)
    return ""


def row(level: Level) -> str:
    ok = level.ok()
    added = level.added_ms()
    slack = level.added_ms("slack")
    discord = level.added_ms("discord")
    tps = len(ok) / level.wall_s if level.wall_s else 0.0
    llm = statistics.mean(t.llm_s for t in ok) * 1000 if ok else float("nan")
    return (
        f"{level.variant:>8} {level.store:>8} {level.processes:>5} {level.threads:>7} "
        f"{len(level.turns):>6} {tps:>8.1f} "
        f"{pct(added, 0.5):>7.1f} {pct(added, 0.95):>7.1f} {pct(added, 0.99):>7.1f} "
        f"{pct(slack, 0.99):>8.1f} {pct(discord, 0.99):>8.1f} {llm:>7.0f} "
        f"{level.cpu_s * 1000 / max(1, len(ok)):>6.1f} "
        f"{level.errors():>6} {level.lost():>5} {level.duplicated:>4} {level.fallbacks:>5} "
        f"{level.rss_kib / 1024:>7.1f} {level.db_bytes / 1024:>8.0f} {level.round_trips:>6.1f} "
        f"{level.db_cpu_s * 1000 / max(1, len(ok)):>7.1f}"
        + (
            f"  killed at {level.killed_at:.1f} s; {level.retried()} Discord turns asked again"
            " (shard down, or the ask not acknowledged within 3 s)"
            if level.killed_at == level.killed_at
            else ""
        )
    )


HEADER = (
    f"{'variant':>8} {'store':>8} {'procs':>5} {'threads':>7} {'turns':>6} {'turns/s':>8} "
    f"{'p50ms':>7} {'p95ms':>7} {'p99ms':>7} {'slk p99':>8} {'dsc p99':>8} {'llm ms':>7} "
    f"{'cpu/t':>6} {'errors':>6} {'lost':>5} {'dup':>4} {'fallb':>5} {'RSS MB':>7} "
    f"{'db KiB':>8} {'rt/t':>6} {'dbcpu/t':>7}"
)


def archive(ref: str) -> Path:
    """The bot's code at `ref`, unpacked in a temp folder (no worktree, no checkout)."""
    dest = Path(tempfile.mkdtemp(prefix="mca-load-baseline-"))
    data = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True,
                          capture_output=True).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(dest)], input=data, check=True)
    # The intent model is a build product, not in git: without it the baseline fits one at
    # start (a few seconds and ~250 MB more peak RSS). Ours is used when its inputs' digest
    # matches that ref's corpus; otherwise the baseline refits, as before.
    fitted = Path("config/guards/intent/examples/model.npz")
    if (
        (ROOT / fitted).exists()
        and (dest / fitted).parent.is_dir()
        and not (dest / fitted).exists()
    ):
        shutil.copy(ROOT / fitted, dest / fitted)
    return dest


def ratios(title: str, levels: list[int], pairs: list[tuple[Level, Level]]) -> None:
    """Per level, `after` over `before`: turns/s (higher is better), p50, p99, CPU/turn, RSS.

    CPU per turn (the bot's own) is the steadiest of them on a shared host: latency also
    measures the neighbours. A run with no answered turn gives "x-" (no ratio), not a
    ZeroDivisionError at the end of an hour's run."""
    if not pairs:
        return
    print(f"\n{title} (turns/s higher is better; latency, CPU, RSS lower is better)")
    for threads, (before, after) in zip(levels, pairs, strict=True):
        b, a = before.added_ms(), after.added_ms()
        tb = len(before.ok()) / before.wall_s if before.wall_s else float("nan")
        ta = len(after.ok()) / after.wall_s if after.wall_s else float("nan")
        cb = before.cpu_s / max(1, len(before.ok()))
        ca = after.cpu_s / max(1, len(after.ok()))
        print(
            f"  {threads:>4} threads: turns/s x{ratio(ta, tb)}, p50 x{ratio(pct(a, 0.5), pct(b, 0.5))}"
            f", p99 x{ratio(pct(a, 0.99), pct(b, 0.99))}, CPU/turn x{ratio(ca, cb)}"
            f", RSS x{ratio(after.rss_kib, before.rss_kib)}"
        )


def ratio(after: float, before: float) -> str:
    """`after / before` to two places; "-" when either is missing or `before` is zero."""
    if not before or before != before or after != after:
        return "-"
    return f"{after / before:.2f}"


def start_postgres() -> Cluster:
    """A throwaway PostgreSQL cluster for --store postgres (exits when none is installed)."""
    binaries = server_binaries()
    if binaries is None:
        raise SystemExit("--store postgres needs PostgreSQL installed (initdb, pg_ctl)")
    cluster = start_cluster(binaries, settings=STATEMENT_STATS)
    cluster.sql("CREATE EXTENSION pg_stat_statements")
    return cluster


async def main(args: argparse.Namespace) -> None:
    levels = [int(x) for x in args.levels.split(",")]
    plans = scenarios(args)
    variants: list[tuple[str, Path, dict[str, str]]] = [("current", ROOT, {})]
    if args.pool:
        variants = [(f"pool{n}", ROOT, {"MCA_LIFECYCLE_DB_POOL_SIZE": n})
                    for n in args.pool.split(",")]  # fmt: skip
    built = Path(args.baseline) if args.baseline else None
    if built is not None and (built / "bot").is_dir():
        # a built tree (a worktree after `make setup`): its own intent model and parsed TOML,
        # so a baseline with another corpus does not refit at start on a busy host
        baseline: Path | None = built
    else:
        baseline = archive(args.baseline) if args.baseline else None
    if baseline is not None:
        variants.insert(0, ("baseline", baseline, {}))
    stores = ["sqlite", "postgres"] if args.store == "postgres" else ["sqlite"]
    if args.pool:
        stores = ["postgres"]  # the pool is PostgreSQL's; SQLite would run the same twice
    if max(n for plan in plans for n in plan.fleet) > 1 and haproxy_binary() is None:
        raise SystemExit("--processes N > 1 needs HAProxy installed (apt-get install haproxy,"
                         " or `make lb-deps`)")  # fmt: skip
    cluster = start_postgres() if "postgres" in stores else None
    print(
        f"LLM: fixed {args.llm_latency * 1000:.0f} ms to first byte, then ~{0.02 * 1000:.0f} ms"
        f" per {args.chunk_chars}-char chunk; {args.turns} turns per thread; half Slack (signed"
        " HTTP), half Discord"
        f" (gateway); cpus={os.cpu_count()}; bot processes: {args.processes} (each both"
        " platforms; N > 1: Slack via HAProxy, Discord N shards)"
        + f"; stores: {', '.join(stores)}",
        flush=True,
    )
    print("added latency = end-to-end turn time - fake LLM time for that turn (ms)", flush=True)
    print("rt/t = round trips per turn: PostgreSQL's statements (BEGIN and COMMIT included),"
          " SQLite's calls to its database thread (a `run` transaction is one); dbcpu/t = the"
          " PostgreSQL server's CPU ms per turn (cpu/t is the bot's)", flush=True)  # fmt: skip
    table: list[Row] = []
    started = time.monotonic()
    try:
        for plan in plans:
            plan_started = time.monotonic()
            run_args = with_scenario(args, plan)
            print(f"\n== {plan.describe() if plan.name != 'as given' else load_model(args)}",
                  flush=True)  # fmt: skip
            print(HEADER, flush=True)
            results = await run_plan(run_args, plan, levels, variants, stores, cluster, table)
            compare(results, levels, list(plan.fleet), variants, stores)
            print(f"{plan.name}: {time.monotonic() - plan_started:.0f} s", flush=True)
    finally:
        if baseline is not None and baseline != built:
            shutil.rmtree(baseline, ignore_errors=True)
        if cluster is not None:
            cluster.shutdown()
    if args.scenarios:
        lines = markdown(table)
        print("\n## Table for docs/scaling.md (variant " + variants[-1][0] + ")", flush=True)
        print("\n".join(lines), flush=True)
        if args.table_out:
            write_table(Path(args.table_out), lines)
            print(f"(also written to {args.table_out})", flush=True)
    print(f"\ntotal {time.monotonic() - started:.0f} s", flush=True)


def write_table(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", "utf-8")


def load_model(args: argparse.Namespace) -> str:
    """The load shape of a run built from the flags as given (no `--scenarios`)."""
    return (
        ("no think time (burst)" if args.burst else f"think {args.think:g} s on average")
        + (f"; one process SIGKILLed {args.kill:g} s in, restarted 1 s later" if args.kill else "")
    )


async def run_plan(
    args: argparse.Namespace,
    plan: Scenario,
    levels: list[int],
    variants: list[tuple[str, Path, dict[str, str]]],
    stores: list[str],
    cluster: Cluster | None,
    table: list[Row],
) -> dict[tuple[str, str, int, int], Level]:
    """Every level x fleet x variant x store of one scenario; the last variant's rows (and
    any run that failed, with its reason) go to `table`. A run that fails does not end the
    others: on a quiet host the whole table takes the better part of an hour."""
    results: dict[tuple[str, str, int, int], Level] = {}
    for threads in levels:
        for processes in plan.fleet:
            for name, root, extra_env in variants:
                for store in stores:
                    try:
                        level = await run_level(
                            name, root, threads, args,
                            store=store, cluster=cluster, processes=processes, extra_env=extra_env,
                        )  # fmt: skip
                    except Exception as exc:  # one run fails, not the table
                        reason = str(exc).strip().splitlines()[0][:200] if str(exc) else ""
                        reason = f"{type(exc).__name__}: {reason}"
                        print(f"  [{plan.name} {name} {store} {processes}p {threads}] failed:"
                              f" {reason}", file=sys.stderr, flush=True)  # fmt: skip
                        if name == variants[-1][0]:
                            table.append(Row(plan, store, processes, threads, failure=reason))
                        continue
                    results[(name, store, processes, threads)] = level
                    if name == variants[-1][0]:
                        table.append(Row(plan, store, processes, threads, level))
                    print(row(level), flush=True)
                    if level.statements:
                        print("\n".join(level.statements), flush=True)
                    if level.profile:
                        print(f"  py-spy raw profile: {level.profile}", flush=True)
    return results


def compare(
    results: dict[tuple[str, str, int, int], Level],
    levels: list[int],
    fleet: list[int],
    variants: list[tuple[str, Path, dict[str, str]]],
    stores: list[str],
) -> None:
    """The ratios of one scenario: variant over variant, PostgreSQL over SQLite, N over 1
    process(es); a pair with a failed run is left out."""

    def pairs(a: tuple[str, str, int], b: tuple[str, str, int]) -> tuple[list[int], list[tuple[Level, Level]]]:
        kept = [t for t in levels if (*a, t) in results and (*b, t) in results]
        return kept, [(results[(*a, t)], results[(*b, t)]) for t in kept]

    for n in fleet:
        first = variants[0][0]
        for later, _, _ in variants[1:]:
            for store in stores:
                ratios(f"{later} / {first} on {store}, {n} process(es)",
                       *pairs((first, store, n), (later, store, n)))  # fmt: skip
        if len(stores) > 1:
            for name, _, _ in variants:
                ratios(f"postgres / sqlite ({name}, {n} process(es))",
                       *pairs((name, "sqlite", n), (name, "postgres", n)))  # fmt: skip
    if len(fleet) > 1:
        last = variants[-1][0]
        for store in stores:
            for n in fleet[1:]:
                ratios(f"{n} / {fleet[0]} process(es) on {store}",
                       *pairs((last, store, fleet[0]), (last, store, n)))  # fmt: skip


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,10,100,500")
    parser.add_argument("--turns", type=int, default=2, help="turns per thread")
    parser.add_argument("--think", type=float, default=60.0,
                        help="mean seconds a learner thinks between turns; threads open at "
                        "random moments within that span (8: the stress burst)")  # fmt: skip
    parser.add_argument("--burst", action="store_true", help="no think time: all at once")
    parser.add_argument("--llm-latency", type=float, default=0.5, help="seconds to first byte")
    parser.add_argument("--chunk-chars", type=int, default=16,
                        help="characters per streamed chunk (real servers send a token or a "
                        "few: ~4-16 characters)")  # fmt: skip
    parser.add_argument(
        "--baseline", default="", help="git ref (or a built worktree's path) to compare against"
    )
    parser.add_argument("--processes", default="1",
                        help="bot processes on one store, comma-separated (1,2,4): N > 1 "
                        "each serve both platforms, Slack through HAProxy, Discord as N "
                        "shards")  # fmt: skip
    parser.add_argument("--kill", type=float, default=0.0,
                        help="with N > 1 processes: SIGKILL the last one this many seconds "
                        "into each measured run, restart it 1 s later")  # fmt: skip
    parser.add_argument(
        "--pool", default="", help="PostgreSQL pool sizes to compare side by side, e.g. 10,20"
    )
    parser.add_argument("--profile", type=int, default=0, help="py-spy this level (threads)")
    parser.add_argument("--statements", action="store_true",
                        help="with --store postgres: print each level's most frequent "
                        "statements (calls per turn)")  # fmt: skip
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite",
                        help="postgres: every level on SQLite and on a throwaway PostgreSQL "
                        "cluster the bench starts, side by side")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the data folders and logs")
    parser.add_argument("--scenarios", default="",
                        help="steady,burst,kill: run each load shape in turn (steady: --think; "
                        "burst: --burst-think; kill: the burst on 2 processes with --kill, 4 s "
                        "by default) and end with one Markdown table for docs/scaling.md, each "
                        "issue-18 target marked met or missed")  # fmt: skip
    parser.add_argument("--burst-think", type=float, default=8.0,
                        help="the think time of the burst and kill scenarios (8: 500 threads "
                        "opening within 8 s)")  # fmt: skip
    parser.add_argument("--table-out", default="",
                        help="with --scenarios: also write the Markdown table to this file")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
