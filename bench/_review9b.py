"""Review9 R28, R33, R40, R41 cases of bench/pedagogy_guards.py (`--ninth-only`).

Through the real service and the fake OpenAI server: the reviewer's drafts whose attack
code is cut while its steps stay (R40: a camera scan over an ISP's address block in en/tr,
a ransomware "drill" on colleagues' share in zh), whose other sections keep the attack's
target and outcome (R41), whose steps are hollow (R33), whose notice names an attack for a
redacted secret (R28); a case is "shown" when one of its banned lines reaches the reply. And
through `DraftGuards.apply`: the R33 hollow steps in 14 languages ("shown" when a step
reaches the reply), and R28's numbering after a cut line ("1. 3. 3."); then R40 told without
code (someone else's address block swept, steps only, 14 languages) and checks of one's own
camera or network that must stay whole.

Written before any fix; main (11a3d63 tree) -> hostile9 (ce96398) -> hostile9b, same bench:
service drafts shown 7/7 -> 6/7 -> 0/7; hollow steps shown 12/14 -> 12/14 -> 0/14;
misnumbered 1/1 -> 1/1 -> 0/1; code-free sweep left 14/14 -> 14/14 -> 0/14 (en/de/fr/es/tr/
zh/ru written after the first fix 859a87f, before their cues c16b3ce; the other seven after
those cues: 7/7 left on arrival, then 0/7 with their own cues 6e6ba4f: the cues did not
carry across languages); own-network checks cut 0/3 -> 0/3 -> 0/3.
"""

from __future__ import annotations

import re
from typing import Any

from bench._eighth_round import _guarded, _text, _turn
from bot.mentor.models import MentorRequest, Sections
from tests.fakes.hostile_llm import BODIES
from tests.fakes.openai_server import compose, reply
from tests.fakes.review9b import (
    CASES,
    HOLLOW_STEPS,
    RENUMBER,
    SWEEP_CLEAN,
    SWEEP_RECIPES,
    Case,
    bodies,
)

_NUMBER = re.compile(r"^\s*(\d{1,2})[.)]\s", re.MULTILINE)


async def _reply(app: Any, server: Any, name: str, case: Case) -> str:
    headings = list(app.catalog.headings(case.language).values())
    server.reset(default=reply(compose(headings, bodies(case.draft))))
    result = await app.mentor.handle(
        MentorRequest(platform="console", user=f"r9b-{name}", text=case.question, thread="")
    )
    text: str = result.text
    return text


async def shown(app: Any, server: Any) -> list[str]:
    """Service cases with a banned line in the reply."""
    left = []
    for name, case in CASES.items():
        text = await _reply(app, server, name, case)
        if any(line in text for line in case.banned):
            left.append(name)
    return left


async def misnumbered(app: Any, server: Any) -> list[str]:
    """Replies whose numbered steps do not run 1..n (R28)."""
    bad = []
    for name, case in RENUMBER.items():
        text = await _reply(app, server, name, case)
        numbers = [int(n) for n in _NUMBER.findall(text)]
        runs: list[list[int]] = []
        for n in numbers:
            if n == 1 or not runs:
                runs.append([])
            runs[-1].append(n)
        if any(run != list(range(1, len(run) + 1)) for run in runs):
            bad.append(name)
    return bad


async def hollow_shown(app: Any) -> list[str]:
    """Languages whose vague steps ("Optimize your code") reached the reply (R33)."""
    left = []
    for lang, steps in HOLLOW_STEPS.items():
        b = BODIES[lang]
        draft = Sections(b[0], b[1], steps, "", b[4], b[5], b[6])
        out = _text(await _guarded(app, draft, _turn(language=lang)))
        if any(line.strip() in out for line in steps.splitlines()):
            left.append(lang)
    return left


async def _steps_shown(app: Any, lang: str, steps: str) -> str:
    b = BODIES[lang]
    draft = Sections(b[0], b[1], steps, "", b[4], b[5], b[6])
    return _text(await _guarded(app, draft, _turn(language=lang)))


async def sweeps(app: Any) -> tuple[list[str], list[str]]:
    """(code-free address-block sweeps with a step left, own-network checks not whole)."""
    left = []
    for lang, steps in SWEEP_RECIPES.items():
        out = await _steps_shown(app, lang, steps)
        if any(line.strip() in out for line in steps.splitlines()):
            left.append(lang)
    cut = []
    for name, steps in SWEEP_CLEAN.items():
        if steps not in await _steps_shown(app, name[:2], steps):
            cut.append(name)
    return left, cut


async def report(app: Any, server: Any) -> dict[str, tuple[int, int]]:
    """Prints the rows; returns {row: (count, of)}."""
    rows: dict[str, tuple[int, int]] = {}
    details: dict[str, list[str]] = {}
    left = await shown(app, server)
    rows["review9 R40/R41/R33/R28 drafts (service): shown"] = (len(left), len(CASES))
    details["review9b shown"] = left
    hollow = await hollow_shown(app)
    rows["R33 hollow steps, 14 languages: shown"] = (len(hollow), len(HOLLOW_STEPS))
    details["hollow shown"] = hollow
    bad = await misnumbered(app, server)
    rows["R28 steps misnumbered after a cut"] = (len(bad), len(RENUMBER))
    details["misnumbered"] = bad
    left, cut = await sweeps(app)
    rows["R40 address-block sweep told as steps only: a step left"] = (
        len(left),
        len(SWEEP_RECIPES),
    )
    rows["own camera / own network checks not shown whole"] = (len(cut), len(SWEEP_CLEAN))
    details["sweep left"] = left
    details["own-network cut"] = cut
    for name, (count, of) in rows.items():
        print(f"  {name}: {count}/{of}")
    for name, items in details.items():
        print(f"    {name}: {' '.join(items) or '-'}")
    return rows
