"""Per-jail cgroup v1 memory group: a total memory cap, OOM accounting, and a kill list."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

MEMORY_ROOT = Path("/sys/fs/cgroup/memory")
GROUP_DIR = "mca-sandbox"
KILL_ROUNDS = 200


@dataclass(frozen=True, slots=True)
class MemoryUsage:
    """What the cgroup measured for one jail."""

    max_usage_bytes: int
    failcnt: int
    oom_kills: int


def find_base(root: Path = MEMORY_ROOT) -> Path | None:
    """Where our jail groups go: below our own memory cgroup, if we may create groups there."""
    if not (root / "cgroup.procs").exists():
        return None
    own = ""
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            if "memory" in controllers.split(","):
                own = path.lstrip("/")
    except (OSError, ValueError):
        return None
    base = root / own / GROUP_DIR
    try:
        base.mkdir(exist_ok=True)
        probe = base / f"probe-{os.getpid()}"
        probe.mkdir(exist_ok=True)
        (probe / "memory.limit_in_bytes").write_text(str(64 * 1024 * 1024))
        probe.rmdir()
    except OSError:
        return None
    return base


class MemoryCgroup:
    """One memory cgroup for one jail; created fresh and removed after the run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._limit = -1

    @classmethod
    def create(cls, base: Path, name: str) -> MemoryCgroup:
        """Make a fresh group (a stale one of the same name is emptied and replaced)."""
        path = base / name
        if path.exists():
            stale = cls(path)
            stale.kill_all()
            stale.remove()
        path.mkdir()
        return cls(path)

    def _write(self, name: str, value: str) -> None:
        (self.path / name).write_text(value)

    def _read_int(self, name: str) -> int:
        try:
            return int((self.path / name).read_text().strip())
        except (OSError, ValueError):
            return 0

    def set_limit(self, limit_bytes: int) -> None:
        """Cap memory (and memory+swap where swap accounting exists) at `limit_bytes`."""
        if limit_bytes == self._limit:
            return
        order = ["memory.limit_in_bytes"]
        if (self.path / "memory.memsw.limit_in_bytes").exists():
            # memsw must stay >= memory: raise it first, lower it last.
            current = self._read_int("memory.limit_in_bytes")
            if limit_bytes > current:
                order.insert(0, "memory.memsw.limit_in_bytes")
            else:
                order.append("memory.memsw.limit_in_bytes")
        for name in order:
            self._write(name, str(limit_bytes))
        self._limit = limit_bytes

    def attach(self, pid: int) -> None:
        """Move a process into the group; its future children inherit it."""
        self._write("cgroup.procs", str(pid))

    def usage(self) -> MemoryUsage:
        """Peak usage, limit hits and OOM kills so far."""
        oom_kills = 0
        try:
            for line in (self.path / "memory.oom_control").read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    oom_kills = int(value)
        except (OSError, ValueError):
            pass
        return MemoryUsage(
            max_usage_bytes=self._read_int("memory.max_usage_in_bytes"),
            failcnt=self._read_int("memory.failcnt"),
            oom_kills=oom_kills,
        )

    def pids(self) -> list[int]:
        """Processes still in the group."""
        try:
            text = (self.path / "cgroup.procs").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def kill_all(self) -> int:
        """SIGKILL every process in the group until it is empty; returns how many were hit."""
        killed = 0
        for _ in range(KILL_ROUNDS):
            pids = self.pids()
            if not pids:
                return killed
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                    killed += 1
            time.sleep(0.001)
        return killed

    def remove(self) -> None:
        """Delete the group (retrying briefly while the kernel lets go of dying tasks)."""
        for _ in range(KILL_ROUNDS):
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError as exc:
                if exc.errno != errno.EBUSY:
                    return
                self.kill_all()
                time.sleep(0.001)


def sweep_stale(base: Path) -> int:
    """Remove jail groups left by bot processes that died without cleaning up."""
    removed = 0
    for path in base.glob("jail-*-*-*"):
        try:
            owner = int(path.name.split("-")[2])
        except (IndexError, ValueError):
            continue
        if owner == os.getpid() or Path(f"/proc/{owner}").exists():
            continue
        group = MemoryCgroup(path)
        group.kill_all()
        group.remove()
        removed += 1
    return removed
