"""Graded work asked for in words: a practice task recognised by what the request describes.

"A thread-safe LRU cache with TTL, ready to submit" names no task id, yet it is the
thread-safe-cache task asked for finished. Each checked task is a few families of words in
14 languages (config/course/task_asks.toml: what the cache is, its bound, its threads, its
single load); a request matching `need` of them describes the task, and one that also asks
for the finished work (a hand-in, "the full solution") is graded work: without effort it gets
the task's scaffold and the next hint rung, not a solution nor an unrelated answer.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

ASKS = Path("course") / "task_asks.toml"
"""Under the config directory."""


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

    def __init__(self, tasks: tuple[TaskWords, ...], submit: re.Pattern[str] | None) -> None:
        self.tasks = tasks
        self.submit = submit

    @classmethod
    def load(cls, config_dir: Path) -> TaskAsks:
        """config/course/task_asks.toml (no file: no task is recognised)."""
        path = config_dir / ASKS
        if not path.exists():
            return cls((), None)
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        submit = data.pop("submit", {}).get("cues", [])
        tasks = tuple(
            TaskWords(
                task_id,
                int(table.get("need", 3)),
                tuple(_any(v) for k, v in table.items() if k != "need" and isinstance(v, list)),
            )
            for task_id, table in data.items()
        )
        return cls(tasks, _any(submit) if submit else None)

    def described(self, text: str) -> str:
        """The task whose families `text` matches best, at least its `need` ('' for none)."""
        low = text.lower()
        best, most = "", 0
        for task in self.tasks:
            hits = task.matched(low)
            if hits >= task.need and hits > most:
                best, most = task.task_id, hits
        return best

    def asked(self, text: str, *, wants_solution: bool) -> str:
        """The task `text` asks to have finished ('' when it describes none or asks no hand-in)."""
        task = self.described(text)
        if not task:
            return ""
        if wants_solution or (self.submit is not None and self.submit.search(text.lower())):
            return task
        return ""


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


NO_TASK_ASKS = TaskAsks((), None)
"""Recognises nothing (tests and tools without a course)."""
