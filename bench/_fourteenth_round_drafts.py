"""Fourteenth-round cases of bench/pedagogy_guards.py (`--fourteenth-only`).

What is left of a careless draft after a guard removes part of it (review13 W16, W22, W25):
each draft (tests/fakes/fourteenth_round_drafts.py) runs through the real service with the fake
OpenAI server, and the reply is judged by text: a step that only served the removed code is
"left" when shown, a defensive step is "cut" when not shown, and a numbered list that does not
count 1, 2, 3... is "misnumbered".

main (4fa41fd5) -> draft14, same machine, one after the other: served steps left after a drop
4/8 -> 0/8, defensive steps cut 3/8 -> 0/8 (the whole afterword went), misnumbered 5/8 -> 0/8;
pointers at a withheld solution left 5/5 -> 0/5; hollow context questions and paraphrased steps
left 6/6 -> 0/6. Cost per clean draft 3.04 -> 3.21 ms (cpu, loaded host; the twelfth round's
table is unchanged, its cost 3.60 -> 2.42 ms: noise).
"""

from __future__ import annotations

import re
from typing import Any

from bot.mentor.models import MentorRequest
from tests.fakes.fourteenth_round_drafts import AFTER_DROP, HOLLOW, POINTERS, DraftCase
from tests.fakes.openai_server import compose, reply

_ITEM = re.compile(r"^\s*(\d{1,2})[.)]\s", re.M)


def misnumbered(text: str) -> bool:
    """A numbered list of `text` skips, repeats or does not start at 1."""
    expected = 1
    for match in _ITEM.finditer(text):
        number = int(match.group(1))
        if number not in (expected, 1):
            return True
        expected = number + 1
    return False


async def shown(app: Any, server: Any, name: str, case: DraftCase) -> str:
    """The reply's text for the case's question with its scripted draft."""
    headings = list(app.catalog.headings(case.language).values())
    server.reset(default=reply(compose(headings, case.bodies)))
    result = await app.mentor.handle(
        MentorRequest(
            platform="console", user=f"r14-{name}", text=case.question, thread=f"r14-{name}"
        )
    )
    return str(result.text)


async def report(app: Any, server: Any) -> dict[str, tuple[int, int]]:
    """Prints the fourteenth-round table; returns {row: (count, of)}."""
    rows: dict[str, tuple[int, int]] = {}
    details: dict[str, list[str]] = {}
    for group, cases in (("after drop", AFTER_DROP), ("pointers", POINTERS), ("hollow", HOLLOW)):
        left, cut, numbers = [], [], []
        for name, case in cases.items():
            text = await shown(app, server, name, case)
            if any(g in text for g in case.gone):
                left.append(name)
            if not all(k in text for k in case.kept):
                cut.append(name)
            if misnumbered(text):
                numbers.append(name)
            if "--show" in __import__("sys").argv:
                print(f"\n===== {name}\n{text}")
        for title, found in (("left", left), ("kept cut", cut), ("misnumbered", numbers)):
            rows[f"{group}: {title}"] = (len(found), len(cases))
            details[f"{group} {title}"] = found
    from bench import _round_loop as loop  # noqa: PLC0415

    loop.print_table("fourteenth round", rows, details)
    return rows
