"""Known-bad: example tests only check the type, so no mutant is caught."""

from hypothesis import given
from hypothesis import strategies as st
from intervals import merge


@given(st.lists(st.tuples(st.integers(0, 10), st.integers(10, 20))))
def test_returns_a_list(xs: list[tuple[int, int]]) -> None:
    assert isinstance(merge(xs), list)
