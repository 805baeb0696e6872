"""A failed check names what the learner's code did wrong, in their language (review8 F22).

The rule: "every bad input: clear polite error, no traceback". The checker's own file, its
frames and its line numbers are not the learner's; an empty "Measured:" line says nothing.
"""

from __future__ import annotations

import pytest

from bot.course.service import Who
from bot.course.wiring import CourseServices
from tests.course.conftest import fenced

TASK = "thread-safe-cache"

NO_ARGUMENTS = "class SingleFlightLRU:\n    pass\n"
NO_GET = (
    "class SingleFlightLRU:\n    def __init__(self, capacity):\n        self.capacity = capacity\n"
)
RAISES = (
    "class SingleFlightLRU:\n"
    "    def __init__(self, capacity):\n"
    "        self.capacity = capacity\n"
    "\n"
    "    def get(self, key, loader):\n"
    "        raise ValueError('not yet')\n"
)


def assert_no_checker_internals(text: str) -> None:
    assert "Traceback" not in text
    assert "checker_" not in text
    assert 'File "' not in text
    assert "/tmp/" not in text
    assert not any(line.strip().endswith(":") and "Measured" in line for line in text.splitlines())


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (
            NO_ARGUMENTS,
            "does not fit the task's interface `SingleFlightLRU(capacity).get(key, loader)`",
        ),
        (NO_GET, "Your code has no `get`"),
        (RAISES, "raised an error in your code at line 6: ValueError: not yet"),
    ],
)
async def test_a_failing_submission_is_told_what_its_code_did_wrong_without_a_traceback(
    services: CourseServices, code: str, said: str
) -> None:
    """One sentence names the learner's mistake (interface, missing method, their own line)."""
    result = await services.practice.submit(Who("console", "faults"), TASK, fenced(code), "en")
    assert not result.verdict.passed
    assert said in result.text, result.text
    assert_no_checker_internals(result.text)


async def test_the_failure_sentence_follows_the_learner_language(services: CourseServices) -> None:
    """A Portuguese learner reads the interface mismatch in Portuguese."""
    result = await services.practice.submit(
        Who("console", "faults-pt"), TASK, fenced(NO_ARGUMENTS), "pt"
    )
    assert "Seu código não segue a interface da tarefa" in result.text, result.text
    assert_no_checker_internals(result.text)
