"""Every practice task's solution told in other words is found, in every language's words."""

from __future__ import annotations

import tomllib

import pytest

from bot.course.content import Course
from bot.mentor.guards.told_solution import ToldSolutions
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.told_synonyms import TOLD_SYNONYMS

COURSE = Course.load(DEFAULT_CONFIG_DIR)
CHECKED = [t.id for t in COURSE.tasks if t.kind == "checked"]
TOLD = ToldSolutions.load(DEFAULT_CONFIG_DIR, CHECKED)
OUTLINES = DEFAULT_CONFIG_DIR / "guards" / "outlines"


def _id(case: tuple[str, str]) -> str:
    return f"{case[0]}-{case[1]}"


@pytest.mark.parametrize("case", sorted(TOLD_SYNONYMS), ids=_id)
def test_solution_told_in_synonyms_is_found(case: tuple[str, str]) -> None:
    """ "Hand that call off to a helper thread", "switch the profiler on", "neighbouring
    intervals neither touch nor overlap": the steps in other words, no code name, still tell
    the task's solution."""
    task_id, lang = case
    assert task_id in TOLD.told(TOLD_SYNONYMS[case], lang)


def test_synonym_texts_cover_every_task_and_language() -> None:
    """Each checked task is told in three or more languages; all 14 languages appear (the
    cache task's rewordings are tests/fakes/told_solutions.py's)."""
    tasks = [task for task, _ in TOLD_SYNONYMS]
    others = set(CHECKED) - {"thread-safe-cache"}
    assert others <= set(tasks)
    assert all(tasks.count(task) >= 3 for task in others)
    assert len({lang for _, lang in TOLD_SYNONYMS}) == 14


@pytest.mark.parametrize(
    "path", sorted(p.name for p in OUTLINES.glob("*.toml") if p.stem != "tasks")
)
def test_every_language_words_enough_steps_of_every_task(path: str) -> None:
    """A language's words name at least `need` steps of each task: a solution told without
    a single identifier can reach the threshold in that language."""
    tasks = tomllib.loads((OUTLINES / "tasks.toml").read_text(encoding="utf-8"))
    words = tomllib.loads((OUTLINES / path).read_text(encoding="utf-8"))
    for task_id, table in tasks.items():
        named = [step for step, patterns in words.get(task_id, {}).items() if patterns]
        assert len(named) >= table["need"], task_id
