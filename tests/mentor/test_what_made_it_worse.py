"""What a turn says made things worse is never proposed again, and reported numbers are not re-asked.

"With ThreadPoolExecutor it got worse: 20 s to 26 s" named no 'tried' cue and a class name the
reader did not take for a name, so the next reply proposed a thread pool again; a thread that
reported its before and after was still asked "what did you measure before and after?".
"""

from __future__ import annotations

import re

import pytest

from bot.app import App
from bot.mentor.constraints import tried
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorReply, MentorRequest

WORSE = [
    ("en", "It got worse with uvloop: p99 900 ms to 1.1 s.", "uvloop"),
    ("pt", "Tentei ProcessPoolExecutor e ficou pior: de 40 s para 65 s.", "processpoolexecutor"),
    ("es", "Con gevent empeoró: el p99 pasó de 300 ms a 700 ms.", "gevent"),
    (
        "fr",
        "Avec gc.collect() après chaque requête, c'est pire : 120 ms puis 300 ms.",
        "gc.collect",
    ),
    (
        "de",
        "Mit prefetch_multiplier=1 wurde es schlimmer: 4 min statt 6 min.",
        "prefetch_multiplier",
    ),
    ("it", "Con ThreadPoolExecutor a 8 thread è peggiorato: da 20 s a 26 s.", "threadpoolexecutor"),
    ("nl", "Met functools.cache werd het erger: 500 MB naar 2 GB.", "functools.cache"),
    ("pl", "Z numba było gorzej: 12 s zamiast 9 s.", "numba"),
    ("tr", "numba ile daha kötü oldu, 12 s'den 15 s'ye çıktı.", "numba"),
    ("ru", "С selectinload стало хуже: p95 вырос с 400 мс до 900 мс.", "selectinload"),
    ("uk", "З orjson стало гірше: 80 мс замість 60 мс.", "orjson"),
    ("ja", "lru_cache を入れたらメモリが悪化しました。", "lru_cache"),
    ("zh", "用了 gevent 以后更慢了，p99 从 300 ms 变成 700 ms。", "gevent"),
    ("ko", "PyPy로 돌리니 더 느려졌습니다: 2분에서 3분.", "pypy"),
]


@pytest.mark.parametrize(("lang", "text", "name"), WORSE)
def test_what_made_it_worse_is_remembered_as_tried(lang: str, text: str, name: str) -> None:
    """'It got worse with X', in each language, records X as tried (never proposed again)."""
    assert name in tried(text)


def proposed(reply: MentorReply) -> str:
    """The reply's hypotheses and steps: where a proposal would be."""
    return f"{reply.sections.hypotheses}\n{reply.sections.steps}".lower()


async def test_a_step_that_made_it_worse_is_not_proposed_later_in_a_long_thread(app: App) -> None:
    """Turn 2 says ThreadPoolExecutor made it worse; no later turn proposes it, five turns on."""

    def ask(text: str) -> MentorRequest:
        return MentorRequest(platform="console", user="u", text=text, thread="worse")

    first = await app.mentor.handle(
        ask("My CPU-bound numeric loop in pure Python takes 20 s; how do I use my 8 cores?")
    )
    assert "threadpoolexecutor" in proposed(first) or "thread" in proposed(first)
    await app.mentor.handle(
        ask("With ThreadPoolExecutor and 8 threads it got worse: 20 s to 26 s.")
    )
    for text in (
        "The loop calls math.sqrt on 10 million floats.",
        "Each item takes about 2 µs.",
        "What should I try next for the 8 cores?",
    ):
        reply = await app.mentor.handle(ask(text))
        assert "threadpoolexecutor" not in proposed(reply)


async def test_before_and_after_reported_are_not_asked_for_again(
    app: App, catalog: Catalog
) -> None:
    """After 'p95 went from 900 ms to 320 ms' the reflection asks for the next change's number."""

    def ask(text: str) -> MentorRequest:
        return MentorRequest(platform="console", user="u", text=text, thread="reask")

    first = await app.mentor.handle(ask("Our Django endpoint /orders is slow, how do I find why?"))
    assert catalog.message("en", "offline_reflection_numbers") in first.text
    await app.mentor.handle(
        ask("I added select_related('customer'): p95 went from 900 ms to 320 ms.")
    )
    reply = await app.mentor.handle(ask("What should I look at next?"))
    assert catalog.message("en", "offline_reflection_numbers") not in reply.text
    assert catalog.message("en", "offline_reflection_next") in reply.text
    assert not re.search(r"what (?:is|was) (?:your|the) p95", reply.text, re.I)
