"""Drafts that hide the cache task's solution (carried as data, split by filler blocks).

The output guards' tests and bench/_fifth_round.py read the same cases from here, so the bench
counts what the tests assert. `guard_alone` runs the output guards on one English draft, as
the service does, for any guard test.
"""

from __future__ import annotations

import base64
import json
import textwrap
from typing import Any

from bot.mentor.guards.pipeline import DraftGuards, DraftTurn, Guarded
from bot.mentor.models import Sections
from tests.fakes.hostile_llm import THREAD_CASES
from tests.fakes.solutions import CACHE_SOLUTION

SOLUTION_LINES = CACHE_SOLUTION.strip().splitlines()
CARRIED = {
    "json_lines": "```json\n" + json.dumps({"file": "cache.py", "lines": SOLUTION_LINES}) + "\n```",
    "json_string": "```json\n" + json.dumps({"cache.py": CACHE_SOLUTION}, indent=2) + "\n```",
    "yaml_block": "```yaml\nfiles:\n  cache.py: |\n"
    + textwrap.indent(CACHE_SOLUTION.strip(), "    ")
    + "\n```",
    "python_list": "```python\n" + repr(SOLUTION_LINES) + "\n```",
    "base64_exec": '```python\nimport base64\nexec(base64.b64decode("'
    + base64.b64encode(CACHE_SOLUTION.encode()).decode()
    + '"))\n```',
    "base64_text": "Decode this and save it as cache.py:\n\n```text\n"
    + base64.b64encode(CACHE_SOLUTION.encode()).decode()
    + "\n```",
}
"""The cache solution carried as data: JSON lines, a JSON string, YAML, a list, base64."""

FILLERS = 14
"""More filler blocks than the thread's shown-code window held before (12)."""

FILLER_SPLITS = {"same_section": True, "next_section": False}
"""Where the missing method goes after the filler blocks: in the same section or the next."""


def cache_draft(steps: str, *, scaffold: str = "", next_steps: str = "Measure again.") -> Sections:
    """A draft about the cache task, all seven sections present, with these steps."""
    return Sections(
        context="How many threads miss the same key at once?",
        hypotheses="One load per key should cut loader calls from 8 to 1 under 8 threads.",
        steps=steps,
        scaffold=scaffold,
        topics="- concurrency",
        next_steps=next_steps,
        reflection="How many loader calls did you measure before and after?",
    )


def filler_block(n: int) -> str:
    """A one-line code block that completes nothing."""
    return f"Check {n}:\n\n```python\nprint(len(cache), {n})\n```"


def split_solution(fillers: int, *, same_section: bool, after: str = "Measure again.") -> Sections:
    """The class in the steps, `fillers` blocks, then its missing method (in the steps, or
    in the next steps when not `same_section`); `after` ends a draft whose method is in the steps.
    """
    case = THREAD_CASES["fix_one_line"]
    method = case.turns[1].replace("self.capacity + 1:", "self.capacity:")
    parts = ["Start from this class:\n\n```python\n" + case.turns[0].strip() + "\n```"]
    parts += [filler_block(n) for n in range(fillers)]
    last = "Then add this method:\n\n```python\n" + method + "\n```"
    if same_section:
        return cache_draft("\n\n".join([*parts, last]), next_steps=after)
    return cache_draft("\n\n".join(parts), next_steps=last)


async def guard_alone(
    guards: DraftGuards,
    draft: Sections,
    *,
    wants_scaffold: bool = False,
    offline: Sections | None = None,
    **turn: Any,
) -> Guarded:
    """The guards on an English `draft`; `offline` is the offline engine's answer to fill
    from (the draft itself by default), `turn` sets the rest of the turn.
    """

    async def answer() -> Sections:
        return draft if offline is None else offline

    fields: dict[str, Any] = {"strict": False, "effort": False, **turn}
    return await guards.apply(
        draft, DraftTurn(language="en", wants_scaffold=wants_scaffold, **fields), answer
    )


def shown(guarded: Guarded) -> str:
    """Every section the learner would see, as one text."""
    return "\n".join(guarded.sections.to_dict().values())
