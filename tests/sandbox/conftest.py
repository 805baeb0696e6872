"""Fixtures for the real jail: small limits from SandboxSettings, a host-clean check."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sandbox.cgroup import CgroupBase, find_base
from bot.sandbox.local import LocalSandbox, probe
from bot.sandbox.settings import KiB, MiB, SandboxSettings
from bot.sandbox.uids import kill_uid_processes

TEST_FIRST_UID = int(os.environ.get("MCA_TEST_FIRST_UID", "62000"))
"""Apart from a bot that may run on this host (61000...); another range for parallel runs."""


def jail_settings(**overrides: object) -> SandboxSettings:
    """Small limits so abuse cases end fast."""
    values: dict[str, object] = {
        "wall_timeout_s": 2.0,
        "cpu_time_s": 1,
        "memory_bytes": 64 * MiB,
        "max_processes": 16,
        "max_output_bytes": 16 * KiB,
        "tmpfs_bytes": 4 * MiB,
        "shm_bytes": 1 * MiB,
        "concurrency": 2,
        "queue_size": 64,
        "first_uid": TEST_FIRST_UID,
    }
    values.update(overrides)
    return SandboxSettings.model_validate(values)


@pytest.fixture(scope="session")
def jail_env() -> tuple[str, CgroupBase | None]:
    """bwrap and the cgroup base; FAILS (never skips) when the jail cannot be set up."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        pytest.fail("bubblewrap (bwrap) is not installed: the jail cannot be tested")
    if os.geteuid() != 0:
        pytest.fail("the jail suite runs as root (like CI) to prove the uid drop")
    base, why = find_base()
    if base is None:
        pytest.fail(f"no memory cgroup for the jail suite: {why}")
    reason = probe(jail_settings(), bwrap, base)
    if reason:
        pytest.fail(f"the jail does not work here: {reason}")
    return bwrap, base


def uid_range(settings: SandboxSettings) -> range:
    slots = settings.concurrency or os.cpu_count() or 1
    return range(settings.first_uid, settings.first_uid + 2 * slots + 1)


def leased_uids(sandbox: LocalSandbox) -> list[int]:
    """The uids this sandbox leased: other test processes on the host may hold the rest."""
    return sandbox._leases.held if sandbox._leases is not None else []


def processes_of(uids: range) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            text = Path(f"/proc/{name}/status").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("State:") and "Z" in line.split()[1:2]:
                break
            if line.startswith("Uid:"):
                if any(int(u) in uids for u in line.split()[1:4]):
                    found.append(int(name))
                break
    return found


async def assert_host_clean(sandbox: LocalSandbox, settings: SandboxSettings) -> None:
    """No process of a used jail uid is left and no cgroup of a used jail remains.

    Warm jails (pre-started, waiting for their one request) are the only jail processes
    allowed to exist between runs.
    """
    await sandbox.settled()  # teardown and uid sweep run just after the report is returned
    if sandbox._refill_task is not None:
        await sandbox._refill_task
    warm = {jail.uid for jail in sandbox._warm}
    warm_groups = {jail.cgroup.path.name for jail in sandbox._warm if jail.cgroup is not None}
    used = range(0)
    assert [u for u in leased_uids(sandbox) if u not in warm and processes_of(range(u, u + 1))] == [
        *used
    ]
    base = sandbox._cgroup_base
    if base is not None:
        ours = {f"jail-{uid}-" for uid in leased_uids(sandbox)}
        left = [p.name for p in base.path.iterdir() if p.name[: len(next(iter(ours)))] in ours]
        assert [name for name in left if name not in warm_groups] == []


@pytest.fixture
async def sandbox(jail_env: tuple[str, CgroupBase | None]) -> AsyncIterator[LocalSandbox]:
    bwrap, base = jail_env
    settings = jail_settings()
    box = LocalSandbox(settings, bwrap=bwrap, cgroup_base=base)
    await box.start()
    held = leased_uids(box)
    try:
        yield box
    finally:
        await box.aclose()
        for uid in held:  # only ours: another test run on this host may use the next uids
            kill_uid_processes(uid)
