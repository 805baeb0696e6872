"""The bubblewrap command line of a jail, and what is fixed when a jail starts (its spec)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.sandbox.binds import FALLBACK, Bind, system_binds
from bot.sandbox.program import SOURCE_IN_JAIL
from bot.sandbox.settings import SandboxSettings

WORK_DIR = "/tmp"  # noqa: S108 - the jail's own fresh tmpfs, not the host's /tmp
MALLOC_ARENAS = 2
"""glibc malloc arenas per process in the jail: the GIL serialises Python's allocations anyway."""
PASSTHROUGH_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
"""Not secret, and needed on some CPUs for numpy to compute correctly (see env notes)."""


@dataclass(frozen=True, slots=True)
class JailSpec:
    """What is fixed when a jail starts; a warm jail serves only runs with the same spec."""

    bwrap: str
    python: str
    packages_dir: str
    tmpfs_bytes: int
    shm_bytes: int
    seccomp: bool = False
    """Pass the seccomp filter (bot/sandbox/seccomp.py) to bwrap."""
    binds: tuple[Bind, ...] = FALLBACK
    """What the jail sees of the host (bot/sandbox/binds.py), read-only."""

    @classmethod
    def from_settings(
        cls, settings: SandboxSettings, bwrap: str, *, seccomp: bool = False
    ) -> JailSpec:
        """Take the mount-time values out of the settings."""
        packages = settings.packages_dir if os.path.isdir(settings.packages_dir or "") else ""
        return cls(
            bwrap=bwrap,
            python=settings.python,
            packages_dir=packages,
            tmpfs_bytes=settings.tmpfs_bytes,
            shm_bytes=settings.shm_bytes,
            seccomp=seccomp,
            binds=system_binds(settings.python, packages),
        )


def bwrap_argv(
    spec: JailSpec,
    *,
    harness_fd: int,
    status_fd: int,
    request_fd: int,
    report_fd: int,
    seccomp_fd: int = -1,
    harness_path: str = SOURCE_IN_JAIL,
) -> list[str]:
    """The bubblewrap command line: nothing secret, only paths, sizes and fd numbers."""
    argv = [
        spec.bwrap,
        "--unshare-all",
        "--unshare-user",
        "--disable-userns",
        "--die-with-parent",
        "--new-session",
        "--as-pid-1",
        "--json-status-fd",
        str(status_fd),
    ]
    for source, dest in spec.binds:
        argv += ["--ro-bind", source, dest]
    for name in ("lib", "lib64", "bin", "sbin"):
        target = Path("/") / name
        if target.is_symlink():  # merged /usr: /lib -> usr/lib (the binds sit below /usr)
            argv += ["--symlink", os.readlink(target), f"/{name}"]
    argv += [
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        str(spec.shm_bytes),
        "--tmpfs",
        "/dev/shm",  # noqa: S108 - a fresh tmpfs inside the jail
        "--remount-ro",
        "/dev",
        "--size",
        str(spec.tmpfs_bytes),
        "--tmpfs",
        WORK_DIR,
        "--ro-bind-data",
        str(harness_fd),
        harness_path,
    ]
    if spec.packages_dir:
        argv += ["--ro-bind", spec.packages_dir, spec.packages_dir]
    argv += ["--remount-ro", "/", "--chdir", WORK_DIR, "--clearenv"]
    if seccomp_fd >= 0:
        argv += ["--seccomp", str(seccomp_fd)]
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": WORK_DIR,
        "TMPDIR": WORK_DIR,
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        # glibc gives each thread its own malloc arena (64 MiB of address space each, up to
        # 8 per core): under the per-process RLIMIT_AS only ~5 threads started (review12 V6).
        "MALLOC_ARENA_MAX": str(MALLOC_ARENAS),
    }
    env.update({k: os.environ[k] for k in PASSTHROUGH_ENV if k in os.environ})
    for key, value in env.items():
        argv += ["--setenv", key, value]
    # -S: the site module's path scan is skipped (nothing of it is in the jail); the harness
    # adds the builtins it would have made (exit, quit, help, ...).
    argv += [spec.python, "-I", "-S", harness_path, str(request_fd), str(report_fd)]
    return argv
