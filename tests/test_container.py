"""The image's command line, run as its entrypoint would run it (no Docker engine needed).

The Dockerfile's ENV, ENTRYPOINT and HEALTHCHECK are read from the file itself, so a change
there is exercised here: the bot binds every interface, serves /healthz, and the
HEALTHCHECK command tells ready from not ready.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from tests.conftest import REPO_ROOT, cli_env
from tests.fakes.slack_server import FakeSlack
from tests.platforms.slack.harness import SlackBot, free_port

DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text()


def image_env() -> dict[str, str]:
    """The runtime stage's ENV block as a dict (continuation lines joined)."""
    block = re.findall(r"^ENV ((?:.*\\\n)*.*)$", DOCKERFILE, re.M)[-1]
    return dict(item.split("=", 1) for item in shlex.split(block.replace("\\\n", " ")))


def image_command(instruction: str) -> list[str]:
    """An exec-form instruction (ENTRYPOINT, CMD, HEALTHCHECK's CMD) as a list."""
    lines = DOCKERFILE.replace("\\\n", " ").splitlines()
    line = next(x for x in reversed(lines) if x.startswith(instruction))
    return list(json.loads(line[line.index("[") :]))


def local_env(data_dir: Path, port: int) -> dict[str, str]:
    """The image's environment with its paths mapped to this checkout and a free port."""
    env = image_env()
    env["MCA_DATA_DIR"] = str(data_dir)
    env["MCA_CONFIG_DIR"] = str(REPO_ROOT / "config")
    env["MCA_HTTP_PORT"] = str(port)
    env.pop("MCA_SANDBOX_PYTHON", None)
    return env


def run_cli(
    argv: list[str], env: dict[str, str], data_dir: Path
) -> subprocess.CompletedProcess[bytes]:
    """`mca-bot ARGS` as `python -m bot ARGS` with the image's environment."""
    assert argv[0] == "mca-bot"
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv[1:]],
        env=cli_env(data_dir, **env, PYTHONPATH=str(REPO_ROOT)),
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    yield server
    await server.stop()


def test_the_image_runs_tini_then_the_bot_and_binds_every_interface() -> None:
    """pid 1 is tini (reaps orphans), the command is `mca-bot run`, HTTP on 0.0.0.0:8080."""
    entry = image_command("ENTRYPOINT")
    assert entry[0].endswith("tini")
    assert entry[entry.index("--") + 1 :] + image_command("CMD") == ["mca-bot", "run"]
    env = image_env()
    assert env["MCA_HTTP_HOST"] == "0.0.0.0"
    assert env["MCA_HTTP_PORT"] == "8080"
    assert re.search(r"^ARG PYTHON_IMAGE=\S+@sha256:[0-9a-f]{64}$", DOCKERFILE, re.M)


async def test_entrypoint_command_serves_and_healthcheck_says_ready(
    fake: FakeSlack, tmp_path: Path
) -> None:
    """The image's command line with its ENV serves Slack on 0.0.0.0; HEALTHCHECK exits 0."""
    data_dir = tmp_path / "data"
    bot = SlackBot(fake, data_dir)
    bot.port = free_port()
    bot.url = f"http://127.0.0.1:{bot.port}"
    env = local_env(data_dir, bot.port)
    bot._extra = env  # the harness's extra env is the image's
    await bot.start()
    try:
        check = run_cli(image_command("HEALTHCHECK"), env, data_dir)
    finally:
        code = await bot.stop()
    assert check.returncode == 0, check.stderr.decode()
    assert json.loads(check.stdout)["status"] == "ok"
    listening = [json.loads(line) for line in bot.log().splitlines() if '"http.listening"' in line]
    assert listening
    assert listening[0]["host"] == "0.0.0.0"
    assert code == 0


def test_healthcheck_fails_when_nothing_answers(tmp_path: Path) -> None:
    """With no bot behind the port, the HEALTHCHECK command exits 1 with one line."""
    env = local_env(tmp_path / "data", free_port())
    done = run_cli(image_command("HEALTHCHECK"), env, tmp_path / "data")
    assert done.returncode == 1
    assert b"did not answer" in done.stderr
    assert b"Traceback" not in done.stderr
