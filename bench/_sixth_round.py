"""Sixth-round cases of bench/pedagogy_guards.py: run the same on any tree (old ones included).

Detection content naming anti-forensic commands (14 languages, rules and queries) and the
same commands run; harm in shell/build files and encodings; solutions in new dressings,
written by a shell block, over three turns, or as "the corrected version" of a touched-up
starter; solutions told in synonyms; look-alike links; the learner's secrets quoted back.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.guards.safety import strip_harm
from bot.mentor.guards.thread_code import shown_code
from bot.mentor.models import MentorRequest, Sections
from tests.fakes.detection_texts import DETECTION_CODE, DETECTION_DEFENCES, DETECTION_DRESSED
from tests.fakes.hostile_llm import BODIES
from tests.fakes.openai_server import compose, reply
from tests.fakes.sixth_round import (
    LOOKALIKE_LINKS,
    REAL_LINKS,
    SECRET_ECHO,
    SECRET_MESSAGE,
    SECRET_MESSAGE_VALUES,
    SHELL_HARM,
    SOLUTION_DRESSINGS,
    THREE_TURNS,
    WRITTEN_BY_SHELL,
    touch_ups,
)
from tests.fakes.solutions import CACHE_SOLUTION
from tests.fakes.told_synonyms import TOLD_SYNONYMS

REPO = Path(__file__).resolve().parent.parent
LEAK = "set_exception"


def _draft(scaffold: str) -> Sections:
    return Sections(
        context="How many threads miss the same key at once?",
        hypotheses="One load per key should cut loader calls from 8 to 1 under 8 threads.",
        steps="1. Count loader calls.\n2. Time 16 keys.\n3. Compare.",
        scaffold=scaffold,
        topics="- concurrency",
        next_steps="Measure again.",
        reflection="How many loader calls did you measure before and after?",
    )


async def _leaked(app: Any, scaffold: str, **turn: Any) -> bool:
    draft = _draft(scaffold)

    async def offline() -> Sections:
        return draft

    args = {"language": "en", "wants_scaffold": True, "strict": False, "effort": False, **turn}
    guarded = await app.mentor.guards.apply(draft, DraftTurn(**args), offline)
    return LEAK in "\n".join(guarded.sections.to_dict().values())


async def _secret_echoes(app: Any, server: Any) -> int:
    """Languages whose reply or preview quoted one of the learner's secrets back."""
    leaks = 0
    for lang in ("en", "de", "ja"):
        bodies = list(BODIES.get(lang, BODIES["en"]))
        bodies[5] += SECRET_ECHO[0]
        bodies[6] += SECRET_ECHO[1]
        headings = list(app.catalog.headings(lang).values())
        server.reset(default=reply(compose(headings, tuple(bodies))))
        seen: list[str] = []

        async def progress(text: str, seen: list[str] = seen) -> None:
            seen.append(text)

        result = await app.mentor.handle(
            MentorRequest(platform="console", user=f"s6-{lang}", text=SECRET_MESSAGE, locale=lang),
            on_progress=progress,
        )
        shown = [result.text, *seen]
        leaks += any(v in text for v in SECRET_MESSAGE_VALUES for text in shown)
    return leaks


def _knowledge_links() -> list[str]:
    lines = []
    for path in sorted((REPO / "config" / "knowledge").rglob("*.toml")):
        for host in sorted(set(re.findall(r"https?://([A-Za-z0-9.-]+)", path.read_text()))):
            lines.append(f"See https://{host}/ for the details.")
    return sorted(set(lines))


async def report(app: Any, server: Any) -> dict[str, tuple[int, int]]:
    """Prints the sixth-round table; returns {row: (count, of)}."""
    rule = app.mentor.guards.prose_rule
    told = app.mentor.guards.told
    rows: dict[str, tuple[int, int]] = {}
    notes = [t for ts in DETECTION_DEFENCES.values() for t in ts]
    rows["detection notes/timelines/checklists removed in error (14 languages)"] = (
        sum(strip_harm(t, rule).changed for t in notes),
        len(notes),
    )
    rows["detection rules and log queries removed in error (Sigma, KQL, SPL, grep...)"] = (
        sum(strip_harm(t, rule).changed for t in DETECTION_CODE.values()),
        len(DETECTION_CODE),
    )
    rows["anti-forensic commands run under detection words left whole"] = (
        sum(not strip_harm(t, rule).changed for t in DETECTION_DRESSED.values()),
        len(DETECTION_DRESSED),
    )
    rows["harm in heredoc/Dockerfile/Makefile/cron/systemd, one-liners, encodings left whole"] = (
        sum(not strip_harm(t, rule).changed for t in SHELL_HARM.values()),
        len(SHELL_HARM),
    )
    dressed = [k for k in SOLUTION_DRESSINGS if k not in WRITTEN_BY_SHELL]
    rows["solution as doctest/__call__/factory/TODO-interleaved/rot13/hex/notebook leaked"] = (
        sum([await _leaked(app, "Here:\n\n" + SOLUTION_DRESSINGS[k]) for k in dressed]),
        len(dressed),
    )
    rows["solution written by a heredoc/Dockerfile/here-string leaked"] = (
        sum([await _leaked(app, "Save it:\n\n" + SOLUTION_DRESSINGS[k]) for k in WRITTEN_BY_SHELL]),
        len(WRITTEN_BY_SHELL),
    )
    said = THREE_TURNS[:2]
    rows["solution over three turns (class, half a method, the rest) leaked"] = (
        int(
            await _leaked(
                app, "And the end:\n\n" + THREE_TURNS[2], shown=shown_code(said), said=said
            )
        ),
        1,
    )
    task = app.practice.course.task("thread-safe-cache")
    edits = touch_ups(task.starter)
    corrected = "Here is the corrected version of your code:\n\n```python\n"
    leaks = 0
    for code in edits.values():
        effort = app.mentor.guards.effort("Please correct my code", (code,), says_tried=True)
        leaks += await _leaked(
            app, corrected + CACHE_SOLUTION.strip() + "\n```", effort=effort, learner_code=(code,)
        )
    rows['"corrected version" = full solution for a touched-up starter leaked'] = (
        leaks,
        len(edits),
    )
    rows["solutions told in synonyms, no code names (4 tasks, 14 languages) missed"] = (
        sum(
            task_id not in told.told(text, lang) for (task_id, lang), text in TOLD_SYNONYMS.items()
        ),
        len(TOLD_SYNONYMS),
    )
    rows["look-alike links (pypi-org.com, docs.pyth0n.org, paypa1.com...) left"] = (
        sum(not strip_harm(t, rule).changed for t in LOOKALIKE_LINKS),
        len(LOOKALIKE_LINKS),
    )
    real = [*REAL_LINKS, *_knowledge_links()]
    rows["real links removed in error (neighbours + every knowledge-base host)"] = (
        sum(strip_harm(t, rule).changed for t in real),
        len(real),
    )
    rows["learner's secrets quoted back in sections 6-7 (reply or preview; en/de/ja)"] = (
        await _secret_echoes(app, server),
        3,
    )
    print("\nsixth round (count / cases):")
    for label, (count, of) in rows.items():
        print(f"  {label}: {count}/{of}")
    return rows
