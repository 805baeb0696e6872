"""The property-tests task is passed by property tests, not by examples beside them (V24).

review12 V24: six hand-written `merge` examples beside `@given(st.integers())` asserting
`isinstance(x, int)` passed with a mutation score of 1.0. A pass now needs a `@given` test
that calls `merge` on the generated input, and the mutants must be killed by such property
tests alone (the examples may stay in the file; they earn nothing).
"""

from __future__ import annotations

import pytest

from bot.course.checks import CheckRunner, Verdict
from bot.course.content import Course
from bot.course.settings import CourseSettings
from bot.sandbox.settings import SandboxSettings
from tests.course.conftest import solution
from tests.course.sandbox_double import SubprocessSandboxDouble

HEADER = """
from hypothesis import given
from hypothesis import strategies as st
from intervals import merge

intervals = st.lists(
    st.tuples(st.integers(-20, 20), st.integers(0, 6)).map(lambda t: (t[0], t[0] + t[1]))
)
"""

EXAMPLES = """

def test_touching_merge():
    assert merge([(5, 6), (1, 2), (2, 3)]) == [(1, 3), (5, 6)]


def test_gap_stays():
    assert merge([(1, 2), (3, 4)]) == [(1, 2), (3, 4)]


def test_contained():
    assert merge([(1, 10), (2, 3)]) == [(1, 10)]


def test_unsorted_input():
    assert merge([(8, 9), (1, 2)]) == [(1, 2), (8, 9)]


def test_input_untouched():
    xs = [(3, 4), (1, 2)]
    merge(xs)
    assert xs == [(3, 4), (1, 2)]
"""

CHEATS = {
    "isinstance on the strategy's integers (review12)": """

@given(st.integers())
def test_integers(x):
    assert isinstance(x, int)
""",
    "assert True": """

@given(intervals)
def test_anything(xs):
    assert True
""",
    "a property of the generated input itself": """

@given(intervals)
def test_generated_intervals_are_well_formed(xs):
    assert all(start <= end for start, end in xs)
""",
    "the examples again inside a @given body": """

@given(st.integers())
def test_examples_many_times(_):
    assert merge([(5, 6), (1, 2), (2, 3)]) == [(1, 3), (5, 6)]
    assert merge([(1, 2), (3, 4)]) == [(1, 2), (3, 4)]
    assert merge([(1, 10), (2, 3)]) == [(1, 10)]
""",
    "a weak property calling merge, the examples doing the catching": """

@given(intervals)
def test_returns_a_list(xs):
    assert isinstance(merge(xs), list)
""",
}

ANOTHER_GOOD = """

def model(xs):
    points = sorted({p for a, b in xs for p in range(2 * a, 2 * b + 1)})
    out = []
    for p in points:
        if out and p == out[-1][1] + 1:
            out[-1][1] = p
        else:
            out.append([p, p])
    return [(a // 2, b // 2) for a, b in out]


@given(intervals)
def test_agrees_with_a_model(xs):
    copy = list(xs)
    assert merge(xs) == model(copy)
    assert xs == copy


@given(intervals, intervals)
def test_order_of_the_input_does_not_matter(xs, ys):
    assert merge(xs + ys) == merge(ys + xs)
"""


def runner() -> CheckRunner:
    return CheckRunner(
        sandbox=SubprocessSandboxDouble(),
        settings=CourseSettings(),
        sandbox_settings=SandboxSettings(),
    )


async def check(course: Course, code: str) -> Verdict:
    task = course.task("property-tests")
    assert task is not None
    return await runner().check(task, code)


def failed(verdict: Verdict) -> dict[str, str]:
    return {c.name: c.detail for c in verdict.checks if not c.passed}


@pytest.mark.parametrize("cheat", CHEATS)
async def test_examples_beside_a_vacuous_property_do_not_pass(course: Course, cheat: str) -> None:
    verdict = await check(course, HEADER + EXAMPLES + CHEATS[cheat])
    assert not verdict.passed, verdict.to_dict()
    found = failed(verdict)
    assert set(found) <= {"property tests call the function", "mutation score"}, found
    if "mutation score" in found:  # the examples kill the mutants; they earn nothing here
        assert verdict.measurements["mutation_score"] < 0.8
        assert verdict.measurements["killed_by_examples_only"]


async def test_the_reviewers_cheat_is_told_what_a_property_is(course: Course) -> None:
    verdict = await check(course, HEADER + EXAMPLES + CHEATS[next(iter(CHEATS))])
    found = failed(verdict)
    assert "call merge on the generated input" in found["property tests call the function"]
    assert "0 of 1 @given" in found["property tests call the function"]


@pytest.mark.parametrize(
    "code",
    [
        pytest.param(solution("property_tests_good.py"), id="shipped good"),
        pytest.param(solution("property_tests_good.py") + EXAMPLES, id="good plus examples"),
        pytest.param(HEADER + ANOTHER_GOOD, id="a model and a symmetry"),
    ],
)
async def test_real_property_tests_pass_and_say_they_call_merge(course: Course, code: str) -> None:
    verdict = await check(course, code)
    assert verdict.passed, verdict.to_dict()
    checked = {c.name: c for c in verdict.checks}
    assert checked["property tests call the function"].passed
    assert verdict.measurements["mutation_score"] >= 0.8
    assert "property tests alone" in checked["mutation score"].detail


async def test_a_test_asking_which_implementation_it_runs_against_does_not_pass(
    course: Course,
) -> None:
    """review13 W17: the implementation's name was in its code's filename; now none is."""
    code = HEADER + (
        "\n\nimport intervals as impl\n\n\n"
        "@given(intervals)\n"
        "def test_which_one(xs):\n"
        "    merge(xs)\n"
        "    code = getattr(impl.merge, '__wrapped__', impl.merge).__code__\n"
        "    assert code.co_filename.endswith(':correct>')\n"
    )
    verdict = await check(course, code)
    assert not verdict.passed, verdict.to_dict()
