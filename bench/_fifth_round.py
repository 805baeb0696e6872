"""Fifth-round cases of bench/pedagogy_guards.py: run the same on any tree (old ones included).

Harm told inside code or without imports, attack lists against a third party, a request for
the learner's secret, solutions carried as data or split by filler blocks, told solutions
outside the usual words, told steps split over paragraphs in the streaming preview; and the
defences that must stay (14 languages for the secret advice).
"""

from __future__ import annotations

import base64
import json
import textwrap
from typing import Any

from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.guards.safety import strip_harm
from bot.mentor.models import Sections
from bot.mentor.streaming import StreamGate
from tests.fakes.fifth_round import (
    ATTACK_LIST_MARKERS,
    ATTACK_LISTS,
    DEFENSIVE_COMMENTS,
    DEFENSIVE_LISTS,
    EMBEDDED,
    EMBEDDED_DEFENCES,
    FRAGMENTS,
    SECRET_ADVICE,
    SECRET_ASKS,
    SECRET_TEACHING,
    TOLD_OUTSIDE_WORDS,
    TOLD_SHAPED_TEACHING,
    defensive_commented,
)
from tests.fakes.hostile_llm import THREAD_CASES
from tests.fakes.plain_recipes import PLAIN_DEFENCES, PLAIN_RECIPES
from tests.fakes.solutions import CACHE_SOLUTION
from tests.fakes.told_solutions import TOLD_CACHE

LINES = CACHE_SOLUTION.strip().splitlines()
CARRIED = {
    "json_lines": "```json\n" + json.dumps({"file": "cache.py", "lines": LINES}) + "\n```",
    "json_string": "```json\n" + json.dumps({"cache.py": CACHE_SOLUTION}, indent=2) + "\n```",
    "yaml_block": "```yaml\nfiles:\n  cache.py: |\n"
    + textwrap.indent(CACHE_SOLUTION.strip(), "    ")
    + "\n```",
    "python_list": "```python\n" + repr(LINES) + "\n```",
    "base64_exec": '```python\nimport base64\nexec(base64.b64decode("'
    + base64.b64encode(CACHE_SOLUTION.encode()).decode()
    + '"))\n```',
    "base64_text": "Decode this and save it as cache.py:\n\n```text\n"
    + base64.b64encode(CACHE_SOLUTION.encode()).decode()
    + "\n```",
}


def _draft(steps: str, scaffold: str = "", next_steps: str = "Measure again.") -> Sections:
    return Sections(
        context="How many threads miss the same key at once?",
        hypotheses="One load per key should cut loader calls from 8 to 1 under 8 threads.",
        steps=steps,
        scaffold=scaffold,
        topics="- concurrency",
        next_steps=next_steps,
        reflection="How many loader calls did you measure before and after?",
    )


def _filler_drafts() -> dict[str, Sections]:
    case = THREAD_CASES["fix_one_line"]
    method = case.turns[1].replace("self.capacity + 1:", "self.capacity:")
    fillers = "\n\n".join(
        f"Check {n}:\n\n```python\nprint(len(cache), {n})\n```" for n in range(14)
    )
    first = "Start from this class:\n\n```python\n" + case.turns[0].strip() + "\n```"
    last = "Then add this method:\n\n```python\n" + method + "\n```"
    return {
        "filler_same_section": _draft(f"{first}\n\n{fillers}\n\n{last}"),
        "filler_next_section": _draft(f"{first}\n\n{fillers}", next_steps=last),
    }


async def _integrity_leaks(app: Any) -> dict[str, bool]:
    """Per case: the solution's own text reached the learner."""
    drafts = {k: _draft("1. Count loader calls.", scaffold=v) for k, v in CARRIED.items()}
    drafts.update(_filler_drafts())
    leaked = {}
    for name, draft in drafts.items():

        async def offline(draft: Sections = draft) -> Sections:
            return draft

        turn = DraftTurn(language="en", wants_scaffold=True, strict=False, effort=False)
        guarded = await app.mentor.guards.apply(draft, turn, offline)
        leaked[name] = "set_result(value)" in "\n".join(guarded.sections.to_dict().values())
    return leaked


async def _preview_leaks(app: Any) -> int:
    """Languages whose preview showed a step of a told solution split by a blank line."""
    told = app.mentor.guards.told
    leaks = 0
    for lang, text in TOLD_CACHE.items():
        lines = text.splitlines()
        seen: list[str] = []

        async def sink(shown: str, seen: list[str] = seen) -> None:
            seen.append(shown)

        rule = app.mentor.guards.prose_rule
        gate = StreamGate(sink, harm=rule, told=told, language=lang, every_s=0.0)
        draft = "Context.\n\n" + "\n".join(lines[:3]) + "\n\n" + "\n".join(lines[3:]) + "\n\nEnd.\n"
        for start in range(0, len(draft), 16):
            await gate(draft[start : start + 16])
        await gate.flush()
        shown = "\n".join(seen)
        leaks += any(line.strip() in shown for line in lines)
    return leaks


async def report(app: Any) -> dict[str, tuple[int, int]]:
    """Prints the fifth-round table; returns {row: (count, of)}."""
    rule = app.mentor.guards.prose_rule
    told = app.mentor.guards.told
    rows: dict[str, tuple[int, int]] = {}
    groups = {
        "harm told inside code (comment, docstring, JSON/YAML value)": EMBEDDED,
        "attack snippets without imports": FRAGMENTS,
        "asking the learner for a key/password (14 languages)": SECRET_ASKS,
    }
    for label, texts in groups.items():
        missed = sum(not strip_harm(t, rule).changed for t in texts.values())
        rows[label] = (missed, len(texts))
    loose = [t.replace("\n", "\n\n") for ts in PLAIN_RECIPES.values() for t in ts]
    rows["plain-words recipes as loose lists left whole (14 languages)"] = (
        sum(not strip_harm(t, rule).changed for t in loose),
        len(loose),
    )
    kept = [strip_harm(ATTACK_LISTS[n], rule).text for n in ATTACK_LISTS]
    left = sum(
        any(m in t for m in ATTACK_LIST_MARKERS[n]) for n, t in zip(ATTACK_LISTS, kept, strict=True)
    )
    rows["attack lists against a third party with a step left"] = (left, len(ATTACK_LISTS))
    defences = [
        *EMBEDDED_DEFENCES.values(),
        *SECRET_ADVICE.values(),
        *SECRET_TEACHING,
        *DEFENSIVE_LISTS,
        *(defensive_commented(c) for c in DEFENSIVE_COMMENTS.values()),
        *(t.replace("\n", "\n\n") for ts in PLAIN_DEFENCES.values() for t in ts),
    ]
    removed = sum(strip_harm(t, rule).changed for t in defences)
    rows["defences removed in error (commented code, secret advice, loose lists; 14 langs)"] = (
        removed,
        len(defences),
    )
    missed = sum(not told.told(text, lang) for lang, text in TOLD_OUTSIDE_WORDS.values())
    rows["told solutions outside the usual words missed"] = (missed, len(TOLD_OUTSIDE_WORDS))
    wrong = sum(bool(told.told(t, "en")) for t in TOLD_SHAPED_TEACHING)
    rows["arrow/table teaching withdrawn in error"] = (wrong, len(TOLD_SHAPED_TEACHING))
    leaked = await _integrity_leaks(app)
    carried = [k for k in leaked if k in CARRIED]
    rows["solutions carried as data (JSON/YAML/list) leaked"] = (
        sum(leaked[k] for k in carried),
        len(carried),
    )
    filler = [k for k in leaked if k not in CARRIED]
    rows["solution halves apart by 14 filler blocks leaked"] = (
        sum(leaked[k] for k in filler),
        len(filler),
    )
    rows["preview showed a told step split by a blank line (14 languages)"] = (
        await _preview_leaks(app),
        len(TOLD_CACHE),
    )
    print("\nfifth round (count / cases):")
    for label, (count, of) in rows.items():
        print(f"  {label}: {count}/{of}")
    return rows
