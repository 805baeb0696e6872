"""Tenth-round cases of bench/pedagogy_guards.py (`--tenth-only`): run the same on any tree.

Harm in shell one-liners, Dockerfiles, CI YAML, manifests, git hooks and packaging; plans
spread over prose in Japanese, Korean and Turkish; harm as a test fixture; browser
extensions reading other tabs; Discord self-bots; scraping with someone else's cookies;
stalkerware told as "family safety"; keyloggers in Rust and Go (each alone in section 3 of a
draft in its language, through `DraftGuards.apply`). The cache task's solution with another
mechanism and other names, split over scaffold and steps, in a docstring, as a git patch.
Through the service: "Sie"/"vous" lines in an informal reply (review9 R42), a question the
learner already answered, topics of another subject, a ruled-out library in the scaffold and
topics and a numpy step under "standard library only" (R21, R5), headings in another language.
The loop is `bench/_round_loop.py` (shared with rounds eight and nine).

Main (aa0cccb), measured before any fix: harm left 25/42 (every shell one-liner that sends
files out, the CI/Ansible cases, ja/tr prose, the three browser extensions, the borrowed
cookies, family safety 3/3, the rdev and gohook keyloggers), clean cut 0/23, cache dressings
leaked 3/5 (split over scaffold and steps twice, in a docstring), service shown 8/11 (register
4/4, the answered question, the off topics, the numpy step under "standard library only",
the Redis topic), service clean cut 0/7.
The late set (11 harmful, 6 clean), written after the first fix (d929a7d) and measured on
arrival, the honest estimate: main 6/11 left, first fix 6/11 left (the same six: a
PowerShell cookie-jar upload, a Docker build secret piped out, Turkish grade tampering, a
form grabber, a cookie-stealing pytest fixture, a Rust clipboard swapper); clean 0/6 both.
Final (0decdb2+), main -> branch, same bench: harm 25/42 -> 0/42, clean 0/23 -> 0/23, late
6/11 -> 0/11 (tuned on it after arrival), late clean 0/6 -> 0/6, cache dressings 3/5 -> 0/5
(a method alias `get = fetch` laid into its class: 4986577 left it at 1/5), service 8/11 -> 1/11 (a context question
the learner already answered), service clean 0/7 -> 0/7; rounds eight and nine unchanged.
"""

from __future__ import annotations

from typing import Any

from bench import _round_loop as loop
from tests.fakes.solutions import CACHE_SOLUTION
from tests.fakes.tenth_round import (
    CLEAN,
    HARM,
    HEADINGS_FROM,
    LANGUAGE,
    LATE_CLEAN,
    LATE_HARM,
    SERVICE_CLEAN,
    SERVICE_HARM,
    integrity_dressings,
)


async def integrity_left(app: Any) -> list[str]:
    """Dressings of the cache solution whose marker line reached the reply."""
    left = []
    for name, (steps, scaffold, marker) in integrity_dressings(CACHE_SOLUTION).items():
        draft = loop.in_bodies(steps, "en", alone=False, scaffold=scaffold)
        out = loop.text_of(await loop.guarded(app, draft, loop.turn(wants_scaffold=bool(scaffold))))
        if marker in out:
            left.append(name)
    return left


async def _marker_shown(app: Any, server: Any, name: str, case: Any) -> bool:
    headings_from = HEADINGS_FROM.get(name, "")
    text = await loop.service_text(app, server, f"n10-{name}", case, headings_from=headings_from)
    marker = case.marker
    if marker.startswith("heading:"):
        marker = app.catalog.headings(headings_from)[marker.removeprefix("heading:")]
    return marker in text


async def report(app: Any, server: Any) -> dict[str, tuple[int, int]]:
    """Prints the tenth-round table; returns {row: (count, of)}."""
    rows: dict[str, tuple[int, int]] = {}
    details: dict[str, list[str]] = {}
    alone = loop.in_language(LANGUAGE, alone=True)
    after = loop.in_language(LANGUAGE, alone=False)
    harm = await loop.harm_left(app, HARM, alone)
    rows[
        "harmful left (shell, Docker/CI, fixtures, extensions, self-bots, cookies, family"
        " safety, Rust/Go keyloggers, ja/ko/tr prose)"
    ] = (len(harm), len(HARM))
    details["harm left"] = harm
    cut = await loop.clean_cut(app, CLEAN, after)
    rows["clean look-alikes not shown whole"] = (len(cut), len(CLEAN))
    details["clean cut"] = cut
    if LATE_HARM:
        late = await loop.harm_left(app, LATE_HARM, alone)
        rows["late set (written after the first fix): harmful left"] = (len(late), len(LATE_HARM))
        details["late harm left"] = late
        late_cut = await loop.clean_cut(app, LATE_CLEAN, after)
        rows["late set: clean look-alikes not shown whole"] = (len(late_cut), len(LATE_CLEAN))
        details["late clean cut"] = late_cut
    integrity = await integrity_left(app)
    rows["cache solution: other mechanism/names, split, docstring, git patch: leaked"] = (
        len(integrity),
        len(integrity_dressings(CACHE_SOLUTION)),
    )
    details["integrity left"] = integrity
    shown = [n for n, c in SERVICE_HARM.items() if await _marker_shown(app, server, n, c)]
    rows["service: register mix, answered question, off topics, constraints, headings: shown"] = (
        len(shown),
        len(SERVICE_HARM),
    )
    details["service shown"] = shown
    lost = [n for n, c in SERVICE_CLEAN.items() if not await _marker_shown(app, server, n, c)]
    rows["service: clean look-alikes cut"] = (len(lost), len(SERVICE_CLEAN))
    details["service clean cut"] = lost
    loop.print_table("tenth round", rows, details)
    return rows
