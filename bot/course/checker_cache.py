"""Practice checker: a thread-safe single-flight LRU cache under concurrent load."""

# Runs INSIDE the sandbox beside bot/course/harness.py (sent with it); see there.

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from bot.course.checker_common import (
    THREAD_STACK_BYTES,
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
    observed_strings,
    probe_failed,
    probe_solution,
    witnessed_loads,
    witnessed_phases,
)

# Captured when the harness imports this module, before the learner's solution is imported.
_perf_counter = time.perf_counter
_sleep = time.sleep

LOAD_MARK = "load."
"""Marks of one distinct-keys load (`load.k3:start`), witnessed apart from the phases."""
PHASES = ("distinct_keys", "stress")
"""The timed parts, in order: the checker witnesses each one's start and end (harness.py)."""

PROBED = ("SingleFlightLRU",)
"""What the checker calls in the learner's solution.py: code without it is never run."""


# Thread-safe cache under concurrent load ---------------------------------------------------
def probe_cache(params: dict[str, Any]) -> Observations:
    """Exercise the learner's SingleFlightLRU: basics, one hot key, distinct keys, stress."""
    solution, problem = probe_solution(*PROBED)
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
        loader = _Loader(load_s, witnessed={f"k{i}" for i in range(threads)})
        obs["parallel_wall_s"] = _run_threads(
            threads, lambda i: cache.get(f"k{i}", loader) and None, phase=PHASES[0]
        )
        obs["stress"] = _stress(cls, ops)
    except BaseException as exc:  # learner code
        return learner_raised("runs", "SingleFlightLRU(capacity).get(key, loader)", exc)
    return obs


class _Loader:
    """The slow loader the learner's cache calls; the distinct-keys one marks each wait.

    Marking every load's start and end lets the checker see each wait last on its own clock,
    so a solution that cuts the wait short in its process does not look parallel.
    """

    def __init__(
        self, delay_s: float = 0.0, *, witnessed: frozenset[str] | set[str] = frozenset()
    ) -> None:
        self.delay_s = delay_s
        self.witnessed = frozenset(witnessed)
        self.calls: dict[Any, int] = {}
        self._lock = threading.Lock()

    def __call__(self, key: Any) -> str:
        with self._lock:
            self.calls[key] = self.calls.get(key, 0) + 1
        # only the checker's own keys go into a mark: a key the learner made up is not echoed
        label = f"{LOAD_MARK}{key}" if isinstance(key, str) and key in self.witnessed else ""
        if label:
            mark(f"{label}:start", _perf_counter())
        if self.delay_s:
            _sleep(self.delay_s)
        if label:
            mark(f"{label}:end", _perf_counter())
        return f"value-{key}"


def _run_threads(n: int, target: Callable[[int], None], *, phase: str = "") -> float:
    """Run `target(i)` in n threads released together; a named phase is marked for the witness."""
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def body(i: int) -> None:
        try:
            barrier.wait()
            target(i)
        except BaseException as exc:  # re-raised in the main thread
            errors.append(exc)

    workers = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    started = _perf_counter()
    if phase:
        mark(f"{phase}:start", started)
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    ended = _perf_counter()
    if phase:
        mark(f"{phase}:end", ended)
    if errors:
        raise errors[0]
    return ended - started


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

    wall = _run_threads(8, body, phase=PHASES[1])
    return {
        "wrong": len(wrong),
        "largest": max(sizes) if sizes else 0,
        "wall_s": wall,
        "loads": sum(loader.calls.values()),
    }


def judge_cache(
    params: dict[str, Any], obs: Observations, checks: Checks, m: Measurements, own: dict[str, Any]
) -> None:
    """Single-flight loads, LRU bound, parallel loads of distinct keys, a stress run."""
    if probe_failed(obs, checks):
        return
    threads = int(params["threads"])
    load_s = float(params["load_s"])
    ops = int(params["stress_ops"])
    basics = observed(obs, "basics", dict)
    calls = observed(basics, "calls", dict)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in calls.values()):
        raise Refused("calls")
    values = observed_strings(basics, "values", 3)
    size = int(observed_number(basics, "size"))
    ok = (
        values == ["value-a", "value-b", "value-a"]
        and calls == {"a": 1, "b": 1, "c": 1}
        and size <= 2
        and int(observed_number(basics, "b_loads")) == 2
    )
    # two moments, each beside its own expectation (review9 R43): the loads after
    # a, b, a, c, a (one each), then b's total once it was evicted and asked again (two)
    shown = " ".join(f"{k}:{v}" for k, v in sorted(calls.items()))[:300] or "-"
    b_loads = int(observed_number(basics, "b_loads"))
    check(
        checks,
        "LRU semantics",
        ok,
        f"after get a, b, a, c, a: loads {shown} (expected a:1 b:1 c:1), size {size} "
        f"(capacity 2); b asked again after its eviction: {b_loads} load(s) in all (expected 2)",
        key="fault_lru",
        params={"calls": shown, "size": str(size), "b_loads": str(b_loads)},
    )
    hot = observed(obs, "hot", dict)
    loads = int(observed_number(hot, "loads"))
    m["hot_key_loads"] = loads
    check(
        checks,
        "one load per key under contention",
        loads == 1 and observed_strings(hot, "results", 1000) == ["value-hot"] * threads,
        f"{threads} threads asked for the same key at once: the loader ran {loads} time(s)",
        key="fault_hot_key",
        params={"threads": str(threads), "loads": str(loads)},
    )
    stress = observed(obs, "stress", dict)
    wrong, over = int(observed_number(stress, "wrong")), int(observed_number(stress, "largest"))
    kept = over >= 1 and int(observed_number(stress, "loads")) < ops * 8
    empty = (
        f"the cache kept nothing (largest size {over}, every get called the loader), so "
        "this proves nothing yet"
    )
    observed_number(obs, "parallel_wall_s")  # still sent; the verdict uses the witnessed time
    walls = witnessed_phases(own, PHASES)
    load_times = witnessed_loads(own, LOAD_MARK)
    serial = threads * load_s
    waited = (
        load_times is not None
        and set(load_times) == {f"k{i}" for i in range(threads)}
        and all(took >= load_s / 2 for each in load_times.values() for took in each)
    )
    if walls is None or walls[0] < load_s / 2 or not waited:
        # unwitnessed, or a key's load (or the whole run) shorter than the loader's wait: the
        # wait was cut short in the learner's process, so the time says nothing about the cache
        check(checks, "distinct keys load in parallel", False, UNWITNESSED, key="fault_unwitnessed")
    else:
        wall = walls[0]
        m["distinct_keys_wall_s"] = round(wall, 3)
        m["distinct_keys_speedup"] = round(serial / wall, 2) if wall > 0 else None
        fast = wall < serial / 2
        took = (
            f"{threads} different keys took {wall:.2f} s (one at a time would take {serial:.2f} s)"
        )
        # the advice only where it applies: a passing line says the time alone (review10 T30)
        parallel = took + (
            ": the loads overlapped, no lock was held across them"
            if fast
            else ": do not hold a global lock while loading"
        )
        said = {"threads": str(threads), "wall": f"{wall:.2f}", "serial": f"{serial:.2f}"}
        check(
            checks,
            "distinct keys load in parallel",
            fast and kept,
            parallel if kept else empty,
            key=("fault_parallel_ok" if fast else "fault_parallel")
            if kept
            else "fault_kept_nothing",
            params=said if kept else {"size": str(over)},
        )
    m["stress_ops"] = ops * 8
    if walls is not None:
        m["stress_wall_s"] = round(walls[1], 3)
    counts = {"gets": str(ops * 8), "wrong": str(wrong), "size": str(over)}
    check(
        checks,
        "correct under concurrent load",
        wrong == 0 and over <= 8 and kept,
        f"{ops * 8} gets over 24 keys from 8 threads: {wrong} wrong value(s), "
        f"largest size seen {over} (capacity 8)"
        if kept
        else empty,
        key="fault_stress" if kept else "fault_kept_nothing",
        params=counts if kept else {"size": str(over)},
    )
