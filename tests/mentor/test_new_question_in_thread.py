"""A new, unrelated question in the same thread starts its own subject (review12 V20).

Asked in the thread of another question, it keeps none of the first one's constraints ("without
pandas" from a CSV question is no rule for a PostgreSQL index question), compares none of its
numbers with the first one's, and the reply says it reads it as a new question (`/mca new`
keeps them apart). One pair per language, each in its own words:
tests/mentor/data/new_subjects.toml.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.app import App
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest

DATA = Path(__file__).parent / "data" / "new_subjects.toml"
with DATA.open("rb") as fh:
    PAIRS = tomllib.load(fh)


def ask(text: str, thread: str) -> MentorRequest:
    return MentorRequest(platform="console", user="u", text=text, thread=thread)


def fixed(catalog: Catalog, lang: str, key: str, **params: str) -> str:
    """The message's words before its first placeholder (what any filled form starts with)."""
    marker = "\x00"
    filled = catalog.message(lang, key, **{name: marker for name in params})
    return filled.split(marker)[0].strip()


@pytest.mark.parametrize("lang", sorted(PAIRS))
async def test_an_unrelated_question_keeps_nothing_of_the_threads_first_question(
    app: App, catalog: Catalog, lang: str
) -> None:
    pair = PAIRS[lang]
    await app.mentor.handle(ask(pair["first"], f"new-{lang}"))
    reply = await app.mentor.handle(ask(pair["second"], f"new-{lang}"))
    assert reply.language == lang
    assert catalog.message(lang, "reasoning_new_subject") in reply.text
    assert fixed(catalog, lang, "offline_kept", items="") not in reply.text
    assert fixed(catalog, lang, "reasoning_since_earlier", earlier="") not in reply.text
    assert "pandas" not in reply.text.lower()
