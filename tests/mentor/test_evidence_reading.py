"""The mentor reasons from the measurement: what it implies, and the measurement it calls for."""

from __future__ import annotations

import asyncio

from bot.engine.offline import OfflineEngine
from bot.engine.prompt import PromptBuilder
from bot.mentor.engine_port import EngineRequest
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.models import Role
from bot.mentor.reasoning import evidence_notes, findings
from bot.mentor.sandbox_next import next_measurement
from bot.mentor.understanding import extract
from bot.sandbox.report import SandboxReport
from tests.knowledge.offline_turn import offline_engine

PARSE = "def parse(rows):\n    return [r.split(',') for r in rows]\n"


def report(**fields: object) -> SandboxReport:
    base: dict[str, object] = {"status": "ok", "exit_code": 0, "wall_ms": 900.0, "cpu_ms": 880.0}
    base.update(fields)
    return SandboxReport.from_dict(base)


def hotspot(function: str, calls: int, total_ms: float, line: int = 1) -> dict[str, object]:
    return {
        "function": function,
        "file": "main.py",
        "line": line,
        "calls": calls,
        "total_ms": total_ms,
        "cumulative_ms": total_ms,
    }


def test_times_at_two_sizes_give_the_growth_exponent(catalog: Catalog) -> None:
    """10x the rows for 100x the time is n^2: said, with a third size to confirm it."""
    text = "With 1,000 rows it takes 0.2 s; with 10,000 rows it takes 20 s."
    (note,) = evidence_notes(extract(text), ThreadMemory(), "en", catalog)
    assert "n^2.0" in note
    assert "nested loop" in note
    assert "1:20 min" in note  # 20 s at twice the size, if the growth holds
    (linear,) = evidence_notes(
        extract("1000 件で 0.2 秒、4000 件で 0.8 秒かかります。"), ThreadMemory(), "ja", catalog
    )
    assert "n^1.0" in linear


def test_a_dominant_function_becomes_a_two_size_measurement(catalog: Catalog) -> None:
    """One call holding 80% of the time: time it at n and 4n to learn its complexity."""
    run = report(hotspots=[hotspot("parse", 1, 640.0), hotspot("<listcomp>", 1, 160.0, 2)])
    step = next_measurement(run, "en", catalog)
    assert "`parse`" in step
    assert "n and 4n" in step
    assert "16x" in step


def test_many_calls_point_at_the_count_not_the_body(catalog: Catalog) -> None:
    """200,000 calls of 3 µs: the count is the cost, so the calls are what to measure."""
    run = report(hotspots=[hotspot("lookup", 200_000, 600.0), hotspot("main", 1, 100.0, 9)])
    step = next_measurement(run, "en", catalog)
    assert "200,000 times" in step
    assert "3 µs" in step
    assert "count the calls" in step


def test_a_waiting_run_times_each_wait_and_memory_growth_takes_snapshots(
    catalog: Catalog,
) -> None:
    """Waiting: each wait against the wall time. Memory growth: snapshots N calls apart."""
    waited = next_measurement(report(wall_ms=2122.0, cpu_ms=61.0), "pt", catalog)
    assert "2122 ms" in waited
    assert "time.perf_counter()" in waited
    grown = report(
        allocations=[{"file": "main.py", "line": 3, "size_bytes": 72_000_000, "count": 10}]
    )
    assert "compare_to" in next_measurement(grown, "en", catalog)
    assert "line 3" in next_measurement(grown, "en", catalog)
    assert next_measurement(report(wall_ms=50.0, cpu_ms=48.0), "en", catalog) == ""


def test_the_offline_reply_leads_with_the_measurement_not_the_raw_table(catalog: Catalog) -> None:
    """The first step is the next measurement; the raw hotspot row is not shown beside its reading."""
    run = report(hotspots=[hotspot("parse", 1, 640.0), hotspot("<listcomp>", 1, 160.0, 2)])
    question = f"This parser is slow:\n```python\n{PARSE}```"
    request = EngineRequest(
        question=question,
        language="en",
        role=Role.MENTOR,
        code=PARSE,
        sandbox=run,
        facts=extract(question, PARSE),
        findings=findings(run, PARSE, "en", catalog),
    )
    offline: OfflineEngine = offline_engine()
    reply = asyncio.run(offline.reply(request))
    first = reply.sections.steps.splitlines()[0]
    assert first.startswith("1. Next measurement: time `parse` alone")
    assert "dominates: 80%" in reply.sections.hypotheses
    assert "Top hotspot" not in reply.sections.hypotheses
    prompt = PromptBuilder(catalog, budget_chars=24000).build(request)
    final = prompt.messages[-1]["content"]
    assert "The next measurement this run calls for" in final
    assert "time `parse` alone at two input sizes" in final
