"""Fault-test helpers: the real bot process (killed, stopped, restarted) and what it stored."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest

from bot.storage.connect import open_database
from bot.storage.database import Database
from tests.conftest import REPO_ROOT, cli_env
from tests.fakes.discord_server import GUILD_ID, FakeDiscord
from tests.fakes.openai_server import DRAFT_BODIES, compose
from tests.fakes.slack_server import FakeSlack
from tests.faults.fork_protocol import parse_answer
from tests.platforms.slack.harness import SlackBot
from tests.postgres_cluster import Cluster

DISCORD_TOKEN = "fake-discord-token-for-faults"


def i18n(lang: str) -> dict[str, Any]:
    """A language's catalog, as shipped."""
    return tomllib.loads((REPO_ROOT / "config" / "i18n" / f"{lang}.toml").read_text("utf-8"))


def headings(lang: str = "en") -> list[str]:
    """The 7 section headings of a language."""
    return list(i18n(lang)["headings"].values())


def draft(lang: str = "en", *, pad: int = 0) -> str:
    """A good 7-section draft from the LLM (`pad` characters more in the hypotheses section).

    The padding goes where the sections guard allows length (steps are cut to 6).
    """
    bodies = list(DRAFT_BODIES[lang])
    if pad:
        line = "- Measure again after each change and keep the numbers in a table.\n"
        bodies[1] += "\n" + line * (pad // len(line) + 1)
    return compose(headings(lang), tuple(bodies))


def is_complete(text: str, lang: str = "en") -> bool:
    """A reply carrying all 7 section headings."""
    return all(h in text for h in headings(lang))


def store_url(store: str, request: pytest.FixtureRequest) -> str | None:
    """A fresh PostgreSQL database for the "postgres" store, dropped after the test; None (the
    SQLite file in the data directory) otherwise."""
    if store != "postgres":
        return None
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    url = cluster.fresh_database()
    request.addfinalizer(lambda: cluster.drop(url))
    return url


def llm_env(base_url: str, database_url: str | None = None, **extra: str) -> dict[str, str]:
    """Environment for the LLM engine against the fake, with small timings; on PostgreSQL
    when `database_url` is given (None: the SQLite file under the data folder)."""
    store = {} if database_url is None else {"MCA_DATABASE_URL": database_url}
    return {
        "OPENAI_BASE_URL": base_url,
        "MCA_LLM_TIMEOUT_S": "20",
        "MCA_LLM_DEADLINE_S": "30",
        "MCA_LLM_BACKOFF_BASE_S": "0.01",
        "MCA_LLM_BACKOFF_MAX_S": "0.05",
        "MCA_MENTOR_RATE_LIMIT_QUESTIONS": "0",
        **store,
        **extra,
    }


def query(data_dir: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Read the bot's database (WAL: safe while it runs)."""
    with sqlite3.connect(data_dir / "mca.sqlite3", timeout=10) as conn:
        return conn.execute(sql, params).fetchall()


def execute(data_dir: Path, sql: str, *params: Any) -> None:
    """Change the bot's database while it is stopped (to stage a crash window)."""
    with sqlite3.connect(data_dir / "mca.sqlite3", timeout=10) as conn:
        conn.execute(sql, params)


def turn_states(data_dir: Path) -> dict[int, tuple[str, int, int | None]]:
    """Learner turn id -> (status, mentor replies stored for it, outbox delivered)."""
    rows = query(
        data_dir,
        "SELECT m.id, m.status,"
        " (SELECT COUNT(*) FROM messages r WHERE r.reply_to = m.id AND r.author = 'mentor'),"
        " (SELECT delivered FROM outbox o WHERE o.turn_id = m.id)"
        " FROM messages m WHERE m.author = 'learner' ORDER BY m.id",
    )
    return {int(r[0]): (str(r[1]), int(r[2]), r[3]) for r in rows}


class StoreView:
    """What the bot stored, read through the store's own database port (SQLite or PostgreSQL)."""

    def __init__(self, data_dir: Path, url: str | None = None) -> None:
        self.data_dir = data_dir
        self.url = url
        self._db: Database | None = None

    async def open(self) -> StoreView:
        """Connect (the bot has created and migrated the database by now)."""
        self._db = await open_database(url=self.url, path=self.data_dir / "mca.sqlite3")
        return self

    async def close(self) -> None:
        """Disconnect."""
        if self._db is not None:
            await self._db.close()

    async def turns_by_text(self) -> dict[str, list[tuple[str, int, int | None]]]:
        """Learner text -> (status, mentor replies stored, outbox delivered) of each turn."""
        assert self._db is not None, "open() first"
        rows = await self._db.fetchall(
            "SELECT m.text, m.status,"
            " (SELECT COUNT(*) FROM messages r WHERE r.reply_to = m.id AND r.author = 'mentor')"
            " AS replies, (SELECT delivered FROM outbox o WHERE o.turn_id = m.id) AS delivered"
            " FROM messages m WHERE m.author = 'learner' ORDER BY m.id"
        )
        out: dict[str, list[tuple[str, int, int | None]]] = {}
        for r in rows:
            out.setdefault(str(r["text"]), []).append(
                (str(r["status"]), int(r["replies"]), r["delivered"])
            )
        return out

    async def inbox_rows(self) -> int:
        """Acknowledged events not yet turned into a turn."""
        assert self._db is not None, "open() first"
        row = await self._db.fetchone("SELECT COUNT(*) FROM inbox")
        return int(row[0]) if row else 0


class FaultySlackBot(SlackBot):
    """The Slack bot process, which the tests also kill and terminate.

    Given a `ForkServer`, each start is a fork of it (a fraction of a second) instead of a
    fresh interpreter (seconds of imports and config parsing): the same `mca-bot run`.
    """

    def __init__(
        self, fake: FakeSlack, data_dir: Path, *, server: ForkServer | None = None, **kw: Any
    ) -> None:
        super().__init__(fake, data_dir, **kw)
        self.server = server
        self._proc: asyncio.subprocess.Process | ForkedProcess | None = None  # type: ignore[assignment]  # or a fork

    @property
    def proc(self) -> asyncio.subprocess.Process | ForkedProcess:
        assert self._proc is not None, "start() first"
        return self._proc

    async def start(self, wait_s: float = 60.0) -> None:
        """Start and wait until it serves /healthz after this run's own token check."""
        if self.server is None:
            return await super().start()
        checked, opened = self.token_checks()
        await self.launch()
        await self.wait_ready(wait_s, checked=checked, opened=opened)
        return None

    async def launch(self) -> None:
        """Fork the bot and return at once (it is still building: see `wait_ready`)."""
        assert self.server is not None, "launch() forks the warm server"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path.write_bytes(b"")
        self._proc = ForkedProcess(self.server, await self.server.run(self.env(), self.log_path))

    async def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed."""
        self.proc.kill()
        await self.proc.wait()
        if self._http is not None:
            await self._http.close()

    async def terminate(self) -> float:
        """SIGTERM; returns when it was sent."""
        self.proc.send_signal(signal.SIGTERM)
        return time.monotonic()

    async def wait_exit(self, within_s: float) -> int:
        """The exit code (kill after `within_s`, then fail)."""
        try:
            code = await asyncio.wait_for(self.proc.wait(), within_s)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
            raise AssertionError(f"bot did not exit in {within_s}s:\n{self.log()}") from None
        if self._http is not None:
            await self._http.close()
        return code

    def events(self, name: str) -> list[dict[str, Any]]:
        """JSON log events of that name so far."""
        return log_events(self.log(), name)

    async def wait_for_recovery(self, within_s: float = 20.0) -> dict[str, Any]:
        """Until this run's recovery has finished; returns its `recovery.done` event."""
        events: list[dict[str, Any]] = await self.fake.wait_for(
            lambda: self.events("recovery.done"), within_s
        )
        return events[-1]


class ForkServer:
    """tests/faults/forkserver.py as a subprocess: bot processes started by fork, in ~0.1 s.

    Blocking pipes behind a lock, so one server serves the whole session (each test has its
    own event loop); the async calls run them in a thread.
    """

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self.printed: list[str] = []
        """Lines the server printed on stdout that were not answers."""

    def start(self) -> ForkServer:
        """Start it (it imports and builds the bot once: seconds)."""
        env = cli_env(REPO_ROOT / "unused-data", PYTHONPATH=str(REPO_ROOT))
        env.pop("MCA_DATA_DIR")
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.forkserver"], cwd=REPO_ROOT, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip
        return self

    def _ask(self, line: str) -> int:
        proc = self._proc
        assert proc is not None, "start() first"
        assert proc.stdin is not None
        assert proc.stdout is not None
        with self._lock:
            proc.stdin.write(line.encode() + b"\n")
            proc.stdin.flush()
            return self.read_answer(proc.stdout)

    def read_answer(self, stdout: IO[bytes]) -> int:
        """The next answer line's number; other lines (a log, a warning) are kept, not parsed."""
        while True:
            raw = stdout.readline()
            if not raw:
                raise RuntimeError(f"fork server exited; it printed: {self.printed!r}")
            text = raw.decode(errors="replace").rstrip("\n")
            value = parse_answer(text)
            if value is not None:
                return value
            self.printed.append(text)

    async def run(self, env: dict[str, str], log: Path, *, stdout: bool = False) -> int:
        """Fork `mca-bot run` with `env`, its stderr (and stdout) appended to `log`; its PID."""
        request = {"env": env, "log": str(log), "stdout": stdout}
        return await asyncio.to_thread(self._ask, "run " + json.dumps(request))

    async def wait(self, pid: int) -> int:
        """Wait for a child to end; its exit code (negative: killed by that signal).

        Polled here, so the server is never blocked on one child while another starts.
        """
        while True:
            if _exited(pid):
                return await asyncio.to_thread(self.reap, pid)
            await asyncio.sleep(0.02)

    def reap(self, pid: int) -> int:
        """The exit code of a child that has ended (at once: it is a zombie or reaped)."""
        return self._ask(f"wait {pid}")

    def cli(
        self,
        argv: list[str],
        env: dict[str, str],
        *,
        timeout_s: float = 60.0,
        stdin: bytes | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        """`python -m bot ARGV` as a fork, run to its end: `subprocess.run(capture_output=True)`.

        `stdin` reaches the process through a pipe, as `subprocess.run(input=...)` sends it.
        """
        with tempfile.TemporaryDirectory(prefix="forked-cli-") as tmp:
            out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
            request = {"env": env, "log": str(err), "out": str(out), "argv": argv}
            if stdin is not None:
                (Path(tmp) / "stdin").write_bytes(stdin)
                request["stdin"] = str(Path(tmp) / "stdin")
            pid = self._ask("run " + json.dumps(request))
            deadline = time.monotonic() + timeout_s
            while not _exited(pid):
                if time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    self.reap(pid)
                    raise subprocess.TimeoutExpired(argv, timeout_s)
                time.sleep(0.01)
            code = self.reap(pid)
            return subprocess.CompletedProcess(argv, code, out.read_bytes(), err.read_bytes())

    async def spawn(self, env: dict[str, str], log: Path) -> ForkedProcess:
        """Fork `mca-bot run`, its stdout and stderr appended to `log`."""
        return ForkedProcess(self, await self.run(env, log, stdout=True))

    def close(self) -> None:
        """Stop it (its children are the tests' to stop first)."""
        if self._proc is not None and self._proc.stdin is not None:
            self._proc.stdin.close()
            self._proc.wait()


class ForkedProcess:
    """A bot process the fork server started, driven as an `asyncio.subprocess.Process` is."""

    def __init__(self, server: ForkServer, pid: int) -> None:
        self.server = server
        self.pid = pid
        self._code: int | None = None

    @property
    def returncode(self) -> int | None:
        """Its exit code once it has ended, else None."""
        if self._code is None and _exited(self.pid):
            self._code = self.server.reap(self.pid)
        return self._code

    def send_signal(self, signum: int) -> None:
        """Signal it while it runs (a zombie keeps its PID until reaped: no other gets it)."""
        if self._code is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        """SIGKILL."""
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        """SIGTERM."""
        self.send_signal(signal.SIGTERM)

    async def wait(self) -> int:
        """Until it ends; its exit code (negative: killed by that signal)."""
        if self._code is None:
            self._code = await self.server.wait(self.pid)
        return self._code


def _exited(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def log_events(text: str, name: str) -> list[dict[str, Any]]:
    """JSON log lines whose event is `name`."""
    out = []
    for line in text.splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(event, dict) and event.get("event") == name:
            out.append(event)
    return out


class DiscordBot:
    """The Discord bot process against the fake Discord; killed and restarted by tests."""

    def __init__(
        self, fake: FakeDiscord, data_dir: Path, *, server: ForkServer | None = None, **extra: str
    ) -> None:
        self.fake = fake
        self.data_dir = data_dir
        self.log_path = data_dir.parent / "discord-bot.log"
        self.extra = extra
        self.server = server
        """Starts each run by fork when set; else each run is a fresh interpreter."""
        self._proc: asyncio.subprocess.Process | ForkedProcess | None = None

    @property
    def proc(self) -> asyncio.subprocess.Process | ForkedProcess:
        assert self._proc is not None, "start() first"
        return self._proc

    async def start(self) -> None:
        """Start and wait until the gateway session is ready and commands are synced."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = cli_env(
            self.data_dir,
            DISCORD_TOKEN=DISCORD_TOKEN,
            MCA_DISCORD_API_BASE=self.fake.api_base,
            MCA_DISCORD_GATEWAY_URL=self.fake.gateway_url,
            MCA_DISCORD_DEV_GUILD_ID=str(GUILD_ID),
            MCA_LOG_FORMAT="json",
            PYTHONPATH=str(REPO_ROOT),
            **self.extra,
        )
        synced = len([c for c in self.fake.calls if c.method == "PUT" and "commands" in c.path])
        self.fake.commands.clear()
        if self.server is not None:
            self._proc = await self.server.spawn(env, self.log_path)
        else:
            with self.log_path.open("ab") as log:
                self._proc = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot", "run", env=env, cwd=REPO_ROOT,
                    stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
                )  # fmt: skip
        await self.fake.wait_for(
            lambda: (
                len([c for c in self.fake.calls if c.method == "PUT" and "commands" in c.path])
                > synced
                or self.proc.returncode is not None
            ),
            within_s=60,  # a cold start on a loaded 2-core machine
        )
        assert self.proc.returncode is None, self.log()
        await self.fake.wait_connected(30)

    async def kill(self) -> None:
        """SIGKILL."""
        self.proc.kill()
        await self.proc.wait()

    async def stop(self) -> int:
        """SIGTERM and wait."""
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 20)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        return int(self.proc.returncode or 0)

    def log(self) -> str:
        """Everything the bot wrote so far (all runs)."""
        return self.log_path.read_text("utf-8", "replace") if self.log_path.exists() else ""

    def events(self, name: str) -> list[dict[str, Any]]:
        """JSON log events of that name (all runs)."""
        return log_events(self.log(), name)


@dataclass
class DiscordRun:
    """A started Discord bot on one store, the fake Discord it talks to, and what it stored."""

    fake: FakeDiscord
    bot: DiscordBot
    view: StoreView
    data: Path
    url: str | None
    """The PostgreSQL database's URL; None on SQLite (the file under `data`)."""
