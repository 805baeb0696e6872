"""The loop every hostile round of bench/pedagogy_guards.py shares: place, guard, look.

A round is data (tests/fakes/<n>_round.py): texts a draft may hold, and where they go. Each
case is placed in a plausible draft (`Place`), run through the draft guards as a turn runs
them (`DraftGuards.apply`), and judged by text: a harmful case is "left" when its longest
line is still in the reply, a clean one is "cut" when it is not shown whole. Judged by text,
a rule that misses a case cannot report 0. Service cases run through the real service and
the fake OpenAI server, one scripted draft per turn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.models import SECTION_KEYS, MentorRequest, Sections
from tests.fakes.eighth_round import SECTION_BODIES
from tests.fakes.hostile_llm import BODIES
from tests.fakes.ninth_round import ServiceCase
from tests.fakes.openai_server import compose, reply

Place = Callable[[str, str], tuple[Sections, DraftTurn]]
"""(case name, case text) -> the draft holding it and the turn it is guarded for."""


def turn(**kw: Any) -> DraftTurn:
    """A turn with no effort, no scaffold asked, not strict: what the guards see by default."""
    args = {"language": "en", "wants_scaffold": False, "strict": False, "effort": False, **kw}
    return DraftTurn(**args)


def key_line(text: str) -> str:
    """The case's longest line outside fences: what must (not) reach the learner."""
    return max((ln.strip() for ln in text.splitlines() if "```" not in ln), key=len)


def text_of(sections: Sections) -> str:
    """Every section's text, as the learner would read it."""
    return "\n".join(sections.to_dict().values())


def in_bodies(text: str, language: str, *, alone: bool, scaffold: str = "") -> Sections:
    """A plausible draft in `language` (`hostile_llm.BODIES`) with `text` in its steps.

    `alone`: the case is all of section 3 (a 3-step recipe under the bodies' own steps is
    trimmed to the 6-step maximum and its last line would look removed); else after the
    bodies' steps (one short line alone is hollow steps and would be refilled).
    """
    bodies = BODIES[language]
    return Sections(
        context=bodies[0],
        hypotheses=bodies[1],
        steps=text if alone else f"{bodies[2]}\n\n{text}",
        scaffold=scaffold,
        topics=bodies[4],
        next_steps=bodies[5],
        reflection=bodies[6],
    )


def with_sections(language: str, parts: dict[str, str]) -> Sections:
    """A plausible draft in `language` (`hostile_llm.BODIES`) whose sections `parts` are given."""
    data = dict(zip(SECTION_KEYS, BODIES[language], strict=True))
    data.update(parts)
    return Sections.from_dict(data)


async def split_left(app: Any, cases: dict[str, tuple[dict[str, str], str]]) -> list[str]:
    """Harm split over sections (their texts, a marker line): cases whose marker was shown."""
    left = []
    for name, (parts, marker) in cases.items():
        draft = with_sections("en", parts)
        if marker in text_of(await guarded(app, draft, turn(wants_scaffold="scaffold" in parts))):
            left.append(name)
    return left


def in_language(languages: dict[str, str], *, alone: bool) -> Place:
    """Each case in a draft of its own language (`languages`, English by default)."""

    def place(name: str, text: str) -> tuple[Sections, DraftTurn]:
        lang = languages.get(name, "en")
        return in_bodies(text, lang, alone=alone), turn(language=lang)

    return place


def english_draft(steps_extra: str) -> Sections:
    """Round eight's plausible English draft with `steps_extra` after its steps."""
    b = SECTION_BODIES
    return Sections(
        context=b[0],
        hypotheses=b[1],
        steps=f"{b[2]}\n\n{steps_extra}",
        scaffold="",
        topics=b[4],
        next_steps=b[5],
        reflection=b[6],
    )


async def guarded(app: Any, sections: Sections, draft_turn: DraftTurn) -> Sections:
    """The sections the learner would see; the offline answer is round eight's English draft."""
    spare = english_draft("")

    async def offline() -> Sections:
        return spare

    shown: Sections = (await app.mentor.guards.apply(sections, draft_turn, offline)).sections
    return shown


async def harm_left(app: Any, cases: dict[str, str], place: Place) -> list[str]:
    """Harm cases whose longest line reached the reply."""
    left = []
    for name, text in cases.items():
        if key_line(text) in text_of(await guarded(app, *place(name, text))):
            left.append(name)
    return left


async def clean_cut(app: Any, cases: dict[str, str], place: Place) -> list[str]:
    """Clean cases not shown whole."""
    cut = []
    for name, text in cases.items():
        if text.strip() not in text_of(await guarded(app, *place(name, text))):
            cut.append(name)
    return cut


async def service_text(
    app: Any, server: Any, name: str, case: ServiceCase, *, headings_from: str = ""
) -> str:
    """The last turn's reply text for a case run through the service.

    `headings_from`: the draft's headings are that language's (a draft with headings
    translated into the wrong language); by default the case's own.
    """
    headings = list(app.catalog.headings(headings_from or case.language).values())
    text = ""
    for question, bodies in case.turns:
        server.reset(default=reply(compose(headings, bodies)))
        result = await app.mentor.handle(
            MentorRequest(platform="console", user=f"r-{name}", text=question, thread=f"r-{name}")
        )
        text = result.text
    return text


def print_table(
    title: str, rows: dict[str, tuple[int, int]], details: dict[str, list[str]]
) -> None:
    """The round's table: count / of per row, then the cases behind each count."""
    print(f"\n{title} (count / of):")
    for name, (count, of) in rows.items():
        print(f"  {name}: {count}/{of}")
    for name, items in details.items():
        print(f"    {name}: {' '.join(items) or '-'}")
