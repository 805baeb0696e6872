"""Fifth-round cases of bench/pedagogy_guards.py: run the same on any tree (old ones included).

Harm told inside code or without imports, attack lists against a third party, a request for
the learner's secret, solutions carried as data or split by filler blocks, told solutions
outside the usual words, told steps split over paragraphs in the streaming preview; and the
defences that must stay (14 languages for the secret advice).
"""

from __future__ import annotations

from typing import Any

from bot.mentor.guards.safety import strip_harm
from bot.mentor.streaming import StreamGate
from tests.fakes.cache_drafts import (
    CARRIED,
    FILLER_SPLITS,
    FILLERS,
    cache_draft,
    guard_alone,
    shown,
    split_solution,
)
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
from tests.fakes.plain_recipes import PLAIN_DEFENCES, PLAIN_RECIPES
from tests.fakes.told_solutions import TOLD_CACHE


async def _integrity_leaks(app: Any) -> dict[str, bool]:
    """Per case: the solution's own text reached the learner."""
    drafts = {k: cache_draft("1. Count loader calls.", scaffold=v) for k, v in CARRIED.items()}
    for where, same_section in FILLER_SPLITS.items():
        drafts[f"filler_{where}"] = split_solution(FILLERS, same_section=same_section)
    leaked = {}
    for name, draft in drafts.items():
        guarded = await guard_alone(app.mentor.guards, draft, wants_scaffold=True)
        leaked[name] = "set_result(value)" in shown(guarded)
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
