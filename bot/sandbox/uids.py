"""Jail uids leased across processes, so two bots on one host never share (or kill) a uid.

Each run's uid must be unique machine-wide: RLIMIT_NPROC counts per uid, and the post-run
sweep kills every process of the uid. A lease is an flock on a per-uid lock file; the kernel
drops it when the holder dies, so a crashed bot frees its uids without any cleanup.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import tempfile
import time
from pathlib import Path

SEARCH_SPAN = 4096
"""How far above `first_uid` to look for free uids (stays below 65534, 'nobody')."""


def _lock_dir() -> Path:
    for candidate in (Path("/run/mca-sandbox"), Path(tempfile.gettempdir()) / "mca-sandbox-uids"):
        try:
            candidate.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            continue
        if os.access(candidate, os.W_OK):
            return candidate
    raise OSError("no writable folder for jail uid leases")


class UidLeases:
    """Holds flock leases on jail uids for the life of this process (or until released)."""

    def __init__(self, first_uid: int, *, lock_dir: Path | None = None) -> None:
        self._first = first_uid
        self._dir = lock_dir or _lock_dir()
        self._held: dict[int, int] = {}

    def claim(self, count: int) -> list[int]:
        """Lease `count` uids nobody else holds; raises OSError when too few are free."""
        claimed: list[int] = []
        for uid in range(self._first, self._first + SEARCH_SPAN):
            if len(claimed) == count:
                break
            if uid in self._held:
                continue
            fd = os.open(self._dir / f"uid-{uid}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            self._held[uid] = fd
            claimed.append(uid)
        if len(claimed) < count:
            self.release(claimed)
            raise OSError(f"only {len(claimed)} of {count} jail uids are free")
        return claimed

    def release(self, uids: list[int] | None = None) -> None:
        """Give uids back (all of them by default)."""
        for uid in list(self._held) if uids is None else uids:
            fd = self._held.pop(uid, None)
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)

    @property
    def held(self) -> list[int]:
        """The uids this process holds."""
        return sorted(self._held)


def kill_uid_processes(uid: int) -> int:
    """SIGKILL every process whose real, effective or saved uid is `uid`, until none is left.

    /proc/<pid> ownership lies for non-dumpable processes, so this reads the Uid: line.
    """
    if uid == 0 or uid == os.getuid():
        raise ValueError("refusing to kill processes of uid 0 or of the bot itself")
    killed = 0
    for _ in range(50):
        found = 0
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            uids: set[int] = set()
            zombie = False
            try:
                with open(f"/proc/{name}/status", "rb") as fh:
                    for line in fh:
                        if line.startswith(b"State:"):
                            zombie = line.split()[1:2] == [b"Z"]
                        elif line.startswith(b"Uid:"):
                            uids = {int(x) for x in line.split()[1:4]}
                            break
            except (OSError, ValueError):
                continue
            if uid in uids and not zombie:
                found += 1
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(name), signal.SIGKILL)
        if not found:
            return killed
        killed += found
        time.sleep(0.002)
    return killed
