"""Several real `python -m bot run` processes on one store: start, read their logs, stop."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from pathlib import Path
from typing import Any

from tests.conftest import REPO_ROOT, cli_env
from tests.faults.harness import ForkedProcess, ForkServer, log_events


class BotProcess:
    """One bot process of a fleet, its stdout and stderr in `<name>.log` beside its data."""

    def __init__(
        self, name: str, data_dir: Path, *, server: ForkServer | None = None, **env: str
    ) -> None:
        self.name = name
        self.data_dir = data_dir
        self.log_path = data_dir.parent / f"{name}.log"
        self.env = env
        self.server = server
        """Forks each start when set (a fraction of a second); else a fresh interpreter."""
        self._proc: asyncio.subprocess.Process | ForkedProcess | None = None

    async def start(self) -> None:
        """Start the process (JSON logs, isolated environment)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = cli_env(self.data_dir, MCA_LOG_FORMAT="json", PYTHONPATH=str(REPO_ROOT), **self.env)
        if self.server is not None:
            self._proc = await self.server.spawn(env, self.log_path)
            return
        with self.log_path.open("ab") as log:
            self._proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", env=env, cwd=REPO_ROOT,
                stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
            )  # fmt: skip

    @property
    def running(self) -> bool:
        """Started and not exited."""
        return self._proc is not None and self._proc.returncode is None

    def log(self) -> str:
        """Everything the process wrote so far."""
        return self.log_path.read_text("utf-8", "replace") if self.log_path.exists() else ""

    def events(self, name: str) -> list[dict[str, Any]]:
        """JSON log events of that name so far."""
        return log_events(self.log(), name)

    async def wait_event(self, name: str, within_s: float = 60.0) -> dict[str, Any]:
        """Until the process logs `name` (fails at once if it exits first)."""
        deadline = time.monotonic() + within_s
        while True:
            found = self.events(name)
            if found:
                return found[-1]
            if not self.running:
                raise AssertionError(f"{self.name} exited before {name}:\n{self.log()[-4000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{self.name}: no {name} in {within_s} s:\n{self.log()[-4000:]}"
                )
            await asyncio.sleep(0.1)

    async def kill(self) -> None:
        """SIGKILL: nothing runs, nothing is flushed."""
        if self.running:
            assert self._proc is not None
            self._proc.kill()
            await self._proc.wait()

    async def stop(self) -> int | None:
        """SIGTERM and wait (kill after 20 s)."""
        proc = self._proc
        if proc is None or proc.returncode is not None:
            return proc.returncode if proc else None
        proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(proc.wait(), 20)
        except TimeoutError:
            proc.kill()
            return await proc.wait()
