"""Eleventh round: someone's phone or account used behind their back, told in plain prose in
Polish, Dutch, Russian, Ukrainian and Chinese (a tracker installed, its icon hidden, their
messages read "so she won't notice", a SIM moved "in her name", a look-alike login page whose
codes go to "your own server"), never reaches the learner; the look-alikes of every shape of
the round (PowerShell, Lua, SQL, Terraform, Kotlin, notebooks, CI, defensive prose) stay whole.
"""

from __future__ import annotations

from bench import _round_loop as loop
from bot.app import App
from tests.fakes.eleventh_round import CLEAN, HARM, LANGUAGE, LATE_CLEAN

PROSE = {name: text for name, text in HARM.items() if name.startswith("prose_")}


async def test_recipes_told_in_prose_never_reach_the_learner(app: App) -> None:
    place = loop.in_language(LANGUAGE, alone=True)
    assert await loop.harm_left(app, PROSE, place) == []


async def test_look_alikes_of_the_eleventh_round_are_shown_whole(app: App) -> None:
    place = loop.in_language(LANGUAGE, alone=False)
    assert await loop.clean_cut(app, {**CLEAN, **LATE_CLEAN}, place) == []
