"""In-jail basics shared by pid 1 and the passes: constants, a tiny JSON writer, libc."""

# Runs INSIDE the jail as part of the harness (see bot/sandbox/harness.py): stdlib only,
# cheap to import; bot/sandbox/program.py joins the parts into one program for the jail.
# ruff: noqa: PLC0415, SIM105, S108

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cheap start)
if TYPE_CHECKING:  # collections.abc costs ~2 ms of imports in the jail
    from typing import Any

HARNESS_FILE = (lambda: None).__code__.co_filename
"""This file's name in tracebacks and profiles (hidden from both): run as bytecode, __file__
names the .pyc while the code keeps the name it was compiled under."""
MAIN_DIR = "/tmp"
MAIN_FILE = "/tmp/main.py"
RESULT_CAP = 32 * 1024
"""A pass result must fit a pipe buffer so the child never blocks writing it."""
CPU_LIMIT_EXIT = 128 + 24
"""Exit status of a pass stopped by our SIGXCPU handler (like a SIGXCPU death)."""
CPU_LIMIT_SHARE = 0.75
"""A CPU-limit stop counts only after this share of the limit was used by the exact CPU
clock: the kernel's RLIMIT_CPU clock charges whole scheduler ticks, ~10% over on a busy loop
and many times over on a process that wakes in step with the tick (a 1 ms sleeper)."""
PR_SET_DUMPABLE = 4
MIN_TRACED_GROWTH_BYTES = 1024 * 1024
"""The tracemalloc pass (6-16x slower) runs only when the plain run grew its RSS this much."""
PROFILE_PASS = "profile"  # noqa: S105 - a pass name, not a password
TRACE_BUDGET_FACTOR = 1.0
"""The tracemalloc pass (5-11x slower) may use this many times the plain run's CPU time,
then it reports what it traced so far and stops ("cut")."""
MIN_TRACE_BUDGET_S = 0.02
MIN_PROFILED_MS = 1.0
"""Learner code that ran shorter than this has nothing a profiler could rank."""


def _jstr(value: str) -> str:
    if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return '"' + value + '"'
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif code < 0x20 or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def dumps(obj: object) -> str:
    """Encode plain data as JSON without importing json (which costs ~10 ms of imports)."""
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, int):
        return str(int(obj))
    if isinstance(obj, float):
        finite = obj - obj == 0.0  # false for inf and nan
        return repr(obj) if finite else "null"
    if isinstance(obj, str):
        return _jstr(obj)
    if isinstance(obj, dict):
        return "{" + ",".join(_jstr(str(k)) + ":" + dumps(v) for k, v in obj.items()) + "}"
    if isinstance(obj, list | tuple):
        return "[" + ",".join(dumps(v) for v in obj) + "]"
    return _jstr(str(obj))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _emit(fd: int, event: dict[str, object]) -> None:
    _write_all(fd, (dumps(event) + "\n").encode("utf-8", "replace"))


_LIBC: list[object] = []
"""libc, loaded once by pid 1 before the request (a dlopen per pass costs ~0.3 ms)."""


def _libc() -> Any:
    if not _LIBC:
        import ctypes  # lazy: 3 ms, paid while the warm jail waits

        _LIBC.append(ctypes.CDLL(None, use_errno=True))
    return _LIBC[0]


def _set_dumpable(value: int) -> None:
    """Pid 1 is made non-dumpable so passes can neither ptrace it nor open /proc/1/fd."""
    try:
        _libc().prctl(PR_SET_DUMPABLE, value, 0, 0, 0)
    except Exception:  # noqa: S110 - best effort: the jail stays a jail without it
        pass
