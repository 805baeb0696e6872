"""Guardrail 3: finished code becomes a scaffold unless the learner showed effort."""

from __future__ import annotations

import ast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.mentor.codeblocks import extract_blocks
from bot.mentor.solution import guard_text, is_finished, scaffold, shape, shows_effort
from tests.fakes.openai_server import FULL_SOLUTION

SOLUTION_BODY = FULL_SOLUTION.split("\n", 1)[1].rsplit("```", 1)[0]

STUB = '''def two_sum(numbers: list[int], target: int) -> tuple[int, int] | None:
    """Indices of two numbers adding up to target."""
    ...


def test_two_sum_finds_pair() -> None:
    raise NotImplementedError
'''

SNIPPET = "import timeit\nprint(timeit.timeit('sum(range(100))', number=1000))\n"


@pytest.mark.parametrize(
    ("code", "strict", "finished"),
    [
        (SOLUTION_BODY, True, True),
        (SOLUTION_BODY, False, False),
        (STUB, True, False),
        (SNIPPET, True, False),
        ("\n".join(f"x{i} = {i} * 2" for i in range(30)), False, True),
        ("def broken(:\n" * 20, True, True),
        ("def broken(:\n", True, False),
    ],
    ids=[
        "solution-strict",
        "solution-lenient",
        "stub",
        "snippet",
        "long-program",
        "bad-long",
        "bad-short",
    ],
)
def test_finished_code_is_told_from_scaffolds(code: str, strict: bool, finished: bool) -> None:
    """Stubs and short snippets pass; implementations (strict) and long programs do not."""
    assert is_finished(code, strict=strict) is finished


def test_scaffold_keeps_signatures_docstrings_and_adds_tests() -> None:
    """The scaffold has the same signatures and docstrings, `...` bodies, no logic."""
    result = scaffold(SOLUTION_BODY)
    tree = ast.parse(result)
    functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert "two_sum" in functions
    assert ast.get_docstring(functions["two_sum"]) == "Indices of two numbers adding up to target."
    assert "seen" not in result
    assert shape(result).implemented == ()
    assert "def test_two_sum" in result


def test_script_without_functions_gets_a_main_stub() -> None:
    """A top-level script becomes a `main()` stub plus a test skeleton."""
    script = "\n".join(f"total_{i} = sum(range({i}))" for i in range(10)) + "\nprint(total_1)\n"
    result = scaffold(script)
    assert "def main() -> None" in result
    assert "total_1" not in result


def test_guard_rewrites_only_finished_python_blocks() -> None:
    """Shell commands and stubs stay; the finished implementation becomes a scaffold."""
    text = (
        "Run this:\n```bash\npython -m cProfile -s tottime app.py\n```\n"
        f"Here is the code:\n{FULL_SOLUTION}\nAnd a stub:\n```python\n{STUB}```\n"
    )
    check = guard_text(text, strict=True)
    assert check.replaced == 1
    assert "python -m cProfile -s tottime app.py" in check.text
    assert "seen[value] = index" not in check.text
    assert "def two_sum(numbers: list[int], target: int)" in check.text
    assert check.text.count("```") == text.count("```")


def test_learner_own_code_is_confirmed_not_scaffolded() -> None:
    """A block that is the learner's own code, quoted back, is left as is."""
    check = guard_text(
        f"Your code is correct:\n{FULL_SOLUTION}", strict=True, learner_code=(SOLUTION_BODY,)
    )
    assert check.replaced == 0
    assert "seen[value] = index" in check.text


def test_effort_allows_finished_code_but_counts_it() -> None:
    """With shown effort the finished code stays and is reported as found."""
    check = guard_text(FULL_SOLUTION, strict=True, allow=True)
    assert check.replaced == 0
    assert check.finished_blocks == 1


@pytest.mark.parametrize(
    ("text", "code", "says_tried", "effort"),
    [
        ("write it for me", (), False, False),
        ("I tried, I promise", (), True, False),
        ("here is my attempt", (SOLUTION_BODY,), False, True),
        ("complete this please", (STUB,), False, False),
        (
            "my test fails:\nTraceback (most recent call last):\n  ...\nAssertionError",
            (),
            False,
            True,
        ),
        ("I tried a benchmark: 120 ms before, 80 ms after", (), True, True),
        ("make it 2x faster", (), False, False),
    ],
    ids=[
        "ask",
        "self-report",
        "attempt",
        "stub-only",
        "failing-test",
        "benchmark",
        "numbers-no-try",
    ],
)
def test_effort_needs_evidence_not_self_report(
    text: str, code: tuple[str, ...], says_tried: bool, effort: bool
) -> None:
    """An attempt, a failing test or measured numbers count; saying "I tried" does not."""
    assert shows_effort(text, code, says_tried=says_tried) is effort


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_code_block_parsers_never_crash(text: str) -> None:
    """Extraction, shape analysis and the guard survive any text."""
    for block in extract_blocks(text):
        shape(block.code)
        scaffold(block.code)
    guard_text(text, strict=True)
    guard_text(text, strict=False)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="`~ \npythondef:().=x1\t", max_size=300))
def test_fence_soup_never_crashes(text: str) -> None:
    """Backtick and tilde soup (nested, unclosed fences) is handled."""
    guard_text(text, strict=True)
    extract_blocks(text)


def test_a_scaffold_of_finished_tests_does_not_name_their_properties() -> None:
    """In a test-writing task the property names are the answer (review8 F27): the scaffold
    keeps each test's shape, numbered, with no name, docstring or strategy that tells it."""
    from bot.mentor.solution import scaffold  # noqa: PLC0415

    finished = (
        "from hypothesis import given, strategies as st\nfrom intervals import merge\n\n"
        "intervals = st.lists(st.tuples(st.integers(), st.integers()).map(sorted))\n\n\n"
        "@given(intervals)\ndef test_sorted_and_disjoint(xs):\n"
        '    """Merged intervals are sorted and never overlap."""\n'
        "    out = merge(xs)\n    assert all(a[1] < b[0] for a, b in zip(out, out[1:]))\n\n\n"
        "@given(intervals)\ndef test_idempotent(xs):\n    assert merge(merge(xs)) == merge(xs)\n"
    )
    shown = scaffold(finished)
    for answer in ("sorted_and_disjoint", "never overlap", "idempotent", "intervals)"):
        assert answer not in shown
    assert "def test_property_1(xs)" in shown
    assert "def test_property_2(xs)" in shown
    compile(shown, "scaffold.py", "exec")
