"""HAProxy from deploy/haproxy/haproxy.cfg on loopback, in front of N bot processes."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import time
from pathlib import Path

from tests.conftest import REPO_ROOT

CONFIG = REPO_ROOT / "deploy" / "haproxy" / "haproxy.cfg"
BACKEND_HEADER = "X-MCA-Backend"
"""The response header naming the process (server line) that answered."""


def haproxy_binary() -> str | None:
    """HAProxy's executable (Debian installs it in /usr/sbin, often not on a user's PATH)."""
    return shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")


def config_for(backends: int) -> str:
    """The shipped config with one `server botN "${MCA_SLACK_BOTN}"` line per backend."""
    lines = [
        line
        for line in CONFIG.read_text("utf-8").splitlines()
        if not line.startswith("    server ")
    ]
    lines += [f'    server bot{i} "${{MCA_SLACK_BOT{i}}}"' for i in range(1, backends + 1)]
    return "\n".join(lines) + "\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Balancer:
    """`haproxy -db` (foreground) on a free loopback port; `url` is what Slack would call."""

    def __init__(self, backends: list[str], folder: Path) -> None:
        self.backends = backends
        self.folder = folder
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._proc: asyncio.subprocess.Process | None = None

    async def start(self, within_s: float = 15.0) -> None:
        """Start HAProxy and wait until it accepts connections."""
        binary = haproxy_binary()
        assert binary is not None, "HAProxy is not installed"
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "haproxy.cfg"
        config.write_text(config_for(len(self.backends)), "utf-8")
        env = {**os.environ, "MCA_LB_BIND": f"127.0.0.1:{self.port}"}
        env |= {f"MCA_SLACK_BOT{i}": b for i, b in enumerate(self.backends, start=1)}
        with (self.folder / "haproxy.log").open("ab") as log:
            self._proc = await asyncio.create_subprocess_exec(
                binary, "-db", "-f", str(config), env=env,
                stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
            )  # fmt: skip
        deadline = time.monotonic() + within_s
        while True:
            if self._proc.returncode is not None:
                raise RuntimeError(f"haproxy exited {self._proc.returncode}: {self.log()}")
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"haproxy did not listen: {self.log()}") from None
                await asyncio.sleep(0.05)
                continue
            writer.close()
            return

    def log(self) -> str:
        """What HAProxy printed (alerts and warnings)."""
        path = self.folder / "haproxy.log"
        return path.read_text("utf-8", "replace") if path.exists() else ""

    async def stop(self) -> None:
        """Stop HAProxy."""
        if self._proc is not None and self._proc.returncode is None:
            self._proc.terminate()
            try:
                await asyncio.wait_for(self._proc.wait(), 10)
            except TimeoutError:
                self._proc.kill()
                await self._proc.wait()
