"""Practice checker: profiling a request path (the learner's hotspot claim, the same responses)."""

# Runs INSIDE the sandbox beside bot/course/harness.py (sent with it); see there.

from __future__ import annotations

import cProfile
import math
import os
import pstats
import time
import types
from typing import Any

from bot.course.checker_common import (
    Checks,
    Measurements,
    Observations,
    Refused,
    check,
    digest,
    learner_raised,
    observed,
    observed_number,
    observed_strings,
    probe_failed,
    probe_solution,
)

PROBED = ("handle_request",)
"""What the checker calls in the learner's solution.py: code without it is never run."""


# Profiling a request path ------------------------------------------------------------------
def _reference_app(params: dict[str, Any]) -> Any:
    reference = types.ModuleType("reference_app")
    exec(compile(params["reference"], "<reference>", "exec"), reference.__dict__)  # noqa: S102 - our own reference code
    return reference


def probe_profile(params: dict[str, Any]) -> Observations:
    """The learner's HOTSPOTS claim, its first responses, and cProfile's view of its code."""
    reference = _reference_app(params)
    solution, problem = probe_solution(*PROBED)
    if problem:
        return problem
    handle = solution.handle_request
    claimed = getattr(solution, "HOTSPOTS", None)
    if not (isinstance(claimed, list | tuple) and all(isinstance(x, str) for x in claimed)):
        return {"no_claim": True}
    requests = reference.make_requests(int(params["requests"]))
    try:
        responses = [digest(handle(r)) for r in requests[:5]]
    except BaseException as exc:  # learner code
        return learner_raised("responses unchanged", "handle_request(request)", exc)
    # CPU time per function, not wall time: on a busy host preemption lands in random frames.
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for r in requests:
        handle(r)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]  # documented raw table
    solution_file = os.path.abspath(solution.__file__)
    own: dict[str, float] = {}
    total = 0.0
    for (filename, _line, func), (_cc, _nc, tottime, _ct, _callers) in stats.items():
        total += tottime
        if os.path.abspath(filename) == solution_file:
            own[func] = own.get(func, 0.0) + tottime
    ranked = sorted(own.items(), key=lambda kv: kv[1], reverse=True)[:20]
    return {
        "claimed": [str(x)[:200] for x in claimed][:3],
        "responses": responses,
        "ranked": [[n[:200], t] for n, t in ranked],
        "total_s": total,
    }


def judge_profile(
    params: dict[str, Any], obs: Observations, checks: Checks, m: Measurements, own: dict[str, Any]
) -> None:
    """The learner's HOTSPOTS against the profiler's ranking (self time) of their own code."""
    if probe_failed(obs, checks):
        return
    if obs.get("no_claim") is True:
        check(
            checks,
            "HOTSPOTS listed",
            False,
            "define HOTSPOTS = ['name1', 'name2', 'name3']",
            key="fault_no_hotspots",
        )
        return
    same = observed_strings(obs, "responses", 5) == own["responses"]
    if not check(
        checks,
        "responses unchanged",
        same,
        "same responses as the original request path"
        if same
        else "your responses differ from the original request path's",
        key="fault_responses_same" if same else "fault_responses_changed",
    ):
        return
    ranked = observed(obs, "ranked", list)
    if not all(
        isinstance(r, list)
        and len(r) == 2
        and isinstance(r[0], str)
        and isinstance(r[1], int | float)
        and math.isfinite(r[1])
        and r[1] >= 0
        for r in ranked
    ):
        raise Refused("ranked")
    ranked = sorted(ranked, key=lambda r: r[1], reverse=True)
    total = max(observed_number(obs, "total_s"), 1e-12)
    top = [name for name, _ in ranked[:3]]
    learner = observed_strings(obs, "claimed", 3)
    overlap = len(set(top) & set(learner))
    first_ok = bool(learner) and bool(top) and learner[0] == top[0]
    passed = first_ok and overlap >= int(params["min_overlap"])
    # The profiler's ranking is the task's answer: shown once the claim holds, never before
    # (an unchanged starter was told all three names; copying them passed).
    m.update(your_top=learner, overlap=overlap, requests=int(params["requests"]))
    if passed:
        m["profiler_top"] = [
            {"function": n, "self_ms": round(t * 1000, 2), "share": round(t / total, 3)}
            for n, t in ranked[:5]
        ]
    check(
        checks,
        "top hotspot",
        first_ok,
        f"your #1 `{learner[0]}` is the profiler's #1 by self time"
        if first_ok
        else f"your #1 `{learner[0] if learner else '?'}` is not the profiler's #1 by self time: "
        "profile the request path yourself (cProfile sorted by tottime) and read the top rows",
        key="fault_top_ok" if first_ok else "fault_top_wrong",
        params={"name": (learner[0] if learner else "?")[:100]},
    )
    check(
        checks,
        "top-3 overlap",
        overlap >= int(params["min_overlap"]),
        f"{overlap} of your 3 are in the profiler's top 3",
        key="fault_overlap",
        params={"count": str(overlap)},
    )


def prepare_profile(params: dict[str, Any]) -> dict[str, Any]:
    """The reference path's first responses, computed by the checker itself."""
    reference = _reference_app(params)
    requests = reference.make_requests(int(params["requests"]))
    return {"responses": [digest(reference.handle_request(r)) for r in requests[:5]]}
