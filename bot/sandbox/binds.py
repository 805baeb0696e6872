"""What the jail sees of the host: the interpreter, its stdlib, sh, and the libraries they link.

Found once per process: the interpreter says where its stdlib lives, and `ldd` lists the shared
libraries of the interpreter, of every extension module in the stdlib and the package set, and
of /bin/sh. The FOLDERS holding those libraries are bound read-only (libraries, no host program
but the interpreter and sh), so the rest of /usr (compilers, other interpreters and tools,
/usr/share, /usr/local, headers) stays out of the jail. One bind per library would hide the
other libraries too, but cost ~20 ms more per jail start (34 mounts: 67 vs 52 ms for bwrap
plus a bare interpreter, measured here), and a jail start is on the path of every run.
"""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

import structlog

log = structlog.get_logger(__name__)

Bind = tuple[str, str]
"""(source on the host, destination in the jail)."""
DISCOVERY_TIMEOUT_S = 30.0
LOCALE = "/usr/lib/locale/C.utf8"
SHELL = "/bin/sh"
FALLBACK: tuple[Bind, ...] = (("/usr", "/usr"),)
"""When discovery fails: all of /usr, as before (logged)."""


def _canonical(path: str) -> str:
    """The loader's name for a file, in its canonical folder (/lib/x -> /usr/lib/x)."""
    return os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))


def _ldd(files: list[str]) -> set[str]:
    """Every library path `ldd` reports for these files (those it could resolve)."""
    out = subprocess.run(
        ["ldd", *files],
        capture_output=True,
        text=True,
        timeout=DISCOVERY_TIMEOUT_S,
        env={"PATH": "/usr/bin:/bin", "LANG": "C"},
        check=False,
    ).stdout
    found: set[str] = set()
    for raw in out.splitlines():
        if not raw.startswith("\t"):
            continue  # "file:" headers and "not a dynamic executable" notes
        line = raw.strip()
        if "=>" in line:
            target = line.split("=>", 1)[1].strip().split(" (", 1)[0]
        else:
            target = line.split(" (", 1)[0]
        if target.startswith("/"):
            found.add(target)
    return found


def _extensions(root: str) -> list[str]:
    return [str(p) for p in Path(root).rglob("*.so*") if p.is_file()] if root else []


@functools.cache
def system_binds(python: str, packages_dir: str = "") -> tuple[Bind, ...]:
    """Read-only binds for a jail running `python` with `packages_dir` (cached per process)."""
    try:
        stdlib = subprocess.run(
            [python, "-I", "-S", "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
            capture_output=True,
            text=True,
            timeout=DISCOVERY_TIMEOUT_S,
            check=True,
            env={"PATH": "/usr/bin:/bin", "LANG": "C"},
        ).stdout.strip()
        shell = os.path.realpath(SHELL)
        programs = [os.path.realpath(python), shell]
        libraries = _ldd(programs + _extensions(stdlib) + _extensions(packages_dir))
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("sandbox.binds_fallback", error=type(exc).__name__)
        return FALLBACK
    if not stdlib or not os.path.isdir(stdlib) or not libraries:
        log.warning("sandbox.binds_fallback", error="no stdlib or libraries found")
        return FALLBACK
    packages = os.path.realpath(packages_dir) + os.sep if packages_dir else ""
    libraries = {p for p in libraries if not (packages and p.startswith(packages))}
    folders = {os.path.dirname(_canonical(p)) for p in libraries}
    folders = {f for f in folders if not f.startswith(stdlib + os.sep)}  # inside the stdlib bind
    binds: dict[str, str] = {_canonical(python): os.path.realpath(python), stdlib: stdlib}
    binds[_canonical(SHELL)] = shell
    if os.path.isdir(LOCALE):
        binds[LOCALE] = LOCALE
    for folder in folders:
        binds[folder] = folder
    return tuple(sorted((source, dest) for dest, source in binds.items()))
