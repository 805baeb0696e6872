"""`mca-bot chat` scripts: the exit code says what happened to their questions (review10 T31)."""

from __future__ import annotations

from pathlib import Path

from bot.errors import RateLimited
from tests.faults.harness import ForkServer
from tests.test_cli import forked_mca

QUESTIONS = (
    b"How do I find what blocks my asyncio event loop?\n"
    b"Why is my pandas groupby slow on 10 million rows?\n"
)


def test_a_chat_script_whose_questions_were_held_for_the_allowance_exits_75(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """README: 75 = rate limited. A script with a held question no longer exits 0."""
    done = forked_mca(
        fork_server, data_dir, "chat", stdin=QUESTIONS, MCA_MENTOR_RATE_LIMIT_QUESTIONS="1"
    )
    assert done.returncode == RateLimited.exit_code == 75
    assert done.stdout.decode().count("**1.") == 1  # the first question was answered


def test_a_chat_script_answered_in_full_exits_0(data_dir: Path, fork_server: ForkServer) -> None:
    done = forked_mca(
        fork_server, data_dir, "chat", stdin=QUESTIONS, MCA_MENTOR_RATE_LIMIT_QUESTIONS="0"
    )
    assert done.returncode == 0
