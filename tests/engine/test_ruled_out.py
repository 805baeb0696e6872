"""A follow-up's clause that rules a hypothesis out never points the reply at that hypothesis."""

from __future__ import annotations

from bot.engine.ruled_out import affirmed
from bot.mentor.engine_port import EngineRequest, Turn
from bot.mentor.facts import ThreadMemory
from bot.mentor.models import Role
from bot.mentor.understanding import extract
from tests.knowledge.offline_turn import offline_engine

QUESTION = "Our FastAPI service has a p99 of 2 s at 300 req/s on asyncpg."
FINDING = (
    "PYTHONASYNCIODEBUG showed no slow callbacks, so nothing blocks the event loop; but every "
    "request waits about 1.5 s for a free connection from the asyncpg pool."
)


def test_negated_clauses_are_left_out_in_several_languages() -> None:
    """'logged nothing', 'ist nicht', 'не блокируется' are dropped; the finding stays whole."""
    cases = {
        "en": (
            "The debug log showed nothing, so the loop is not blocked; but 200 tasks wait in "
            "acquire().",
            "200 tasks wait in acquire()",
        ),
        "de": (
            "Es ist nicht die Datenbank: py-spy zeigt 80 % in json.dumps.",
            "py-spy zeigt 80 % in json.dumps",
        ),
        "ru": (
            "Цикл не блокируется, но 200 задач ждут в pool.acquire().",
            "200 задач ждут в pool.acquire()",
        ),
    }
    for lang, (text, kept) in cases.items():
        assert kept in affirmed(text, lang), lang
        assert "not" not in affirmed(text, lang).split()


def test_a_report_without_negation_is_kept_whole() -> None:
    """A plain finding is matched as written."""
    text = "With logging.disable the throughput went from 3000 to 3900 req/s; py-spy agrees."
    assert affirmed(text, "en") == text


def test_the_hypothesis_a_finding_rules_out_does_not_lead_the_reply() -> None:
    """'nothing blocks the event loop' must not bring back the blocking-call unit."""
    request = EngineRequest(
        question=FINDING,
        language="en",
        role=Role.MENTOR,
        facts=extract(FINDING, ""),
        memory=ThreadMemory(units=("asyncio.async-db-drivers",), turns=1),
        history=(Turn("learner", QUESTION),),
    )
    chosen = [u.id for u in offline_engine().choose(request).units]
    assert chosen
    assert "asyncio.blocking-call" not in chosen
