"""The jail's seccomp filter: kernel attack surface a Python learner never needs, denied.

Built once per process with libseccomp (pyseccomp: ctypes over the system's libseccomp2) and
handed to bwrap as a compiled BPF program (`--seccomp FD`). Denied calls fail with an errno
(EPERM, or ENOSYS where libc falls back, EAFNOSUPPORT for socket families), never a kill, so
Python raises a clean OSError. Calls from another ABI (i386 `int 0x80`, x32) kill the thread.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
from typing import Any

DENIED = (
    # io_uring bypasses most syscall filtering; userfaultfd and bpf are exploit staples.
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "userfaultfd",
    "bpf",
    "perf_event_open",
    # The kernel keyring.
    "keyctl",
    "add_key",
    "request_key",
    # Looking into or steering other processes.
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "kcmp",
    # Mounts and namespaces.
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsmount",
    "fsconfig",
    "fspick",
    "mount_setattr",
    "unshare",
    "setns",
    # Secret memory, kernels, modules and the machine.
    "memfd_secret",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "reboot",
    "swapon",
    "swapoff",
    "acct",
    "quotactl",
    "syslog",
    "iopl",
    "ioperm",
    "name_to_handle_at",
    "open_by_handle_at",
    # SysV shared memory and message queues outlive their process and escape RLIMIT_AS:
    # POSIX shared memory (/dev/shm, multiprocessing.shared_memory) is a capped tmpfs instead.
    "shmget",
    "msgget",
    # memfd pages are shared memory outside RLIMIT_AS too: without a memory cgroup 60 memfds
    # of 8 MiB (RLIMIT_FSIZE each) held 480 MiB against a 128 MiB limit, status ok.
    "memfd_create",
)
ENOSYS_DENIED = ("clone3",)
"""clone3's flags sit in memory seccomp cannot read: ENOSYS makes libc fall back to clone."""
CLONE_NAMESPACE_FLAGS = (
    0x00020000,  # CLONE_NEWNS
    0x02000000,  # CLONE_NEWCGROUP
    0x04000000,  # CLONE_NEWUTS
    0x08000000,  # CLONE_NEWIPC
    0x10000000,  # CLONE_NEWUSER
    0x20000000,  # CLONE_NEWPID
    0x40000000,  # CLONE_NEWNET
    0x00000080,  # CLONE_NEWTIME
)
ALLOWED_FAMILIES = (1, 2, 10)
"""AF_UNIX, AF_INET, AF_INET6; every other family (netlink, vsock, packet, alg...) refused."""
SOCKET_CALLS = ("socket", "socketpair")


class SeccompUnavailable(RuntimeError):
    """libseccomp (or pyseccomp) is missing: the jail would run without a syscall filter."""


@functools.cache
def filter_bpf() -> bytes:
    """The compiled BPF program (built once per process; raises SeccompUnavailable)."""
    try:
        import pyseccomp as sc  # type: ignore[import-untyped]  # noqa: PLC0415 - ctypes, optional
    except (ImportError, OSError) as exc:
        raise SeccompUnavailable(f"libseccomp is not usable ({exc})") from exc
    try:
        flt = sc.SyscallFilter(sc.ALLOW)
        for name in DENIED:
            _deny(flt, sc.ERRNO(errno.EPERM), name)
        for name in ENOSYS_DENIED:
            _deny(flt, sc.ERRNO(errno.ENOSYS), name)
        for flag in CLONE_NAMESPACE_FLAGS:
            flt.add_rule(sc.ERRNO(errno.EPERM), "clone", sc.Arg(0, sc.MASKED_EQ, flag, flag))
        refuse = sc.ERRNO(errno.EAFNOSUPPORT)
        top = max(ALLOWED_FAMILIES)
        for call in SOCKET_CALLS:
            # Any value above the highest allowed one (upper bits included) is refused...
            flt.add_rule(refuse, call, sc.Arg(0, sc.GT, top))
            # ...and every value below it that is not allowed.
            for family in range(top):
                if family not in ALLOWED_FAMILIES:
                    flt.add_rule(refuse, call, sc.Arg(0, sc.EQ, family))
        fd = os.memfd_create("mca-seccomp")
        try:
            with os.fdopen(os.dup(fd), "wb") as out:
                flt.export_bpf(out)
            os.lseek(fd, 0, os.SEEK_SET)
            chunks = []
            while chunk := os.read(fd, 1 << 16):
                chunks.append(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        raise SeccompUnavailable(f"the seccomp filter could not be built ({exc})") from exc
    program = b"".join(chunks)
    if not program:
        raise SeccompUnavailable("the seccomp filter compiled to nothing")
    return program


def _deny(flt: Any, action: int, name: str) -> None:
    """Add one rule; a call this kernel's tables do not know is skipped (it cannot be made)."""
    with contextlib.suppress(ValueError, OSError):
        flt.add_rule(action, name)


def program_fd(program: bytes) -> int:
    """A fresh memfd holding the program, at offset 0, for one bwrap start."""
    fd = os.memfd_create("mca-seccomp")
    view = memoryview(program)
    while view:
        view = view[os.write(fd, view) :]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
