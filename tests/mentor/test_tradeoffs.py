"""A gain bought with a cost is read as a trade-off to work on, never as a change to revert."""

from __future__ import annotations

import functools

import pytest

from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.reasoning import evidence_notes, refuted
from bot.mentor.understanding import extract
from bot.settings import DEFAULT_CONFIG_DIR


@functools.cache
def catalog() -> Catalog:
    return Catalog.load(DEFAULT_CONFIG_DIR)


def notes(text: str, language: str) -> tuple[str, ...]:
    return evidence_notes(extract(text), ThreadMemory(), language, catalog(), text)


def fixed_part(language: str, key: str) -> str:
    """The message's words before its first placeholder (what any rendering starts with)."""
    marker = "\x00"
    params = dict.fromkeys(("gain", "cost", "cost_name", "value"), marker)
    return catalog().message(language, key, **params).split(marker)[0].strip()


def test_gain_with_cpu_at_95_percent_is_a_tradeoff_with_the_next_limit_named() -> None:
    """'p99 900 -> 120 ms but CPU 95%': the gain is confirmed, CPU is the cost and next limit."""
    lines = notes("I switched to orjson: p99 dropped from 900 to 120 ms but CPU went to 95%.", "en")
    text = "\n".join(lines)
    assert "7.5x faster" in text
    assert "hypothesis it tested holds" in text
    assert "trade-off" in text.lower()
    assert "CPU at 95%" in text
    assert "Revert" not in text


def test_worse_number_after_but_is_the_price_of_the_fix_not_a_revert() -> None:
    """F13: 'no more lost tasks, but throughput fell 5000 -> 3100/min' keeps the fix."""
    text = (
        "Mit acks_late und worker_prefetch_multiplier=1 verlieren wir nach dem Failover keine "
        "Tasks mehr, aber der Durchsatz fiel von 5000 auf 3100 Tasks pro Minute."
    )
    joined = "\n".join(notes(text, "de"))
    assert "-38%" in joined
    assert "Trade-off" in joined
    assert "Nimm sie zurück" not in joined


def test_worse_number_alone_still_says_revert() -> None:
    """Without a gain or a 'but', a worse p99 refutes the change: revert it."""
    text = "I added a Redis cache and p99 went from 800 to 950 ms."
    assert any("Revert" in line for line in notes(text, "en"))
    assert refuted(extract(text))


def test_share_pair_is_read_in_percentage_points() -> None:
    """'flaky tests from 1% to 6%' is +5 points (6x), and after 'が、' it is the cost."""
    text = (
        "セッションスコープのフィクスチャにしたら 12 分から 4 分になりましたが、"
        "flaky なテストが 1% から 6% に増えました。"
    )
    joined = "\n".join(notes(text, "ja"))
    assert "5 ポイント" in joined
    assert fixed_part("ja", "reasoning_tradeoff") in joined


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pt", "Troquei para orjson: o p99 caiu de 900 para 120 ms, mas a CPU foi para 95%."),
        ("es", "Con orjson el p99 bajó de 900 a 120 ms, pero la CPU subió al 95%."),
        ("fr", "Avec orjson le p99 est passé de 900 à 120 ms, mais le CPU est monté à 95 %."),
        ("it", "Con orjson il p99 è sceso da 900 a 120 ms, ma la CPU è salita al 95%."),
        ("nl", "Met orjson ging p99 van 900 naar 120 ms, maar de CPU zit nu op 95%."),
        ("pl", "Po orjson p99 spadło z 900 do 120 ms, ale CPU wzrosło do 95%."),
        ("tr", "orjson ile p99 900'den 120 ms'ye düştü ama CPU %95'e çıktı."),
        ("ru", "С orjson p99 упал с 900 до 120 мс, но CPU вырос до 95%."),
        ("uk", "З orjson p99 впав з 900 до 120 мс, але CPU зріс до 95%."),
        ("zh", "换成 orjson 后 p99 从 900 降到 120 ms，但是 CPU 升到了 95%。"),
        ("ko", "orjson으로 바꾸니 p99가 900에서 120 ms로 줄었지만 CPU가 95%가 되었습니다."),
    ],
)
def test_tradeoff_and_saturation_are_said_in_every_language(language: str, text: str) -> None:
    """The trade-off line and the CPU headroom line exist and render in the learner's language."""
    joined = "\n".join(notes(text, language))
    assert fixed_part(language, "reasoning_tradeoff") in joined
    assert fixed_part(language, "reasoning_cpu_saturated") in joined
