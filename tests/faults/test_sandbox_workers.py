"""A sandbox worker dies or hangs: runs go to another worker, or the reply says code could not
be run; no learner waits forever.

Through `mca-bot ask --code` (forked from the session's fork server) with MCA_SANDBOX_WORKERS naming a hung worker (accepts the
connection, never answers), a dead one (nothing listens) and a real `mca-bot worker`.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, cli_env
from tests.faults.harness import ForkServer, i18n

CODE = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n\nprint(fib(20))\n"
QUESTION = "Why is my recursive fib slow, and what should I measure first?"
WALL_S = 1.0
SLACK_S = 1.5
"""A worker that has not answered after WALL_S + SLACK_S counts as hung."""
UNAVAILABLE = str(i18n("en")["messages"]["sandbox_unavailable"]).split("(", maxsplit=1)[0]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def hung_worker() -> Iterator[str]:
    """Accepts TCP connections (the kernel's backlog) and never answers a request."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()


@pytest.fixture(scope="module")
def dead_worker() -> str:
    """Nothing listens here: connection refused."""
    return f"http://127.0.0.1:{_free_port()}"


@pytest.fixture(scope="module")
def healthy_worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `mca-bot worker` (real jail)."""
    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap (bwrap) is not installed: no real worker can run code")
    port = _free_port()
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(REPO_ROOT),
        MCA_SANDBOX_FIRST_UID=str(64000 + (port % 50) * 10),
        MCA_SANDBOX_CONCURRENCY="1",
        MCA_DATA_DIR=str(tmp_path_factory.mktemp("worker")),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "worker", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            assert proc.poll() is None, "the worker exited"
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the worker did not become healthy"
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def ask(server: ForkServer, tmp_path: Path, workers: list[str]) -> tuple[dict[str, object], float]:
    """`mca-bot ask --code --json` (forked) with these workers; returns (reply JSON, seconds)."""
    code = tmp_path / "fib.py"
    code.write_text(CODE)
    env = cli_env(
        tmp_path / "data",
        PYTHONPATH=str(REPO_ROOT),
        MCA_SANDBOX_ENABLED="true",
        MCA_SANDBOX_WORKERS=",".join(workers),
        MCA_SANDBOX_WALL_TIMEOUT_S=str(WALL_S),
        MCA_SANDBOX_REQUEST_SLACK_S=str(SLACK_S),
    )
    started = time.monotonic()
    done = server.cli(["ask", QUESTION, "--code", str(code), "--json"], env)
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout), took


def test_hung_and_dead_workers_are_skipped_and_a_healthy_one_runs_the_code(
    tmp_path: Path, hung_worker: str, dead_worker: str, healthy_worker: str, fork_server: ForkServer
) -> None:
    """The run goes to the healthy worker after the hung one times out; evidence is cited."""
    reply, took = ask(fork_server, tmp_path, [hung_worker, dead_worker, healthy_worker])
    sandbox = reply["sandbox"]
    assert isinstance(sandbox, dict)
    assert sandbox["status"] == "ok"
    assert sandbox["stdout"].strip() == "6765"
    assert UNAVAILABLE not in str(reply["text"])
    # A hung worker costs WALL_S + SLACK_S (here 2.5 s), not forever (it never answers): the
    # bound only has to tell those apart, on a host as loaded as CI may be.
    assert took < 45


def test_no_worker_answers_so_the_reply_says_code_could_not_be_run(
    tmp_path: Path, hung_worker: str, dead_worker: str, fork_server: ForkServer
) -> None:
    """Every worker hung or dead: a complete reply that says the code could not be run."""
    reply, took = ask(fork_server, tmp_path, [hung_worker, dead_worker])
    assert reply["sandbox"] is None
    text = str(reply["text"])
    assert UNAVAILABLE in text
    assert "could not be run" in text
    assert took < 45
