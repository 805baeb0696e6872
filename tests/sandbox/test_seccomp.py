"""The jail's syscall filter: each denied call and socket family fails cleanly, the rest works."""

from __future__ import annotations

import errno
import platform
import textwrap

import pytest

from bot.sandbox.local import LocalSandbox
from bot.sandbox.report import RunStatus
from bot.sandbox.seccomp import filter_bpf

pytestmark = pytest.mark.jail

X86_64_CALLS = {
    "io_uring_setup": (425, "1, ctypes.byref(params)"),
    "io_uring_enter": (426, "0, 0, 0, 0, 0, 0"),
    "io_uring_register": (427, "0, 0, 0, 0"),
    "userfaultfd": (323, "1"),
    "keyctl": (250, "0, -2, 0"),
    "add_key": (248, 'b"user", b"mca", b"x", 1, -2'),
    "request_key": (249, 'b"user", b"mca", None, 0'),
    "bpf": (321, "0, 0, 0"),
    "perf_event_open": (298, "ctypes.byref(attr), 0, -1, -1, 0"),
    "ptrace": (101, "0, 0, 0, 0"),
    "mount": (165, 'b"none", b"/tmp", b"tmpfs", 0, None'),
    "umount2": (166, 'b"/tmp", 0'),
    "pivot_root": (155, 'b"/tmp", b"/tmp"'),
    "unshare": (272, "0"),
    "setns": (308, "0, 0"),
    "memfd_secret": (447, "0"),
    "kexec_load": (246, "0, 0, 0, 0"),
    "kexec_file_load": (320, "0, 0, 0, 0, 0"),
    "shmget": (29, "0, 4096, 0o1600"),
    "msgget": (68, "0, 0o1600"),
    "memfd_create": (319, 'b"mca", 0'),
}
"""(number, arguments) on x86-64; several of these SUCCEED without the filter."""

FAMILIES = {"AF_NETLINK": 16, "AF_PACKET": 17, "AF_VSOCK": 40, "AF_ALG": 38, "AF_KEY": 15}


def _syscall_probe(name: str) -> str:
    number, args = X86_64_CALLS[name]
    return textwrap.dedent(
        f"""
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        params = ctypes.create_string_buffer(120)
        attr = ctypes.create_string_buffer(128)
        attr[4] = 128  # perf_event_attr.size
        result = libc.syscall({number}, {args})
        print("result", result, ctypes.get_errno())
        """
    )


def test_filter_is_built_once_per_process() -> None:
    """The BPF program is compiled once and then reused from the cache."""
    assert filter_bpf() is filter_bpf()
    assert len(filter_bpf()) % 8 == 0  # struct sock_filter is 8 bytes


@pytest.mark.skipif(platform.machine() != "x86_64", reason="syscall numbers are x86-64's")
@pytest.mark.parametrize("name", sorted(X86_64_CALLS))
async def test_denied_syscall_fails_with_an_errno(sandbox: LocalSandbox, name: str) -> None:
    """Each denied call returns -1 with the filter's EPERM (not the kernel's own answer)."""
    report = await sandbox.profile(_syscall_probe(name))
    assert report.status is RunStatus.OK, report.stderr
    assert "seccomp" in report.isolation
    _, result, err = report.stdout.split()
    assert int(result) == -1, report.stdout
    assert int(err) == errno.EPERM, report.stdout


@pytest.mark.parametrize("family", sorted(FAMILIES))
async def test_socket_family_outside_unix_and_ip_is_refused(
    sandbox: LocalSandbox, family: str
) -> None:
    """netlink, packet, vsock, alg and key sockets fail with EAFNOSUPPORT, as a Python OSError."""
    code = textwrap.dedent(
        f"""
        import socket
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_RAW):
            try:
                socket.socket({FAMILIES[family]}, kind).close()
                print("OPENED")
            except OSError as e:
                print("refused", e.errno)
        """
    )
    report = await sandbox.profile(code)
    assert report.status is RunStatus.OK, report.stderr
    assert report.stdout.split() == ["refused", str(errno.EAFNOSUPPORT)] * 3


async def test_allowed_calls_still_work(sandbox: LocalSandbox) -> None:
    """Threads (clone3 falls back to clone), unix socketpairs, IP sockets and fork still work."""
    code = textwrap.dedent(
        """
        import os, socket, threading
        a, b = socket.socketpair()
        a.sendall(b"hi"); print(b.recv(2).decode())
        socket.socket(socket.AF_INET6, socket.SOCK_STREAM).close()
        t = threading.Thread(target=print, args=("thread",)); t.start(); t.join()
        pid = os.fork()
        if pid == 0:
            os._exit(7)
        print("child", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
        """
    )
    report = await sandbox.profile(code)
    assert report.status is RunStatus.OK, report.stderr
    assert report.stdout.split() == ["hi", "thread", "child", "7"]
