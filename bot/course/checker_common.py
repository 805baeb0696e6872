"""Shared by the practice checkers: recording checks, typed access to a probe's observations."""

# Runs INSIDE the sandbox beside bot/course/harness.py (sent with it, stdlib only); see there.

from __future__ import annotations

import hashlib
import importlib
import math
import os
import sys
import traceback
from typing import Any

HERE = os.path.dirname(os.path.abspath(sys.argv[0]))
"""The run's folder: the main program (harness.py as main.py) and the task's files."""
THREAD_STACK_BYTES = 512 * 1024
Checks = list[dict[str, Any]]
Measurements = dict[str, Any]
Observations = dict[str, Any]


class Refused(Exception):
    """The probe's observations are malformed or implausible (forged or broken)."""


def check(checks: Checks, name: str, passed: bool, detail: str) -> bool:
    """Record one named check."""
    checks.append({"name": str(name)[:80], "passed": bool(passed), "detail": str(detail)[:400]})
    return bool(passed)


def short_error(exc: BaseException) -> str:
    """The last frame and message of a failure, for a learner."""
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    tail = [ln.strip() for ln in lines[-3:] if ln.strip()]
    return " | ".join(tail)[-300:]


def digest(value: Any) -> str:
    """A fingerprint of a value's repr: outputs are compared, not shipped."""
    return hashlib.sha256(repr(value).encode("utf-8", "replace")).hexdigest()


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
        check(checks, observed(obs, "stage", str), False, observed(obs, "raised", str))
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
