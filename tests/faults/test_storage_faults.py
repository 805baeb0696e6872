"""The database is locked by another process, or the disk is full: a clear error, no partial write.

Through the real CLI (`python -m bot ask`; forked from the session's fork server where no
mount namespace is needed). The disk-full case mounts a 2 MiB tmpfs as the data
folder in a private mount namespace (`unshare -m`, as root like CI): it fails, not skips, when
that cannot be set up.
"""

from __future__ import annotations

import shlex
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO_ROOT, cli_env
from tests.faults.harness import ForkServer

QUESTION = "How do I profile memory in a long-running asyncio service?"
SETUP_FAILED = 99


def mca(
    server: ForkServer, data_dir: Path, *args: str, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """`mca-bot ARGS` on `data_dir`, a process of its own (forked: no seconds of imports)."""
    return server.cli(list(args), cli_env(data_dir, PYTHONPATH=str(REPO_ROOT), **env))


def snapshot(db: Path) -> tuple[str, list[tuple[object, ...]], int]:
    """(integrity_check, every message's author/status/text, learner count)."""
    with sqlite3.connect(db) as conn:
        integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        messages = conn.execute("SELECT author, status, text FROM messages ORDER BY id").fetchall()
        learners = int(conn.execute("SELECT COUNT(*) FROM learners").fetchone()[0])
    return integrity, messages, learners


def test_locked_database_is_reported_quickly_and_nothing_is_written(
    data_dir: Path, fork_server: ForkServer
) -> None:
    """Another process holds the write lock: exit 74 naming the lock, within the busy timeout."""
    started = time.monotonic()
    assert mca(fork_server, data_dir, "ask", QUESTION).returncode == 0
    whole_turn = time.monotonic() - started  # this host's cost of a start plus a full turn now
    db = data_dir / "mca.sqlite3"
    before = snapshot(db)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        done = mca(
            fork_server,
            data_dir,
            "ask",
            "Why is my dict comprehension slow?",
            MCA_LIFECYCLE_DB_BUSY_TIMEOUT_S="0.3",
        )
        took = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = done.stderr.decode()
    assert done.returncode == 74, err
    assert "locked by another process" in err
    assert "Traceback" not in err
    # Refused at the short busy timeout: no slower than a whole turn, well short of the 5 s
    # default plus retries (compared with a run measured just before, so a loaded host is fair).
    assert took < whole_turn + 3.0
    assert snapshot(db) == before
    again = mca(fork_server, data_dir, "ask", "Why is my dict comprehension slow?")
    assert again.returncode == 0, again.stderr.decode()
    integrity, messages, _ = snapshot(db)
    assert integrity == "ok"
    assert [(a, s) for a, s, _ in messages] == [("learner", "answered"), ("mentor", "answered")] * 2


def test_full_disk_is_reported_and_the_database_stays_consistent(tmp_path: Path) -> None:
    """On a full disk the turn is refused with exit 74 ('full'); stored turns are intact."""
    data = tmp_path / "data"
    data.mkdir()
    py = shlex.quote(sys.executable)
    d = shlex.quote(str(data))
    question = shlex.quote("Why is my loop slow? " * 400)
    script = f"""
mount -t tmpfs -o size=2m tmpfs {d} || exit {SETUP_FAILED}
{py} -m bot ask {shlex.quote(QUESTION)} >/dev/null || exit {SETUP_FAILED}
dd if=/dev/zero of={d}/fill bs=4k 2>/dev/null
{py} -m bot ask {question} >/dev/null 2>{d}/../err.txt
echo "rc=$?"
rm {d}/fill
{py} -c "import sqlite3, json; c = sqlite3.connect('{data}/mca.sqlite3');\
 print(json.dumps([c.execute('PRAGMA integrity_check').fetchone()[0],\
 c.execute('SELECT author, status FROM messages ORDER BY id').fetchall()]))"
"""
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        capture_output=True,
        env=cli_env(data, PYTHONPATH=str(REPO_ROOT)),
        cwd=REPO_ROOT,
        timeout=90,
        check=False,
    )
    out = done.stdout.decode()
    assert done.returncode != SETUP_FAILED, f"cannot mount a tmpfs (needs root): {done.stderr!r}"
    assert done.returncode == 0, done.stderr.decode()
    assert "rc=74" in out, out
    err = (tmp_path / "err.txt").read_text()
    assert "is full" in err, err
    assert "Traceback" not in err
    last = out.strip().splitlines()[-1]
    assert last == '["ok", [["learner", "answered"], ["mentor", "answered"]]]'
