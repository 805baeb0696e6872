"""A reply names the learner's own case: the error they quote, their function, their numbers."""

from __future__ import annotations

import pytest

from bot.mentor.specifics import read
from bot.mentor.understanding import extract
from tests.knowledge.offline_turn import answer

ERROR_PT = (
    'De vez em quando aparece no log "Task was destroyed but it is pending!" e algumas '
    "notificações nunca são enviadas. Acontece mais sob carga, quando o p99 passa de 900 ms."
)
HOT_FUNCTION_IT = (
    "cProfile mi dice che `calcola_punteggio` prende il 40% del tempo e il job dura 12 s. "
    "Come capisco quale riga è lenta?"
)
DESIGN_EN = (
    "Our public function `export_report(rows, True, False)` takes four boolean flags and "
    "reviewers keep arguing about it. How should its signature look?"
)


def test_quoted_error_becomes_the_pass_fail_check() -> None:
    """The error message the learner quotes is the check every step is judged by."""
    steps = answer(ERROR_PT, "pt").sections.steps
    assert "`Task was destroyed but it is pending!`" in steps
    assert "900 ms" in steps


def test_own_hot_function_is_measured_at_the_learners_numbers() -> None:
    """A slow function the learner names is measured on its own, at the numbers they gave."""
    steps = answer(HOT_FUNCTION_IT, "it").sections.steps
    own = [line for line in steps.splitlines() if "`calcola_punteggio`" in line]
    assert own
    assert "12 s" in own[0]


def test_design_question_pins_the_learners_function_first() -> None:
    """A change of design starts from a test pinning how their function behaves today."""
    steps = answer(DESIGN_EN, "en").sections.steps
    assert "`export_report`" in steps


@pytest.mark.parametrize(
    "text",
    [
        "Why is `np.linalg.inv` slower than `np.linalg.solve`?",
        "Should I use `with` or `OFFSET` here, and is `list` fine?",
        "How do I make `mypy --strict` pass on `src/app.py`?",
    ],
)
def test_library_paths_keywords_and_commands_are_not_the_learners_names(text: str) -> None:
    """Only the learner's own code is named back: library APIs are what the units teach."""
    assert read(text, None, extract(text)).names == ()


def test_message_naming_nothing_of_its_own_gets_no_extra_step() -> None:
    """A question with no name, error or number of its own gets only the units' steps."""
    question = "How should I structure retries between two internal services?"
    reply = answer(question, "en")
    steps = [line for line in reply.sections.steps.splitlines() if line.strip()]
    assert len(steps) <= 5
    assert not any("pass/fail" in s or "Pin today's" in s for s in steps)
