"""Known-good: an oracle on half-integer points, separation, and an untouched input."""

import itertools

from hypothesis import given
from hypothesis import strategies as st
from intervals import merge

intervals = st.lists(
    st.tuples(st.integers(-20, 20), st.integers(0, 6)).map(lambda t: (t[0], t[0] + t[1]))
)


def covered(xs: list[tuple[int, int]]) -> set[float]:
    return {p / 2 for a, b in xs for p in range(2 * a, 2 * b + 1)}


@given(intervals)
def test_same_points_covered(xs: list[tuple[int, int]]) -> None:
    assert covered(merge(xs)) == covered(xs)


@given(intervals)
def test_sorted_disjoint_not_touching(xs: list[tuple[int, int]]) -> None:
    out = merge(xs)
    for (_, end), (start, _) in itertools.pairwise(out):
        assert end < start


@given(intervals)
def test_input_is_not_modified(xs: list[tuple[int, int]]) -> None:
    before = list(xs)
    merge(xs)
    assert xs == before
