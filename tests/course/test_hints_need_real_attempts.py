"""The hint ladder climbs with different programs, not different text.

The starter as handed out, and a starter whose own names, strings, docstrings or annotations
were edited, is no attempt: three such submissions once opened the pseudo-code rung.
"""

from __future__ import annotations

import pytest

from bot.course.hints import level_for
from bot.course.service import Who
from bot.course.wiring import CourseServices
from tests.course.conftest import fenced, solution
from tests.course.test_checks import KNOWN

WHO = Who("console", "rena")
TASK = "thread-safe-cache"


def renamed(starter: str) -> str:
    """The starter with its own names and its docstrings changed, the logic untouched."""
    return (
        starter.replace("_data", "_store")
        .replace("value", "v")
        .replace("capacity", "limit")
        .replace("The cached value", "Returns the value")
        .replace("At most", "Holds no more than")
    )


def locked_whole_body(starter: str) -> str:
    """A real (if naive) change: one lock around the whole of `get`."""
    code = starter.replace(
        "from typing import Any\n",
        "from typing import Any\nimport threading\n\n_LOCK = threading.Lock()\n",
    )
    return code.replace(
        "        if key in self._data:\n",
        "        with _LOCK:\n            pass\n        if key in self._data:\n",
    )


def test_starter_and_its_renamings_earn_no_rung(services: CourseServices) -> None:
    """Submitting the starter, or the starter renamed and reworded, opens no hint."""
    starter = services.practice.task(TASK).starter
    assert level_for([starter], starter) == 0
    assert level_for([starter, renamed(starter)], starter) == 0
    assert level_for([renamed(starter), locked_whole_body(starter)], starter) == 1


def test_the_same_change_renamed_is_one_attempt(services: CourseServices) -> None:
    """A real change counts once, however its names are spelled the second time."""
    starter = services.practice.task(TASK).starter
    changed = locked_whole_body(starter)
    assert level_for([changed, renamed(changed)], starter) == 1


async def test_hint_stays_locked_after_submitting_the_starter(services: CourseServices) -> None:
    """`/mca submit` of the unchanged or renamed starter leaves `/mca hint` locked."""
    practice = services.practice
    starter = practice.task(TASK).starter
    for code in (starter, renamed(starter)):
        result = await practice.submit(WHO, TASK, fenced(code), "en")
        assert result.hint_level == 0
        assert result.hint is None
    assert "Hints unlock with attempts" in await practice.hint(WHO, TASK, "en")
    result = await practice.submit(WHO, TASK, fenced(locked_whole_body(starter)), "en")
    assert result.hint_level == 1
    assert result.hint


JUNK = [
    "while True:\n    pass\n",
    "class SingleFlightLRU:\n    pass\n",
    "class SingleFlightLRU:\n    def __init__(self, capacity):\n        pass\n",
    "x = 1\n",
]
"""review8 F21: four submissions that do less than the starter; they once opened the scaffold."""


def gutted(starter: str) -> str:
    """The starter with the body of `get` deleted: the interface kept, the behaviour gone."""
    head, _, _ = starter.partition('        """The cached value')
    return head + "        return None\n\n    def __len__(self) -> int:\n        return 0\n"


def test_code_doing_less_than_the_starter_earns_no_rung(services: CourseServices) -> None:
    """Junk that drops the starter's interface or most of its program is no attempt (F21)."""
    starter = services.practice.task(TASK).starter
    assert level_for([*JUNK, gutted(starter), starter + "\nVERSION = 2\n"], starter) == 0
    assert level_for([*JUNK, locked_whole_body(starter)], starter) == 1


async def test_junk_submissions_are_told_they_do_not_attempt_the_task(
    services: CourseServices,
) -> None:
    """`/mca submit` of junk shows no hint and says, in the learner's language, what is missing."""
    practice = services.practice
    missing = [
        "`SingleFlightLRU`",
        "`SingleFlightLRU.__init__(capacity)`",
        "`SingleFlightLRU.get(key, loader)`",
        "`SingleFlightLRU`",
    ]
    for code, named in zip(JUNK, missing, strict=True):
        result = await practice.submit(WHO, TASK, fenced(code), "en")
        assert result.hint_level == 0
        assert result.hint is None
        assert "earns no new hint" in result.text
        assert named in result.text
        without_class = "class SingleFlightLRU" not in code  # nothing the checker could call
        assert ("Not run in the sandbox" in result.text) is without_class
    assert "Hints unlock with attempts" in await practice.hint(WHO, TASK, "en")
    result = await practice.submit(WHO, TASK, fenced(JUNK[0]), "pt")
    assert "Não executado no sandbox: o verificador chama `SingleFlightLRU`" in result.text
    starter = practice.task(TASK).starter
    result = await practice.submit(WHO, TASK, fenced(gutted(starter)), "de")
    assert result.hint_level == 0
    assert "es entfernt den Großteil des Startcodes" in result.text  # review9 R19: not "adds"
    result = await practice.submit(WHO, TASK, fenced(starter + "\nVERSION = 2\n"), "de")
    assert "fügt dem Startcode noch nichts hinzu" in result.text


async def test_a_real_change_after_junk_earns_the_first_rung_only(
    services: CourseServices,
) -> None:
    """After junk, the first real attempt opens the concept rung, not the pseudo-code."""
    practice = services.practice
    for code in JUNK:
        await practice.submit(WHO, TASK, fenced(code), "en")
    result = await practice.submit(
        WHO, TASK, fenced(locked_whole_body(practice.task(TASK).starter)), "en"
    )
    assert result.hint_level == 1
    assert "This does not yet attempt the task" not in result.text


@pytest.mark.parametrize(
    ("task_id", "name"),
    [(task, name) for task, good, bad in KNOWN if task != "pyo3-review" for name in (good, bad)],
)
def test_every_shipped_real_attempt_earns_a_rung(
    services: CourseServices, task_id: str, name: str
) -> None:
    """Real attempts, right or wrong (the checkers' known-good and known-bad), each earn a rung."""
    starter = services.practice.task(task_id).starter
    assert level_for([solution(name)], starter) == 1
