"""build_sandbox: pick remote workers, a local bubblewrap pool, or a disabled sandbox."""

from __future__ import annotations

import os
import shutil

import structlog

from bot.sandbox.cgroup import find_base, sweep_stale
from bot.sandbox.client import DisabledSandbox, SandboxClient
from bot.sandbox.local import LocalSandbox, probe, seccomp_available
from bot.sandbox.remote import RemoteSandbox
from bot.sandbox.settings import SandboxSettings

log = structlog.get_logger(__name__)


def build_sandbox(settings: SandboxSettings) -> SandboxClient:
    """Remote when workers are set, else a local jail if one really runs, else disabled.

    There is no unsafe fallback: without bubblewrap and user namespaces code is not run, and
    without a memory cgroup neither, unless `require_memory_limit` is false. Start-up logs
    one line, `sandbox.isolation`, saying which isolation is active and why.
    """
    if not settings.enabled:
        return _disabled("code execution is disabled in the settings")
    if settings.workers:
        log.info("sandbox.isolation", isolation="remote", why=f"{len(settings.workers)} worker(s)")
        return RemoteSandbox(settings.workers, settings=settings)
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return _disabled("code execution is disabled: bubblewrap (bwrap) is not installed")
    if not os.path.exists("/proc/self/ns/user"):
        return _disabled("code execution is disabled: user namespaces are not available")
    cgroup_base, why = find_base()
    if cgroup_base is None and settings.require_memory_limit:
        return _disabled(
            "code execution is disabled: no memory limit can be enforced "
            f"({why}); see the README's sandbox section, or set "
            "MCA_SANDBOX_REQUIRE_MEMORY_LIMIT=false to run with rlimits only"
        )
    no_seccomp = seccomp_available()
    if no_seccomp and settings.require_seccomp:
        return _disabled(
            f"code execution is disabled: no syscall filter ({no_seccomp}); install "
            "libseccomp2, or set MCA_SANDBOX_REQUIRE_SECCOMP=false to run without it"
        )
    if cgroup_base is not None and (stale := sweep_stale(cgroup_base)):
        log.warning("sandbox.stale_cgroups_removed", count=stale)
    reason = probe(settings, bwrap, cgroup_base, seccomp=not no_seccomp)
    if reason:
        return _disabled(f"code execution is disabled: the jail does not work here ({reason})")
    sandbox = LocalSandbox(settings, bwrap=bwrap, cgroup_base=cgroup_base, seccomp=not no_seccomp)
    if cgroup_base is None:
        why = f"no memory cgroup ({why}) and require_memory_limit is false"
    else:
        why = f"jail groups in {cgroup_base.path}"
    if no_seccomp:
        why += f"; no seccomp filter ({no_seccomp}) and require_seccomp is false"
    log.info("sandbox.isolation", isolation=sandbox.isolation, why=why, slots=sandbox.slots)
    return sandbox


def _disabled(reason: str) -> DisabledSandbox:
    log.warning("sandbox.isolation", isolation="none", why=reason)
    return DisabledSandbox(reason)
