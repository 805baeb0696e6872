"""Graded work asked for in words: a practice task recognised by what the request describes.

"A thread-safe LRU cache with TTL, ready to submit" names no task id, yet it is the
thread-safe-cache task asked for finished. Each checked task is a few families of words in
14 languages (config/course/task_asks.toml: what the cache is, its bound, its threads, its
single load); a request matching `need` of them describes the task, and one that also asks
for the finished work (a hand-in, "the full solution") is graded work: without effort it gets
the task's scaffold and the next hint rung, not a solution nor an unrelated answer.

The learner's pasted or attached code names the task too: a program that is mostly a task's
starter (its functions' statements, own names erased, as the hint ladder reads them) is that
task whatever the words ("here's my code, make it pass the checker" with the starter renamed).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.course.hints import statement_shapes
from bot.text import markdown

ASKS = Path("course") / "task_asks.toml"
"""Under the config directory."""
TASKS = Path("course") / "tasks"
"""The practice tasks (their `starter` code), under the config directory."""
STARTER_SHARE = 0.8
"""Code holding this share of a starter's statements is that task's code (renamed or not)."""


@dataclass(frozen=True, slots=True)
class TaskWords:
    """One task's families of words, and how many a request must match."""

    task_id: str
    need: int
    families: tuple[re.Pattern[str], ...]

    def matched(self, low: str) -> int:
        """Families `low` (a lowercased request) matches."""
        return sum(1 for family in self.families if family.search(low))


class TaskAsks:
    """Which practice task a request describes, and whether it asks for the finished work."""

    def __init__(
        self,
        tasks: tuple[TaskWords, ...],
        submit: re.Pattern[str] | None,
        starters: tuple[tuple[str, frozenset[str]], ...] = (),
        *,
        write: re.Pattern[str] | None = None,
        exercise: re.Pattern[str] | None = None,
    ) -> None:
        self.tasks = tasks
        self.submit = submit
        self.write = write
        self.exercise = exercise
        """Words for "the practice task / exercise": in a session thread, the session's task."""
        """Asking to write or finish code: with the task's starter pasted, a request for it."""
        self.starters = tuple((task, shapes) for task, shapes in starters if shapes)
        """(task id, what its starter's functions do) for the checked tasks."""

    @classmethod
    def load(cls, config_dir: Path) -> TaskAsks:
        """config/course/task_asks.toml (no file: no task is recognised)."""
        path = config_dir / ASKS
        if not path.exists():
            return cls((), None)
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        submit = data.pop("submit", {}).get("cues", [])
        write = data.pop("starter", {}).get("cues", [])
        exercise = data.pop("exercise", {}).get("cues", [])
        tasks = tuple(
            TaskWords(
                task_id,
                int(table.get("need", 3)),
                tuple(_any(v) for k, v in table.items() if k != "need" and isinstance(v, list)),
            )
            for task_id, table in data.items()
        )
        return cls(
            tasks,
            _any(submit) if submit else None,
            _starters(config_dir / TASKS),
            write=_any(write) if write else None,
            exercise=_any(exercise) if exercise else None,
        )

    def described(self, text: str, *, fewer: int = 0) -> str:
        """The task whose families `text` matches best, at least its `need` ('' for none)."""
        low = text.lower()
        best, most = "", 0
        for task in self.tasks:
            hits = task.matched(low)
            if hits >= max(1, task.need - fewer) and hits > most:
                best, most = task.task_id, hits
        return best

    def _thread_task(self, text: str, tasks: Sequence[str]) -> str:
        """The thread's task a request names as "the exercise" (the session's first one)."""
        if self.exercise is None or not self.exercise.search(text.lower()):
            return ""
        known = {t.task_id for t in self.tasks}
        return next((t for t in tasks if t in known), "")

    def coded(self, codes: Sequence[str]) -> str:
        """The task whose starter the learner's code mostly is ('' for none)."""
        best, most = "", STARTER_SHARE
        for code in codes:
            shapes = statement_shapes(code)
            for task, starter in self.starters:
                share = len(shapes & starter) / len(starter)
                if share >= most:
                    best, most = task, share
        return best

    def asked(
        self,
        text: str,
        *,
        wants_solution: bool,
        codes: Sequence[str] = (),
        graded: Sequence[str] | None = None,
    ) -> str:
        """The task `text` (or its code) asks to have finished ('' for none, or no hand-in).

        `graded`: the turn is in a graded thread (a session's, or one naming a task), with
        the thread's own tasks. There the course is the subject: "write the whole
        thread-safe cache for me" names its task with one family fewer, and "the exercise
        of this session" names the session's task (review12 V12).
        """
        coded = self.coded(codes)
        task = self.described(text) or coded
        low = text.lower()
        if not task and graded is not None:
            # fewer words name it, so the request must ask for it to be written: a session's
            # hand-in says "submitting" too, and is no request for code
            task = self.described(text, fewer=1) or self._thread_task(text, graded)
            words = markdown.without_code(low)
            writes = self.write is not None and self.write.search(words) is not None
            return task if task and (wants_solution or (writes and self._hands_in(low))) else ""
        if not task:
            return ""
        if wants_solution or self._hands_in(low):
            return task
        # the starter itself names the task: "write the complete version" asks for it (R20)
        words = markdown.without_code(low)  # the starter's own docstrings ask for nothing
        if task == coded and self.write is not None and self.write.search(words):
            return task
        return ""

    def _hands_in(self, low: str) -> bool:
        """The request says the work is to be handed in ("ready to submit", "提出")."""
        return self.submit is not None and self.submit.search(low) is not None


def _starters(folder: Path) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each checked task's starter, read as statements (a review task's text has none)."""
    found: list[tuple[str, frozenset[str]]] = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data.get("kind", "checked") == "checked" and isinstance(data.get("starter"), str):
            found.append((str(data.get("id", path.stem)), statement_shapes(data["starter"])))
    return tuple(found)


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


NO_TASK_ASKS = TaskAsks((), None)
"""Recognises nothing (tests and tools without a course)."""
