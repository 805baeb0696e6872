"""What both concept-answer test files check: the answer opens the reply, then its subject.

One reading of a question (`read_turn` with a fresh thread), the concept's opening taken off
the first note, and the units of the offline reply checked against the concept's own units.
"""

from __future__ import annotations

import functools

from bot.mentor.concepts import asked_concept
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.insight import Insight, read_turn
from bot.mentor.knowledge import KnowledgeBase
from bot.settings import DEFAULT_CONFIG_DIR
from tests.knowledge.offline_turn import answer


@functools.cache
def _catalog() -> Catalog:
    return Catalog.load(DEFAULT_CONFIG_DIR)


@functools.cache
def _topics() -> dict[str, str]:
    return {u.id: u.topic for u in KnowledgeBase.load(DEFAULT_CONFIG_DIR).units.units}


def read(lang: str, text: str) -> Insight:
    """The question read as the first turn of a fresh thread."""
    return read_turn(
        text, code=None, report=None, memory=ThreadMemory(), language=lang, catalog=_catalog()
    )


def answer_said(lang: str, text: str) -> str:
    """The concept answer at the top of the reply, after its opening (asserted there)."""
    seen = read(lang, text)
    opening = _catalog().message(lang, "measured_concept", answer="")
    assert seen.notes, text
    assert seen.notes[0].startswith(opening.strip()), seen.notes[0]
    return seen.notes[0][len(opening) :].lstrip()


def assert_units_of_its_subject(lang: str, text: str, first: str) -> None:
    """The reply's units start with the concept's own and stay within its subjects."""
    seen = read(lang, text)
    concept = asked_concept(text, seen.facts, ThreadMemory())
    assert concept is not None, first
    assert concept.units, concept.id
    topics = {_topics()[u] for u in concept.units}
    reply = answer(text, lang, facts=seen.facts)
    assert reply.units, text
    assert reply.units[0] in concept.units, reply.units
    assert {_topics()[u] for u in reply.units} <= topics, reply.units
