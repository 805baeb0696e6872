"""The reviewer's cases: waiting vs computing on short or loaded runs, sampled hotspots."""

from __future__ import annotations

import textwrap

import pytest

from bot.mentor.code_scan import scan
from bot.mentor.evidence import evidence_lines
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.insight import read_turn
from bot.mentor.reasoning import findings
from bot.sandbox.report import Allocation, Hotspot, RunStatus, SandboxReport

CONCAT = 'def build(n):\n    out = ""\n    for i in range(n):\n        out += str(i) + ","\n    return out\n\n\nprint(len(build(300_000)))\n'
MEMBER = textwrap.dedent(
    """
    import random

    seen = []
    data = [random.randint(0, 20_000) for _ in range(20_000)]
    dupes = 0
    for x in data:
        if x in seen:
            dupes += 1
        else:
            seen.append(x)
    print(dupes)
    """
).lstrip()
NPLUS1 = textwrap.dedent(
    """
    import time


    def get_user_ids():
        time.sleep(0.01)
        return list(range(40))


    def get_orders(user_id):
        time.sleep(0.01)
        return [user_id * 10 + k for k in range(3)]


    def report():
        total = 0
        for uid in get_user_ids():
            total += len(get_orders(uid))
        return total
    """
).lstrip()
SLEEP_ASYNC = textwrap.dedent(
    """
    import asyncio
    import time


    async def fetch(i):
        time.sleep(0.2)
        return i * 2
    """
).lstrip()


def report(**kw: object) -> SandboxReport:
    base: dict[str, object] = {"status": RunStatus.OK, "exit_code": 0}
    base.update(kw)
    return SandboxReport(**base)  # type: ignore[arg-type]


def test_short_run_with_a_small_gap_is_not_called_waiting(catalog: Catalog) -> None:
    """Wall 91 ms vs CPU 37 ms is start-up, not waiting: never 'a faster algorithm will not help'."""
    text = "\n".join(findings(report(wall_ms=91, cpu_ms=37), CONCAT, "en", catalog))
    assert "was waiting" not in text
    assert "will not help" not in text
    assert "too short a run" in text


def test_string_concat_finding_survives_a_loaded_run(catalog: Catalog) -> None:
    """A pure-CPU builder keeps its `+=` finding (line 4) whatever the wall/CPU gap says."""
    text = "\n".join(findings(report(wall_ms=91, cpu_ms=37), CONCAT, "en", catalog))
    assert "Line 4" in text
    assert "''.join" in text


def test_list_membership_finding_survives_a_loaded_run(catalog: Catalog) -> None:
    """Dedup with `x in seen` on a list at 1340 ms wall / 647 ms CPU: the O(n) test is cited."""
    text = "\n".join(findings(report(wall_ms=1340, cpu_ms=647), MEMBER, "en", catalog))
    assert "was waiting" not in text
    assert "Line 7" in text
    assert "`set`" in text


def test_cpu_findings_stay_when_the_wait_is_not_explained_by_the_code(catalog: Catalog) -> None:
    """Even a long gap does not drop the `+=` finding when nothing in the code waits."""
    text = "\n".join(findings(report(wall_ms=3000, cpu_ms=400), CONCAT, "en", catalog))
    assert "was waiting" in text
    assert "Line 4" in text


def test_helper_called_per_loop_item_is_an_n_plus_one(catalog: Catalog) -> None:
    """`for uid in get_user_ids(): get_orders(uid)` is one round trip per user (N+1)."""
    found = scan(NPLUS1)
    assert [(f.kind, f.line, f.name) for f in found] == [("n_plus_one", 17, "get_orders")]
    text = "\n".join(findings(report(wall_ms=480, cpu_ms=40), NPLUS1, "en", catalog))
    assert "N+1" in text
    assert "Line 17" in text


def test_helper_not_fed_the_loop_variable_is_not_an_n_plus_one() -> None:
    """A getter called in a loop without the loop's item is not a query per item."""
    code = "def f(xs):\n    for x in xs:\n        cfg = get_config()\n        print(x, cfg)\n"
    assert scan(code) == ()


def test_sampled_hotspot_is_not_called_cpu_time(catalog: Catalog) -> None:
    """948 ms sampled in `fetch` while CPU was 116 ms: the share is of sampled time, no '0 calls'."""
    spot = Hotspot("fetch", "main.py", 5, 0, 948.0, 948.0)
    rep = report(
        wall_ms=1104, cpu_ms=116, hotspots=(spot, Hotspot("main", "main.py", 9, 0, 20.0, 968.0))
    )
    text = "\n".join(
        [*findings(rep, SLEEP_ASYNC, "en", catalog), *evidence_lines(rep, "en", catalog)]
    )
    assert "CPU self time" not in text
    assert "sampled time" in text
    assert "0 calls" not in text


def test_allocations_at_an_import_line_are_not_blamed_on_the_learner(catalog: Catalog) -> None:
    """Line 1 is `import asyncio`: its 10 MiB are the library's, not a structure that grows."""
    allocs = (Allocation("main.py", 1, 10_800_000, 900), Allocation("main.py", 7, 200_000, 5))
    text = "\n".join(
        findings(report(wall_ms=1104, cpu_ms=116, allocations=allocs), SLEEP_ASYNC, "en", catalog)
    )
    assert "line 1 " not in text
    assert "line 7 " in text


def test_unfenced_pasted_code_is_scanned(catalog: Catalog) -> None:
    """Code pasted without a fence still gets its 'time.sleep inside async def' finding."""
    text = "import asyncio, time\n\nasync def f():\n    time.sleep(1)\n\nasyncio.run(f())\n"
    turn = read_turn(
        text, code=None, report=None, memory=ThreadMemory(), language="en", catalog=catalog
    )
    assert any("Line 4" in f and "time.sleep" in f for f in turn.findings)
    assert "code" in turn.facts.given


def test_prose_is_never_taken_for_pasted_code(catalog: Catalog) -> None:
    """A question that starts lines with 'for' or 'with' is prose, not code."""
    text = "for the record, I tried\nwith uvloop and it was slow\nwhile under load. Why?"
    turn = read_turn(
        text, code=None, report=None, memory=ThreadMemory(), language="en", catalog=catalog
    )
    assert turn.findings == ()
    assert "code" not in turn.facts.given


@pytest.mark.parametrize(
    ("function", "file", "line"),
    [
        ("_compile_bytecode", "<frozen importlib._bootstrap_external>", 727),
        ("EnumType.__getattr__", "/usr/lib/python3.11/enum.py", 775),  # review9 R20
        ("_BaseExitStack", "/usr/local/lib/python3.12/contextlib.py", 447),
        ("parse", "/app/.venv/lib/python3.11/site-packages/yaml/parser.py", 90),
    ],
)
def test_import_machinery_is_never_the_learners_hotspot(
    catalog: Catalog, function: str, file: str, line: int
) -> None:
    """Start-up, the standard library or a package is not the learner's code to change."""
    frozen = Hotspot(function, file, line, 0, 9.0, 9.0)
    rep = report(wall_ms=60, cpu_ms=50, hotspots=(frozen,))
    lines = [
        *findings(rep, "class C:\n    pass\n", "en", catalog),
        *evidence_lines(rep, "en", catalog),
    ]
    assert function not in "\n".join(lines)
