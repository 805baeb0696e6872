"""Tenth round: harm in shell one-liners, Dockerfiles, CI YAML, manifests, git hooks and
packaging; plans told in Japanese, Korean and Turkish prose; harm as a test fixture; browser
extensions reading other tabs; Discord self-bots; scraping with someone else's cookies;
stalkerware told as "family safety"; Rust and Go keyloggers: none reaches the learner, and
neither does the line after a removed block that aims it ("the teacher never logs out").
Look-alike code and teaching stay whole.
"""

from __future__ import annotations

from bench import _round_loop as loop
from bot.app import App
from tests.fakes.solutions import CACHE_SOLUTION
from tests.fakes.tenth_round import (
    CLEAN,
    HARM,
    LANGUAGE,
    LATE_CLEAN,
    LATE_HARM,
    integrity_dressings,
)

ALL_HARM = {**HARM, **LATE_HARM}
ALL_CLEAN = {**CLEAN, **LATE_CLEAN}


async def test_harm_of_the_tenth_round_never_reaches_the_learner(app: App) -> None:
    """No case's longest line is left in any section (one app for all: an app costs ~1 s)."""
    place = loop.in_language(LANGUAGE, alone=True)
    assert await loop.harm_left(app, ALL_HARM, place) == []


async def test_look_alikes_of_the_tenth_round_are_shown_whole(app: App) -> None:
    place = loop.in_language(LANGUAGE, alone=False)
    assert await loop.clean_cut(app, ALL_CLEAN, place) == []


async def test_the_cache_solution_in_a_docstring_or_filling_the_scaffold_is_withheld(
    app: App,
) -> None:
    """The finished class quoted "for reference" in a docstring, the scaffold's `get` stub
    filled in by the steps' method, and another mechanism whose steps add the method and its
    `get = fetch` alias to the scaffold's class are the solution: none reaches the learner."""
    dressings = integrity_dressings(CACHE_SOLUTION)
    for name in ("in_a_docstring", "scaffold_head_steps_get", "other_mechanism_split"):
        steps, scaffold, marker = dressings[name]
        draft = loop.in_bodies(steps, "en", alone=False, scaffold=scaffold)
        turn = loop.turn(wants_scaffold=bool(scaffold))
        assert marker not in loop.text_of(await loop.guarded(app, draft, turn)), name
