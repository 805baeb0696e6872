"""Shared by the practice checkers: recording checks, typed access to a probe's observations."""

# Runs INSIDE the sandbox beside bot/course/harness.py (sent with it, stdlib only); see there.

from __future__ import annotations

import hashlib
import importlib
import math
import os
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

# The probe's clocks and its one way to the checker's witness pipe, captured when the harness
# imports this module: before the learner's solution is imported, so a solution that swaps
# `time.perf_counter` (or `time` itself) afterwards does not change the readings sent.
_perf_counter = time.perf_counter
_write = os.write

HERE = os.path.dirname(os.path.abspath(sys.argv[0]))
"""The run's folder: the main program (harness.py as main.py) and the task's files."""
THREAD_STACK_BYTES = 512 * 1024
Checks = list[dict[str, Any]]
Measurements = dict[str, Any]
Observations = dict[str, Any]


FAULTS = ("raised", "no_method", "interface")
"""Kinds of learner failure the bot words in the learner's language (ui.toml `fault_<kind>`)."""


class Refused(Exception):
    """The probe's observations are malformed or implausible (forged or broken)."""


LEARNER_FILE = "solution.py"
"""The learner's module in the run's folder: only its frames are the learner's to read."""


def check(
    checks: Checks,
    name: str,
    passed: bool,
    detail: str,
    *,
    key: str = "",
    params: dict[str, str] | None = None,
) -> bool:
    """Record one named check; `key` and `params` let the bot say `detail` in the learner's language."""
    item: dict[str, Any] = {
        "name": str(name)[:80],
        "passed": bool(passed),
        "detail": str(detail)[:400],
    }
    if key:
        item["key"] = key
        item["params"] = {str(k): str(v)[:300] for k, v in (params or {}).items()}
    checks.append(item)
    return bool(passed)


def _learner_frames(exc: BaseException) -> list[traceback.FrameSummary]:
    return [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if os.path.basename(f.filename) == LEARNER_FILE
    ]


def short_error(exc: BaseException) -> str:
    """The error and the learner's own last line: never the checker's frames or file paths."""
    if isinstance(exc, SyntaxError):
        return f"SyntaxError: {exc.msg} (line {exc.lineno})"[:300]
    error = traceback.format_exception_only(type(exc), exc)[-1].strip()
    own = _learner_frames(exc)
    if own:
        error += f" (line {own[-1].lineno}, in {own[-1].name})"
    return error[:300]


def learner_raised(stage: str, call: str, exc: BaseException) -> Observations:
    """What the learner's code did wrong while the checker used it as `call` (the task's API).

    An error raised at the checker's own call (no frame of the learner's file) is a mismatch
    with the interface: a missing method, or a constructor or method taking other arguments.
    """
    own = _learner_frames(exc)
    error = short_error(exc)
    obs: Observations = {"stage": stage, "raised": f"{call} raised: {error}", "call": call}
    if own:
        obs.update(fault="raised", error=error, line=str(own[-1].lineno))
    elif isinstance(exc, AttributeError) and isinstance(getattr(exc, "name", None), str):
        obs.update(fault="no_method", name=str(exc.name), error=error)
    elif isinstance(exc, TypeError | AttributeError):
        obs.update(fault="interface", error=error)
    return obs


def digest(value: Any) -> str:
    """A fingerprint of a value's repr: outputs are compared, not shipped."""
    return hashlib.sha256(repr(value).encode("utf-8", "replace")).hexdigest()


# Witnessed timing: the checker, not the probe, measures how long a timed part took --------
WITNESS_MARK_CAP = 256
"""Most marks a checker run reads; more is a probe writing its own, so nothing is witnessed."""
UNWITNESSED = (
    "the timing could not be witnessed: the checker's own clock did not see the timed part "
    "start and end exactly once, in order and in step with your process's clock, so this "
    "check does not pass"
)
"""Said where a timed check cannot be judged (ui.toml `fault_unwitnessed` in 14 languages)."""
_witness: dict[str, int] = {"fd": -1}
"""The probe's end of the witness pipe; -1 in the checker (it marks nothing)."""


def set_witness_fd(fd: int) -> None:
    """Probe side: the pipe on which `mark` tells the checker a timed part starts or ends."""
    _witness["fd"] = fd


def mark(label: str, probe_clock: float) -> None:
    """Probe side: `<phase>:start` / `<phase>:end`; the checker stamps it on arrival.

    `probe_clock` is the probe's own reading of the clock it times with: the checker compares
    its rate with its own, so a bent clock is seen even where the probe's reading is judged.
    """
    if _witness["fd"] >= 0:
        _write(_witness["fd"], f"{label} {probe_clock:.6f}\n".encode("ascii"))


class Witnessed:
    """Probe side: `label:start` and `label:end` marked around a timed call, the end always.

    `with Witnessed(label, clock) as timed:` marks both even when the call raises; `seconds` is
    its length on `clock`. One way to mark a witnessed call for every checker, so a phase or a library call that is
    marked at its start is always marked at its end, on the clock captured before the learner's
    code was imported. An empty label times without marking.
    """

    def __init__(self, label: str, clock: Callable[[], float]) -> None:
        self.label = label
        self.clock = clock
        self.started = self.ended = 0.0

    def __enter__(self) -> Witnessed:
        self.started = self.clock()
        if self.label:
            mark(f"{self.label}:start", self.started)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.ended = self.clock()
        if self.label:
            mark(f"{self.label}:end", self.ended)

    @property
    def seconds(self) -> float:
        """From start to end on the probe's clock."""
        return self.ended - self.started


Marks = list[tuple[str, float, float]]
"""(label, the probe's clock reading, the checker's monotonic stamp on arrival)."""


def parse_marks(data: bytes, stamps: list[tuple[int, float]]) -> Marks | None:
    """Checker side: the marks read, each with the stamp of the read that brought its end.

    `stamps` holds (bytes read so far, checker clock) per read. None when the pipe carried
    anything but well-formed marks, or too many.
    """
    marks: Marks = []
    offset = 0
    for line in data.split(b"\n")[:-1]:
        offset += len(line) + 1
        label, _, clock = line.decode("ascii", "replace").partition(" ")
        try:
            reading = float(clock)
        except ValueError:
            return None
        if not label.endswith((":start", ":end")) or not math.isfinite(reading):
            return None
        stamp = next((t for end, t in stamps if end >= offset), None)
        if stamp is None or len(marks) >= WITNESS_MARK_CAP:
            return None
        marks.append((label, reading, stamp))
    if offset != len(data):
        return None  # a cut mark at the end
    return marks


def witnessed_phases(own: dict[str, Any], *orders: tuple[str, ...]) -> list[float] | None:
    """The checker's own wall time of each timed part, or None if it could not be witnessed.

    The marks must be exactly one start and one end per phase, in one of `orders`; each
    phase's length on the probe's clock must agree with the checker's (a clock running slow
    or fast in the probe is bent), and only the checker's times are returned.
    """
    marks = own.get("marks")
    if not isinstance(marks, list):
        return None
    marks = [m for m in marks if not m[0].startswith(LOAD_MARKS)]
    names = tuple(label.rpartition(":")[0] for label, _, _ in marks[::2])
    labels = [label for label, _, _ in marks]
    if names not in orders or labels != [f"{n}:{e}" for n in names for e in ("start", "end")]:
        return None
    walls: list[float] = []
    for (_, p_start, c_start), (_, p_end, c_end) in zip(marks[::2], marks[1::2], strict=True):
        wall, probed = c_end - c_start, p_end - p_start
        if wall < 0 or abs(probed - wall) > 0.05 + 0.25 * wall:
            return None
        walls.append(wall)
    return walls


LOAD_MARKS = "load."
"""Marks inside a phase, one pair per call of a slow loader (`load.<key>:start`)."""


def witnessed_loads(own: dict[str, Any], prefix: str) -> dict[str, list[float]] | None:
    """Per loaded key, the checker's own time of each load (start to end); None if malformed.

    Loads run in parallel threads, so their marks interleave: each key's own marks must
    alternate start, end (a second load of the same key is a second pair).
    """
    marks = own.get("marks")
    if not isinstance(marks, list):
        return None
    started: dict[str, float] = {}
    loads: dict[str, list[float]] = {}
    for label, _, stamp in marks:
        if not label.startswith(prefix):
            continue
        name, _, edge = label[len(prefix) :].rpartition(":")
        if edge == "start" and name not in started:
            started[name] = stamp
        elif edge == "end" and name in started:
            loads.setdefault(name, []).append(stamp - started.pop(name))
        else:
            return None
    return None if started else loads


# Typed access to observations (untrusted) ---------------------------------------------------
def observed(obs: Observations, key: str, kind: type | tuple[type, ...]) -> Any:
    """One observation of the expected type, or Refused (the probe is untrusted)."""
    value = obs.get(key)
    if isinstance(value, bool) and kind is not bool:
        raise Refused(key)
    if not isinstance(value, kind):
        raise Refused(key)
    if isinstance(value, float) and not math.isfinite(value):
        raise Refused(key)
    if isinstance(value, str) and len(value) > 2000:
        raise Refused(key)
    return value


def observed_number(obs: Observations, key: str) -> float:
    """A finite number the probe observed."""
    return float(observed(obs, key, (int, float)))


def observed_strings(obs: Observations, key: str, limit: int = 1000) -> list[str]:
    """A bounded list of bounded strings the probe observed."""
    value = observed(obs, key, list)
    if len(value) > limit or not all(isinstance(v, str) and len(v) <= 2000 for v in value):
        raise Refused(key)
    return list(value)


def probe_failed(obs: Observations, checks: Checks) -> bool:
    """The probe reports an import error, a missing name or a raised exception."""
    if "import_error" in obs:
        check(
            checks,
            "imports",
            False,
            "importing your code failed: " + observed(obs, "import_error", str),
        )
        return True
    if "missing" in obs:
        name = observed(obs, "missing", str)
        check(checks, "defines " + name, False, f"your code must define `{name}`")
        return True
    if "raised" in obs:
        fault = obs.get("fault")
        params: dict[str, str] = {
            k: str(observed(obs, k, str)) for k in ("call", "error", "name", "line") if k in obs
        }
        check(
            checks,
            observed(obs, "stage", str),
            False,
            observed(obs, "raised", str),
            key=f"fault_{fault}" if fault in FAULTS else "",
            params=params,
        )
        return True
    return False


# Probe side (runs the learner's code; everything here is untrusted by the checker) ----------
def load_solution() -> Any:
    """Import the learner's module fresh; an error is an observation, not a crash."""
    sys.modules.pop("solution", None)
    return importlib.import_module("solution")


def probe_solution(*names: str) -> tuple[Any, Observations | None]:
    """Import the solution and check it defines `names`: (module, None) or (None, why not)."""
    try:
        module = load_solution()
    except BaseException as exc:  # any failure of learner code is reported
        return None, {"import_error": short_error(exc)}
    for name in names:
        if getattr(module, name, None) is None:
            return None, {"missing": name}
    return module, None
