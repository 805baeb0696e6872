"""Jail uids are leased machine-wide: two bot processes never share one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.sandbox.uids import UidLeases


def test_two_holders_get_disjoint_uids(tmp_path: Path) -> None:
    """A second holder skips the uids the first one leases."""
    first = UidLeases(61000, lock_dir=tmp_path)
    second = UidLeases(61000, lock_dir=tmp_path)
    a = first.claim(5)
    b = second.claim(5)
    assert not set(a) & set(b)
    first.release()
    assert second.claim(1)[0] == a[0]


def test_lease_held_by_another_process_is_skipped(tmp_path: Path) -> None:
    """A uid leased by another live process is not handed out here."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from bot.sandbox.uids import UidLeases;"
            f"l = UidLeases(62000, lock_dir=Path({str(tmp_path)!r})); print(l.claim(3), flush=True);"
            "sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        theirs = eval(holder.stdout.readline())  # a list literal we printed
        mine = UidLeases(62000, lock_dir=tmp_path).claim(3)
        assert not set(theirs) & set(mine)
    finally:
        holder.kill()
        holder.wait()
    # The kernel released the dead holder's leases.
    assert UidLeases(62000, lock_dir=tmp_path).claim(3) == theirs


def test_too_few_free_uids_is_an_error_and_keeps_nothing(tmp_path: Path) -> None:
    """Asking for more uids than exist fails and releases the partial claim."""
    leases = UidLeases(65534 - 4096 + 2, lock_dir=tmp_path)
    with pytest.raises(OSError, match="jail uids are free"):
        leases.claim(5000)
    assert leases.held == []
