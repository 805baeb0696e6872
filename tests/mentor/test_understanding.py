"""Question understanding: what a learner's message states, in every language, in linear time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.mentor.understanding import extract, parse_number, quantities

# (language, message, [(text as written, normalized value, unit, side)])
REPORTS = [
    (
        "en",
        "The import now takes 0.4 s instead of 2.1 s",
        [("0.4 s", 0.4, "s", "after"), ("2.1 s", 2.1, "s", "before")],
    ),
    (
        "en",
        "The nightly job went from 14 min -> 3:40",
        [("14 min", 840.0, "s", "before"), ("3:40", 220.0, "s", "after")],
    ),
    (
        "pt",
        "O p99 caiu de 2,1 s para 800ms depois do pool",
        [("2,1 s", 2.1, "s", "before"), ("800ms", 0.8, "s", "after")],
    ),
    (
        "es",
        "Antes tardaba 12 segundos, ahora 3 segundos",
        [("12 segundos", 12.0, "s", "before"), ("3 segundos", 3.0, "s", "after")],
    ),
    (
        "fr",
        "Avant 950 ms, maintenant 310 ms au p95",
        [("950 ms", 0.95, "s", "before"), ("310 ms", 0.31, "s", "after")],
    ),
    (
        "de",
        "Vorher 1,5 Sekunden, jetzt 0,3 Sekunden",
        [("1,5 Sekunden", 1.5, "s", "before"), ("0,3 Sekunden", 0.3, "s", "after")],
    ),
    (
        "it",
        "Prima 40 minuti, dopo la modifica 25 minuti",
        [("40 minuti", 2400.0, "s", "before"), ("25 minuti", 1500.0, "s", "after")],
    ),
    (
        "nl",
        "Eerst 2 GB geheugen, nu 512 MB",
        [("2 GB", 2e9, "B", "before"), ("512 MB", 512e6, "B", "after")],
    ),
    (
        "pl",
        "Wcześniej 800 req/s, teraz 1200 req/s",
        [("800 req/s", 800.0, "/s", "before"), ("1200 req/s", 1200.0, "/s", "after")],
    ),
    (
        "tr",
        "Önce 5 saniye sürüyordu, şimdi 2 saniye",
        [("5 saniye", 5.0, "s", "before"), ("2 saniye", 2.0, "s", "after")],
    ),
    (
        "ru",
        "Раньше было 300 мс, сейчас 2 сек",
        [("300 мс", 0.3, "s", "before"), ("2 сек", 2.0, "s", "after")],
    ),
    (
        "uk",
        "Раніше 10 хвилин, тепер 4 хвилин",
        [("10 хвилин", 600.0, "s", "before"), ("4 хвилин", 240.0, "s", "after")],
    ),
    (
        "ja",
        "以前は 500ミリ秒でしたが、今は2秒かかります",
        [("500ミリ秒", 0.5, "s", "before"), ("2秒", 2.0, "s", "after")],
    ),
    (
        "zh",
        "之前 12 分钟, 现在 3 分钟",
        [("12 分钟", 720.0, "s", "before"), ("3 分钟", 180.0, "s", "after")],
    ),
    (
        "ko",
        "이전에는 8초, 지금은 2초 걸립니다",
        [("8초", 8.0, "s", "before"), ("2초", 2.0, "s", "after")],
    ),
]


@pytest.mark.parametrize(("language", "text", "expected"), REPORTS, ids=[r[0] for r in REPORTS])
def test_reported_numbers_are_read_with_unit_and_side_in_each_language(
    language: str, text: str, expected: list[tuple[str, float, str, str]]
) -> None:
    """Numbers with units are normalized and marked before/after, in all 14 languages."""
    found = [
        (
            q.text,
            round(q.value, 6),
            q.unit,
            "before" if "before" in q.label else "after" if "after" in q.label else "",
        )
        for q in extract(text).quantities
    ]
    assert found == [(t, pytest.approx(v), u, s) for t, v, u, s in expected]


def test_units_of_every_kind_are_normalized() -> None:
    """Throughput, memory, record counts, ratios and percentiles get their kind and label."""
    found = {
        q.text: q for q in quantities("p99 = 1.2s at 1200 req/s, RSS 512 MB, 10M rows, 3.8x, 40 %")
    }
    assert found["1.2s"].kind == "latency"
    assert "p99" in found["1.2s"].label
    assert found["1200 req/s"].kind == "throughput"
    assert found["1200 req/s"].value == 1200
    assert found["512 MB"].kind == "memory"
    assert found["512 MB"].value == 512e6
    assert found["10M rows"].kind == "size"
    assert found["10M rows"].value == 10e6
    assert found["3.8x"].kind == "ratio"
    assert found["3.8x"].value == pytest.approx(3.8)
    assert found["40 %"].unit == "%"


def test_a_bare_number_before_an_arrow_shares_the_unit() -> None:
    """'p99 800 -> 950 ms' is two latencies, the first one the baseline."""
    first, second = quantities("p99 800 -> 950 ms")
    assert (first.value, second.value) == (pytest.approx(0.8), pytest.approx(0.95))
    assert {"before", "p99"} <= set(first.label.split())
    assert "after" in second.label


@pytest.mark.parametrize(
    ("raw", "value"),
    [("2,1", 2.1), ("1,200", 1200.0), ("1.234,5", 1234.5), ("0,125", 0.125), ("3.8", 3.8)],
)
def test_decimal_commas_and_thousands_separators_are_told_apart(raw: str, value: float) -> None:
    """A comma with three digits after it groups thousands; otherwise it is a decimal mark."""
    assert parse_number(raw) == pytest.approx(value)


def test_stack_aliases_map_to_canonical_names() -> None:
    """pg, k8s and friends become the names units and hypotheses are keyed by."""
    facts = extract("FastAPI under uvicorn talks to pg via asyncpg on k8s; celery + kafka workers")
    assert facts.stack == (
        "fastapi",
        "uvicorn",
        "postgresql",
        "asyncpg",
        "kubernetes",
        "celery",
        "kafka",
    )
    assert {"stack", "environment"} <= facts.given


def test_stack_is_read_from_the_code_too() -> None:
    """A library imported in the pasted code counts as named."""
    facts = extract("why is this slow?", "import requests\nrequests.get('http://x')\n")
    assert "requests" in facts.stack
    assert "code" in facts.given


def test_errors_symptom_and_goal_are_extracted() -> None:
    """Named exceptions, what goes wrong and what the learner wants."""
    facts = extract(
        "My worker hangs and then raises TimeoutError; I want it faster under Python 3.12"
    )
    assert facts.errors == ("TimeoutError",)
    assert facts.symptom == "hang"
    assert facts.goal == "faster"
    assert {"error", "version", "goal"} <= facts.given


def test_given_slots_name_what_not_to_ask_again() -> None:
    """A message with a baseline and a result answers those slots; a bare question answers none."""
    reported = extract("p99 was 800 ms, now 300 ms with 40 workers")
    assert {"latency", "baseline", "result", "concurrency"} <= reported.given
    assert extract("How should I structure my service?").given == frozenset()


def test_a_test_result_answers_the_result_slot() -> None:
    """'the tests pass now' is a result even without a number."""
    assert "result" in extract("I added the lock and the tests pass now").given


@pytest.mark.parametrize(
    "hostile",
    [
        "1," * 6000,
        "1" * 12000,
        "p99 " * 3000,
        "->1 " * 3000,
        "3:4" * 4000,
        "a1.1.1.1" * 1500,
        "Error" * 2400,
        "ms" * 6000,
        ("before 1 " * 1334)[:12000],
    ],
    ids=["commas", "digits", "labels", "arrows", "clocks", "dotted", "errors", "units", "labels2"],
)
def test_hostile_12000_char_inputs_are_read_without_blowing_up(hostile: str) -> None:
    """Untrusted text of the maximum size is read in one bounded pass (at most 24 numbers)."""
    facts = extract(hostile, hostile)
    assert len(facts.quantities) <= 24


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_facts_never_an_error(text: str) -> None:
    """Whatever the learner types, extraction returns facts."""
    facts = extract(text, text)
    assert all(q.value >= 0 for q in facts.quantities)


def test_short_cues_match_whole_words_only() -> None:
    """'slow' does not state an SLO, and numbers inside fenced code are not reports."""
    facts = extract("why is it slow?\n```python\nimport httpx\npod = 5\ntime.sleep(3)\n```")
    assert "goal" not in facts.given
    assert facts.stack == ("httpx",)
    assert facts.quantities == ()
    assert "goal" in extract("our SLO is 200 ms").given
