"""A loop with no way out is named before any timing of a run it made hit the limit.

review10 T21: `while True: pass` with "Why is this slow?" was read as "the host was busy" and
answered with thread pools and HTML parsers; the loop that never ends was never named.
"""

from __future__ import annotations

import pytest

from bot.mentor.code_scan import scan
from bot.mentor.endless_loop import endless_loops_in
from bot.mentor.i18n import Catalog
from bot.mentor.recursion_scan import exponential_recursions_in
from bot.mentor.sandbox_reasoning import findings
from bot.sandbox.report import RunStatus, SandboxReport

SPIN = "def spin():\n    n = 0\n    while True:\n        n += 1\n\nspin()\n"
CUT = SandboxReport(
    status=RunStatus.TIMEOUT, message="wall-clock limit reached", wall_ms=5008.0, cpu_ms=980.0
)


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "no way out"), ("es", "no tiene salida"), ("de", "keinen Ausgang"), ("ja", "抜け道")],
)
def test_a_run_cut_at_the_limit_by_an_endless_loop_names_the_loop_first(
    catalog: Catalog, language: str, said: str
) -> None:
    lines = findings(CUT, SPIN, language, catalog)
    assert said in lines[0], lines
    assert "3" in lines[0]  # the loop's line


def test_a_run_that_finished_does_not_blame_a_loop(catalog: Catalog) -> None:
    done = SandboxReport(status=RunStatus.OK, wall_ms=40.0, cpu_ms=39.0)
    assert not [ln for ln in findings(done, SPIN, "en", catalog) if "no way out" in ln]


@pytest.mark.parametrize(
    "code",
    [
        "while True:\n    line = input()\n    if not line:\n        break\n",
        "def f():\n    while True:\n        return 1\n",
        "async def worker(q):\n    while True:\n        await q.get()\n",
        "def ticks():\n    while True:\n        yield 1\n",
        "import sys\nwhile True:\n    sys.exit(0)\n",
        "n = 0\nwhile n < 10:\n    n += 1\n",
        "while True:\n    try:\n        x = int('4')\n        break\n    except ValueError:\n        pass\n",
    ],
)
def test_a_loop_that_can_end_or_is_driven_by_its_caller_is_no_finding(code: str) -> None:
    assert endless_loops_in(code) == []


@pytest.mark.parametrize(
    "code",
    [
        "while True:\n    pass\n",
        "while 1:\n    for x in range(3):\n        break\n",  # the for's break, not the while's
        "while True:\n    def f():\n        return 1\n    f()\n",
    ],
)
def test_a_loop_with_no_way_out_is_found(code: str) -> None:
    assert [f.line for f in endless_loops_in(code)] == [1]


FIB = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n\nprint(fib(28))\n"


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "grows exponentially"), ("tr", "üstel"), ("pl", "wykładniczo"), ("zh", "指数")],
)
def test_a_function_calling_itself_twice_uncached_is_named_first(
    catalog: Catalog, language: str, said: str
) -> None:
    """review10 T37: naive recursive fib(28) was answered with ctypes per-call overhead."""
    done = SandboxReport(status=RunStatus.OK, wall_ms=420.0, cpu_ms=410.0)
    lines = findings(done, FIB, language, catalog)
    assert said in lines[0], lines
    assert "functools.cache" in lines[0]


@pytest.mark.parametrize(
    "code",
    [
        "import functools\n@functools.cache\n" + FIB,
        "memo = {}\ndef fib(n):\n    if n in memo:\n        return memo[n]\n"
        "    memo[n] = n if n < 2 else fib(n - 1) + fib(n - 2)\n    return memo[n]\n",
        "def walk(node):\n    return 0 if node is None else 1 + walk(node.left) + walk(node.right)\n",
        "def sort(xs):\n    mid = len(xs) // 2\n    return merge(sort(xs[:mid]), sort(xs[mid:]))\n",
        "def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\n",
    ],
)
def test_cached_linear_or_divide_and_conquer_recursion_is_no_finding(code: str) -> None:
    assert exponential_recursions_in(code) == []


STUCK = "i = 0\nwhile i < 10:\n    print(i)\n"
SPAMMED = SandboxReport(
    status=RunStatus.OUTPUT_LIMIT, message="output limit reached", wall_ms=327.0, cpu_ms=31.0
)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "nothing inside the loop changes `i`"),
        ("es", "nada dentro del bucle cambia `i`"),
        ("ru", "ничто внутри цикла не меняет `i`"),
        ("ko", "루프 안에서 `i`"),
    ],
)
def test_a_loop_whose_condition_never_changes_is_named_first(
    catalog: Catalog, language: str, said: str
) -> None:
    """review11 U27: `while i < 10: print(i)` filled the output and was read as 91% waiting."""
    lines = findings(SPAMMED, STUCK, language, catalog)
    assert said in lines[0], lines
    assert "`i += 1`" in lines[0]


@pytest.mark.parametrize(
    "code",
    [
        "running = True\ndef stop():\n    global running\n    running = False\nwhile running:\n    work()\n",
        "xs = [1, 2]\nwhile xs:\n    xs.pop()\n",
        "n = 5\nwhile n > 0:\n    n = step(n)\n",
        "q = [1]\nwhile q:\n    drain(q)\n",
        "while self.running:\n    pass\n",
        "while not done():\n    pass\n",
        "i = 0\nwhile i < 10:\n    if ready:\n        break\n",
        "i = 0\nwhile (i := i + 1) < 10:\n    pass\n",
    ],
)
def test_a_condition_the_loop_or_someone_else_may_change_is_no_finding(code: str) -> None:
    assert endless_loops_in(code) == []


def test_string_built_by_a_chain_of_additions_in_a_loop_is_named() -> None:
    """review11 U11: `s = s + str(i) + ","` escaped the quadratic-concatenation scan."""
    code = 's = ""\nfor i in range(200000):\n    s = s + str(i) + ","\n'
    assert [f.kind for f in scan(code)] == ["string_concat"]


def test_a_recursion_is_told_with_its_own_number_of_calls_not_fibs(catalog: Catalog) -> None:
    """review11 U11: a 3-way recursion was told as fib's 1.6^n and 832,039 calls."""
    ways = (
        "def ways(n):\n    if n < 0:\n        return 0\n    if n == 0:\n        return 1\n"
        "    return ways(n - 1) + ways(n - 2) + ways(n - 3)\n\nprint(ways(24))\n"
    )
    done = SandboxReport(status=RunStatus.OK, wall_ms=2400.0, cpu_ms=2390.0)
    for language, said in (("en", "3 times per call"), ("zh", "调用自己 3 次")):
        line = findings(done, ways, language, catalog)[0]
        assert said in line, line
        assert "3^n" in line, line
        assert "832" not in line
