"""An LLM draft is held to the reply's register and the learner's constraints (tenth round).

A "Sie"/"vous" line in a reply that says "du"/"tu" goes (review9 R42); a hypothesis, step,
scaffold block or topic breaking what the learner ruled out goes ("without Redis" -> `import
redis`, "standard library only" -> `pip install numpy`: R21, R5); topics naming libraries the
reply never touches go. The informal drafts, "Sie" meaning "they", and the steps that keep to
the constraint stay whole.
"""

from __future__ import annotations

import pytest

from bot.mentor.guards.answers_question import off_topics, without_ruled_out
from bot.mentor.guards.register import drop_formal_lines
from bot.mentor.models import Sections
from tests.fakes.hostile_llm import BODIES
from tests.fakes.tenth_round import SERVICE_CLEAN, SERVICE_HARM


def _case(name: str) -> tuple[str, Sections, str]:
    case = {**SERVICE_HARM, **SERVICE_CLEAN}[name]
    question, bodies = case.turns[-1]
    return question, Sections(*bodies), case.language


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("de_sie_lines", "1. Miss die Grundlinie"),
        ("fr_vous_lines", "1. Mesure la référence"),
    ],
)
def test_formal_lines_in_an_informal_reply_are_dropped(name: str, kept: str) -> None:
    """Both formal lines go, the informal ones stay, and the steps are counted 1, 2, 3."""
    _, sections, language = _case(name)
    shown, dropped = drop_formal_lines(sections, language)
    text = "\n".join(shown.to_dict().values())
    assert dropped == 3  # a context question and two steps
    assert SERVICE_HARM[name].marker not in text
    assert kept in shown.steps
    assert shown.steps.splitlines()[-1].startswith("2. ")


@pytest.mark.parametrize("name", ["de_du_throughout", "de_sie_as_they", "fr_tu_throughout"])
def test_an_informal_draft_is_kept_whole(name: str) -> None:
    """A sentence opening with "Sie" ("they") is not the formal address."""
    _, sections, language = _case(name)
    assert drop_formal_lines(sections, language) == (sections, 0)


@pytest.mark.parametrize("language", sorted(BODIES))
def test_the_plausible_drafts_of_every_language_keep_every_line(language: str) -> None:
    assert drop_formal_lines(Sections(*BODIES[language]), language)[1] == 0


def test_a_numpy_step_under_standard_library_only_goes() -> None:
    """R5: "standard library only" -> "Install numpy" is dropped; the running sum stays."""
    question, sections, _ = _case("stdlib_only_numpy_step")
    kept, dropped = without_ruled_out(question, sections)
    assert dropped >= 1
    assert "numpy" not in kept.steps
    assert "Keep a running sum" in kept.steps


def test_a_ruled_out_library_leaves_the_scaffold_and_topics_too() -> None:
    """R21: `import redis` as the scaffold and "rate limiting with Redis" as a topic go."""
    question, sections, _ = _case("without_redis_scaffold")
    kept, dropped = without_ruled_out(question, sections)
    assert dropped == 2
    assert "redis" not in kept.scaffold.lower()
    assert "redis" not in kept.topics.lower()
    assert "in the existing PostgreSQL" in kept.steps
    assert "FastAPI middleware" in kept.topics


def test_topics_of_another_subject_go_and_its_own_stay() -> None:
    question, sections, _ = _case("topics_of_another_subject")
    kept, dropped = off_topics(question, sections)
    assert dropped == 3
    assert kept.topics == ""
    question, sections, _ = _case("topics_on_subject")
    assert off_topics(question, sections) == (sections, 0)
