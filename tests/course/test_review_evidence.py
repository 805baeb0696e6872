"""A review hand-in is judged by what it is, not by the words in it (review8 F39).

The PyO3 task is never run, so its checker reads the code: attributes in a comment, a
benchmark that times nothing or compares nothing, and samples that never vary are not
evidence, however many of the right words they contain.
"""

from __future__ import annotations

import pytest

from bot.course.content import Course
from bot.course.review import review
from tests.course.conftest import solution

GOOD = solution("pyo3_review_good.md")


def failed(course: Course, text: str) -> dict[str, str]:
    task = course.task("pyo3-review")
    assert task is not None
    return {c.name: c.detail for c in review(task, text).checks if not c.passed}


def test_the_hollow_hand_in_of_review8_fails_on_each_count(course: Course) -> None:
    """Attributes in a Rust comment, `print("hi")` as the benchmark, five equal samples."""
    found = failed(course, solution("pyo3_review_hollow.md"))
    assert set(found) == {"extension code", "benchmark script", "measured samples"}
    assert "comments do not count" in found["extension code"]
    assert "it times nothing" in found["benchmark script"]
    assert "every after sample is the same number" in found["measured samples"]


@pytest.mark.parametrize(
    ("old", "new", "check", "said"),
    [
        (
            "#[pyfunction]\nfn count_primes",
            "// #[pyfunction]\nfn count_primes",
            "extension code",
            "comments do not count",
        ),
        (
            "    py.allow_threads(|| {",
            "    todo!();\n    py.allow_threads(|| {",
            "extension code",
            "still todo!()",
        ),
        (
            "fn count_primes(",
            "fn count_them(",
            "extension code",
            "no #[pyfunction] `fn count_primes`",
        ),
        (
            "assert count_primes(N) == fastprimes.count_primes(N) == 148933\n",
            "",
            "benchmark script",
            "never compares the two outputs",
        ),
        (
            "timeit.Timer(lambda: fn(N)).repeat(repeat=7, number=3)",
            "[0.06] * 7  # timeit.Timer(lambda: fn(N)).repeat(repeat=7, number=3)",
            "benchmark script",
            "it times nothing",
        ),
        (
            "samples_ms = [4.1, 4.0, 4.3, 4.0, 4.2, 4.1, 4.0]",
            "samples_ms = [4.1, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1]",
            "measured samples",
            "every after sample is the same number",
        ),
    ],
)
def test_one_hollow_part_fails_its_own_check_only(
    course: Course, old: str, new: str, check: str, said: str
) -> None:
    """The good hand-in with one part made hollow fails that part, and nothing else."""
    assert old in GOOD
    found = failed(course, GOOD.replace(old, new))
    assert list(found) == [check]
    assert said in found[check]


def test_the_good_hand_in_names_what_it_checked(course: Course) -> None:
    """A passing hand-in is told what was verified: the function, the timer, the comparison."""
    task = course.task("pyo3-review")
    assert task is not None
    verdict = review(task, GOOD)
    assert verdict.passed, verdict.to_dict()
    details = {c.name: c.detail for c in verdict.checks}
    assert "`fn count_primes`" in details["extension code"]
    assert "compares both outputs" in details["benchmark script"]
