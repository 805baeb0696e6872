"""Practice checker: hypothesis property tests pass on correct code and kill the mutants."""

# Runs INSIDE the sandbox beside bot/course/harness.py (sent with it); see there.

from __future__ import annotations

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
    observed,
    observed_number,
    observed_strings,
    probe_failed,
    probe_solution,
)


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
        solution, problem = probe_solution()
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
    tests, property_based = int(observed_number(correct, "tests")), int(observed_number(correct, "property_tests"))
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
    killed = [r["name"] for r in runs[1:] if observed_strings(r, "failures")]
    survived = [r["name"] for r in runs[1:] if not observed_strings(r, "failures")]
    total = len(killed) + len(survived)
    score = len(killed) / total if total else 0.0
    m.update(mutants=total, killed=killed, survived=survived, mutation_score=round(score, 3))
    descriptions = {mt["name"]: mt["hint"] for mt in params["mutants"]}
    detail = f"killed {len(killed)}/{total} seeded mutants"
    if survived:
        detail += "; survivors: " + "; ".join(f"{s} ({descriptions[s]})" for s in survived)
    check(
        checks,
        "mutation score",
        score >= float(params["min_score"]),
        detail,
        key="fault_mutants" if survived else "fault_mutants_all",
        params={
            "killed": str(len(killed)),
            "total": str(total),
            "survivors": "; ".join(f"{s} ({descriptions[s]})" for s in survived)[:300],
        },
    )
