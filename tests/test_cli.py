"""The `mca-bot` CLI as a newcomer and a script use it: contracts, exit codes, bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.mentor.models import SECTION_KEYS
from tests.conftest import cli_env
from tests.faults.harness import ForkServer

CONTRACT_KEYS = {"thread", "language", "role", "engine", "sections", "text", "sandbox", "refused"}


def forked_mca(
    server: ForkServer, data_dir: Path, *args: str, stdin: bytes | None = None, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """`python -m bot ARGS` on `data_dir`: a process of its own, forked from the session's fork
    server (which imported and built the bot once); `stdin` arrives through a pipe."""
    return server.cli(list(args), cli_env(data_dir, **env), stdin=stdin)


def test_ask_json_matches_the_contract(data_dir: Path, fork_server: ForkServer) -> None:
    """`ask --json` prints exactly one JSON object with every contract key on stdout."""
    done = forked_mca(
        fork_server, data_dir, "ask", "How do I find what blocks my asyncio event loop?", "--json"
    )
    assert done.returncode == 0, done.stderr.decode()
    reply = json.loads(done.stdout)
    assert set(reply) == CONTRACT_KEYS
    assert set(reply["sections"]) == set(SECTION_KEYS)
    assert reply["language"] == "en"
    assert reply["engine"] == "offline"
    assert reply["refused"] is False
    assert all(reply["sections"][k].strip() for k in SECTION_KEYS if k != "scaffold")


def test_chat_answers_portuguese_question_with_localized_headings(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """The issue's acceptance line: a Portuguese question gets all 7 Portuguese headings."""
    line = b"/mca ask Como encontro o que bloqueia meu event loop asyncio?\n"
    done = forked_mca(fork_server, data_dir, "chat", stdin=line)
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    for heading in (
        "Perguntas de contexto",
        "Hipóteses mensuráveis",
        "Passos práticos",
        "Esqueleto de código",
        "Tópicos praticados",
        "Próximos passos e referências",
        "Reflexão e evidências",
    ):
        assert heading in out


def test_ask_thread_continues_across_processes(data_dir: Path, fork_server: ForkServer) -> None:
    """A second process continues the thread from SQLite and sees the first question."""
    first = json.loads(
        forked_mca(
            fork_server, data_dir, "ask", "My asyncio service stalls under load", "--json"
        ).stdout
    )
    second = forked_mca(
        fork_server,
        data_dir,
        "ask",
        "and what about timeouts?",
        "--thread",
        first["thread"],
        "--json",
    )
    assert second.returncode == 0, second.stderr.decode()
    reply = json.loads(second.stdout)
    assert reply["thread"] == first["thread"]
    assert "My asyncio service stalls under load" in reply["sections"]["context"]
    with sqlite3.connect(data_dir / "mca.sqlite3") as conn:
        rows = conn.execute("SELECT author, status FROM messages ORDER BY id").fetchall()
    assert rows == [
        ("learner", "answered"),
        ("mentor", "answered"),
        ("learner", "answered"),
        ("mentor", "answered"),
    ]


def test_chat_keeps_a_fenced_multiline_message_together(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """Lines inside a ``` fence form one message, so the code reaches the mentor whole."""
    script = (
        b"/mca ask why is this slow?\n```python\nimport asyncio\nasync def main():\n    pass\n```\n"
    )
    done = forked_mca(fork_server, data_dir, "chat", stdin=script)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().count("[thread ") == 1
    with sqlite3.connect(data_dir / "mca.sqlite3") as conn:
        (text,) = conn.execute("SELECT text FROM messages WHERE author = 'learner'").fetchone()
    assert "async def main()" in text


def test_chat_plain_lines_continue_and_new_starts_another_thread(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """Plain lines follow up in the current thread; `/mca new` opens a fresh one."""
    script = b"/mca ask how do I profile memory?\nand with tracemalloc?\n/mca new\n/mca ask how do I package a wheel?\n"
    done = forked_mca(fork_server, data_dir, "chat", stdin=script)
    assert done.returncode == 0, done.stderr.decode()
    with sqlite3.connect(data_dir / "mca.sqlite3") as conn:
        threads = conn.execute(
            "SELECT t.id, COUNT(m.id) FROM threads t JOIN messages m ON m.thread_id = t.id"
            " WHERE m.author = 'learner' GROUP BY t.id ORDER BY t.id"
        ).fetchall()
    assert [count for _, count in threads] == [2, 1]


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        (("ask", ""), None, "Please write a question"),
        (("ask", "   \n\t "), None, "Please write a question"),
        (("ask", "a" * 100_000), None, "the limit is 12000"),
        (("ask", "--code", "/nonexistent/file.py", "why?"), None, "Cannot read the code file"),
        # read to one byte past the limit, never whole (review14 X21: 3.6 GB RSS after 90 s)
        (("ask", "--code", "/dev/zero", "why slow?"), None, "larger than the limit of 65536"),
    ],
    ids=["empty", "blank", "100kB", "missing-code-file", "endless-code-file"],
)
def test_ask_bad_input_is_refused_with_a_clear_message(
    data_dir: Path,
    args: tuple[str, ...],
    stdin: bytes | None,
    expected: str,
    fork_server: ForkServer,
) -> None:
    """Bad input to `ask` gets a clear message and exit code 2; nothing is stored."""
    done = forked_mca(fork_server, data_dir, *args, stdin=stdin)
    assert done.returncode == 2
    assert expected in done.stderr.decode()
    assert done.stdout == b""
    if (data_dir / "mca.sqlite3").exists():
        with sqlite3.connect(data_dir / "mca.sqlite3") as conn:
            assert conn.execute("SELECT COUNT(*) FROM messages").fetchone() == (0,)


def test_ask_code_file_with_binary_content_is_refused(
    data_dir: Path, tmp_path: Path, fork_server: ForkServer
) -> None:
    """A code file that is not UTF-8 text is refused politely (exit 2)."""
    blob = tmp_path / "blob.py"
    blob.write_bytes(b"\xff\xfe\x00\x01binary")
    done = forked_mca(fork_server, data_dir, "ask", "why does this fail?", "--code", str(blob))
    assert done.returncode == 2
    assert "UTF-8" in done.stderr.decode()


def test_chat_skips_invalid_utf8_and_nul_lines_but_answers_the_rest(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """Bad lines get a clear message, good lines still get answers, and the exit code says 1."""
    script = (
        b"/mca ask \xff\xfe broken\n/mca ask has a \x00 nul\n/mca ask how do I profile memory?\n"
    )
    done = forked_mca(fork_server, data_dir, "chat", stdin=script)
    out = done.stdout.decode()
    assert done.returncode == 1
    assert "not valid UTF-8" in out
    assert "binary data" in out
    assert out.count("[thread ") == 1


def test_chat_unknown_subcommand_gets_help_hint(data_dir: Path, fork_server: ForkServer) -> None:
    """An unknown `/mca` subcommand names itself and points to `/mca help`."""
    done = forked_mca(fork_server, data_dir, "chat", stdin=b"/mca frobnicate now\n")
    assert done.returncode == 1
    assert "Unknown command `/mca frobnicate`" in done.stdout.decode()


def test_corrupt_database_is_reported_and_left_untouched(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """A database file that is not SQLite stops the CLI with exit 74 and is not modified."""
    data_dir.mkdir(parents=True)
    db = data_dir / "mca.sqlite3"
    junk = b"this is not a database, but it is somebody's data" * 100
    db.write_bytes(junk)
    done = forked_mca(fork_server, data_dir, "ask", "How do I profile?")
    assert done.returncode == 74
    assert "not a valid SQLite database" in done.stderr.decode()
    assert db.read_bytes() == junk


def test_missing_data_dir_is_created(data_dir: Path, fork_server: ForkServer) -> None:
    """A data folder that does not exist yet is created on first use."""
    nested = data_dir / "deeper" / "still"
    done = forked_mca(fork_server, nested, "ask", "How do I profile?", "--json")
    assert done.returncode == 0, done.stderr.decode()
    assert (nested / "mca.sqlite3").exists()


def test_data_dir_that_is_a_file_gives_a_clear_error(
    tmp_path: Path, fork_server: ForkServer
) -> None:
    """A data path that is a regular file is reported, not crashed on."""
    blocker = tmp_path / "data"
    blocker.write_text("I am a file")
    done = forked_mca(fork_server, blocker / "sub", "ask", "How do I profile?")
    assert done.returncode == 74
    assert "Cannot create the data folder" in done.stderr.decode()


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None,
    reason="needs root and util-linux unshare to mount the data folder read-only",
)
def test_read_only_database_is_reported_and_nothing_is_lost(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """On a read-only data folder the turn is refused with exit 74 and stored turns survive."""
    first = forked_mca(fork_server, data_dir, "ask", "How do I profile memory?", "--json")
    assert first.returncode == 0, first.stderr.decode()
    d = str(data_dir)
    cmd = (
        f"mount --bind {d} {d} && mount -o remount,bind,ro {d} && "
        f"exec {sys.executable} -m bot ask 'How do I package?'"
    )
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", cmd],
        capture_output=True,
        env=cli_env(data_dir),
        timeout=60,
        check=False,
    )
    assert done.returncode == 74, done.stderr.decode()
    assert "read-only" in done.stderr.decode() or "readonly" in done.stderr.decode()
    with sqlite3.connect(data_dir / "mca.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM messages").fetchone() == (2,)


def test_invalid_setting_names_key_source_and_type(
    data_dir: Path, tmp_path: Path, fork_server: ForkServer
) -> None:
    """A bad value in MCA_CONFIG's file stops the start with exit 78 and says where."""
    extra = tmp_path / "site.toml"
    extra.write_text("[sandbox]\nmax_processes = 'lots'\n")
    done = forked_mca(
        fork_server, data_dir, "ask", "hi there, how do I profile?", MCA_CONFIG=str(extra)
    )
    assert done.returncode == 78
    err = done.stderr.decode()
    assert "sandbox.max_processes" in err
    assert str(extra) in err
    assert "integer" in err


def test_logs_go_to_stderr_so_json_stdout_stays_parseable(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """With --json, stdout holds only the JSON object even when logs are emitted."""
    done = forked_mca(
        fork_server, data_dir, "ask", "How do I profile?", "--json", MCA_LOG_LEVEL="debug"
    )
    assert done.returncode == 0
    json.loads(done.stdout)
    assert b"mentor.turn_answered" in done.stderr


def _free_port() -> int:
    import socket  # noqa: PLC0415

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_run_without_tokens_opens_console_and_serves_metrics(data_dir: Path) -> None:
    """`run` with no platform says so, chats on stdin, and serves /metrics and /healthz."""
    import time  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(data_dir, MCA_HTTP_PORT=str(port)),
    )
    try:
        assert proc.stdin is not None
        proc.stdin.write(b"/mca ask How do I profile memory in my service?\n")
        proc.stdin.flush()
        deadline = time.monotonic() + 30
        metrics = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/metrics", timeout=2
                ) as r:  # loopback URL built above
                    metrics = r.read().decode()
                if 'mca_turns_total{outcome="ok",platform="console"} 1.0' in metrics:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/healthz", timeout=2
        ) as r:  # loopback URL built above
            health = json.loads(r.read())
        out, err = proc.communicate(b"", timeout=30)
    finally:
        proc.kill()
    assert 'mca_turns_total{outcome="ok",platform="console"} 1.0' in metrics
    frozen = re.search(r"^mca_gc_frozen_objects (\S+)$", metrics, re.M)
    assert frozen is not None
    assert float(frozen.group(1)) > 20_000
    assert health["status"] == "ok"
    assert proc.returncode == 0
    assert b"No Discord or Slack token is set" in err
    assert b"[thread " in out


def test_sigterm_stops_the_console_bot_promptly_with_exit_0(data_dir: Path) -> None:
    """`run` in console mode drains and exits 0 on SIGTERM, even while stdin stays open."""
    import signal  # noqa: PLC0415
    import time  # noqa: PLC0415

    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(data_dir),
    )
    try:
        assert proc.stdin is not None
        proc.stdin.write(b"/mca ask How do I profile memory in my service?\n")
        proc.stdin.flush()
        assert proc.stdout is not None
        assert b"[thread " in proc.stdout.readline()  # answered: the bot is up and reading
        proc.send_signal(signal.SIGTERM)
        started = time.monotonic()
        code = proc.wait(timeout=30)
        waited = time.monotonic() - started
    finally:
        proc.kill()
    assert code == 0
    assert waited < 10  # not stuck on the open stdin until the pipe closes


def test_chat_refuses_an_overlong_line_and_keeps_going(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """A 2 MB line is refused with the limit named; the next question is still answered."""
    script = b"/mca ask " + b"x" * (2 * 1024 * 1024) + b"\n/mca ask how do I profile memory?\n"
    done = forked_mca(fork_server, data_dir, "chat", stdin=script)
    out = done.stdout.decode()
    assert "[line 1]" in out
    assert "1048576" in out
    assert out.count("[thread ") == 1
