"""Which numbers of a message are compared: measurements only, same kind and same metric."""

from __future__ import annotations

from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.reasoning import evidence_notes
from bot.mentor.reasoning_verdicts import refuted
from bot.mentor.understanding import extract


def thread_notes(catalog: Catalog, language: str, *turns: str) -> list[tuple[str, ...]]:
    """The evidence notes of each turn of one thread, memory carried as the service does."""
    memory = ThreadMemory()
    out = []
    for text in turns:
        facts = extract(text)
        out.append(evidence_notes(facts, memory, language, catalog, text))
        memory = ThreadMemory(evidence=(*memory.evidence, *facts.quantities))
    return out


def test_expected_versus_observed_is_not_a_change(catalog: Catalog) -> None:
    """'5 calls take 1 s instead of 0.2 s' states what was expected: no 'revert it'."""
    (notes,) = thread_notes(
        catalog, "en", "Why is this not concurrent? 5 calls take 1 s instead of 0.2 s."
    )
    text = "\n".join(notes)
    assert "worse" not in text
    assert "Revert" not in text
    assert "5.0x the expected time" in text


def test_instead_of_after_a_change_is_still_before_and_after(catalog: Catalog) -> None:
    """'now 0.4 s instead of 2.1 s' is a change the learner made: 5.2x faster."""
    (notes,) = thread_notes(catalog, "pt", "agora o import leva 0,4 s em vez de 2,1 s. E agora?")
    assert "5.2x" in notes[0]


def test_a_load_held_constant_is_a_control_not_a_result(catalog: Catalog) -> None:
    """'under the same 200 rps load' never becomes '200/s -> 200/s differs by 0.0%'."""
    _, second = thread_notes(
        catalog,
        "en",
        "How do I find what blocks my asyncio event loop? aiohttp, p99 is 800 ms at 200 rps",
        "I swapped to uvloop. p99 went from 800 to 950 ms under the same 200 rps load.",
    )
    text = "\n".join(second)
    assert "19% worse" in text
    assert "200/s" not in text
    assert "noise" not in text


def test_a_load_is_not_a_baseline(catalog: Catalog) -> None:
    """'at 50 rps' is the load the question is about, not a 'baseline noted'."""
    (notes,) = thread_notes(catalog, "en", "How do I retry 429 and 503 with tenacity at 50 rps?")
    assert not any("50/s" in n for n in notes)


def test_a_target_is_a_goal_not_a_baseline(catalog: Catalog) -> None:
    """'menos de 0,5 s' is what the learner wants, not what they measured."""
    text = "Meu pacote demora 2,1 s para importar. Como reduzo para menos de 0,5 s?"
    facts = extract(text)
    assert "goal" in facts.given
    (notes,) = thread_notes(catalog, "pt", text)
    joined = "\n".join(notes)
    assert "2.1 s" in joined
    # the target is named only as the goal the measurement is read against
    assert all("meta de 500 ms" in n for n in notes if "500 ms" in n)
    assert any("2.1 s" in n and "4.2x" in n for n in notes)


def test_an_english_target_is_never_paired_with_the_measurement(catalog: Catalog) -> None:
    """'p99 is 800 ms, target under 300 ms': no '800 ms -> 300 ms is faster'."""
    (notes,) = thread_notes(catalog, "en", "p99 is 800 ms, our SLO target is under 300 ms")
    text = "\n".join(notes)
    assert "faster" not in text
    assert all("your 300 ms goal" in n for n in notes if "300 ms" in n)


def test_numbers_of_different_metrics_are_not_paired(catalog: Catalog) -> None:
    """A 300 ms loop hold is not a p99: 950 -> 800 ms is compared, 300 -> 800 is not."""
    *_, third = thread_notes(
        catalog,
        "en",
        "aiohttp server, p99 is 800 ms at 200 rps",
        "I swapped to uvloop. p99 went from 800 to 950 ms under the same 200 rps load.",
        "Reverted uvloop. py-spy dump shows json.dumps holding the loop for ~300 ms; p99 is back to 800 ms.",
    )
    text = "\n".join(third)
    assert "300 ms →" not in text
    assert "950 ms → 800 ms" in text
    assert "167%" not in text


def test_speedup_ratios_are_a_before_after_pair_with_parallel_efficiency(catalog: Catalog) -> None:
    """'1.6 倍变成了 5.9 倍' on 8 cores: 3.7x better, 74% parallel efficiency."""
    first, second, third = thread_notes(
        catalog,
        "zh",
        "我用 multiprocessing.Pool 处理 200 万行 CSV，8 核机器上只快了 1.6 倍。怎么测？",
        "我改成传文件路径而不是大 DataFrame，8 核上的加速比从 1.6 倍变成了 5.9 倍。",
        "又把 chunksize 调成 1000，现在是 6.3 倍，每个 worker 的 CPU 利用率 92%。",
    )
    assert any("20%" in n for n in first)
    text = "\n".join(second)
    assert "1.6x → 5.9x" in text
    assert "3.7x" in text
    assert "74%" in text
    assert "请说明是哪一项改动" not in text
    assert any("5.9x → 6.3x" in n for n in third)


def test_english_speedup_pair_is_interpreted(catalog: Catalog) -> None:
    """'from 1.6x to 5.9x on 8 cores' in English reads the same way."""
    (notes,) = thread_notes(catalog, "en", "The Pool speed-up went from 1.6x to 5.9x on 8 cores.")
    text = "\n".join(notes)
    assert "3.7x better" in text
    assert "74% parallel efficiency" in text


def test_the_gil_is_not_a_library() -> None:
    """'¿es el GIL o la red?' names grpc, not a 'gil' library."""
    facts = extract("Servicio gRPC con grpcio a 3000 rps, p99 450 ms. ¿Es el GIL o la red?")
    assert facts.stack == ("grpc",)


def test_http_requests_are_not_the_requests_library() -> None:
    """'RSS +50 MB per 5000 requests' names no library; `requests.get` and imports do."""
    assert "requests" not in extract("RSS +50 MB per 5000 requests. Where is it held?").stack
    assert "requests" in extract("I call requests.get in a loop").stack
    assert "requests" in extract("the requests library blocks my loop").stack
    assert "requests" in extract("why?", "import requests\n").stack


def test_failed_logins_are_not_failing_tests(catalog: Catalog) -> None:
    """'2000 failed logins/min' is not a test result: no 'pytest -x --lf' note."""
    text = "How do I rate-limit credential stuffing with slowapi? We see 2000 failed logins/min."
    facts = extract(text)
    assert "result" not in facts.given
    (notes,) = thread_notes(catalog, "en", text)
    assert not any("pytest" in n for n in notes)
    assert "result" in extract("the tests failed again after the merge").given


def test_a_measured_number_answers_the_baseline_slot_and_a_target_does_not() -> None:
    """'p99 is 800 ms' is the baseline already given; 'under 0.5 s' alone is only a goal."""
    assert "baseline" in extract("aiohttp server, p99 is 800 ms at 200 rps").given
    target = extract("How do I get the import under 0.5 s?").given
    assert "baseline" not in target
    assert "goal" in target
    assert "baseline" not in extract("retries at 50 rps with tenacity").given


def test_a_per_minute_throughput_drop_is_interpreted(catalog: Catalog) -> None:
    """'von 5000 auf 3100 Tasks pro Minute' is a 38% throughput drop, in the learner's unit."""
    *_, second = thread_notes(
        catalog,
        "de",
        "Unsere Celery-Worker verarbeiten 5000 Tasks pro Minute.",
        "Mit acks_late fiel der Durchsatz von 5000 auf 3100 Tasks pro Minute.",
    )
    assert "5,000/min → 3,100/min" in second[0]
    assert "38" in second[0]


def test_a_memory_growth_rate_keeps_its_rate(catalog: Catalog) -> None:
    """'30 МБ в час' is a growth rate: noted as the learner wrote it (review F2: their units,
    not MiB) and compared only with a rate."""
    first, second = thread_notes(
        catalog,
        "ru",
        "Память сервиса на aiohttp растёт на 30 МБ в час.",
        "После фикса память растёт на 2 МБ в час.",
    )
    assert "30 МБ в час" in first[0]
    assert "MiB/h → " in second[0]


def test_a_cost_per_item_is_projected_to_the_production_size(catalog: Catalog) -> None:
    """0.5 s for 40 users with 50k users in prod is ~10 min at the same cost per user (1250x)."""
    (notes,) = thread_notes(
        catalog, "en", "This report takes 0.5 s for 40 users and will have 50k users in prod."
    )
    text = "\n".join(notes)
    assert "1,250x" in text
    assert "10:25 min" in text
    (rows,) = thread_notes(catalog, "en", "Import of 200 rows takes 3 s; prod has 2 million rows")
    assert any("8.3 h" in n for n in rows)


def test_a_bare_number_after_a_labelled_before_is_its_after(catalog: Catalog) -> None:
    """'before, p95 was 1.2 s; after moving to asyncpg it is 300 ms' is 4.0x faster."""
    (notes,) = thread_notes(
        catalog,
        "en",
        "I measured it: before the change p95 was 1.2 s, after moving to asyncpg it is 300 ms.",
    )
    assert "4.0x faster" in notes[0]


def test_memory_per_n_requests_is_read_per_request(catalog: Catalog) -> None:
    """'+50 MB per 5000 requests' is ~10 KB kept per request, not a 47.7 MiB baseline."""
    (notes,) = thread_notes(catalog, "en", "RSS +50 MB per 5000 requests. Where is it held?")
    text = "\n".join(notes)
    assert "9.8 KiB/request" in text
    assert "47.7 MiB" not in text


def test_a_range_is_not_a_before_and_after(catalog: Catalog) -> None:
    """'every 40-60 seconds, 3-4 requests reach 400 ms' observes a range: nothing got worse."""
    facts = extract("Ogni 40-60 secondi 3-4 richieste consecutive arrivano a 400 ms.")
    assert not [q for q in facts.quantities if q.label in ("before", "after")]
    assert not refuted(facts, ThreadMemory())


def test_a_deadline_is_a_goal_not_an_earlier_measurement(catalog: Catalog) -> None:
    """A limit stated first ('Целевая p99 — 30 мс', 'innerhalb von 3 Sekunden') is no 'before'."""
    for first, later in (
        ("Целевая задержка p99 — 30 мс.", "Замерил: p99 120 мс."),
        ("Slash-Commands müssen innerhalb von 3 Sekunden bestätigt werden.", "Manchmal 4 s."),
        ("CI 시간이 15분을 넘으면 안 됩니다.", "전체가 18분 걸립니다."),
    ):
        memory = ThreadMemory(evidence=extract(first).quantities)
        assert not refuted(extract(later), memory), first


def test_turkish_counts_with_a_case_suffix_give_the_growth(catalog: Catalog) -> None:
    """'1.000 kayıtta 0,1 s, 8.000 kayıtta 6,4 s' (locative) is 8x the input for 64x the time."""
    (notes,) = thread_notes(
        catalog, "tr", "Betiğim 1.000 kayıtta 0,1 s, 8.000 kayıtta 6,4 s sürüyor."
    )
    assert "n^2.0" in "\n".join(notes)


def test_a_range_reported_earlier_is_not_a_before(catalog: Catalog) -> None:
    """'a 10-15 min delay', then 'tasks run 8 min': two quantities, no '1.9x faster'."""
    _, notes = thread_notes(
        catalog,
        "en",
        "Redis broker; sometimes tasks start with a delay of 10-15 minutes.",
        "Some tasks run for 8 minutes and the short ones wait in the queue behind them.",
    )
    assert not [n for n in notes if "faster" in n or "slower" in n]
    _, single = thread_notes(
        catalog, "en", "The nightly job takes 15 minutes.", "After the change it takes 8 minutes."
    )
    assert [n for n in single if "1.9x faster" in n]
