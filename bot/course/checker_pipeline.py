"""Practice checker: a multi-process pipeline, same output faster than the baseline."""

# Runs INSIDE the sandbox beside bot/course/harness.py (sent with it); see there.

from __future__ import annotations

import importlib
import os
import time
from typing import Any

from bot.course.checker_common import (
    HERE,
    UNWITNESSED,
    Checks,
    Measurements,
    Observations,
    Refused,
    check,
    learner_raised,
    mark,
    observed,
    observed_number,
    probe_failed,
    probe_solution,
    witnessed_phases,
)

# Captured when the harness imports this module, before the learner's solution is imported.
_perf_counter = time.perf_counter

PHASE = "pipeline"
"""The timed part, run_pipeline(), witnessed by the checker (harness.py)."""

PROBED = ("run_pipeline",)
"""What the checker calls in the learner's solution.py: code without it is never run."""


# Multi-process pipeline -------------------------------------------------------------------
def probe_pipeline(params: dict[str, Any]) -> Observations:
    """Run the learner's run_pipeline once on the task's input."""
    task = importlib.import_module("pipeline_task")
    lines = task.make_input(int(params["items"]), int(params["keys"]))
    solution, problem = probe_solution(*PROBED)
    if problem:
        return problem
    started = _perf_counter()
    mark(f"{PHASE}:start", started)
    try:
        got = solution.run_pipeline(lines, int(params["workers"]))
    except BaseException as exc:  # learner code
        return learner_raised("runs", "run_pipeline(lines, workers)", exc)
    ended = _perf_counter()
    mark(f"{PHASE}:end", ended)
    learner_s = ended - started
    if not isinstance(got, dict):
        return {"type": type(got).__name__, "pipeline_s": learner_s}
    return {"pairs": [[repr(k), repr(v)] for k, v in got.items()][:10000], "pipeline_s": learner_s}


def judge_pipeline(
    params: dict[str, Any], obs: Observations, checks: Checks, m: Measurements, own: dict[str, Any]
) -> None:
    """Same output as the checker's own baseline run, work in other processes."""
    if probe_failed(obs, checks):
        return
    expected = own["expected"]
    if "pairs" in obs:
        pairs = observed(obs, "pairs", list)
        if not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in pairs
        ):
            raise Refused("pairs")
        got = {k: v for k, v in pairs}
        want = {repr(k): repr(v) for k, v in expected.items()}
        same = got == want
        key, said = "fault_same_totals", {}
        detail = "same totals as the baseline"
        if not same:
            said = _first_difference(want, got)
            key = "fault_output_differs"
            detail = "different output: key {key}: expected {want}, got {got}".format(**said)
    else:
        said = {"type": observed(obs, "type", str)[:100]}
        same, key, detail = False, "fault_not_dict", "expected a dict, got {type}".format(**said)
    check(checks, "same output as baseline", same, detail, key=key, params=said)
    pids = own["pids"] - {own["probe_pid"], os.getpid()}
    workers = int(params["workers"])
    check(
        checks,
        "work ran in worker processes",
        len(pids) >= min(2, workers),
        f"{len(pids)} worker process(es) ran `work` (your main process is pid "
        f"{own['probe_pid']}); threads share one GIL, processes do not",
        key="fault_workers",
        params={"count": str(len(pids)), "pid": str(own["probe_pid"])},
    )
    observed_number(obs, "pipeline_s")  # still sent; the ratio uses the witnessed time
    walls = witnessed_phases(own, (PHASE,))
    if walls is None:
        check(checks, "timing witnessed", False, UNWITNESSED, key="fault_unwitnessed")
    learner_s = walls[0] if walls is not None else 0.0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    m.update(
        baseline_s=round(own["baseline_s"], 4),
        pipeline_s=round(learner_s, 4) if walls is not None else None,
        # a ratio over a run that computed the wrong thing (`return {}`) measures nothing
        throughput_ratio=round(own["baseline_s"] / learner_s, 3)
        if learner_s > 0 and same
        else None,
        workers=workers,
        worker_processes_seen=len(pids),
        cores=cores,
        items=int(params["items"]),
    )


def prepare_pipeline(params: dict[str, Any]) -> dict[str, Any]:
    """The checker's own baseline output and time (before the probe starts)."""
    task = importlib.import_module("pipeline_task")
    lines = task.make_input(int(params["items"]), int(params["keys"]))
    started = time.perf_counter()
    expected = task.baseline(lines)
    baseline_s = time.perf_counter() - started
    pid_log = os.path.join(HERE, "work_pids.log")
    if os.path.exists(pid_log):
        os.unlink(pid_log)
    return {"expected": expected, "baseline_s": baseline_s}


def pipeline_pids() -> set[int]:
    """The worker pids the learner's pipeline logged (its processes, counted by the checker)."""
    pid_log = os.path.join(HERE, "work_pids.log")
    try:
        with open(pid_log) as fh:
            return {int(x) for x in fh.read().split()[:100000] if x.strip().isdigit()}
    except OSError:
        return set()


def _first_difference(expected: dict[str, str], got: dict[str, str]) -> dict[str, str]:
    for key in sorted(set(expected) | set(got), key=str):
        if expected.get(key) != got.get(key):
            return {
                "key": key[:100],
                "want": str(expected.get(key))[:100],
                "got": str(got.get(key))[:100],
            }
    return {"key": "?", "want": "?", "got": "?"}
