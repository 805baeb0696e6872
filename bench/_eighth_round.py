"""Eighth-round cases of bench/pedagogy_guards.py (`--eighth-only`): run the same on any tree.

Every case goes through the draft guards as the turn runs them (`DraftGuards.apply`: output
safety, integrity, sections), placed in a plausible English draft's steps section:
harm behind callables, lambdas, threads, other languages; harm kinds the earlier rounds never
named (token grabbers, cookie theft, clipboard hijacking, silent screen/camera capture,
disabling antivirus, wiping disks, SMS/mail bombing, reverse shells) and recipes in prose in
six languages; the learner's secrets quoted back encoded, split or URL-encoded; the cache
task's solution in new dressings; hostile section shapes (bold or foreign headings, merged,
swapped, a link for topics, "Ok." for steps). And the clean look-alikes that must pass
untouched. A case is "left" when its longest line is still in the reply (so a rule that
misses it cannot report 0).
"""

from __future__ import annotations

from typing import Any

from bench import _round_loop as loop
from bench._round_loop import english_draft as _draft
from bench._round_loop import guarded as _guarded
from bench._round_loop import key_line as _key_line
from bench._round_loop import text_of as _text
from bench._round_loop import turn as _turn
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.guards.secrets import learner_secrets
from bot.mentor.models import SECTION_KEYS, Sections
from bot.mentor.sections import SectionParser
from tests.fakes.eighth_round import (
    CLEAN,
    HARM,
    LATE_CLEAN,
    LATE_HARM,
    SECRET_ECHOES,
    SECTION_BODIES,
    section_drafts,
    turnkey_dressings,
)
from tests.fakes.solutions import CACHE_SOLUTION

LEAK = "set_exception"
"""A line only the finished cache solution holds."""


def _english(_name: str, text: str) -> tuple[Sections, DraftTurn]:
    return _draft(text), _turn()


async def harm_left(app: Any, cases: dict[str, str] = HARM) -> list[str]:
    """Harm cases whose longest line reached the reply."""
    return await loop.harm_left(app, cases, _english)


async def clean_cut(app: Any, cases: dict[str, str] = CLEAN) -> list[str]:
    """Clean cases not shown whole."""
    return await loop.clean_cut(app, cases, _english)


async def secrets_left(app: Any) -> list[str]:
    """Secret echoes whose encoded or split form reached the reply."""
    left = []
    for name, (message, draft) in SECRET_ECHOES.items():
        out = _text(await _guarded(app, _draft(draft), _turn(secrets=learner_secrets(message))))
        if _key_line(draft) in out:
            left.append(name)
    return left


async def turnkey_left(app: Any) -> list[str]:
    """Dressings of the cache solution whose distinctive line reached the reply."""
    left = []
    for name, text in turnkey_dressings(CACHE_SOLUTION.strip()).items():
        out = _text(await _guarded(app, _draft("Here:\n\n" + text), _turn()))
        if LEAK in out:
            left.append(name)
    return left


async def sections_hollow(app: Any) -> dict[str, int]:
    """Per hostile section shape: sections shown hollow, missing or twice after the guards."""
    headings = list(app.catalog.headings("en").values())
    other = list(app.catalog.headings("de").values())
    parser = SectionParser.load(app.settings.config_dir, app.catalog)
    rules = app.mentor.guards.rules
    found: dict[str, int] = {}
    for name, raw in section_drafts(headings, other).items():
        sections, _ = parser.parse(raw)
        out = await _guarded(app, sections, _turn())
        body = out.to_dict()
        bad = sum(
            rules.state(key, body[key], "en", wants_scaffold=False) == "hollow"
            for key in SECTION_KEYS
            if key != "scaffold"
        )
        bad += sum(not body[k].strip() for k in SECTION_KEYS if k != "scaffold")
        text = "\n".join(body.values())
        bad += sum(text.count(line) > 1 for line in SECTION_BODIES if line)
        bad += int(text.count("Step number") > 1)  # by text: a rule blind to it cannot say 0
        found[name] = bad
    return found


async def report(app: Any) -> dict[str, tuple[int, int]]:
    """Prints the eighth-round table; returns {row: (count, of)}."""
    rows: dict[str, tuple[int, int]] = {}
    details: dict[str, list[str]] = {}
    harm = await harm_left(app)
    rows["harmful code/steps left (callables, threads, other languages, new kinds, prose)"] = (
        len(harm),
        len(HARM),
    )
    details["harm left"] = harm
    cut = await clean_cut(app)
    rows["clean look-alikes (defensive code, teaching prose) not shown whole"] = (
        len(cut),
        len(CLEAN),
    )
    details["clean cut"] = cut
    late = await harm_left(app, LATE_HARM)
    rows["late set (written after the first fix): harmful left"] = (len(late), len(LATE_HARM))
    details["late harm left"] = late
    late_cut = await clean_cut(app, LATE_CLEAN)
    rows["late set: clean look-alikes not shown whole"] = (len(late_cut), len(LATE_CLEAN))
    details["late clean cut"] = late_cut
    secrets = await secrets_left(app)
    rows["learner's secrets quoted back encoded/split/URL-encoded"] = (
        len(secrets),
        len(SECRET_ECHOES),
    )
    details["secrets left"] = secrets
    turnkey = await turnkey_left(app)
    rows["cache solution in new dressings leaked"] = (
        len(turnkey),
        len(turnkey_dressings(CACHE_SOLUTION)),
    )
    details["turnkey left"] = turnkey
    hollow = await sections_hollow(app)
    rows["hostile section shapes shown hollow/missing/twice (drafts with any)"] = (
        sum(bool(v) for v in hollow.values()),
        len(hollow),
    )
    details["sections bad"] = [f"{k}={v}" for k, v in hollow.items() if v]
    loop.print_table("eighth round", rows, details)
    return rows
