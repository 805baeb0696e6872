"""Reasoning over evidence: reported numbers interpreted, sandbox reports read, code scanned."""

from __future__ import annotations

import re
import textwrap
import tomllib
from enum import StrEnum
from types import SimpleNamespace

import pytest

from bot.mentor.code_scan import scan
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.reasoning import evidence_notes, findings
from bot.mentor.sandbox_limits import run_notes
from bot.mentor.understanding import extract
from bot.sandbox.report import Allocation, Hotspot, RunStatus, SandboxReport
from tests.conftest import REPO_ROOT

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def notes(catalog: Catalog, text: str, memory: ThreadMemory | None = None) -> str:
    return "\n".join(evidence_notes(extract(text), memory or ThreadMemory(), "en", catalog, text))


def test_a_before_after_pair_becomes_a_ratio_and_a_direction(catalog: Catalog) -> None:
    """'14 min -> 3:40' is read as 3.8x faster, not repeated back."""
    line = notes(catalog, "The nightly job went from 14 min -> 3:40 after batching inserts")
    assert "3.8x faster" in line


def test_a_regression_is_called_one(catalog: Catalog) -> None:
    """p99 800 -> 950 ms is 19% worse and the change did not help."""
    line = notes(catalog, "p99 800 -> 950 ms after adding the cache")
    assert "19% worse" in line
    assert "did not help" in line


def test_instead_of_marks_the_baseline(catalog: Catalog) -> None:
    """'0.4 s instead of 2.1 s': the import got 5.2x faster."""
    assert "5.2x faster" in notes(catalog, "the import now takes 0.4 s instead of 2.1 s")


def test_a_number_is_compared_with_the_previous_turn(catalog: Catalog) -> None:
    """A follow-up number is read against the one reported earlier in the thread."""
    memory = ThreadMemory(evidence=extract("p99 is 1.2 s under load").quantities)
    line = notes(catalog, "with uvloop the p99 is 700 ms", memory)
    assert "1.7x faster" in line
    assert "earlier" in line


def test_a_tiny_change_is_called_noise(catalog: Catalog) -> None:
    """Under 3% is noise: measure again before deciding."""
    assert "noise" in notes(catalog, "before 100 ms, after 99 ms")


def test_memory_and_throughput_directions(catalog: Catalog) -> None:
    """Less memory and more throughput are improvements; the reverse is not."""
    assert "75% less memory" in notes(catalog, "RSS was 2 GB, now 500 MB")
    assert "1.5x the throughput" in notes(catalog, "before 800 req/s, after 1200 req/s")
    assert "fell 33%" in notes(
        catalog, "I changed the serializer: before 1200 req/s, after 800 req/s"
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("I fixed the lock and the tests pass now", "pass now"),
        ("3 tests failed after that", "failing"),
    ],
)
def test_a_reported_test_result_is_acknowledged(catalog: Catalog, text: str, key: str) -> None:
    """A test result is taken up, never asked for again."""
    assert key in notes(catalog, text)


# Sandbox report -----------------------------------------------------------------------


def report(**kw: object) -> SandboxReport:
    base: dict[str, object] = {"status": RunStatus.OK, "exit_code": 0}
    base.update(kw)
    return SandboxReport(**base)  # type: ignore[arg-type]


def spot(name: str, line: int, self_ms: float) -> Hotspot:
    return Hotspot(name, "main.py", line, 10, self_ms, self_ms)


def test_wall_far_above_cpu_is_read_as_waiting(catalog: Catalog) -> None:
    """wall 2122 ms, CPU 61 ms: the run waited, and no finding claims it computed."""
    lines = findings(
        report(wall_ms=2122, cpu_ms=61, hotspots=(spot("parse", 3, 40.0),)), "", "en", catalog
    )
    text = "\n".join(lines)
    assert "waiting" in lines[0]
    assert "dominates" not in text
    assert "computing" not in lines[0].split(":")[0]


def test_wall_close_to_cpu_is_read_as_computing(catalog: Catalog) -> None:
    """CPU close to wall: the run computed."""
    lines = findings(report(wall_ms=900, cpu_ms=880), "", "en", catalog)
    assert "computing, not waiting" in lines[0]


@pytest.mark.parametrize(
    ("shares", "word"),
    [
        ((80.0, 10.0, 10.0), "dominates"),
        ((40.0, 35.0, 25.0), "largest cost"),
        ((20.0,) * 5, "spread out"),
    ],
)
def test_hotspot_wording_follows_its_share(
    catalog: Catalog, shares: tuple[float, ...], word: str
) -> None:
    """Dominant from 50%, the largest cost from 30%, otherwise the cost is spread out."""
    spots = tuple(spot(f"f{i}", i + 1, s) for i, s in enumerate(shares))
    text = "\n".join(findings(report(wall_ms=500, cpu_ms=490, hotspots=spots), "", "en", catalog))
    assert word in text


def test_nothing_under_30_percent_is_called_dominant(catalog: Catalog) -> None:
    """A function at 2% of self time is never dominant, nor the main cost."""
    spots = (spot("tiny", 1, 2.0), *(spot(f"g{i}", i + 2, 7.0) for i in range(14)))
    text = "\n".join(findings(report(wall_ms=500, cpu_ms=490, hotspots=spots), "", "en", catalog))
    assert "dominat" not in text
    assert "largest cost" not in text
    assert "spread out" in text


def test_allocation_growth_names_the_site(catalog: Catalog) -> None:
    """The line holding most memory at the end of the run is cited with its share."""
    allocs = (Allocation("main.py", 12, 8_000_000, 1000), Allocation("main.py", 30, 2_000_000, 10))
    text = "\n".join(
        findings(report(wall_ms=100, cpu_ms=95, allocations=allocs), "", "en", catalog)
    )
    assert "line 12" in text
    assert "80%" in text


def test_a_slow_run_without_hotspots_says_profiling_did_not_report(catalog: Catalog) -> None:
    """Slow code with no profile gets one line saying so."""
    text = "\n".join(findings(report(wall_ms=2500, cpu_ms=2400), "", "en", catalog))
    assert "profiler reported no function" in text


def test_a_timed_out_run_says_no_profile_was_taken(catalog: Catalog) -> None:
    """A timeout gets the line that no profile exists."""
    text = "\n".join(findings(report(status=RunStatus.TIMEOUT, wall_ms=10000), "", "en", catalog))
    assert "no profile was taken" in text


class PassState(StrEnum):
    SKIPPED = "skipped"
    CUT = "cut"


@pytest.mark.parametrize(
    ("passes", "said"),
    [
        (
            (
                SimpleNamespace(
                    name="tracemalloc", state=PassState.SKIPPED, reason="little memory used"
                ),
            ),
            "tracemalloc pass was skipped (little memory used)",
        ),
        (
            (SimpleNamespace(name="profile", state=PassState.CUT, reason="over budget"),),
            "profile pass was cut at its time budget (over budget)",
        ),
        (
            {"tracemalloc": {"state": "skipped", "reason": "too short"}},
            "tracemalloc pass was skipped",
        ),
    ],
)
def test_a_pass_that_did_not_deliver_is_said_in_one_line(
    catalog: Catalog, passes: object, said: str
) -> None:
    """When the report lists its passes, a skipped or cut one gets one line with its reason.

    The line is a note on what was not measured, never one of the findings (hypotheses).
    """
    with_passes = SimpleNamespace(
        status=RunStatus.OK, wall_ms=40.0, cpu_ms=39.0, hotspots=(), allocations=(), passes=passes
    )
    lines = run_notes(with_passes, "", ThreadMemory(), "en", catalog)  # type: ignore[arg-type]
    assert [ln for ln in lines if said in ln]
    assert sum("pass" in ln for ln in lines) == 1
    assert not [ln for ln in findings(with_passes, "", "en", catalog) if " pass " in ln]  # type: ignore[arg-type]


def test_a_report_without_passes_is_read_as_before(catalog: Catalog) -> None:
    """Older reports (no `passes` field) still give findings, with no pass line."""
    lines = findings(report(wall_ms=40, cpu_ms=39), "", "en", catalog)
    assert not [ln for ln in lines if " pass " in ln]


# Static scan ----------------------------------------------------------------------------

CULPRITS = {
    "blocking_in_async": ("import time\nasync def handler():\n    time.sleep(1)\n", 3),
    "requests_in_async": ("import requests\nasync def fetch(u):\n    return requests.get(u)\n", 3),
    "string_concat": (
        "def csv(rows):\n    out = ''\n    for r in rows:\n        out += str(r) + ','\n    return out\n",
        4,
    ),
    "unbounded_global": ("CACHE = {}\ndef remember(k, v):\n    CACHE[k] = v\n", 1),
    "n_plus_one": (
        "def names(ids, session):\n    return [session.query(User).get(i) for i in ids]\n",
        2,
    ),
    "list_membership": (
        "def dedupe(xs):\n    seen = []\n    for x in xs:\n        if x not in seen:\n            seen.append(x)\n",
        4,
    ),
    "bare_except_pass": ("def f():\n    try:\n        g()\n    except:\n        pass\n", 4),
}


@pytest.mark.parametrize("kind", sorted(CULPRITS))
def test_each_classic_culprit_is_found_on_its_line(kind: str) -> None:
    """The scan names the culprit and the line it is on."""
    code, line = CULPRITS[kind]
    assert [(f.kind, f.line) for f in scan(code)] == [(kind, line)]


@pytest.mark.parametrize("kind", sorted(CULPRITS))
def test_each_culprit_becomes_a_hypothesis_citing_its_line(catalog: Catalog, kind: str) -> None:
    """The finding is a localized hypothesis that names the line."""
    code, line = CULPRITS[kind]
    (text,) = findings(None, code, "en", catalog)
    assert text.startswith(f"Line {line}:")
    assert "{" not in text


def test_clean_code_and_unparsable_code_give_no_findings() -> None:
    """No false alarms on idiomatic code; broken code is not guessed at."""
    clean = textwrap.dedent(
        """
        import asyncio
        async def handler():
            await asyncio.sleep(1)
        def csv(rows):
            return ",".join(str(r) for r in rows)
        """
    )
    assert scan(clean) == ()
    assert scan("def f(:\n") == ()


def test_computing_hypotheses_are_dropped_when_the_run_waited(catalog: Catalog) -> None:
    """A string-building hypothesis next to wall 2122 ms / CPU 61 ms would contradict the evidence."""
    code = CULPRITS["string_concat"][0] + "import time\nasync def h():\n    time.sleep(2)\n"
    text = "\n".join(findings(report(wall_ms=2122, cpu_ms=61), code, "en", catalog))
    assert "waiting" in text
    assert "time.sleep" in text
    assert not re.search(r"built with `\+`", text)


# Every language ---------------------------------------------------------------------------

LANGUAGES = ("en", "pt", "es", "fr", "de", "it", "nl", "pl", "tr", "ru", "uk", "ja", "zh", "ko")


def test_every_language_has_every_reasoning_text_with_the_same_placeholders() -> None:
    """config/i18n/reasoning/<lang>.toml: 14 languages, English's keys and placeholders."""
    folder = REPO_ROOT / "config" / "i18n" / "reasoning"
    with (folder / "en.toml").open("rb") as fh:
        english = tomllib.load(fh)["messages"]
    for language in LANGUAGES:
        with (folder / f"{language}.toml").open("rb") as fh:
            texts = tomllib.load(fh)["messages"]
        assert set(texts) == set(english), language
        for key, text in english.items():
            assert set(PLACEHOLDER.findall(texts[key])) == set(PLACEHOLDER.findall(text)), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_ratio_is_computed_in_every_language(catalog: Catalog, language: str) -> None:
    """The interpretation carries the computed ratio whatever language it is written in."""
    facts = extract("p99 800 -> 200 ms")
    (line,) = evidence_notes(facts, ThreadMemory(), language, catalog)
    assert "4.0x" in line
    assert "{" not in line
    if language != "en":
        assert line != evidence_notes(facts, ThreadMemory(), "en", catalog)[0]


def test_numbers_of_different_things_are_not_compared_across_turns(catalog: Catalog) -> None:
    """A 14-minute job and a 300 ms request are not a before/after pair."""
    memory = ThreadMemory(evidence=extract("the nightly job takes 14 min").quantities)
    assert "faster" not in notes(catalog, "and one API request takes 300 ms", memory)
