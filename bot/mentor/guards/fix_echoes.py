"""The prose around a withheld solution: the call it hinged on, the step pointing at it.

When the integrity guard replaces a practice task's finished solution with the task's
scaffold, the draft's prose still tells it: a hypothesis "moving it to a thread with
`asyncio.to_thread` should cut 12 requests to 1x", a reference `[asyncio.to_thread](...)`, a
step "Apply the version below" that now points at the scaffold (review10 T34). For a task whose
whole fix is one call, naming that call IS the solution (the hint ladder's last rungs). So the
calls the removed code made that neither the task's starter nor its scaffold nor the learner's
own code makes (`asyncio.to_thread`, `loop.run_in_executor`) are the fix: prose lines naming
one go, and so do lines pointing at code "below"/"above" (the same words `drop_pointers` reads).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.mentor.guards.answers_question import renumber
from bot.mentor.guards.orphan_steps import orphan_intros, orphan_line, removed_names
from bot.mentor.guards.safety import drop_pointers
from bot.mentor.models import SECTION_KEYS
from bot.text import markdown

_CALL = re.compile(r"\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s*\(")
"""A dotted call: `asyncio.to_thread(`, `loop.run_in_executor(` (a library's API, not a
helper of the learner's own)."""
PROSE_KEYS = tuple(k for k in SECTION_KEYS if k != "scaffold")


def calls(code: str) -> set[str]:
    """The dotted calls of `code`, and their last parts when they read as an API name."""
    found: set[str] = set()
    for name in _CALL.findall(code):
        found.add(name)
        last = name.rsplit(".", 1)[1]
        if "_" in last.strip("_"):  # to_thread, run_in_executor: not get, put, run
            found.add(last)
    return found


def removed_code(before: dict[str, str], after: dict[str, str]) -> str:
    """The code of every block a section lost."""
    gone: list[str] = []
    for key in SECTION_KEYS:
        kept = {b.code for b in markdown.code_blocks(after.get(key, ""))}
        gone.extend(
            b.code or "" for b in markdown.code_blocks(before.get(key, "")) if b.code not in kept
        )
    return "\n".join(gone)


def drop_fix_echoes(data: dict[str, str], before: dict[str, str], known: Iterable[str]) -> int:
    """Prose lines naming the withheld solution's own calls, and lines pointing at code, go.

    `before`: the sections before the solution was replaced; `known`: code whose calls are
    no secret (the tasks' starters and scaffolds, the learner's code). Returns lines dropped.
    """
    known = tuple(known)
    removed = removed_code(before, data)
    fix = calls(removed) - set().union(*(calls(c) for c in known))
    kept_code = (
        *known,
        *(b.code or "" for k in SECTION_KEYS for b in markdown.code_blocks(data[k])),
    )
    names = removed_names(removed, kept_code)  # "Rename `MyCache`...": only it defined that
    pattern = (
        re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, sorted(fix, key=len)[::-1])) + r")\b")
        if fix
        else None
    )
    dropped = 0
    for key in PROSE_KEYS:
        text = data[key]
        if "```" in text:
            continue  # a section with code of its own is judged by the guard that kept it
        lines = text.split("\n")
        intros = orphan_intros(before.get(key, ""), text)  # W22: "here is the whole file:"
        kept = [
            ln
            for ln in lines
            if not (pattern is not None and pattern.search(ln))
            and not orphan_line(ln, names, intros)
        ]
        text, pointers = drop_pointers("\n".join(kept))
        count = len(lines) - len(kept) + pointers
        if count:
            data[key] = renumber(text)
            dropped += count
    return dropped
