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
# the learner's own process (timings, counters) is evidence the learner could bend; outputs
# are compared with the checker's own reference values. Stdlib only, except the
# property-test checker, which needs hypothesis from the sandbox's curated package set.

from __future__ import annotations

import asyncio
import cProfile
import hashlib
import importlib
import json
import math
import os
import pstats
import select
import statistics
import subprocess
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
PARAMS_FILE = os.path.join(HERE, "checker_params.json")
THREAD_STACK_BYTES = 512 * 1024
OBSERVATIONS_CAP = 1024 * 1024
"""Largest probe answer the checker reads; more is refused as malformed."""
PR_SET_DUMPABLE = 4
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
def _get(obs: Observations, key: str, kind: type | tuple[type, ...]) -> Any:
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


def _number(obs: Observations, key: str) -> float:
    return float(_get(obs, key, (int, float)))


def _strings(obs: Observations, key: str, limit: int = 1000) -> list[str]:
    value = _get(obs, key, list)
    if len(value) > limit or not all(isinstance(v, str) and len(v) <= 2000 for v in value):
        raise Refused(key)
    return list(value)


def _failure(obs: Observations, checks: Checks) -> bool:
    """The probe reports an import error, a missing name or a raised exception."""
    if "import_error" in obs:
        check(
            checks,
            "imports",
            False,
            "importing your code failed: " + _get(obs, "import_error", str),
        )
        return True
    if "missing" in obs:
        name = _get(obs, "missing", str)
        check(checks, "defines " + name, False, f"your code must define `{name}`")
        return True
    if "raised" in obs:
        check(checks, _get(obs, "stage", str), False, _get(obs, "raised", str))
        return True
    return False


# Probe side (runs the learner's code; everything here is untrusted by the checker) ----------
def load_solution() -> Any:
    """Import the learner's module fresh; an error is an observation, not a crash."""
    sys.modules.pop("solution", None)
    return importlib.import_module("solution")


def _probe_solution(*names: str) -> tuple[Any, Observations | None]:
    try:
        module = load_solution()
    except BaseException as exc:  # any failure of learner code is reported
        return None, {"import_error": short_error(exc)}
    for name in names:
        if getattr(module, name, None) is None:
            return None, {"missing": name}
    return module, None


# Multi-process pipeline -------------------------------------------------------------------
def probe_pipeline(params: dict[str, Any]) -> Observations:
    """Run the learner's run_pipeline once on the task's input."""
    task = importlib.import_module("pipeline_task")
    lines = task.make_input(int(params["items"]), int(params["keys"]))
    solution, problem = _probe_solution("run_pipeline")
    if problem:
        return problem
    started = time.perf_counter()
    try:
        got = solution.run_pipeline(lines, int(params["workers"]))
    except BaseException as exc:  # learner code
        return {"stage": "runs", "raised": f"run_pipeline raised: {short_error(exc)}"}
    learner_s = time.perf_counter() - started
    if not isinstance(got, dict):
        return {"type": type(got).__name__, "pipeline_s": learner_s}
    return {"pairs": [[repr(k), repr(v)] for k, v in got.items()][:10000], "pipeline_s": learner_s}


def judge_pipeline(
    params: dict[str, Any], obs: Observations, checks: Checks, m: Measurements, own: dict[str, Any]
) -> None:
    """Same output as the checker's own baseline run, work in other processes."""
    if _failure(obs, checks):
        return
    expected = own["expected"]
    if "pairs" in obs:
        pairs = _get(obs, "pairs", list)
        if not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in pairs
        ):
            raise Refused("pairs")
        got = {k: v for k, v in pairs}
        want = {repr(k): repr(v) for k, v in expected.items()}
        same = got == want
        detail = "same totals as the baseline"
        if not same:
            detail = "different output: " + _first_difference(want, got)
    else:
        same, detail = False, f"expected a dict, got {_get(obs, 'type', str)}"
    check(checks, "same output as baseline", same, detail)
    pids = own["pids"] - {own["probe_pid"], os.getpid()}
    workers = int(params["workers"])
    check(
        checks,
        "work ran in worker processes",
        len(pids) >= min(2, workers),
        f"{len(pids)} worker process(es) ran `work` (your main process is pid "
        f"{own['probe_pid']}); threads share one GIL, processes do not",
    )
    learner_s = _number(obs, "pipeline_s")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    m.update(
        baseline_s=round(own["baseline_s"], 4),
        pipeline_s=round(learner_s, 4),
        throughput_ratio=round(own["baseline_s"] / learner_s, 3) if learner_s > 0 else None,
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


def _pipeline_pids() -> set[int]:
    pid_log = os.path.join(HERE, "work_pids.log")
    try:
        with open(pid_log) as fh:
            return {int(x) for x in fh.read().split()[:100000] if x.strip().isdigit()}
    except OSError:
        return set()


def _first_difference(expected: dict[str, str], got: dict[str, str]) -> str:
    for key in sorted(set(expected) | set(got), key=str):
        if expected.get(key) != got.get(key):
            return f"key {key}: expected {expected.get(key)}, got {got.get(key)}"[:300]
    return "unknown"


# Hypothesis property tests ------------------------------------------------------------------
def probe_property_tests(params: dict[str, Any]) -> Observations:
    """Run the learner's tests on the correct implementation and on each seeded mutant."""
    try:
        import hypothesis  # noqa: PLC0415  # optional: only this checker needs the package set
    except ImportError:
        return {"no_hypothesis": True}
    hypothesis.settings.register_profile(
        "mca-check",
        max_examples=int(params.get("max_examples", 150)),
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(hypothesis.HealthCheck),
        # Killed or not is all we need: skip shrinking, which is most of a failure's cost.
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.reuse, hypothesis.Phase.generate],
    )
    hypothesis.settings.load_profile("mca-check")
    module_name = str(params["module"])
    implementations: list[tuple[str, str]] = [("correct", params["correct"])]
    implementations += [(mt["name"], mt["source"]) for mt in params["mutants"]]
    runs = []
    for name, source in implementations:
        target = types.ModuleType(module_name)
        exec(compile(source, f"<{module_name}:{name}>", "exec"), target.__dict__)  # noqa: S102 - our own reference code
        sys.modules[module_name] = target
        solution, problem = _probe_solution()
        if problem:
            return problem
        tests = [
            (n, f)
            for n, f in sorted(vars(solution).items())
            if n.startswith("test") and callable(f) and getattr(f, "__module__", "") == "solution"
        ]
        runs.append(
            {
                "name": name,
                "tests": len(tests),
                "property_tests": sum(
                    1 for _, f in tests if getattr(f, "is_hypothesis_test", False)
                ),
                "failures": _run_tests(tests),
            }
        )
    return {"runs": runs}


def _run_tests(tests: list[tuple[str, Callable[[], Any]]]) -> list[str]:
    failures = []
    for name, fn in tests:
        try:
            fn()
        except BaseException as exc:  # a failing test is data here
            first = (str(exc).strip().splitlines() or [""])[0][:120]
            failures.append(f"{name}: {type(exc).__name__} {first}".strip())
    return failures


def judge_property_tests(
    params: dict[str, Any], obs: Observations, checks: Checks, m: Measurements, own: dict[str, Any]
) -> None:
    """The tests pass on the correct implementation and kill the seeded mutants."""
    if obs.get("no_hypothesis") is True:
        check(checks, "hypothesis available", False, "hypothesis is not installed in the sandbox")
        return
    if _failure(obs, checks):
        return
    runs = _get(obs, "runs", list)
    names = ["correct"] + [mt["name"] for mt in params["mutants"]]
    if len(runs) != len(names) or not all(isinstance(r, dict) for r in runs):
        raise Refused("runs")
    if [r.get("name") for r in runs] != names:
        raise Refused("runs")
    correct = runs[0]
    tests, property_based = int(_number(correct, "tests")), int(_number(correct, "property_tests"))
    if not check(
        checks,
        "has property-based tests",
        property_based > 0,
        f"{tests} test function(s), {property_based} using @given",
    ):
        return
    m["tests"] = tests
    m["property_tests"] = property_based
    failures = _strings(correct, "failures")
    if not check(
        checks,
        "tests pass on a correct implementation",
        not failures,
        "all passed" if not failures else "; ".join(failures)[:380],
    ):
        return
    killed = [r["name"] for r in runs[1:] if _strings(r, "failures")]
    survived = [r["name"] for r in runs[1:] if not _strings(r, "failures")]
    total = len(killed) + len(survived)
    score = len(killed) / total if total else 0.0
    m.update(mutants=total, killed=killed, survived=survived, mutation_score=round(score, 3))
    descriptions = {mt["name"]: mt["hint"] for mt in params["mutants"]}
    detail = f"killed {len(killed)}/{total} seeded mutants"
    if survived:
        detail += "; survivors: " + "; ".join(f"{s} ({descriptions[s]})" for s in survived)
    check(checks, "mutation score", score >= float(params["min_score"]), detail)


# Profiling a request path ------------------------------------------------------------------
def _reference_app(params: dict[str, Any]) -> Any:
    reference = types.ModuleType("reference_app")
    exec(compile(params["reference"], "<reference>", "exec"), reference.__dict__)  # noqa: S102 - our own reference code
    return reference


def probe_profile(params: dict[str, Any]) -> Observations:
    """The learner's HOTSPOTS claim, its first responses, and cProfile's view of its code."""
    reference = _reference_app(params)
    solution, problem = _probe_solution("handle_request")
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
        return {
            "stage": "responses unchanged",
            "raised": f"handle_request raised: {short_error(exc)}",
        }
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
    if _failure(obs, checks):
        return
    if obs.get("no_claim") is True:
        check(checks, "HOTSPOTS listed", False, "define HOTSPOTS = ['name1', 'name2', 'name3']")
        return
    same = _strings(obs, "responses", 5) == own["responses"]
    if not check(
        checks, "responses unchanged", same, "same responses as the original request path"
    ):
        return
    ranked = _get(obs, "ranked", list)
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
    total = max(_number(obs, "total_s"), 1e-12)
    top = [name for name, _ in ranked[:3]]
    learner = _strings(obs, "claimed", 3)
    overlap = len(set(top) & set(learner))
    m.update(
        profiler_top=[
            {"function": n, "self_ms": round(t * 1000, 2), "share": round(t / total, 3)}
            for n, t in ranked[:5]
        ],
        your_top=learner,
        overlap=overlap,
        requests=int(params["requests"]),
    )
    first_ok = bool(learner) and bool(top) and learner[0] == top[0]
    check(
        checks,
        "top hotspot",
        first_ok,
        f"the profiler's #1 by self time is `{top[0] if top else '?'}`; "
        f"yours is `{learner[0] if learner else '?'}`",
    )
    check(
        checks,
        "top-3 overlap",
        overlap >= int(params["min_overlap"]),
        f"{overlap} of your 3 are in the profiler's top 3",
    )


def prepare_profile(params: dict[str, Any]) -> dict[str, Any]:
    """The reference path's first responses, computed by the checker itself."""
    reference = _reference_app(params)
    requests = reference.make_requests(int(params["requests"]))
    return {"responses": [digest(reference.handle_request(r)) for r in requests[:5]]}


# asyncio: blocking call removed ------------------------------------------------------------
def probe_asyncio(params: dict[str, Any]) -> Observations:
    """Event-loop lag while the learner's serve() answers the requests."""
    legacy: Any = importlib.import_module("legacy")
    user_ids = list(range(int(params["requests"])))
    solution, problem = _probe_solution("serve")
    if problem:
        return problem
    legacy.CALLS = 0
    try:
        after = asyncio.run(_with_lag_monitor(solution.serve(user_ids)))
    except BaseException as exc:  # learner code
        return {"stage": "runs", "raised": f"serve raised: {short_error(exc)}"}
    result = after["result"]
    return {
        "result": [str(x)[:200] for x in result][:10000]
        if isinstance(result, list | tuple)
        else [],
        "calls": int(legacy.CALLS),
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
    if _failure(obs, checks):
        return
    user_ids = list(range(int(params["requests"])))
    expected = [f"hello user-{u}" for u in user_ids]
    result = _strings(obs, "result", 10000)
    calls = int(_number(obs, "calls"))
    after_max, after_p95 = _number(obs, "max_lag_ms"), _number(obs, "p95_lag_ms")
    before = own["before"]
    check(
        checks,
        "same responses",
        result == expected,
        "responses match" if result == expected else "responses differ",
    )
    check(
        checks,
        "legacy client still used",
        calls == len(user_ids),
        f"fetch_profile called {calls} times for {len(user_ids)} requests",
    )
    limit = float(params["max_lag_ms"])
    check(
        checks,
        "event loop not blocked",
        after_max <= limit,
        f"max loop lag {after_max:.1f} ms (limit {limit:.0f} ms; "
        f"with the blocking call it was {before['max_lag_ms']:.1f} ms)",
    )
    m.update(
        lag_before_max_ms=round(before["max_lag_ms"], 2),
        lag_before_p95_ms=round(before["p95_lag_ms"], 2),
        lag_after_max_ms=round(after_max, 2),
        lag_after_p95_ms=round(after_p95, 2),
        wall_before_s=round(before["wall_s"], 3),
        wall_after_s=round(_number(obs, "wall_s"), 3),
        requests=len(user_ids),
    )


async def _with_lag_monitor(work: Any, tick_s: float = 0.005) -> dict[str, Any]:
    lags: list[float] = []
    done = asyncio.Event()

    async def monitor() -> None:
        loop = asyncio.get_running_loop()
        while not done.is_set():
            t0 = loop.time()
            await asyncio.sleep(tick_s)
            lags.append(max(0.0, (loop.time() - t0 - tick_s) * 1000.0))

    task = asyncio.create_task(monitor())
    await asyncio.sleep(0)
    started = time.perf_counter()
    try:
        result = await work
    finally:
        wall = time.perf_counter() - started
        done.set()
        await task
    lags = lags or [0.0]
    p95 = statistics.quantiles(lags, n=20, method="inclusive")[-1] if len(lags) >= 2 else lags[0]
    return {"result": result, "max_lag_ms": max(lags), "p95_lag_ms": p95, "wall_s": wall}


# Thread-safe cache under concurrent load ---------------------------------------------------
def probe_cache(params: dict[str, Any]) -> Observations:
    """Exercise the learner's SingleFlightLRU: basics, one hot key, distinct keys, stress."""
    solution, problem = _probe_solution("SingleFlightLRU")
    if problem:
        return problem
    cls = solution.SingleFlightLRU
    threads = int(params["threads"])
    load_s = float(params["load_s"])
    ops = int(params["stress_ops"])
    # The jail caps address space per process: 16 threads with 8 MiB stacks would exhaust it.
    threading.stack_size(THREAD_STACK_BYTES)
    obs: Observations = {}
    try:
        cache = cls(2)
        loader = _Loader()
        values = [cache.get("a", loader), cache.get("b", loader), cache.get("a", loader)]
        cache.get("c", loader)  # evicts the least recently used: b
        cache.get("a", loader)
        calls_before_b, size = dict(loader.calls), len(cache)
        cache.get("b", loader)
        obs["basics"] = {
            "values": [str(v)[:100] for v in values],
            "calls": {str(k): int(v) for k, v in calls_before_b.items()},
            "size": int(size),
            "b_loads": int(loader.calls.get("b", 0)),
        }
        cache = cls(8)
        loader = _Loader(load_s)
        results: list[str] = []
        _run_threads(threads, lambda i: results.append(cache.get("hot", loader)))
        obs["hot"] = {
            "loads": int(loader.calls.get("hot", 0)),
            "results": [str(r)[:100] for r in results],
        }
        cache = cls(threads * 2)
        loader = _Loader(load_s)
        obs["parallel_wall_s"] = _run_threads(
            threads, lambda i: cache.get(f"k{i}", loader) and None
        )
        obs["stress"] = _stress(cls, ops)
    except BaseException as exc:  # learner code
        return {"stage": "runs", "raised": f"your cache raised: {short_error(exc)}"}
    return obs


class _Loader:
    def __init__(self, delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self.calls: dict[Any, int] = {}
        self._lock = threading.Lock()

    def __call__(self, key: Any) -> str:
        with self._lock:
            self.calls[key] = self.calls.get(key, 0) + 1
        if self.delay_s:
            time.sleep(self.delay_s)
        return f"value-{key}"


def _run_threads(n: int, target: Callable[[int], None]) -> float:
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def body(i: int) -> None:
        try:
            barrier.wait()
            target(i)
        except BaseException as exc:  # re-raised in the main thread
            errors.append(exc)

    workers = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - started


def _stress(cls: Any, ops: int) -> Observations:
    capacity = 8
    cache = cls(capacity)
    loader = _Loader()
    wrong: list[str] = []
    sizes: list[int] = []

    def body(i: int) -> None:
        state = i * 7919 + 1
        for _ in range(ops):
            state = (state * 1103515245 + 12345) % 2**31
            key = state % 24
            value = cache.get(key, loader)
            if value != f"value-{key}":
                wrong.append(f"{key}->{value!r}")
            sizes.append(len(cache))

    wall = _run_threads(8, body)
    return {"wrong": len(wrong), "largest": max(sizes) if sizes else 0, "wall_s": wall}


def judge_cache(
    params: dict[str, Any], obs: Observations, checks: Checks, m: Measurements, own: dict[str, Any]
) -> None:
    """Single-flight loads, LRU bound, parallel loads of distinct keys, a stress run."""
    if _failure(obs, checks):
        return
    threads = int(params["threads"])
    load_s = float(params["load_s"])
    ops = int(params["stress_ops"])
    basics = _get(obs, "basics", dict)
    calls = _get(basics, "calls", dict)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in calls.values()):
        raise Refused("calls")
    values = _strings(basics, "values", 3)
    size = int(_number(basics, "size"))
    ok = (
        values == ["value-a", "value-b", "value-a"]
        and calls == {"a": 1, "b": 1, "c": 1}
        and size <= 2
        and int(_number(basics, "b_loads")) == 2
    )
    check(
        checks,
        "LRU semantics",
        ok,
        f"loads per key {calls}, size {size} (capacity 2; expected a:1 b:2 c:1)",
    )
    hot = _get(obs, "hot", dict)
    loads = int(_number(hot, "loads"))
    m["hot_key_loads"] = loads
    check(
        checks,
        "one load per key under contention",
        loads == 1 and _strings(hot, "results", 1000) == ["value-hot"] * threads,
        f"{threads} threads asked for the same key at once: the loader ran {loads} time(s)",
    )
    wall = _number(obs, "parallel_wall_s")
    serial = threads * load_s
    m["distinct_keys_wall_s"] = round(wall, 3)
    m["distinct_keys_speedup"] = round(serial / wall, 2) if wall > 0 else None
    check(
        checks,
        "distinct keys load in parallel",
        wall < serial / 2,
        f"{threads} different keys took {wall:.2f} s (one at a time would take {serial:.2f} s): "
        "do not hold a global lock while loading",
    )
    stress = _get(obs, "stress", dict)
    wrong, over = int(_number(stress, "wrong")), int(_number(stress, "largest"))
    m["stress_ops"] = ops * 8
    m["stress_wall_s"] = round(_number(stress, "wall_s"), 3)
    check(
        checks,
        "correct under concurrent load",
        wrong == 0 and over <= 8,
        f"{ops * 8} gets over 24 keys from 8 threads: {wrong} wrong value(s), "
        f"largest size seen {over} (capacity 8)",
    )


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
def probe_main(result_fd: int) -> None:
    """The probe: read the job from stdin, observe the learner's code, answer on result_fd."""
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


def run_probe(job: dict[str, Any]) -> tuple[Observations | None, str, int]:
    """Start the probe, wait for it, read its one answer: (observations or None, why, pid)."""
    result_r, result_w = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-I", os.path.abspath(__file__), "--probe", str(result_w)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(result_w,),
        cwd=HERE,
    )
    os.close(result_w)
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
    os.set_blocking(result_r, False)
    data = bytearray()
    exited = False
    while not exited:  # drained while waiting, so a big answer never blocks the probe
        for fd, _ in poller.poll():
            if fd == pidfd:
                exited = True
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
    try:
        while len(data) <= OBSERVATIONS_CAP and (chunk := os.read(result_r, 1 << 16)):
            data += chunk
    except BlockingIOError:
        pass
    os.close(result_r)
    os.close(pidfd)
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


def _set_dumpable(value: int) -> None:
    try:
        import ctypes  # noqa: PLC0415

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, value, 0, 0, 0)
    except Exception:  # noqa: S110 - best effort outside Linux
        pass


def main() -> None:
    """The checker: keep the secret, run the probe, judge, print the verdict."""
    if len(sys.argv) == 3 and sys.argv[1] == "--probe":
        probe_main(int(sys.argv[2]))
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
            {"checker": spec["checker"], "params": params, "path": sys.path}
        )
        # The probe ran the learner's code as our uid: it may have left modules in HERE. From
        # here on the checker imports nothing from there (stdlib only, even in error paths).
        sys.path[:] = [p for p in sys.path if p not in (HERE, "")]
        sys.path_importer_cache.clear()
        own["pids"] = _pipeline_pids() if spec["checker"] == "pipeline" else set()
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
