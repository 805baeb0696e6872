"""Graded work asked for in words (no task id) gets the task's scaffold and next hint rung."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.guards.task_asks import TaskAsks
from bot.mentor.models import MentorRequest, Sections
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.seventh_round import ASKED_IN_WORDS, NOT_ASKED
from tests.fakes.solutions import CACHE_SOLUTION

ASKS = TaskAsks.load(DEFAULT_CONFIG_DIR)
CASES = [(task, lang) for task, texts in ASKED_IN_WORDS.items() for lang in texts]


@pytest.mark.parametrize(("task", "lang"), CASES)
def test_a_practice_task_asked_for_in_words_is_recognised(task: str, lang: str) -> None:
    """What the task asks (its interface and behaviour), in the learner's language, names it."""
    assert ASKS.asked(ASKED_IN_WORDS[task][lang], wants_solution=False) == task


@pytest.mark.parametrize("text", NOT_ASKED)
def test_a_question_on_the_same_topic_is_not_graded_work(text: str) -> None:
    """Asking how something works, or why one's own code is slow, asks for no hand-in."""
    assert ASKS.asked(text, wants_solution=False) == ""


@pytest.mark.parametrize("lang", ["en", "es", "ja", "ru"])
async def test_the_cache_task_in_words_is_answered_with_its_scaffold_and_a_rung(
    app: App, lang: str
) -> None:
    """Offline, the reply's scaffold is the task's (its `_inflight` futures), with a hint,
    and no solution (no `set_exception`)."""
    text = ASKED_IN_WORDS["thread-safe-cache"][lang]
    result = await app.mentor.handle(
        MentorRequest(platform="console", user=f"w-{lang}", text=text, locale=lang)
    )
    assert not result.refused
    assert "self._inflight" in result.sections.scaffold
    assert "set_exception" not in result.text


def _draft(scaffold: str) -> Sections:
    return Sections(
        context="How many threads miss the same key at once?",
        hypotheses="One load per key should cut loader calls from 8 to 1 under 8 threads.",
        steps="1. Count loader calls.\n2. Time 16 keys.\n3. Compare.",
        scaffold=scaffold,
        topics="- concurrency",
        next_steps="Measure again.",
        reflection="How many loader calls did you measure before and after?",
    )


async def test_with_effort_the_learner_keeps_their_reply_and_gets_the_next_rung(
    app: App,
) -> None:
    """Their own code shown: the scaffold section is not replaced, the next rung is added."""
    draft = _draft("Your `get` holds the lock while loading: move the load out of it.")

    async def offline() -> Sections:
        return draft

    turn = DraftTurn(
        language="en", wants_scaffold=True, strict=True, effort=True, task="thread-safe-cache"
    )
    guarded = await app.mentor.guards.apply(draft, turn, offline)
    task = app.practice.course.task("thread-safe-cache")
    assert task is not None
    rung = await app.mentor.guards.integrity.next_rung(task, "en", None)
    assert guarded.sections.scaffold.startswith(draft.scaffold)
    assert rung in guarded.sections.scaffold


async def test_without_effort_a_full_solution_draft_gives_way_to_the_scaffold(app: App) -> None:
    """An LLM's finished cache for a request in words: the learner sees the scaffold instead."""
    draft = _draft(f"Here it is:\n\n```python\n{CACHE_SOLUTION}\n```")

    async def offline() -> Sections:
        return draft

    turn = DraftTurn(
        language="en", wants_scaffold=True, strict=True, effort=False, task="thread-safe-cache"
    )
    guarded = await app.mentor.guards.apply(draft, turn, offline)
    assert "set_exception" not in guarded.sections.scaffold
    assert "self._inflight" in guarded.sections.scaffold
