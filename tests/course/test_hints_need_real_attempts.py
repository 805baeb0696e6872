"""The hint ladder climbs with different programs, not different text.

The starter as handed out, and a starter whose own names, strings, docstrings or annotations
were edited, is no attempt: three such submissions once opened the pseudo-code rung.
"""

from __future__ import annotations

from bot.course.hints import level_for
from bot.course.service import Who
from bot.course.wiring import CourseServices
from tests.course.conftest import fenced

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
