"""After the evidence confirms a hypothesis, the next steps go deeper on the same problem."""

from __future__ import annotations

import re

from bot.app import App
from bot.mentor.engine_port import EngineRequest, Turn
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.models import MentorRequest, Role
from bot.mentor.understanding import extract
from bot.settings import DEFAULT_CONFIG_DIR
from tests.knowledge.offline_turn import offline_engine
from tests.mentor.test_followup_finding import LOGGING_FINDING, LOGGING_QUESTION

LOGGING = "observability.logging-overhead"


def ask(text: str, thread: str = "deep") -> MentorRequest:
    return MentorRequest(platform="console", user="u", text=text, thread=thread)


def steps_of(text: str) -> list[str]:
    return re.findall(r"^\s*\d+\.\s(.*)$", text, re.M)


def follow_up(text: str, *, steps: tuple[str, ...] = ()) -> EngineRequest:
    memory = ThreadMemory(
        units=(LOGGING,), steps=steps or (f"{LOGGING}#0", f"{LOGGING}#1"), turns=1
    )
    return EngineRequest(
        question=text,
        language="en",
        role=Role.MENTOR,
        facts=extract(text, ""),
        memory=memory,
        history=(Turn("learner", LOGGING_QUESTION),),
    )


async def test_confirmed_logging_cost_goes_on_to_lazy_arguments_and_guards(app: App) -> None:
    """The logging example: once confirmed, the steps are lazy %-args and isEnabledFor guards."""
    await app.mentor.handle(ask(LOGGING_QUESTION))
    reply = await app.mentor.handle(ask(LOGGING_FINDING))
    steps = "\n".join(steps_of(reply.text))
    assert "isEnabledFor" in steps
    assert '"pedido %s: %s"' in steps
    topics = reply.sections.topics.splitlines()
    assert len(topics) == 1  # no neighbouring topic's unit joins the reply


def test_the_deeper_rung_is_only_for_a_confirmation() -> None:
    """Numbers that got worse refute the hypothesis: no deeper rung of it."""
    worse = "With logging.disable the throughput went from 3000 to 2400 req/s."
    better = "With logging.disable the throughput went from 3000 to 3900 req/s; py-spy agrees."
    assert offline_engine().choose(follow_up(better)).deeper is not None
    assert offline_engine().choose(follow_up(worse)).deeper is None


def test_a_deeper_rung_given_once_is_not_given_again() -> None:
    """When every deeper step was shown, the reply moves on instead of repeating them."""
    shown = tuple(f"{LOGGING}#{i}" for i in ("0", "1", "d0", "d1", "d2"))
    text = "With logging.disable the throughput went from 3000 to 3900 req/s; py-spy agrees."
    assert offline_engine().choose(follow_up(text, steps=shown)).deeper is None


STAMPEDE = "distributed.cache-stampede"
CACHE_QUESTION = (
    "Our pricing service keeps product prices in a Redis cache in front of Postgres, about "
    "2,000 requests per second. How do we protect the database when hot keys expire?"
)
CACHE_FINDING = (
    "Measured it: after a deploy the cache was cold and about 2,000 concurrent requests for the "
    "same hot keys hit Postgres at once: CPU at 100%, timeouts for 4 minutes."
)


def deeper_steps(unit_id: str, language: str) -> tuple[str, ...]:
    """The unit's deeper rung as the knowledge base holds it."""
    kb = KnowledgeBase.load(DEFAULT_CONFIG_DIR)
    return next(u for u in kb.units.units if u.id == unit_id).in_language(language).deeper


async def test_a_finding_on_the_lead_hypothesis_goes_deeper_on_it(app: App) -> None:
    """A measurement that fits the thread's first hypothesis (no 'stampede' word) deepens it."""
    first = await app.mentor.handle(ask(CACHE_QUESTION, thread="stampede"))
    assert first.topics == ("distributed",)
    reply = await app.mentor.handle(ask(CACHE_FINDING, thread="stampede"))
    steps = "\n".join(steps_of(reply.text))
    rung = deeper_steps(STAMPEDE, "en")
    assert rung
    assert rung[0] in steps
    assert len(reply.sections.topics.splitlines()) == 1  # no neighbouring unit joins it


async def test_a_diagnosis_is_not_told_to_keep_a_change(app: App, catalog: Catalog) -> None:
    """Measuring where the time goes is a diagnosis: the verdict names the numbers, no 'keep'."""
    await app.mentor.handle(ask(CACHE_QUESTION, thread="diagnosis"))
    reply = await app.mentor.handle(ask(CACHE_FINDING, thread="diagnosis"))
    keep = catalog.message("en", "followup_confirmed", found="X", title="T").split(":")[1]
    diagnosed = catalog.message("en", "followup_diagnosed", found="X", title="T").split("(")[0]
    assert diagnosed in reply.text
    assert keep.strip() not in reply.text
    assert "(`postgresql`" not in reply.text  # the stack was known before: not the finding


async def test_the_loaders_rung_follows_when_the_finding_confirms_it_after_batching(
    app: App,
) -> None:
    """GPU idle while JPEG decoding takes 70 ms a batch: the loader goes deeper, not a neighbour.

    Batching and the loader were both proposed; the loader is the one with a deeper rung left.
    """
    await app.mentor.handle(
        ask("Il mio notebook addestra una CNN su immagini JPEG con PyTorch, GPU da 8 GB.", "gpu")
    )
    reply = await app.mentor.handle(
        ask(
            "Misurato: nvidia-smi mostra la GPU al 25%; il profiler dice che il caricamento"
            " impiega 70 ms per batch a decodificare le immagini, il passo sulla GPU 20.",
            "gpu",
        )
    )
    assert "DALI" in reply.sections.steps or "decode_jpeg" in reply.sections.steps
