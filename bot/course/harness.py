"""Practice checker harness: runs INSIDE the sandbox as two processes, checker and probe."""

# The bot never imports this file: it sends its source as the sandbox run's main program,
# with `solution.py`, `checker_params.json` and the task's support files beside it.
#
# Two processes, so the learner can neither read the verdict's secret nor write the verdict:
# - the CHECKER (this file as __main__) reads checker_params.json, deletes it, keeps the
#   nonce, makes itself non-dumpable (no ptrace, no /proc/<pid>/mem or fd from its uid), and
#   starts the PROBE: a fresh interpreter (exec, not fork: no copy of the checker's memory)
#   whose stdout and stderr are /dev/null.
# - the PROBE imports the learner's `solution.py`, exercises it and sends back raw
#   observations (return values, counts, timings) as one JSON value on a private pipe.
# The checker validates those observations as untrusted data and decides every check itself,
# against expectations it computed on its own; then it prints the one verdict line
# `@@mca-verdict:<nonce>:<json>` on its stdout, which the probe never had. A probe that exits
# early, prints verdict-shaped text, monkeypatches these helpers or writes to any of its
# descriptors changes observations at most, never the judgement. What the probe measures in
# the learner's own process (counters) is evidence the learner could bend; outputs are
# compared with the checker's own reference values. Timings are not taken from the probe: it
# marks each timed part's start and end on a second pipe (`mark` in checker_common.py), the
# checker stamps every mark with its own monotonic clock as it arrives, and the verdict uses
# those witnessed times (a solution that slows the probe's clock cannot shorten them; missing,
# extra or out-of-order marks fail the timed check). Stdlib only, except the
# property-test checker, which needs hypothesis from the sandbox's curated package set.

from __future__ import annotations

import os
import sys

# The checker modules travel as bot/course/*.py beside this file (see bot/course/checks.py);
# the probe runs with -I, which leaves the script's folder off sys.path.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from bot.course.checker_asyncio import judge_asyncio, prepare_asyncio, probe_asyncio
from bot.course.checker_cache import judge_cache, probe_cache
from bot.course.checker_common import (
    HERE,
    Checks,
    Measurements,
    Observations,
    Refused,
    check,
    parse_marks,
    set_witness_fd,
    short_error,
)
from bot.course.checker_pipeline import (
    children_cpu,
    judge_pipeline,
    pipeline_work,
    prepare_pipeline,
    probe_cpu,
    probe_pipeline,
    reap_orphans,
)
from bot.course.checker_profile import judge_profile, prepare_profile, probe_profile
from bot.course.checker_property_tests import judge_property_tests, probe_property_tests

PARAMS_FILE = os.path.join(HERE, "checker_params.json")
OBSERVATIONS_CAP = 1024 * 1024
"""Largest probe answer the checker reads; more is refused as malformed."""
MARKS_CAP = 64 * 1024
"""Most bytes of timing marks the checker reads; more is a flood, and nothing is witnessed."""
PR_SET_DUMPABLE = 4


Judge = Callable[[dict[str, Any], Observations, Checks, Measurements, dict[str, Any]], None]
CHECKERS: dict[
    str,
    tuple[
        Callable[[dict[str, Any]], dict[str, Any]] | None,
        Callable[[dict[str, Any]], Observations],
        Judge,
    ],
] = {
    "pipeline": (prepare_pipeline, probe_pipeline, judge_pipeline),
    "property_tests": (None, probe_property_tests, judge_property_tests),
    "profile": (prepare_profile, probe_profile, judge_profile),
    "asyncio_lag": (prepare_asyncio, probe_asyncio, judge_asyncio),
    "cache": (None, probe_cache, judge_cache),
}


# The two processes --------------------------------------------------------------------------
def probe_main(result_fd: int, witness_fd: int) -> None:
    """The probe: read the job from stdin, observe the learner's code, answer on result_fd."""
    set_witness_fd(witness_fd)
    job = json.loads(sys.stdin.buffer.read())
    sys.path[:] = [str(p) for p in job["path"]]
    os.chdir(HERE)
    try:
        obs = CHECKERS[job["checker"]][1](job["params"])
        data = json.dumps(obs, default=str, allow_nan=False)
    except BaseException as exc:  # still answer: the checker reports it
        data = json.dumps(
            {"stage": "checker", "raised": f"the check stopped early: {short_error(exc)}"}
        )
    view = memoryview(data.encode("utf-8", "replace"))
    while view:
        view = view[os.write(result_fd, view) :]
    os.close(result_fd)
    sys.stdout.flush()
    os._exit(0)  # threads the learner left running must not keep the probe alive


def _strict(text: bytes) -> Any:
    def refuse(name: str) -> None:
        raise Refused(name)

    return json.loads(text.decode("utf-8"), parse_constant=refuse)


def run_probe(job: dict[str, Any], own: dict[str, Any]) -> tuple[Observations | None, str, int]:
    """Start the probe, wait for it, read its one answer: (observations or None, why, pid).

    Meanwhile the probe's timing marks are read and stamped on arrival with this process's
    clock into `own["marks"]` (None when they were malformed).
    """
    result_r, result_w = os.pipe()
    witness_r, witness_w = os.pipe()
    tree_before = children_cpu()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-I",
            os.path.abspath(__file__),
            "--probe",
            str(result_w),
            str(witness_w),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(result_w, witness_w),
        cwd=HERE,
    )
    os.close(result_w)
    os.close(witness_w)
    assert proc.stdin is not None
    try:
        proc.stdin.write(json.dumps(job).encode())
        proc.stdin.close()
    except OSError:
        pass
    pidfd = os.pidfd_open(proc.pid)
    poller = select.poll()
    poller.register(pidfd, select.POLLIN)
    poller.register(result_r, select.POLLIN)
    poller.register(witness_r, select.POLLIN)
    os.set_blocking(result_r, False)
    os.set_blocking(witness_r, False)
    data = bytearray()
    marks = bytearray()
    stamps: list[tuple[int, float]] = []
    exited = False
    while not exited:  # drained while waiting, so a big answer never blocks the probe
        events = poller.poll()
        arrived = time.monotonic()  # the witness: this process's clock, not the probe's
        for fd, _ in events:
            if fd == pidfd:
                exited = True
                own["probe_cpu"] = probe_cpu(proc.pid)  # still a zombie: not yet reaped
                continue
            if fd == witness_r:
                _read_marks(witness_r, marks, stamps, arrived, poller)
                continue
            try:
                chunk = os.read(result_r, 1 << 16)
            except BlockingIOError:
                continue
            if not chunk:
                poller.unregister(result_r)
            elif len(data) <= OBSERVATIONS_CAP:
                data += chunk
    code = proc.wait()
    if own.get("reap_orphans"):
        reap_orphans()
    own["tree_cpu"] = children_cpu() - tree_before
    try:
        while len(data) <= OBSERVATIONS_CAP and (chunk := os.read(result_r, 1 << 16)):
            data += chunk
    except BlockingIOError:
        pass
    os.close(result_r)
    os.close(pidfd)
    _read_marks(witness_r, marks, stamps, time.monotonic(), None)
    os.close(witness_r)
    own["marks"] = parse_marks(bytes(marks), stamps) if len(marks) <= MARKS_CAP else None
    if code != 0:
        return None, f"your code ended the check process early (exit status {code})", proc.pid
    if not data:
        return None, "the check process sent no result", proc.pid
    if len(data) > OBSERVATIONS_CAP:
        return None, "the check process sent too much data", proc.pid
    try:
        obs = _strict(bytes(data))
    except (Refused, ValueError, RecursionError):
        return None, "the check process sent malformed data (two answers, or not JSON)", proc.pid
    if not isinstance(obs, dict):
        return None, "the check process sent malformed data", proc.pid
    return obs, "", proc.pid


def _read_marks(
    fd: int,
    marks: bytearray,
    stamps: list[tuple[int, float]],
    arrived: float,
    poller: select.poll | None,
) -> None:
    """Append what the witness pipe holds now, stamped with when it arrived.

    Past MARKS_CAP the pipe is still drained (a flooding probe must not block on it), but
    nothing more is kept: the run's marks are then malformed and nothing is witnessed.
    """
    chunk = b""
    try:
        while chunk := os.read(fd, 4096):
            if len(marks) <= MARKS_CAP:
                marks += chunk
                stamps.append((len(marks), arrived))
    except BlockingIOError:
        return
    if poller is not None:
        poller.unregister(fd)  # closed: the probe and every process it started are gone


def _set_dumpable(value: int) -> None:
    try:
        import ctypes  # noqa: PLC0415

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, value, 0, 0, 0)
    except Exception:  # noqa: S110 - best effort outside Linux
        pass


def main() -> None:
    """The checker: keep the secret, run the probe, judge, print the verdict."""
    if len(sys.argv) == 4 and sys.argv[1] == "--probe":
        probe_main(int(sys.argv[2]), int(sys.argv[3]))
        return
    _set_dumpable(0)  # before reading the secret: the probe runs as the same uid
    with open(PARAMS_FILE, encoding="utf-8") as fh:
        spec = json.load(fh)
    os.unlink(PARAMS_FILE)
    nonce = str(spec.pop("nonce"))
    sys.stdout.flush()
    verdict_fd = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    checks: Checks = []
    measurements: Measurements = {}
    prepare, _, judge = CHECKERS[spec["checker"]]
    params = spec["params"]
    sys.path.insert(0, HERE)
    try:
        own = prepare(params) if prepare is not None else {}
        obs, problem, own["probe_pid"] = run_probe(
            {"checker": spec["checker"], "params": params, "path": sys.path}, own
        )
        # The probe ran the learner's code as our uid: it may have left modules in HERE. From
        # here on the checker imports nothing from there (stdlib only, even in error paths).
        sys.path[:] = [p for p in sys.path if p not in (HERE, "")]
        sys.path_importer_cache.clear()
        own["work"] = pipeline_work() if spec["checker"] == "pipeline" else {}
        if obs is None:
            check(checks, "checker", False, problem)
        else:
            try:
                judge(params, obs, checks, measurements, own)
            except (Refused, KeyError, TypeError, ValueError, OverflowError):
                checks.clear()
                check(checks, "checker", False, "the check process sent malformed observations")
    except BaseException as exc:  # still report what was measured
        check(checks, "checker", False, f"the check stopped early: {short_error(exc)}")
    line = json.dumps({"checks": checks, "measurements": measurements}, default=str)
    os.write(verdict_fd, f"\n@@mca-verdict:{nonce}:{line}\n".encode())
    os.close(verdict_fd)
    os._exit(0)


if __name__ == "__main__":
    main()
