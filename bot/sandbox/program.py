"""The in-jail harness as the jail runs it: bytecode compiled once by the jail's interpreter."""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path

import structlog

log = structlog.get_logger(__name__)

SOURCE_IN_JAIL = "/.mca/harness.py"
BYTECODE_IN_JAIL = "/.mca/harness.pyc"
COMPILE_TIMEOUT_S = 30.0
_COMPILE = (
    "import _frozen_importlib_external as b, marshal, sys\n"
    "code = compile(sys.stdin.buffer.read(), sys.argv[1], 'exec')\n"
    "sys.stdout.buffer.write(b.MAGIC_NUMBER + bytes(12) + marshal.dumps(code))\n"
)
"""A .pyc image: magic, 12 header bytes the interpreter skips for a script, the module code."""


@dataclass(frozen=True, slots=True)
class HarnessProgram:
    """What the jail's interpreter is started on, and where the jail sees it."""

    data: bytes
    path: str


PARTS = ("harness_common.py", "harness_sampler.py", "harness_pass.py", "harness.py")
"""The harness's modules, in dependency order; the jail runs them as one program."""
_OWN_IMPORT = "from bot.sandbox.harness"
_FUTURE = "from __future__ import annotations"


def _jail_part(text: str, *, first: bool) -> str:
    """A part without its imports of the other parts (one namespace in the jail)."""
    kept: list[str] = []
    skipping = False
    for line in text.splitlines():
        if skipping:
            skipping = not line.rstrip().endswith(")")
            continue
        if line.startswith(_OWN_IMPORT):
            skipping = line.rstrip().endswith("(")
            continue
        if line == _FUTURE and not first:
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


def harness_source() -> bytes:
    """The harness as the jail runs it: its parts joined into one stdlib-only program."""
    here = Path(__file__).parent
    return "\n".join(
        _jail_part((here / name).read_text("utf-8"), first=index == 0)
        for index, name in enumerate(PARTS)
    ).encode("utf-8")


@functools.cache
def harness_program(python: str) -> HarnessProgram:
    """The harness compiled by `python` (the jail's own bytecode format), once per process.

    Compiling the 700-line harness costs a jail start ~5-9 ms of CPU; unmarshalling its
    bytecode ~0.3 ms. If the interpreter cannot compile it, the jail runs the source.
    """
    source = harness_source()
    try:
        compiled = subprocess.run(
            [python, "-I", "-S", "-c", _COMPILE, SOURCE_IN_JAIL],
            input=source,
            capture_output=True,
            timeout=COMPILE_TIMEOUT_S,
            check=True,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("sandbox.harness_not_compiled", error=type(exc).__name__)
        return HarnessProgram(source, SOURCE_IN_JAIL)
    if len(compiled) <= 16:
        return HarnessProgram(source, SOURCE_IN_JAIL)
    return HarnessProgram(compiled, BYTECODE_IN_JAIL)
