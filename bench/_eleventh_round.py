"""Eleventh-round cases of bench/pedagogy_guards.py (`--eleventh-only`): run the same on any tree.

Harm in PowerShell, batch, VBA, AppleScript, AutoHotkey, Lua, SQL, Terraform, Kotlin, Swift,
notebooks, GitHub Actions printing secrets past the log mask, a systemd timer; recipes in
pl/nl/ru/uk/zh prose; harm as a "test"; harm split over sections. Dressings of the
asyncio-blocking and property-tests solutions. Hollow context questions, next steps,
reflections and steps in the 14 languages (review10 T15) beside concrete ones. Through the
service: T17's removed checker and its pointer, T34's one-call fix named in prose, T27's
re-asked numbers, the register of pt/ru/uk drafts.
The loop is `bench/_round_loop.py` (shared with rounds eight to ten).

Main (7c0d062), measured before any fix: harm left 15/28 (PowerShell Wi-Fi keys and fake
credential prompt, the AutoHotkey and Hammerspoon keyloggers, the OpenResty password tap, SQL
injection and a dropped schema, both Terraform cases, the Swift tracker, the CI secret printed
past the log mask, the systemd screenshot timer, pl/nl/uk prose), clean cut 0/21, harm split
over sections 3/3, solutions dressed 1/5 (asyncio-blocking split over scaffold and steps),
hollow sections shown 28/32 (in all 14 languages; only the zh steps and next steps, the pl
next steps and the ko reflection were caught), concrete sections cut 0/15, service shown 10/12
(T34's pointer, hypothesis and reference; T27 in fr and es; the pt/ru/uk register 5/5; T17's
pointer and notice held), service clean cut 0/7. Cost per clean draft 0.60 ms (cpu).
The late set (10 harmful, 5 clean, 14 hollow, 6 concrete), written after the first fix
(f313888, hollow sections) and measured on arrival, the honest estimate: main harm 5/10 left,
hollow 9/14 shown, clean 1/5 and concrete 1/6 cut; first fix harm 5/10, hollow 7/14 (the
words of a new hollow wording were mostly not in the lists), clean 1/5, concrete 1/6. The
clean and concrete cuts were the round's own faults, found on arrival: a Chinese look-alike
placed in an English draft (dropped as a foreign line; the late pl/zh/nl prose was placed so
too and is now in its language's draft) and a Korean next step too short in letters to count
as concrete (CJK characters now count twice).
Final (this branch) vs main, same bench, same machine: harm 15/28 -> 12/28 (the prose recipes
in pl/nl/uk/zh removed; the twelve code shapes left: PowerShell, AutoHotkey, Lua, SQL,
Terraform, Swift, CI, systemd), split 3/3 -> 3/3, dressings 1/5 -> 1/5, hollow 28/32 -> 0/32,
concrete cut 0/15 -> 0/15, clean cut 0/21 -> 0/21, late harm 7/10 -> 8/10 (the late prose
in its own language; a Chinese sock-puppet review recipe main replaced only as "hollow"
steps, too few letters, is now read as steps and shown: no harm rule reads it on either),
late hollow 9/14 -> 0/14 (tuned after arrival), service 10/12 -> 0/12 (T34 3/3, T27 2/2,
register 5/5), service clean cut 0/7 -> 0/7. Cost per clean draft 0.60 -> 0.70 ms (cpu).
hostile12 (main 0126db9 -> that branch): harm 12/28 -> 0/28 (signatures for the twelve code
shapes), split over sections 3/3 -> 0/3 (a helper aimed by an inline call in the steps, an
account entered and its owner kept from knowing, a payroll IBAN update), clean 0/21 -> 0/21,
late harm 8/10 -> 8/10, dressings 1/5 -> 1/5, every other row 0 on both.
"""

from __future__ import annotations

from typing import Any

from bench import _round_loop as loop
from tests.fakes.eleventh_round import (
    CLEAN,
    CONCRETE,
    HARM,
    HOLLOW,
    LANGUAGE,
    LATE_CLEAN,
    LATE_CONCRETE,
    LATE_HARM,
    LATE_HOLLOW,
    SERVICE_CLEAN,
    SERVICE_HARM,
    SPLIT,
    dressings,
)
from tests.fakes.solutions import ASYNC_SOLUTION, PROPERTY_SOLUTION


async def shown_lines(app: Any, cases: dict[str, tuple[str, str, str]]) -> list[str]:
    """Cases any of whose lines reached the reply (hollow cases must lose them all)."""
    left = []
    for name, (lang, key, text) in cases.items():
        draft = loop.with_sections(lang, {key: text})
        out = loop.text_of(await loop.guarded(app, draft, loop.turn(language=lang)))
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        if any(ln in out for ln in lines):
            left.append(name)
    return left


async def cut_sections(app: Any, cases: dict[str, tuple[str, str, str]]) -> list[str]:
    """Cases not shown whole."""
    cut = []
    for name, (lang, key, text) in cases.items():
        draft = loop.with_sections(lang, {key: text})
        out = loop.text_of(await loop.guarded(app, draft, loop.turn(language=lang)))
        if text.strip() not in out:
            cut.append(name)
    return cut


async def integrity_left(app: Any) -> list[str]:
    """Dressings of the practice tasks' solutions whose marker line reached the reply."""
    left = []
    for name, (steps, scaffold, marker) in dressings(ASYNC_SOLUTION, PROPERTY_SOLUTION).items():
        draft = loop.in_bodies(steps, "en", alone=False, scaffold=scaffold)
        out = loop.text_of(await loop.guarded(app, draft, loop.turn(wants_scaffold=bool(scaffold))))
        if marker in out:
            left.append(name)
    return left


async def _marker_shown(app: Any, server: Any, name: str, case: Any) -> bool:
    text = await loop.service_text(app, server, f"n11-{name}", case)
    marker = case.marker
    if marker.startswith("msg:"):
        marker = app.catalog.message(case.language, marker.removeprefix("msg:"))
    return marker in text


async def report(app: Any, server: Any) -> dict[str, tuple[int, int]]:
    """Prints the eleventh-round table; returns {row: (count, of)}."""
    rows: dict[str, tuple[int, int]] = {}
    details: dict[str, list[str]] = {}
    alone = loop.in_language(LANGUAGE, alone=True)
    after = loop.in_language(LANGUAGE, alone=False)
    harm = await loop.harm_left(app, HARM, alone)
    rows[
        "harmful left (PowerShell/batch/VBA/AppleScript/AHK/Lua, SQL, Terraform, Kotlin/Swift,"
        " notebooks, CI secrets, tests, pl/nl/ru/uk/zh prose)"
    ] = (len(harm), len(HARM))
    details["harm left"] = harm
    cut = await loop.clean_cut(app, CLEAN, after)
    rows["clean look-alikes not shown whole"] = (len(cut), len(CLEAN))
    details["clean cut"] = cut
    split = await loop.split_left(app, SPLIT)
    rows["harm split over sections: left"] = (len(split), len(SPLIT))
    details["split left"] = split
    integrity = await integrity_left(app)
    rows["asyncio-blocking / property-tests solutions dressed: leaked"] = (
        len(integrity),
        len(dressings(ASYNC_SOLUTION, PROPERTY_SOLUTION)),
    )
    details["integrity left"] = integrity
    hollow = await shown_lines(app, HOLLOW)
    rows["hollow context/next steps/reflection/steps (14 languages): a line shown"] = (
        len(hollow),
        len(HOLLOW),
    )
    details["hollow shown"] = hollow
    concrete = await cut_sections(app, CONCRETE)
    rows["concrete sections (14 languages): not shown whole"] = (len(concrete), len(CONCRETE))
    details["concrete cut"] = concrete
    if LATE_HARM or LATE_HOLLOW:
        late = await loop.harm_left(app, LATE_HARM, alone)
        rows["late set (written after the first fix): harmful left"] = (len(late), len(LATE_HARM))
        details["late harm left"] = late
        late_cut = await loop.clean_cut(app, LATE_CLEAN, after)
        rows["late set: clean look-alikes not shown whole"] = (len(late_cut), len(LATE_CLEAN))
        details["late clean cut"] = late_cut
        late_hollow = await shown_lines(app, LATE_HOLLOW)
        rows["late set: hollow sections, a line shown"] = (len(late_hollow), len(LATE_HOLLOW))
        details["late hollow shown"] = late_hollow
        late_concrete = await cut_sections(app, LATE_CONCRETE)
        rows["late set: concrete sections not shown whole"] = (
            len(late_concrete),
            len(LATE_CONCRETE),
        )
        details["late concrete cut"] = late_concrete
    shown = [n for n, c in SERVICE_HARM.items() if await _marker_shown(app, server, n, c)]
    rows[
        "service: removed checker's pointer/notice, one-call fix named, re-asked numbers,"
        " pt/ru/uk register: shown"
    ] = (len(shown), len(SERVICE_HARM))
    details["service shown"] = shown
    lost = [n for n, c in SERVICE_CLEAN.items() if not await _marker_shown(app, server, n, c)]
    rows["service: clean look-alikes cut"] = (len(lost), len(SERVICE_CLEAN))
    details["service clean cut"] = lost
    loop.print_table("eleventh round", rows, details)
    return rows
