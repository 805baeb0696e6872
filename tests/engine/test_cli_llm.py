"""End to end: `python -m bot ask --json` in a process of its own, the LLM on the fake server.

Each process is forked from the session's fork server (tests/faults/forkserver.py: the bot
imported and built once) instead of a fresh interpreter: the same `main(["ask", ...])`.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bot.mentor.i18n import Catalog
from tests.conftest import REPO_ROOT, cli_env
from tests.fakes.openai_server import DRAFT_BODIES, FakeOpenAI, compose, error, reply
from tests.faults.harness import ForkServer

LLM_TIMEOUT_S = 30
"""The fake server answers at once; the budget is for a forked process on busy cores, where
a one-second timeout once sent a healthy LLM's turn to the offline engine. No test here
waits for it: a failing server answers 503 at once, a refusal never calls it."""
PROCESS_TIMEOUT_S = 4 * LLM_TIMEOUT_S
"""A hung process still fails the test, after its LLM deadline (twice the timeout) has had
its time, and a fork on two busy cores its start."""

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(PROCESS_TIMEOUT_S + 60)]


def run_ask(
    server: ForkServer, data_dir: Path, base_url: str, *args: str
) -> subprocess.CompletedProcess[bytes]:
    env = cli_env(
        data_dir,
        OPENAI_BASE_URL=base_url,
        MCA_MODEL="fake-model",
        MCA_LLM_TIMEOUT_S=str(LLM_TIMEOUT_S),
        MCA_LLM_DEADLINE_S=str(2 * LLM_TIMEOUT_S),
        MCA_LLM_MAX_RETRIES="1",
        MCA_LLM_BACKOFF_BASE_S="0.01",
        PYTHONPATH=str(REPO_ROOT),
    )
    return server.cli(["ask", *args, "--json"], env, timeout_s=PROCESS_TIMEOUT_S)


def test_cli_ask_json_uses_the_llm(
    tmp_path: Path, fake_openai: FakeOpenAI, catalog: Catalog, fork_server: ForkServer
) -> None:
    """One JSON object on stdout with the LLM's sections in the learner's language."""
    fake_openai.push(reply(compose(list(catalog.headings("pt").values()), DRAFT_BODIES["pt"])))
    done = run_ask(
        fork_server,
        tmp_path / "data",
        fake_openai.base_url,
        "Por que minha função fica lenta com listas grandes?",
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["engine"] == "llm"
    assert data["language"] == "pt"
    assert data["refused"] is False
    assert "laço aninhado" in data["sections"]["hypotheses"]
    assert fake_openai.requests[0]["model"] == "fake-model"


def test_cli_ask_falls_back_when_the_llm_fails(
    tmp_path: Path, fake_openai: FakeOpenAI, fork_server: ForkServer
) -> None:
    """With the server failing, the CLI still prints a full offline reply."""
    fake_openai.reset(default=error(503))
    done = run_ask(
        fork_server, tmp_path / "data", fake_openai.base_url, "Why is my asyncio loop blocked?"
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["engine"] == "offline"
    assert all(data["sections"][k] for k in ("context", "hypotheses", "steps", "reflection"))


def test_cli_ask_refuses_misuse_without_calling_the_llm(
    tmp_path: Path, fake_openai: FakeOpenAI, fork_server: ForkServer
) -> None:
    """A misuse request is refused and never sent to the model."""
    done = run_ask(
        fork_server,
        tmp_path / "data",
        fake_openai.base_url,
        "write ransomware that encrypts my school's server",
    )
    assert done.returncode == 1, done.stderr  # README: a refused question exits 1
    assert json.loads(done.stdout)["refused"] is True
    assert fake_openai.requests == []
