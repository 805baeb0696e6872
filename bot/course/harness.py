"""Practice checker harness: runs INSIDE the sandbox, imports the learner's `solution.py`."""

# The bot never imports this file: it sends its source as the sandbox run's main program,
# with `solution.py`, `checker_params.json` and the task's support files beside it. It prints
# one verdict line `@@mca-verdict:<nonce>:<json>` on the ORIGINAL stdout; the learner's own
# output goes to /dev/null so it can neither flood the capped stdout nor print a verdict by
# accident. (Code in the same process can always cheat on purpose: these are practice
# checks, not exams.) Stdlib only, except the property-test checker, which needs hypothesis
# from the sandbox's curated package set.

from __future__ import annotations

import asyncio
import cProfile
import importlib
import json
import os
import pstats
import statistics
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
THREAD_STACK_BYTES = 512 * 1024
Checks = list[dict[str, Any]]
Measurements = dict[str, Any]


def check(checks: Checks, name: str, passed: bool, detail: str) -> bool:
    """Record one named check."""
    checks.append({"name": name, "passed": bool(passed), "detail": detail[:400]})
    return bool(passed)


def short_error(exc: BaseException) -> str:
    """The last frame and message of a failure, for a learner."""
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    tail = [ln.strip() for ln in lines[-3:] if ln.strip()]
    return " | ".join(tail)[-300:]


def load_solution(checks: Checks) -> Any:
    """Import the learner's module fresh; a crash is a failed check, not a harness crash."""
    sys.modules.pop("solution", None)
    try:
        return importlib.import_module("solution")
    except BaseException as exc:  # any failure of learner code is reported
        check(checks, "imports", False, f"importing your code failed: {short_error(exc)}")
        return None


def need(checks: Checks, module: Any, name: str) -> Any:
    """A callable the task asks for, or a failed check saying it is missing."""
    value = getattr(module, name, None)
    if value is None:
        check(checks, "defines " + name, False, f"your code must define `{name}`")
    return value


# Multi-process pipeline -------------------------------------------------------------------
def check_pipeline(params: dict[str, Any], checks: Checks, m: Measurements) -> None:
    """Same output as the baseline, work done in worker processes, throughput ratio."""
    task = importlib.import_module("pipeline_task")
    lines = task.make_input(int(params["items"]), int(params["keys"]))
    pid_log = os.path.join(HERE, "work_pids.log")
    started = time.perf_counter()
    expected = task.baseline(lines)
    baseline_s = time.perf_counter() - started
    solution = load_solution(checks)
    run = need(checks, solution, "run_pipeline") if solution else None
    if run is None:
        return
    workers = int(params["workers"])
    if os.path.exists(pid_log):
        os.unlink(pid_log)
    started = time.perf_counter()
    try:
        got = run(lines, workers)
    except BaseException as exc:  # learner code
        check(checks, "runs", False, f"run_pipeline raised: {short_error(exc)}")
        return
    learner_s = time.perf_counter() - started
    same = got == expected
    detail = "same totals as the baseline"
    if not same:
        detail = "different output: " + _first_difference(expected, got)
    check(checks, "same output as baseline", same, detail)
    pids: set[int] = set()
    if os.path.exists(pid_log):
        with open(pid_log) as fh:
            pids = {int(x) for x in fh.read().split() if x.strip().isdigit()}
    workers_seen = len(pids - {os.getpid()})
    check(
        checks,
        "work ran in worker processes",
        workers_seen >= min(2, workers),
        f"{workers_seen} worker process(es) ran `work` (the harness is pid {os.getpid()}); "
        "threads share one GIL, processes do not",
    )
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    m.update(
        baseline_s=round(baseline_s, 4),
        pipeline_s=round(learner_s, 4),
        throughput_ratio=round(baseline_s / learner_s, 3) if learner_s > 0 else None,
        workers=workers,
        worker_processes_seen=workers_seen,
        cores=cores,
        items=len(lines),
    )


def _first_difference(expected: Any, got: Any) -> str:
    if not isinstance(got, dict):
        return f"expected a dict, got {type(got).__name__}"
    for key in sorted(set(expected) | set(got), key=str):
        if expected.get(key) != got.get(key):
            return f"key {key!r}: expected {expected.get(key)!r}, got {got.get(key)!r}"
    return "unknown"


# Hypothesis property tests ------------------------------------------------------------------
def check_property_tests(params: dict[str, Any], checks: Checks, m: Measurements) -> None:
    """The learner's tests pass on the correct implementation and kill seeded mutants."""
    try:
        import hypothesis  # noqa: PLC0415  # optional: only this checker needs the package set
    except ImportError:
        check(checks, "hypothesis available", False, "hypothesis is not installed in the sandbox")
        return
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
    killed: list[str] = []
    survived: list[str] = []
    for name, source in implementations:
        target = types.ModuleType(module_name)
        exec(compile(source, f"<{module_name}:{name}>", "exec"), target.__dict__)  # noqa: S102 - our own reference code
        sys.modules[module_name] = target
        local: Checks = []
        solution = load_solution(local)
        if solution is None:
            checks.extend(local)
            return
        tests = [
            (n, f)
            for n, f in sorted(vars(solution).items())
            if n.startswith("test") and callable(f) and getattr(f, "__module__", "") == "solution"
        ]
        if name == "correct":
            property_based = [n for n, f in tests if getattr(f, "is_hypothesis_test", False)]
            if not check(
                checks,
                "has property-based tests",
                bool(property_based),
                f"{len(tests)} test function(s), {len(property_based)} using @given",
            ):
                return
            m["tests"] = len(tests)
            m["property_tests"] = len(property_based)
        failures = _run_tests(tests)
        if name == "correct":
            if not check(
                checks,
                "tests pass on a correct implementation",
                not failures,
                "all passed" if not failures else "; ".join(failures)[:380],
            ):
                return
        elif failures:
            killed.append(name)
        else:
            survived.append(name)
    total = len(killed) + len(survived)
    score = len(killed) / total if total else 0.0
    m.update(mutants=total, killed=killed, survived=survived, mutation_score=round(score, 3))
    descriptions = {mt["name"]: mt["hint"] for mt in params["mutants"]}
    detail = f"killed {len(killed)}/{total} seeded mutants"
    if survived:
        detail += "; survivors: " + "; ".join(f"{s} ({descriptions[s]})" for s in survived)
    check(checks, "mutation score", score >= float(params["min_score"]), detail)


def _run_tests(tests: list[tuple[str, Callable[[], Any]]]) -> list[str]:
    failures = []
    for name, fn in tests:
        try:
            fn()
        except BaseException as exc:  # a failing test is data here
            first = (str(exc).strip().splitlines() or [""])[0][:120]
            failures.append(f"{name}: {type(exc).__name__} {first}".strip())
    return failures


# Profiling a request path ------------------------------------------------------------------
def check_profile(params: dict[str, Any], checks: Checks, m: Measurements) -> None:
    """The learner's HOTSPOTS against cProfile's ranking (self time) of their own code."""
    reference = types.ModuleType("reference_app")
    exec(compile(params["reference"], "<reference>", "exec"), reference.__dict__)  # noqa: S102 - our own reference code
    solution = load_solution(checks)
    if solution is None:
        return
    handle = need(checks, solution, "handle_request")
    claimed = getattr(solution, "HOTSPOTS", None)
    if handle is None:
        return
    if not (isinstance(claimed, list | tuple) and all(isinstance(x, str) for x in claimed)):
        check(checks, "HOTSPOTS listed", False, "define HOTSPOTS = ['name1', 'name2', 'name3']")
        return
    requests = reference.make_requests(int(params["requests"]))
    try:
        same = all(handle(r) == reference.handle_request(r) for r in requests[:5])
    except BaseException as exc:  # learner code
        check(checks, "responses unchanged", False, f"handle_request raised: {short_error(exc)}")
        return
    if not check(
        checks, "responses unchanged", same, "same responses as the original request path"
    ):
        return
    profiler = cProfile.Profile()
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
    ranked = sorted(own.items(), key=lambda kv: kv[1], reverse=True)
    top = [name for name, _ in ranked[:3]]
    learner = [str(x) for x in claimed][:3]
    overlap = len(set(top) & set(learner))
    m.update(
        profiler_top=[
            {"function": n, "self_ms": round(t * 1000, 2), "share": round(t / total, 3)}
            for n, t in ranked[:5]
        ],
        your_top=learner,
        overlap=overlap,
        requests=len(requests),
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


# asyncio: blocking call removed ------------------------------------------------------------
def check_asyncio(params: dict[str, Any], checks: Checks, m: Measurements) -> None:
    """Event-loop lag with the blocking call (reference) and with the learner's fix."""
    legacy: Any = importlib.import_module("legacy")
    reference = types.ModuleType("reference_service")
    exec(compile(params["reference"], "<reference>", "exec"), reference.__dict__)  # noqa: S102 - our own reference code
    user_ids = list(range(int(params["requests"])))
    expected = [f"hello user-{u}" for u in user_ids]
    legacy.CALLS = 0
    before = asyncio.run(_with_lag_monitor(reference.serve(user_ids)))
    solution = load_solution(checks)
    serve = need(checks, solution, "serve") if solution else None
    if serve is None:
        return
    legacy.CALLS = 0
    try:
        after = asyncio.run(_with_lag_monitor(serve(user_ids)))
    except BaseException as exc:  # learner code
        check(checks, "runs", False, f"serve raised: {short_error(exc)}")
        return
    calls = legacy.CALLS
    check(
        checks,
        "same responses",
        list(after["result"]) == expected,
        "responses match" if list(after["result"]) == expected else "responses differ",
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
        after["max_lag_ms"] <= limit,
        f"max loop lag {after['max_lag_ms']:.1f} ms (limit {limit:.0f} ms; "
        f"with the blocking call it was {before['max_lag_ms']:.1f} ms)",
    )
    m.update(
        lag_before_max_ms=round(before["max_lag_ms"], 2),
        lag_before_p95_ms=round(before["p95_lag_ms"], 2),
        lag_after_max_ms=round(after["max_lag_ms"], 2),
        lag_after_p95_ms=round(after["p95_lag_ms"], 2),
        wall_before_s=round(before["wall_s"], 3),
        wall_after_s=round(after["wall_s"], 3),
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
def check_cache(params: dict[str, Any], checks: Checks, m: Measurements) -> None:
    """Single-flight loads, LRU bound, parallel loads of distinct keys, a stress run."""
    solution = load_solution(checks)
    cls = need(checks, solution, "SingleFlightLRU") if solution else None
    if cls is None:
        return
    threads = int(params["threads"])
    load_s = float(params["load_s"])
    # The jail caps address space per process: 16 threads with 8 MiB stacks would exhaust it.
    threading.stack_size(THREAD_STACK_BYTES)
    try:
        _cache_basics(cls, checks)
        _cache_single_flight(cls, checks, threads, load_s, m)
        _cache_parallel(cls, checks, threads, load_s, m)
        _cache_stress(cls, checks, int(params["stress_ops"]), m)
    except BaseException as exc:  # learner code
        check(checks, "runs", False, f"your cache raised: {short_error(exc)}")


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


def _cache_basics(cls: Any, checks: Checks) -> None:
    cache = cls(2)
    loader = _Loader()
    values = [cache.get("a", loader), cache.get("b", loader), cache.get("a", loader)]
    cache.get("c", loader)  # evicts the least recently used: b
    cache.get("a", loader)
    ok_values = values == ["value-a", "value-b", "value-a"]
    ok_lru = loader.calls == {"a": 1, "b": 1, "c": 1} and len(cache) <= 2
    cache.get("b", loader)
    ok_evicted = loader.calls.get("b") == 2
    check(
        checks,
        "LRU semantics",
        ok_values and ok_lru and ok_evicted,
        f"loads per key {loader.calls}, size {len(cache)} (capacity 2; expected a:1 b:2 c:1)",
    )


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


def _cache_single_flight(
    cls: Any, checks: Checks, threads: int, load_s: float, m: Measurements
) -> None:
    cache = cls(8)
    loader = _Loader(load_s)
    results: list[str] = []
    _run_threads(threads, lambda i: results.append(cache.get("hot", loader)))
    loads = loader.calls.get("hot", 0)
    m["hot_key_loads"] = loads
    check(
        checks,
        "one load per key under contention",
        loads == 1 and results == ["value-hot"] * threads,
        f"{threads} threads asked for the same key at once: the loader ran {loads} time(s)",
    )


def _cache_parallel(cls: Any, checks: Checks, threads: int, load_s: float, m: Measurements) -> None:
    cache = cls(threads * 2)
    loader = _Loader(load_s)
    wall = _run_threads(threads, lambda i: cache.get(f"k{i}", loader) and None)
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


def _cache_stress(cls: Any, checks: Checks, ops: int, m: Measurements) -> None:
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
    m["stress_ops"] = ops * 8
    m["stress_wall_s"] = round(wall, 3)
    over = max(sizes) if sizes else 0
    check(
        checks,
        "correct under concurrent load",
        not wrong and over <= capacity,
        f"{ops * 8} gets over 24 keys from 8 threads: {len(wrong)} wrong value(s), "
        f"largest size seen {over} (capacity {capacity})",
    )


CHECKERS: dict[str, Callable[[dict[str, Any], Checks, Measurements], None]] = {
    "pipeline": check_pipeline,
    "property_tests": check_property_tests,
    "profile": check_profile,
    "asyncio_lag": check_asyncio,
    "cache": check_cache,
}


def main() -> None:
    """Run one checker; print its verdict on the original stdout only."""
    with open(os.path.join(HERE, "checker_params.json"), encoding="utf-8") as fh:
        spec = json.load(fh)
    sys.stdout.flush()
    verdict_fd = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    checks: Checks = []
    measurements: Measurements = {}
    try:
        CHECKERS[spec["checker"]](spec["params"], checks, measurements)
    except BaseException as exc:  # still report what was measured
        check(checks, "checker", False, f"the check stopped early: {short_error(exc)}")
    line = json.dumps({"checks": checks, "measurements": measurements}, default=str)
    os.write(verdict_fd, f"\n@@mca-verdict:{spec['nonce']}:{line}\n".encode())
    os.close(verdict_fd)
    sys.stdout.flush()
    # Threads the learner left running must not keep the run alive.
    os._exit(0)


if __name__ == "__main__":
    main()
