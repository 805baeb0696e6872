"""An LLM follow-up that repeats the thread's previous reply is repaired (F35).

The learner answered the context questions and ran the steps; a draft that asks and proposes
them again is not shown again: the repeated sections come from the offline answer, which reads
the learner's new numbers, without a second call to the model.
"""

from __future__ import annotations

from bot.app import App
from bot.mentor.engine_port import Turn
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest, Sections
from bot.mentor.repeat_check import repeated
from tests.fakes.ninth_round import SERVICE_CLEAN, SERVICE_HARM
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.mentor.conftest import good_draft

QUESTION = "My function takes 4 s for 10k items, I think it's the nested loop."
MEASURED = "I measured with timeit: 4.1 s for 10k, 16.3 s for 20k."
FIXED = "I replaced the inner loop with a dict lookup: now 0.05 s for 20k."


def _history(*replies: tuple[str, ...]) -> tuple[Turn, ...]:
    return tuple(Turn("mentor", "\n\n".join(bodies)) for bodies in replies)


def test_sections_said_in_an_earlier_reply_are_repeated() -> None:
    """A one-line question or reflection said again counts, not only multi-line sections."""
    (_, first), (_, second) = SERVICE_HARM["followup_identical"].turns
    assert set(repeated(Sections(*second), _history(first))) == {
        "context",
        "hypotheses",
        "steps",
        "reflection",
    }


def test_a_follow_up_that_moves_on_repeats_nothing_but_short_lines() -> None:
    (_, first), (_, second) = SERVICE_CLEAN["followup_moves_on"].turns
    assert repeated(Sections(*second), _history(first)) == ()


def ask(text: str) -> MentorRequest:
    return MentorRequest(platform="console", user="u", text=text, thread="again")


async def test_a_draft_repeating_the_previous_reply_is_not_shown_again(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """Same draft each turn: turns 2 and 3 do not re-ask answered questions nor repeat steps."""
    first = await llm_app.mentor.handle(ask(QUESTION))
    second = await llm_app.mentor.handle(ask(MEASURED))
    assert second.sections.steps != first.sections.steps
    assert "How large is the input" not in second.sections.context
    assert "16.3 s" in second.text or "4x" in second.text or "4.0x" in second.text
    assert llm_app.metrics.guard_actions.labels("repeat", "replaced")._value.get() == 1
    third = await llm_app.mentor.handle(ask(FIXED))
    assert third.sections.steps != first.sections.steps  # turn 1's, though turn 2 was repaired


async def test_a_fresh_follow_up_draft_is_kept_as_the_model_wrote_it(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """A follow-up draft with new questions and steps is the LLM's reply, with no re-ask."""
    await llm_app.mentor.handle(ask(QUESTION))
    fresh = (
        good_draft(catalog, "en")
        .replace(
            "How large is the input when the function gets slow, and how long does it take?",
            "Does the 4x per doubling hold at 40k items, or does it bend?",
        )
        .replace(
            "Which Python version and which machine do you measure on?",
            "Is the inner loop scanning a list that a set or dict could replace?",
        )
        .replace("Measure the baseline with `python -m timeit`.", "Replace the inner scan with a dict keyed by id.")
        .replace(
            "Profile with `python -m cProfile -s tottime script.py` and read the top lines.",
            "Time 10k, 20k and 40k again: the growth should now be linear.",
        )
    )  # fmt: skip
    fake_openai.push(reply(fresh))
    second = await llm_app.mentor.handle(ask(MEASURED))
    assert second.engine == "llm"
    assert "dict keyed by id" in second.sections.steps
    assert llm_app.metrics.guard_actions.labels("repeat", "replaced")._value.get() == 0
