"""Practice checker: hypothesis property tests pass on correct code and kill the mutants.

"Think in properties, not examples" (review12 V24): a `@given` test asserting
`isinstance(x, int)` beside six hand-written examples passed with a mutation score of 1.0, the
examples doing all the catching. So the probe records, per test, the distinct inputs the
function under test was called with: a property test is one whose `@given` test calls it on
inputs that vary (generated ones), and the mutation score counts only the mutants those
property tests kill. Example tests may stay in the file; they earn nothing here.
"""

# Runs INSIDE the sandbox beside bot/course/harness.py (sent with it); see there.

from __future__ import annotations

import functools
import sys
import types
from collections.abc import Callable
from typing import Any

from bot.course.checker_common import (
    Checks,
    Measurements,
    Observations,
    Refused,
    check,
    digest,
    observed,
    observed_number,
    observed_strings,
    probe_failed,
    probe_solution,
)

GENERATED_INPUTS = 2
"""Examples of a `@given` test that must give the function under test different inputs."""
_INPUTS_KEPT = 8
"""Distinct inputs recorded per test (enough to tell generated from fixed)."""


class _Calls:
    """Per `@given` test, the distinct inputs each generated example gave the function tested.

    Hypothesis runs a test's inner function once per example (`test.hypothesis.inner_test`,
    replaceable by design); the inputs of one example form one set, so six hand-written
    examples inside a `@given` body are the same set every time: fixed, not generated.
    """

    def __init__(self) -> None:
        self.example: list[str] | None = None
        self.inputs: dict[str, set[str]] = {}

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """`fn` recording its input's fingerprint before the call (an in-place bug changes it)."""

        @functools.wraps(fn)
        def recorded(*args: Any, **kwargs: Any) -> Any:
            if self.example is not None:
                self.example.append(digest((args, sorted(kwargs.items()))))
            return fn(*args, **kwargs)

        return recorded

    def watch(self, name: str, test: Any) -> None:
        """Record the inputs of each example `test` (a `@given` test) runs."""
        handle: Any = getattr(test, "hypothesis", None)
        inner = getattr(handle, "inner_test", None)
        if not callable(inner):
            return

        @functools.wraps(inner)
        def each_example(*args: Any, **kwargs: Any) -> Any:
            self.example = []
            try:
                return inner(*args, **kwargs)
            finally:
                seen = self.inputs.setdefault(name, set())
                if self.example and len(seen) < _INPUTS_KEPT:
                    seen.add(digest(sorted(set(self.example))))
                self.example = None

        handle.inner_test = each_example

    def generated(self, name: str) -> bool:
        """Its examples gave the function under test different inputs."""
        return len(self.inputs.get(name, ())) >= GENERATED_INPUTS


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
        # one filename for all: a test reading which implementation it runs against (review13
        # W17: `merge.__code__.co_filename.endswith(":correct>")`) tells them apart by no name
        exec(compile(source, f"<{module_name}>", "exec"), target.__dict__)  # noqa: S102 - our own reference code
        calls = _Calls()
        for attr, value in list(vars(target).items()):
            if isinstance(value, types.FunctionType) and not attr.startswith("_"):
                setattr(target, attr, calls.wrap(value))  # before the solution imports it
        sys.modules[module_name] = target
        solution, problem = probe_solution()
        if problem:
            return problem
        tests = [
            (n, f)
            for n, f in sorted(vars(solution).items())
            if n.startswith("test") and callable(f) and getattr(f, "__module__", "") == "solution"
        ]
        given = [n for n, f in tests if getattr(f, "is_hypothesis_test", False)]
        for n, f in tests:
            if n in given:
                calls.watch(n, f)
        failures, failed = _run_tests(tests)
        runs.append(
            {
                "name": name,
                "tests": len(tests),
                "property_tests": len(given),
                "failures": failures,
                "failed": failed,
                "generated": [n for n in given if calls.generated(n)],
            }
        )
    return {"runs": runs}


def _run_tests(tests: list[tuple[str, Callable[[], Any]]]) -> tuple[list[str], list[str]]:
    """(each failure told in one line, the names of the failing tests)."""
    failures: list[str] = []
    failed: list[str] = []
    for name, fn in tests:
        try:
            fn()
        except BaseException as exc:  # a failing test is data here
            first = (str(exc).strip().splitlines() or [""])[0][:120]
            failures.append(f"{name}: {type(exc).__name__} {first}".strip())
            failed.append(name)
    return failures, failed


def judge_property_tests(
    params: dict[str, Any], obs: Observations, checks: Checks, m: Measurements, own: dict[str, Any]
) -> None:
    """The tests pass on the correct implementation and kill the seeded mutants."""
    if obs.get("no_hypothesis") is True:
        check(
            checks,
            "hypothesis available",
            False,
            "hypothesis is not installed in the sandbox",
            key="fault_no_hypothesis",
        )
        return
    if probe_failed(obs, checks):
        return
    runs = observed(obs, "runs", list)
    names = ["correct"] + [mt["name"] for mt in params["mutants"]]
    if len(runs) != len(names) or not all(isinstance(r, dict) for r in runs):
        raise Refused("runs")
    if [r.get("name") for r in runs] != names:
        raise Refused("runs")
    correct = runs[0]
    tests, property_based = (
        int(observed_number(correct, "tests")),
        int(observed_number(correct, "property_tests")),
    )
    if not check(
        checks,
        "has property-based tests",
        property_based > 0,
        f"{tests} test function(s), {property_based} using @given",
        key="fault_property_count",
        params={"tests": str(tests), "given": str(property_based)},
    ):
        return
    m["tests"] = tests
    m["property_tests"] = property_based
    failures = observed_strings(correct, "failures")
    if not check(
        checks,
        "tests pass on a correct implementation",
        not failures,
        "all passed" if not failures else "; ".join(failures)[:380],
        key="fault_all_passed" if not failures else "fault_failures",
        params={"failures": "; ".join(failures)[:300]},
    ):
        return
    generated = set(observed_strings(correct, "generated"))
    function = str(params.get("function", "the function under test"))
    if not check(
        checks,
        "property tests call the function",
        bool(generated),
        f"{len(generated)} of {property_based} @given test(s) call {function} on the generated "
        "input"
        + (
            ""
            if generated
            else ": a property checks the function's output for many generated inputs; "
            "asserting on the input itself, or calling it with one fixed value, tests nothing"
        ),
        key="fault_property_calls" if generated else "fault_property_vacuous",
        params={"given": str(property_based), "calling": str(len(generated)), "function": function},
    ):
        return
    m["property_tests_calling"] = len(generated)
    # a mutant counts as killed only by a property test: the examples check the cases you chose
    killed = [r["name"] for r in runs[1:] if generated & set(observed_strings(r, "failed"))]
    survived = [r["name"] for r in runs[1:] if r["name"] not in killed]
    by_examples = [r["name"] for r in runs[1:] if r["name"] in survived and r.get("failed")]
    total = len(killed) + len(survived)
    score = len(killed) / total if total else 0.0
    m.update(
        mutants=total,
        killed=killed,
        survived=survived,
        killed_by_examples_only=by_examples,
        mutation_score=round(score, 3),
    )
    descriptions = {mt["name"]: mt["hint"] for mt in params["mutants"]}
    detail = f"your property tests alone killed {len(killed)}/{total} seeded mutants"
    if survived:
        detail += "; survivors: " + "; ".join(f"{s} ({descriptions[s]})" for s in survived)
    check(
        checks,
        "mutation score",
        score >= float(params["min_score"]),
        detail,
        key="fault_mutants_props" if survived else "fault_mutants_props_all",
        params={
            "killed": str(len(killed)),
            "total": str(total),
            "survivors": "; ".join(f"{s} ({descriptions[s]})" for s in survived)[:300],
        },
    )
