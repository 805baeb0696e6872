"""The sandbox's report is reasoned from in every reply language, not pasted.

For each of the 14 languages a question with code is answered from a fixed report: the reply
says what the run implies (computing vs waiting, the hot spot's share, the growing allocation),
and names the next measurement that decides it; the raw hotspot row is not shown beside it.
"""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest
from bot.sandbox.report import SandboxReport
from tests.fakes.sandbox import ScriptedSandbox

CODE = "\n```python\ndef parse(rows):\n    return [r.split(',') for r in rows]\n\nparse(['a,b'] * 100000)\n```"
ASKS = {
    "en": "Why is this parser slow?",
    "pt": "Por que este parser está tão lento? Não entendo o motivo.",
    "es": "¿Por qué este parser es tan lento?",
    "fr": "Pourquoi ce parseur est-il si lent ?",
    "de": "Warum ist dieser Parser so langsam?",
    "it": "Perché questo parser è così lento?",
    "nl": "Waarom is deze parser zo traag?",
    "pl": "Dlaczego ten parser jest taki wolny?",
    "tr": "Bu ayrıştırıcı neden bu kadar yavaş?",
    "ru": "Почему этот парсер такой медленный?",
    "uk": "Чому цей парсер такий повільний?",
    "ja": "このパーサーはなぜ遅いのですか？",
    "zh": "这个解析器为什么这么慢？",
    "ko": "이 파서는 왜 이렇게 느린가요?",
}
COMPUTING = {
    "status": "ok",
    "exit_code": 0,
    "wall_ms": 900.0,
    "cpu_ms": 880.0,
    "hotspots": [
        {
            "function": "parse",
            "file": "main.py",
            "line": 1,
            "calls": 1,
            "total_ms": 640.0,
            "cumulative_ms": 800.0,
        },
        {
            "function": "<listcomp>",
            "file": "main.py",
            "line": 2,
            "calls": 1,
            "total_ms": 160.0,
            "cumulative_ms": 160.0,
        },
    ],
}
WAITING = {"status": "ok", "exit_code": 0, "wall_ms": 2122.0, "cpu_ms": 61.0}


async def reply_to(app: App, lang: str, report: dict[str, object]) -> str:
    app.mentor.sandbox = ScriptedSandbox(SandboxReport.from_dict(report))
    reply = await app.mentor.handle(
        MentorRequest(platform="console", user=f"u-{lang}", text=ASKS[lang] + CODE)
    )
    assert reply.language == lang
    return reply.text


@pytest.mark.parametrize("lang", sorted(ASKS))
async def test_a_dominant_hotspot_is_read_and_its_next_measurement_named(
    app: App, catalog: Catalog, lang: str
) -> None:
    """80% of the self time in `parse`: its share, what it implies, then time it at n and 4n."""
    text = await reply_to(app, lang, COMPUTING)
    dominant = catalog.message(
        lang, "reasoning_hotspot_dominant", function="parse", line=1, share="80"
    )
    assert dominant in text
    assert catalog.message(lang, "reasoning_next_hotspot", function="parse") in text
    raw = catalog.message(
        lang, "reasoning_evidence_hotspot_sampled", function="parse", line=1, total_ms="640"
    )
    assert raw not in text


@pytest.mark.parametrize("lang", sorted(ASKS))
async def test_a_waiting_run_rules_out_the_algorithm_and_names_the_waits_to_time(
    app: App, catalog: Catalog, lang: str
) -> None:
    """Wall 2.1 s against CPU 61 ms: waiting, so time each wait against the wall time."""
    text = await reply_to(app, lang, WAITING)
    assert catalog.message(lang, "reasoning_next_waiting", wall_ms="2122") in text
    waiting = catalog.message(lang, "reasoning_waiting", wall_ms="2122", cpu_ms="61", share="97")
    assert waiting in text


MEMORY_LIMIT = {"status": "memory_limit", "exit_code": 137, "wall_ms": 5000.0, "cpu_ms": 4900.0}


@pytest.mark.parametrize("lang", sorted(ASKS))
async def test_a_run_stopped_at_the_memory_limit_is_read_as_holding_too_much(
    app: App, catalog: Catalog, lang: str
) -> None:
    """A run killed for its memory: what it holds is the finding, not 'computing, not waiting'."""
    text = await reply_to(app, lang, MEMORY_LIMIT)
    assert catalog.message(lang, "reasoning_memory_limit") in text
    computing = catalog.message(
        lang, "reasoning_computing", wall_ms="5000", cpu_ms="4900", share="2"
    )
    assert computing not in text
