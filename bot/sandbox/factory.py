"""build_sandbox: pick remote workers, a local bubblewrap pool, or a disabled sandbox."""

from __future__ import annotations

import os
import shutil

import structlog

from bot.sandbox.cgroup import find_base, sweep_stale
from bot.sandbox.client import DisabledSandbox, SandboxClient
from bot.sandbox.local import LocalSandbox, probe
from bot.sandbox.remote import RemoteSandbox
from bot.sandbox.settings import SandboxSettings

log = structlog.get_logger(__name__)


def build_sandbox(settings: SandboxSettings) -> SandboxClient:
    """Remote when workers are set, else a local jail if one really runs, else disabled.

    There is no unsafe fallback: without bubblewrap and user namespaces code is not run.
    """
    if not settings.enabled:
        return _disabled("code execution is disabled in the settings")
    if settings.workers:
        log.info("sandbox.remote", workers=len(settings.workers))
        return RemoteSandbox(settings.workers, settings=settings)
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return _disabled("code execution is disabled: bubblewrap (bwrap) is not installed")
    if not os.path.exists("/proc/self/ns/user"):
        return _disabled("code execution is disabled: user namespaces are not available")
    cgroup_base = find_base() if os.geteuid() == 0 else None
    if cgroup_base is not None and (stale := sweep_stale(cgroup_base)):
        log.warning("sandbox.stale_cgroups_removed", count=stale)
    reason = probe(settings, bwrap, cgroup_base)
    if reason:
        return _disabled(f"code execution is disabled: the jail does not work here ({reason})")
    sandbox = LocalSandbox(settings, bwrap=bwrap, cgroup_base=cgroup_base)
    log.info("sandbox.local", isolation=sandbox.isolation, slots=sandbox.slots)
    return sandbox


def _disabled(reason: str) -> DisabledSandbox:
    log.warning("sandbox.disabled", reason=reason)
    return DisabledSandbox(reason)
