"""Practice checker: asyncio, the blocking call removed and the event loop no longer lagging."""

# Runs INSIDE the sandbox beside bot/course/harness.py (sent with it); see there.

from __future__ import annotations

import asyncio
import functools
import importlib
import itertools
import statistics
import time
import types
from typing import Any

from bot.course.checker_common import (
    UNWITNESSED,
    Checks,
    Measurements,
    Observations,
    Witnessed,
    check,
    learner_raised,
    observed_number,
    observed_strings,
    probe_failed,
    probe_solution,
    witnessed_loads,
    witnessed_phases,
)

# Captured when the harness imports this module, before the learner's solution is imported:
# the lag monitor reads this clock, not the event loop's (`loop.time()` reads `time.monotonic`
# when called, which a solution could swap).
_monotonic = time.monotonic

PHASE = "serve"
"""The timed part: each run of serve(), witnessed by the checker (harness.py); once, or twice
when the first run lagged (the quieter run is judged)."""

PROBED = ("serve",)
"""What the checker calls in the learner's solution.py: code without it is never run."""

CALL_MARKS = "load.fetch."
"""Marks around each call of the given `legacy.fetch_profile` (`load.fetch.<n>:start`): the
checker stamps them, so how long the blocking call really waited is seen on its own clock."""
WAIT_SHARE = 0.9
"""A witnessed call shorter than this share of the library's own wait (median over the calls)
did not wait: the "library you cannot change" was changed (review12 V22: its `time` rebound)."""


def _witnessed_client(fetch: Any) -> Any:
    """The given client, unchanged, with each call's start and end marked for the checker.

    Installed before the learner's solution is imported, so `from legacy import fetch_profile`
    binds this. A solution that rebinds what the library calls (`legacy.time`, `time.sleep`,
    its code) still goes through here, and its calls are seen returning without waiting.
    """
    numbers = itertools.count()

    def fetch_profile(*args: Any, **kwargs: Any) -> Any:
        with Witnessed(f"{CALL_MARKS}{next(numbers)}", _monotonic):
            return fetch(*args, **kwargs)

    functools.update_wrapper(fetch_profile, fetch)
    del fetch_profile.__wrapped__  # type: ignore[attr-defined]
    return fetch_profile


# asyncio: blocking call removed ------------------------------------------------------------
def probe_asyncio(params: dict[str, Any]) -> Observations:
    """Event-loop lag while the learner's serve() answers the requests."""
    legacy: Any = importlib.import_module("legacy")
    user_ids = list(range(int(params["requests"])))
    legacy.fetch_profile = _witnessed_client(legacy.fetch_profile)
    solution, problem = probe_solution(*PROBED)
    if problem:
        return problem
    legacy.CALLS = 0
    try:
        after = asyncio.run(_with_lag_monitor(solution.serve(user_ids), phase=PHASE))
        calls = int(legacy.CALLS)
        if after["max_lag_ms"] > float(params["max_lag_ms"]):
            # one lag spike may be the host, not the code: a busy machine can stall any loop
            # for tens of ms. Code that blocks blocks again; the quieter of two runs is judged
            again = asyncio.run(_with_lag_monitor(solution.serve(user_ids), phase=PHASE))
            if again["max_lag_ms"] < after["max_lag_ms"]:
                after = {**again, "result": after["result"], "wall_s": after["wall_s"]}
    except BaseException as exc:  # learner code
        return learner_raised("runs", "serve(user_ids)", exc)
    result = after["result"]
    return {
        "result": [str(x)[:200] for x in result][:10000]
        if isinstance(result, list | tuple)
        else [],
        "calls": calls,
        "max_lag_ms": after["max_lag_ms"],
        "p95_lag_ms": after["p95_lag_ms"],
        "wall_s": after["wall_s"],
    }


def prepare_asyncio(params: dict[str, Any]) -> dict[str, Any]:
    """The lag with the blocking call, measured by the checker on the reference service."""
    legacy: Any = importlib.import_module("legacy")
    reference = types.ModuleType("reference_service")
    exec(compile(params["reference"], "<reference>", "exec"), reference.__dict__)  # noqa: S102 - our own reference code
    legacy.CALLS = 0
    return {
        "before": asyncio.run(
            _with_lag_monitor(reference.serve(list(range(int(params["requests"])))))
        )
    }


def judge_asyncio(
    params: dict[str, Any], obs: Observations, checks: Checks, m: Measurements, own: dict[str, Any]
) -> None:
    """Same responses, the legacy client still used, and the loop no longer blocked."""
    if probe_failed(obs, checks):
        return
    user_ids = list(range(int(params["requests"])))
    expected = [f"hello user-{u}" for u in user_ids]
    result = observed_strings(obs, "result", 10000)
    calls = int(observed_number(obs, "calls"))
    after_max, after_p95 = observed_number(obs, "max_lag_ms"), observed_number(obs, "p95_lag_ms")
    before = own["before"]
    check(
        checks,
        "same responses",
        result == expected,
        "responses match" if result == expected else "responses differ",
        key="fault_responses_match" if result == expected else "fault_responses_differ",
    )
    # the lag is read on the probe's clock: it counts only if the checker's own clock saw each
    # run of serve() take as long as the probe's clock says (a slowed clock shrinks every lag)
    walls = witnessed_phases(own, (PHASE,), (PHASE, PHASE))
    loads = witnessed_loads(own, CALL_MARKS)
    waits = sorted(t for times in (loads or {}).values() for t in times)
    runs = len(walls) if walls is not None else 1
    wait_ms = float(params["blocking_ms"])
    median_ms = statistics.median(waits) * 1000.0 if waits else 0.0
    if calls == len(user_ids) and len(waits) < runs * len(user_ids):
        # the library's own counter says every request called it, the checker saw fewer calls
        calls = len(waits) // runs
    if loads is None:
        check(checks, "legacy client still used", False, UNWITNESSED, key="fault_unwitnessed")
    elif calls != len(user_ids):
        check(
            checks,
            "legacy client still used",
            False,
            f"fetch_profile called {calls} times for {len(user_ids)} requests",
            key="fault_legacy_calls",
            params={"calls": str(calls), "requests": str(len(user_ids))},
        )
    else:
        waited = median_ms >= WAIT_SHARE * wait_ms
        check(
            checks,
            "legacy client still used",
            waited,
            f"fetch_profile called {calls} times for {len(user_ids)} requests"
            if waited
            else f"fetch_profile returned after {median_ms:.1f} ms (median of {len(waits)} "
            f"calls, on the checker's clock); as given it waits {wait_ms:.0f} ms: the library "
            "you cannot change was changed (its `time` or `sleep` rebound), so nothing here "
            "shows the blocking call taken off the loop",
            key="fault_legacy_calls" if waited else "fault_legacy_changed",
            params={"calls": str(calls), "requests": str(len(user_ids))}
            if waited
            else {"ms": f"{median_ms:.1f}", "calls": str(len(waits)), "wait": f"{wait_ms:.0f}"},
        )
    limit = float(params["max_lag_ms"])
    if walls is None:
        check(checks, "event loop not blocked", False, UNWITNESSED, key="fault_unwitnessed")
        return
    check(
        checks,
        "event loop not blocked",
        after_max <= limit,
        f"max loop lag {after_max:.1f} ms (limit {limit:.0f} ms; "
        f"with the blocking call it was {before['max_lag_ms']:.1f} ms)",
        key="fault_loop_lag",
        params={
            "lag": f"{after_max:.1f}",
            "limit": f"{limit:.0f}",
            "before": f"{before['max_lag_ms']:.1f}",
        },
    )
    m.update(
        lag_before_max_ms=round(before["max_lag_ms"], 2),
        lag_before_p95_ms=round(before["p95_lag_ms"], 2),
        lag_after_max_ms=round(after_max, 2),
        lag_after_p95_ms=round(after_p95, 2),
        wall_before_s=round(before["wall_s"], 3),
        wall_after_s=round(walls[0], 3),
        legacy_call_median_ms=round(median_ms, 1),
        requests=len(user_ids),
    )


async def _with_lag_monitor(work: Any, tick_s: float = 0.005, *, phase: str = "") -> dict[str, Any]:
    lags: list[float] = []
    done = asyncio.Event()

    async def monitor() -> None:
        while not done.is_set():
            t0 = _monotonic()
            await asyncio.sleep(tick_s)
            lags.append(max(0.0, (_monotonic() - t0 - tick_s) * 1000.0))

    task = asyncio.create_task(monitor())
    await asyncio.sleep(0)
    timed = Witnessed(phase, _monotonic)
    try:
        with timed:
            result = await work
    finally:
        done.set()
        await task
    lags = lags or [0.0]
    p95 = statistics.quantiles(lags, n=20, method="inclusive")[-1] if len(lags) >= 2 else lags[0]
    return {"result": result, "max_lag_ms": max(lags), "p95_lag_ms": p95, "wall_s": timed.seconds}
