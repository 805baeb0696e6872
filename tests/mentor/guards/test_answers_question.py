"""A draft about another subject than the question (review8 F31), or proposing what the
learner ruled out (review9 R21), is answered by the offline engine; a draft on the question's
subject, in its words or in general words, stays. (A follow-up repeating the thread's previous
reply, F35: tests/mentor/test_repeated_draft.py.)"""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.guards.answers_question import off_subject, without_ruled_out
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.models import Sections
from tests.fakes.ninth_round import REVIEW9, SERVICE_CLEAN, SERVICE_HARM


def _sections(bodies: tuple[str, ...]) -> Sections:
    return Sections(*bodies)


@pytest.mark.parametrize(
    "case",
    ["off_subject_kafka_django", "off_subject_asyncio_pandas", "off_subject_de_fastapi_numpy"],
)
def test_a_draft_about_another_subject_is_off_subject(case: str) -> None:
    question, bodies = SERVICE_HARM[case].turns[0]
    assert off_subject(question, _sections(bodies))


@pytest.mark.parametrize(
    "case", ["on_subject_kafka", "on_subject_kafka_general_words", "spanish_with_commands"]
)
def test_a_draft_on_the_questions_subject_is_kept(case: str) -> None:
    question, bodies = SERVICE_CLEAN[case].turns[-1]
    assert not off_subject(question, _sections(bodies))


def test_a_question_naming_nothing_is_never_judged_off_subject() -> None:
    _, bodies = SERVICE_HARM["off_subject_kafka_django"].turns[0]
    assert not off_subject("Why is my program slow?", _sections(bodies))


async def test_an_off_subject_draft_gives_way_to_the_offline_answer(app: App) -> None:
    question, bodies = SERVICE_HARM["off_subject_kafka_django"].turns[0]
    spare = _sections(SERVICE_CLEAN["on_subject_kafka"].turns[0][1])

    async def offline() -> Sections:
        return spare

    turn = DraftTurn(
        language="en", wants_scaffold=False, strict=False, effort=False, question=question
    )
    guarded = await app.mentor.guards.apply(_sections(bodies), turn, offline)
    shown = "\n".join(guarded.sections.to_dict().values())
    assert "select_related" not in shown
    assert "cooperative-sticky" in guarded.sections.steps
    assert guarded.notices == (app.catalog.message("en", "guardsout_sections_off_subject"),)


def test_steps_naming_a_library_the_learner_ruled_out_go() -> None:
    """review9 R21: "without Redis" and a draft whose step 1 is "Install Redis"."""
    question, bodies = REVIEW9["r21_without_redis"].turns[0]
    kept, dropped = without_ruled_out(question, _sections(bodies))
    assert dropped >= 2
    assert "redis" not in kept.steps.lower()
    assert kept.steps.startswith("1. Load test with `locust`")  # renumbered


def test_a_library_only_named_near_a_negation_is_not_ruled_out() -> None:
    _, bodies = REVIEW9["r21_without_redis"].turns[0]
    question = "No errors from Redis, but my FastAPI limiter lets 300 req/s through."
    assert without_ruled_out(question, _sections(bodies))[1] == 0


async def test_a_step_pointing_at_removed_harmful_code_goes_with_it(app: App) -> None:
    """review9 R23: the DNS exfiltration block goes, and so does "Run the check below"."""
    question, bodies = REVIEW9["r23_dns_exfil_code"].turns[0]
    draft = _sections(bodies)

    async def offline() -> Sections:  # the offline answer (curated) fills what is missing
        return _sections(SERVICE_CLEAN["on_subject_kafka"].turns[0][1])

    turn = DraftTurn(
        language="en", wants_scaffold=True, strict=False, effort=False, question=question
    )
    guarded = await app.mentor.guards.apply(draft, turn, offline)
    shown = "\n".join(guarded.sections.to_dict().values())
    assert "gethostbyname(f" not in shown
    assert "connectivity check below" not in shown
    assert "ndots" in guarded.sections.steps  # the teaching steps stay
