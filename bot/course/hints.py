"""The hint ladder: concept -> pointer -> pseudo-code -> scaffold, climbed by attempts only.

The level is the number of DISTINCT submissions stored for the task (resubmitting the same
code does not climb), capped at the last rung. Asking for a hint never raises the level.
"""

from __future__ import annotations

import hashlib

from bot.course.content import HINT_LEVELS, Task
from bot.text import markdown

MAX_LEVEL = len(HINT_LEVELS)


def fingerprint(code: str) -> str:
    """Identity of a submission, ignoring trailing whitespace and blank lines."""
    lines = [ln.rstrip() for ln in code.strip().splitlines() if ln.strip()]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def level_for(codes: list[str]) -> int:
    """Hint level (0 = none yet) earned by these stored submissions."""
    return min(len({fingerprint(c) for c in codes}), MAX_LEVEL)


def hint_text(task: Task, language: str, level: int) -> str:
    """The rung at `level` (1-4); the scaffold rung carries the task's scaffold code."""
    text = task.in_language(language)
    if level <= 0:
        return ""
    if level < MAX_LEVEL:
        return text.hints[level - 1]
    fence = "" if markdown.opens_block(task.scaffold.lstrip()) else "```python\n"
    closing = "" if not fence else "```"
    return f"{text.scaffold_note}\n{fence}{task.scaffold}{closing}"
