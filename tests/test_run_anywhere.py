"""`mca-bot run` where admins really start it: systemd, `docker run` without -i, nohup.

No terminal and no platform means nothing to serve (exit 0 with one line); start-up failures
(HTTP port taken, a platform unreachable) are one line naming the cause and a documented
exit code, never a traceback. Each process is forked from the session's fork server (the bot
imported and built once, tests/faults/forkserver.py): its own PID, environment, stdin and
stderr, and the same `main([...])` a fresh interpreter would run.
"""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from tests.conftest import cli_env
from tests.faults.harness import ForkServer

EX_UNAVAILABLE = 69


def _run(
    server: ForkServer, data_dir: Path, stdin: bytes | None, *argv: str, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """`mca-bot ARGV` (`run` by default); stdin /dev/null for None, else a pipe carrying it."""
    return server.cli(list(argv or ["run"]), cli_env(data_dir, **env), stdin=stdin)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("loop", ["uvloop", "asyncio"])
def test_run_with_dev_null_stdin_and_no_platform_exits_0_with_one_line(
    data_dir: Path, loop: str, fork_server: ForkServer
) -> None:
    """Under systemd or `docker run` without -i, no console opens: exit 0 and say why."""
    done = _run(fork_server, data_dir, None, MCA_EVENT_LOOP=loop)
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert "nothing to serve" in err
    assert "Traceback" not in err


def test_chat_with_dev_null_stdin_ends_cleanly(data_dir: Path, fork_server: ForkServer) -> None:
    """The console chat on /dev/null reads end of input at once and exits 0 (no abort)."""
    done = _run(fork_server, data_dir, None, "chat")
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr


def test_run_with_the_http_port_taken_names_the_port_and_exits_69(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """A busy MCA_HTTP_PORT is one line naming host and port, exit 69, no traceback."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = _run(fork_server, data_dir, b"", MCA_HTTP_PORT=str(port))
    err = done.stderr.decode()
    assert done.returncode == EX_UNAVAILABLE, err
    assert f"127.0.0.1:{port}" in err
    assert "Traceback" not in err
    assert "internal error" not in err


def test_run_with_discord_unreachable_says_so_and_exits_69(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """A Discord API that cannot be reached is named in one line (exit 69), not a traceback."""
    port = _closed_port()
    done = _run(
        fork_server,
        data_dir,
        None,
        DISCORD_TOKEN="x" * 20,
        MCA_DISCORD_API_BASE=f"http://127.0.0.1:{port}/api/v10",
        MCA_DISCORD_GATEWAY_URL=f"ws://127.0.0.1:{port}/",
    )
    err = done.stderr.decode()
    assert done.returncode == EX_UNAVAILABLE, err
    assert "Cannot reach Discord" in err
    assert "Traceback" not in err
    assert "x" * 20 not in err


def test_run_with_slack_unreachable_says_so_and_exits_69(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """A Slack Web API that cannot be reached is named in one line (exit 69)."""
    port = _closed_port()
    done = _run(
        fork_server,
        data_dir,
        None,
        SLACK_BOT_TOKEN="xoxb-" + "1" * 20,
        SLACK_APP_TOKEN="xapp-" + "2" * 20,
        MCA_SLACK_API_BASE=f"http://127.0.0.1:{port}/api/",
    )
    err = done.stderr.decode()
    assert done.returncode == EX_UNAVAILABLE, err
    assert "Cannot reach Slack" in err
    assert "Traceback" not in err
    assert "1" * 20 not in err
