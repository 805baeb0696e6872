"""Who holds a row (inbox event, outbox turn): this process's lease identity, and who is dead.

A lease is an owner id and an expiry on a row; a process takes a row with one atomic
`UPDATE ... WHERE lease expired RETURNING`, so of two processes exactly one gets it. A live
process renews its own leases (the reaper's heartbeat); a dead one's expire and are taken.
An owner id names the machine boot, the PID namespace, the PID and the process's start time
(plus a random part), so a process on the same machine can tell at once that an owner is gone
(its PID is dead or now another process's, or it is its own previous run reusing the PID, as
PID 1 in a container does) instead of waiting, and that an owner is alive: a live process on
this machine keeps its rows even when a busy moment delayed its heartbeat past the lease
(taking them would answer its turns twice). Only an owner on another host is judged by its
lease alone.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def _read(path: str) -> str:
    try:
        return Path(path).read_text("utf-8").strip()
    except OSError:
        return ""


def _pid_namespace() -> str:
    try:
        return os.readlink("/proc/self/ns/pid").removeprefix("pid:").strip("[]")
    except OSError:
        return ""


def _started(pid: int | str) -> str:
    """The process's start time in clock ticks since boot ('' when unknown)."""
    fields = _read(f"/proc/{pid}/stat").rpartition(")")[2].split()
    return fields[19] if len(fields) > 19 else ""


def _machine() -> str:
    """The boot of this machine and our PID namespace ('' where the OS does not say)."""
    boot = _read("/proc/sys/kernel/random/boot_id")
    namespace = _pid_namespace()
    return f"{boot}.{namespace}" if boot and namespace else ""


@dataclass(frozen=True, slots=True)
class LeaseOwner:
    """A process as a lease holder: `id` goes into rows, `lease_s` is how long a lease lasts."""

    id: str
    lease_s: float = 30.0

    @classmethod
    def this_process(cls, lease_s: float = 30.0) -> LeaseOwner:
        """host/machine/pid/random: unique per process, and readable in the database."""
        host = socket.gethostname().replace("/", "_")[:40]
        pid = os.getpid()
        started = _started(pid)
        tag = f"{started}-{uuid.uuid4().hex[:8]}" if started else uuid.uuid4().hex[:8]
        return cls(f"{host}/{_machine()}/{pid}/{tag}", lease_s)

    def _local(self, owner: str) -> list[str] | None:
        """`owner`'s parts when it is another process of this machine and PID namespace."""
        mine = self.id.split("/")
        parts = owner.split("/")
        if owner == self.id or len(parts) != 4 or len(mine) != 4:
            return None
        if not parts[1] or parts[1] != mine[1] or not parts[2].isdigit():
            return None
        return parts

    def alive(self, owners: Iterable[str]) -> list[str]:
        """Owners in `owners` known to run now: this machine, PID running, same start time.

        An owner without a start time in its id (or elsewhere) is never judged alive here.
        """
        found = []
        for owner in owners:
            parts = self._local(owner)
            if parts is None or "-" not in parts[3] or parts[2] == self.id.split("/")[2]:
                continue
            started = parts[3].split("-", 1)[0]
            if _running(int(parts[2])) and _started(parts[2]) == started:
                found.append(owner)
        return found

    def dead(self, owners: Iterable[str]) -> list[str]:
        """Owners in `owners` known to be gone: same machine and PID namespace, PID not running.

        An owner elsewhere (another host or container) is never judged: its lease expires.
        """
        mine = self.id.split("/")
        gone = []
        for owner in owners:
            parts = self._local(owner)
            if parts is None:
                continue
            started = parts[3].split("-", 1)[0] if "-" in parts[3] else ""
            if (
                parts[2] == mine[2]  # our PID with another random part: our previous run
                or not _running(int(parts[2]))
                or (started and _started(parts[2]) != started)  # the PID is another's now
            ):
                gone.append(owner)
        return gone


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    state = _read(f"/proc/{pid}/stat").rpartition(")")[2].split()[:1]
    return state != ["Z"]  # a zombie has exited
