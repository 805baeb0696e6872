"""After the evidence confirms a hypothesis, the next steps go deeper on the same problem."""

from __future__ import annotations

import re

from bot.app import App
from bot.mentor.engine_port import EngineRequest, Turn
from bot.mentor.facts import ThreadMemory
from bot.mentor.models import MentorRequest, Role
from bot.mentor.understanding import extract
from tests.mentor.test_followup_finding import LOGGING_FINDING, LOGGING_QUESTION, engine

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
    assert engine().choose(follow_up(better)).deeper is not None
    assert engine().choose(follow_up(worse)).deeper is None


def test_a_deeper_rung_given_once_is_not_given_again() -> None:
    """When every deeper step was shown, the reply moves on instead of repeating them."""
    shown = tuple(f"{LOGGING}#{i}" for i in ("0", "1", "d0", "d1", "d2"))
    text = "With logging.disable the throughput went from 3000 to 3900 req/s; py-spy agrees."
    assert engine().choose(follow_up(text, steps=shown)).deeper is None
