"""A follow-up's last finding decides what comes next; the thread's untested hypotheses carry on."""

from __future__ import annotations

import functools
from dataclasses import replace

import pytest

from bot.engine import followup
from bot.engine.offline import OfflineEngine
from bot.mentor.engine_port import EngineRequest, Turn
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.models import Role
from bot.mentor.understanding import extract
from bot.settings import DEFAULT_CONFIG_DIR

LOOP_QUESTION = "How do I find what blocks my asyncio event loop? aiohttp server, p99 is 800 ms"
LOOP_UNITS = ("asyncio.loop-lag", "asyncio.blocking-call", "asyncio.uvloop")
LOOP_SHOWN = (
    "asyncio.loop-lag#0",
    "asyncio.blocking-call#0",
    "asyncio.uvloop#0",
    "asyncio.uvloop#1",
)
CELERY_QUESTION = "FastAPI + Celery service, Python 3.11, about 2000 tasks per minute."
CELERY_UNITS = (
    "distributed.celery-acks-late",
    "distributed.celery-prefetch-throughput",
    "distributed.task-queue-choice",
)
PREFETCH_FINDING = (
    "Looked at it: the worker runs with prefetch_multiplier=4 and concurrency=4, some tasks run "
    "for 8 minutes and the short ones wait in the queue behind them."
)


@functools.cache
def engine() -> OfflineEngine:
    catalog = Catalog.load(DEFAULT_CONFIG_DIR)
    return OfflineEngine(knowledge=KnowledgeBase.load(DEFAULT_CONFIG_DIR), catalog=catalog)


def follow_up(
    text: str, first: str, units: tuple[str, ...], steps: tuple[str, ...] = (), lang: str = "en"
) -> EngineRequest:
    memory = ThreadMemory(
        units=units,
        steps=steps or tuple(f"{u}#{i}" for u in units for i in range(2)),
        evidence=extract(first, "").quantities,
        turns=1,
    )
    return EngineRequest(
        question=text,
        language=lang,
        role=Role.MENTOR,
        facts=extract(text, ""),
        memory=memory,
        history=(Turn("learner", first),),
    )


def test_a_refuted_change_carries_the_untested_hypotheses_forward() -> None:
    """uvloop made p99 worse: the loop-lag and blocking-call hypotheses of turn 1 continue."""
    text = "I swapped to uvloop as you suggested. p99 went from 800 to 950 ms under the same load."
    choice = engine().choose(follow_up(text, LOOP_QUESTION, LOOP_UNITS, LOOP_SHOWN))
    chosen = [u.id for u in choice.units]
    assert "asyncio.uvloop" not in chosen
    assert {"asyncio.loop-lag", "asyncio.blocking-call"} & set(chosen)


NEW_QUESTION = {
    "en": (
        "How can a cache shared by many threads load each missing key only once?",
        "Why does my asyncio service stall when the event loop is blocked by a slow call?",
    ),
    "de": (
        "Wie lädt ein Cache, den viele Threads teilen, jeden fehlenden Schlüssel nur einmal?",
        "Warum hängt mein asyncio-Dienst, wenn die Ereignisschleife durch einen Aufruf blockiert?",
    ),
    "tr": (
        "Birçok iş parçacığının paylaştığı bir önbellek eksik her anahtarı nasıl yalnızca bir kez"
        " yükler?",
        "Olay döngüsü yavaş bir çağrıyla bloklandığında asyncio servisim neden donuyor?",
    ),
}


@pytest.mark.parametrize("lang", sorted(NEW_QUESTION))
def test_a_new_question_in_a_thread_leads_with_its_own_subject(lang: str) -> None:
    """A cache thread asked about a blocked event loop answers the event loop, not the cache.

    Turn 1 was answered by the language model, so the memory holds no unit: only the history.
    """
    first, text = NEW_QUESTION[lang]
    choice = engine().choose(follow_up(text, first, (), lang=lang))
    assert [u.topic for u in choice.units] == ["asyncio"] * len(choice.units)


def test_a_finding_confirms_a_hypothesis_that_was_not_the_lead() -> None:
    """Short tasks stuck behind long ones under prefetch: turn 1's prefetch unit goes deeper."""
    shown = (*(f"{u}#{i}" for u in CELERY_UNITS for i in range(3)),)
    choice = engine().choose(follow_up(PREFETCH_FINDING, CELERY_QUESTION, CELERY_UNITS, shown))
    assert choice.deeper is not None
    assert choice.deeper.id == "distributed.celery-prefetch-throughput"
    assert [u.id for u in choice.units] == ["distributed.celery-prefetch-throughput"]


def test_a_price_said_after_but_is_a_trade_off_not_a_refutation() -> None:
    """Nothing lost any more, but throughput fell: keep the fix, go deeper on its cost."""
    first = "Our Celery workers run 5000 tasks per minute, but tasks get lost after a failover."
    text = (
        "With acks_late and worker_prefetch_multiplier=1 no task is lost after a failover any "
        "more, but throughput fell from 5000 to 3100 tasks per minute."
    )
    shown = (*(f"{u}#{i}" for u in CELERY_UNITS for i in range(3)),)
    request = follow_up(text, first, CELERY_UNITS, shown)
    assert followup.traded(request)
    assert not followup.refutes(request)
    choice = engine().choose(request)
    assert choice.deeper is not None
    assert choice.deeper.id == "distributed.celery-prefetch-throughput"
    worse = "With acks_late and prefetch 1 throughput fell from 5000 to 3100 tasks per minute."
    assert followup.refutes(follow_up(worse, first, CELERY_UNITS, shown))


async def test_no_baseline_is_asked_for_after_the_learner_gave_one() -> None:
    """Turn 1 said 2.1 s: a guided follow-up without numbers does not ask for a baseline again."""
    first = "My package takes 2.1 s to import (python -X importtime shows pandas and scipy on top)."
    text = "I moved the pandas import inside the function."
    request = follow_up(text, first, ("profiling.import-time",))
    reply = await engine().reply(replace(request, support_level="guided"))
    baseline = engine().catalog.message("en", "offline_baseline_step")
    assert baseline not in reply.sections.steps
    fresh = EngineRequest(question=text, language="en", role=Role.MENTOR, support_level="guided")
    assert baseline in (await engine().reply(fresh)).sections.steps


async def test_after_a_refuted_change_the_untested_hypotheses_are_named_again() -> None:
    """Every step of turn 1 was shown: its untested hypotheses still open the hypotheses."""
    text = "I swapped to uvloop as you suggested. p99 went from 800 to 950 ms under the same load."
    shown = tuple(f"{u}#{i}" for u in LOOP_UNITS for i in range(3))
    reply = await engine().reply(follow_up(text, LOOP_QUESTION, LOOP_UNITS, shown))
    hypotheses = reply.sections.hypotheses
    kb = KnowledgeBase.load(DEFAULT_CONFIG_DIR).units
    lag = next(u for u in kb.units if u.id == "asyncio.loop-lag").in_language("en").hypothesis
    assert engine().catalog.message("en", "followup_still_open", text=lag) in hypotheses
    uvloop = next(u for u in kb.units if u.id == "asyncio.uvloop").in_language("en").hypothesis
    assert uvloop not in hypotheses
    better = (
        "I swapped to uvloop as you suggested. p99 went from 800 to 500 ms under the same load."
    )
    kept = await engine().reply(follow_up(better, LOOP_QUESTION, LOOP_UNITS, shown))
    assert "Still open" not in kept.sections.hypotheses


def test_a_refuted_hypothesis_is_never_also_the_next_one_to_test() -> None:
    """'refute «X» ... test the next one, «X»' never: the next is another title, or none (T12)."""
    text = "I swapped to uvloop as you suggested. p99 went from 800 to 950 ms under the same load."
    request = follow_up(text, LOOP_QUESTION, LOOP_UNITS, LOOP_SHOWN)
    units = KnowledgeBase.load(DEFAULT_CONFIG_DIR).units
    uvloop, lag = (next(u for u in units.units if u.id == i) for i in LOOP_UNITS[2::-2])
    catalog = Catalog.load(DEFAULT_CONFIG_DIR)
    line = followup.verdict(units, catalog, request, (uvloop, lag), ())
    refuted_title = uvloop.in_language("en").title
    assert line.count(refuted_title) == 1
    assert lag.in_language("en").title in line
    alone = followup.verdict(units, catalog, request, (uvloop,), ())
    assert alone.count(refuted_title) == 1
    assert "next one comes from what your measurement shows" in alone
