"""Per-jail cgroups (v2 or v1): a total memory cap without swap, a process cap, a kill list.

Where the groups go (`find_base`), in this order:
- cgroup v2 (the unified hierarchy at /sys/fs/cgroup, or a cgroup2 mount that has the memory
  controller): below the bot's own cgroup (from /proc/self/cgroup), when the bot may write
  there: as root, under systemd with `Delegate=yes`, or in a container given its own
  writable cgroup. v2 forbids processes in a group that hands controllers to children, so
  the bot first moves itself into a leaf `<own>/mca-bot` when its own group is not empty.
- cgroup v1: below the bot's memory cgroup in /sys/fs/cgroup/memory (in practice: root).
Nothing writable: None and the reason, and the factory fails closed (see settings).
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
MEMORY_ROOT = CGROUP_ROOT / "memory"
GROUP_DIR = "mca-sandbox"
BOT_LEAF = "mca-bot"
KILL_ROUNDS = 200
PROBE_LIMIT_BYTES = 64 * 1024 * 1024
V2_CONTROLLERS = ("memory", "pids")


@dataclass(frozen=True, slots=True)
class MemoryUsage:
    """What the cgroup measured for one jail."""

    max_usage_bytes: int
    failcnt: int
    oom_kills: int
    cpu_ms: float | None = None
    """CPU time of every process of the jail (v2 `cpu.stat`); None where not accounted."""


@dataclass(frozen=True, slots=True)
class CgroupBase:
    """A folder where this bot may create one group per jail, and the cgroup version."""

    path: Path
    version: int

    def __fspath__(self) -> str:
        return str(self.path)

    @property
    def name(self) -> str:
        """Short name for the isolation string."""
        return f"memory-cgroup-v{self.version}"


def _own_path(version: int, proc_cgroup: Path = Path("/proc/self/cgroup")) -> str | None:
    try:
        for line in proc_cgroup.read_text().splitlines():
            hierarchy, controllers, path = line.split(":", 2)
            if version == 2 and hierarchy == "0" and controllers == "":
                return path.lstrip("/")
            if version == 1 and "memory" in controllers.split(","):
                return path.lstrip("/")
    except (OSError, ValueError):
        return None
    return None


def _v2_roots() -> list[Path]:
    """cgroup2 mounts: /sys/fs/cgroup itself (pure v2) first, then any other (hybrid)."""
    roots: list[Path] = []
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/mounts").read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "cgroup2":
                roots.append(Path(parts[1]))
    roots.sort(key=lambda p: p != CGROUP_ROOT)
    return roots


def _controllers(path: Path) -> set[str]:
    try:
        return set((path / "cgroup.controllers").read_text().split())
    except OSError:
        return set()


def _enable_v2(own: Path) -> None:
    """Hand memory and pids to the children of `own`, moving ourselves to a leaf if needed."""
    wanted = " ".join(f"+{c}" for c in V2_CONTROLLERS)
    try:
        (own / "cgroup.subtree_control").write_text(wanted)
        return
    except OSError as exc:
        if exc.errno != errno.EBUSY:
            raise
    # "No internal processes": every process of `own` (the bot, its threads) moves to a leaf.
    leaf = own / BOT_LEAF
    leaf.mkdir(exist_ok=True)
    for pid in (own / "cgroup.procs").read_text().split():
        with contextlib.suppress(ProcessLookupError, OSError):
            (leaf / "cgroup.procs").write_text(pid)
    (own / "cgroup.subtree_control").write_text(wanted)


def find_v2_base(root: Path, own: str) -> tuple[CgroupBase | None, str]:
    """Our jail folder in a cgroup2 hierarchy, or None and why not."""
    here = root / own
    if "memory" not in _controllers(here):
        return None, f"cgroup v2: the memory controller is not delegated to /{own}"
    try:
        _enable_v2(here)
        base = here / GROUP_DIR
        base.mkdir(exist_ok=True)
        (base / "cgroup.subtree_control").write_text(" ".join(f"+{c}" for c in V2_CONTROLLERS))
        probe = base / f"probe-{os.getpid()}"
        probe.mkdir(exist_ok=True)
        try:
            (probe / "memory.max").write_text(str(PROBE_LIMIT_BYTES))
            (probe / "pids.max").write_text("16")
        finally:
            JailCgroup(probe, 2).remove()
    except OSError as exc:
        return None, f"cgroup v2: /{own} is not writable by this process ({exc.strerror})"
    return CgroupBase(base, 2), ""


def find_v1_base(root: Path, own: str) -> tuple[CgroupBase | None, str]:
    """Our jail folder in the cgroup v1 memory hierarchy, or None and why not."""
    base = root / own / GROUP_DIR
    try:
        base.mkdir(exist_ok=True)
        probe = base / f"probe-{os.getpid()}"
        probe.mkdir(exist_ok=True)
        try:
            (probe / "memory.limit_in_bytes").write_text(str(PROBE_LIMIT_BYTES))
        finally:
            JailCgroup(probe, 1).remove()
    except OSError as exc:
        return None, f"cgroup v1: the memory hierarchy is not writable ({exc.strerror})"
    return CgroupBase(base, 1), ""


def find_base() -> tuple[CgroupBase | None, str]:
    """Where jail groups go (v2 preferred, then v1), or None and the reason for the logs."""
    reasons = []
    own2 = _own_path(2)
    for root in _v2_roots():
        if own2 is None:
            break
        if "memory" not in _controllers(root / own2) and root != CGROUP_ROOT:
            continue  # a hybrid host's unified mount without controllers
        base, why = find_v2_base(root, own2)
        if base is not None:
            return base, ""
        reasons.append(why)
    own1 = _own_path(1)
    if (MEMORY_ROOT / "cgroup.procs").exists() and own1 is not None:
        base, why = find_v1_base(MEMORY_ROOT, own1)
        if base is not None:
            return base, ""
        reasons.append(why)
    return None, "; ".join(reasons) or "no cgroup memory controller is mounted"


class JailCgroup:
    """One cgroup for one jail; created fresh and removed after the run."""

    def __init__(self, path: Path, version: int) -> None:
        self.path = path
        self.version = version
        self._limit = -1
        self._pids: int | None = None

    @classmethod
    def create(cls, base: CgroupBase, name: str) -> JailCgroup:
        """Make a fresh group (a stale one of the same name is emptied and replaced)."""
        path = base.path / name
        if path.exists():
            stale = cls(path, base.version)
            stale.kill_all()
            stale.remove()
        path.mkdir()
        return cls(path, base.version)

    def _write(self, name: str, value: str) -> None:
        (self.path / name).write_text(value)

    def _read_int(self, name: str) -> int:
        try:
            return int((self.path / name).read_text().strip())
        except (OSError, ValueError):
            return 0

    def _keyed(self, name: str) -> dict[str, int]:
        out: dict[str, int] = {}
        try:
            for line in (self.path / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                with contextlib.suppress(ValueError):
                    out[key] = int(value)
        except OSError:
            pass
        return out

    def set_limit(self, limit_bytes: int, max_pids: int | None = None) -> None:
        """Cap memory (swap off) and, on v2, the number of processes."""
        if self.version == 2:
            if limit_bytes != self._limit:
                self._write("memory.max", str(limit_bytes))
                if (self.path / "memory.swap.max").exists():
                    self._write("memory.swap.max", "0")
            if max_pids is not None and max_pids != self._pids:
                self._write("pids.max", str(max_pids))
                self._pids = max_pids
            self._limit = limit_bytes
            return
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
        """Peak usage, limit hits, OOM kills (and CPU time on v2) so far."""
        if self.version == 2:
            events = self._keyed("memory.events")
            cpu = self._keyed("cpu.stat").get("usage_usec")
            return MemoryUsage(
                max_usage_bytes=self._read_int("memory.peak"),
                failcnt=events.get("max", 0),
                oom_kills=events.get("oom_kill", 0),
                cpu_ms=cpu / 1000.0 if cpu is not None else None,
            )
        return MemoryUsage(
            max_usage_bytes=self._read_int("memory.max_usage_in_bytes"),
            failcnt=self._read_int("memory.failcnt"),
            oom_kills=self._keyed("memory.oom_control").get("oom_kill", 0),
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
        if self.version == 2 and (self.path / "cgroup.kill").exists():
            with contextlib.suppress(OSError):
                self._write("cgroup.kill", "1")  # atomic: no fork can escape it
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


MemoryCgroup = JailCgroup
"""The former name (v1 only), kept for callers that still use it."""


def sweep_stale(base: CgroupBase) -> int:
    """Remove jail groups left by bot processes that died without cleaning up."""
    removed = 0
    for path in base.path.glob("jail-*-*-*"):
        try:
            owner = int(path.name.split("-")[2])
        except (IndexError, ValueError):
            continue
        if owner == os.getpid() or Path(f"/proc/{owner}").exists():
            continue
        group = JailCgroup(path, base.version)
        group.kill_all()
        group.remove()
        removed += 1
    return removed
