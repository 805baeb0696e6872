"""Hollow sections are filled from the offline answer to THIS turn's question, in every language."""

from __future__ import annotations

import re

import pytest

from bot.app import App
from bot.mentor.engine_port import EngineRequest
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest, Role
from tests.fakes.hostile_llm import BODIES, hostile_draft
from tests.fakes.openai_server import FakeOpenAI, compose, reply
from tests.fakes.redteam_texts import CACHE_QUESTIONS as CACHE
from tests.mentor.test_every_language import QUESTIONS as ASYNCIO


def _lines(text: str) -> set[str]:
    """A section's lines without their list numbers (the service may renumber them)."""
    return {re.sub(r"^\d+[.)]\s*", "", ln.strip()) for ln in text.splitlines() if len(ln) > 12}


async def _offline_steps(app: App, question: str, lang: str) -> set[str]:
    answer = await app.mentor.fallback.reply(
        EngineRequest(question=question, language=lang, role=Role.MENTOR)
    )
    return _lines(answer.sections.steps)


@pytest.mark.parametrize("lang", sorted(BODIES))
async def test_hollow_draft_is_filled_from_this_question_in_every_language(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog, lang: str
) -> None:
    """The filled steps are this question's offline steps, the learner is told, no twins."""
    headings = list(catalog.headings(lang).values())
    fake_openai.reset(default=reply(hostile_draft("hollow", headings, lang)))
    result = await llm_app.mentor.handle(
        MentorRequest(platform="console", user=f"u-{lang}", text=ASYNCIO[lang])
    )
    shown = _lines(result.sections.steps)
    this = await _offline_steps(llm_app, ASYNCIO[lang], lang)
    other = await _offline_steps(llm_app, CACHE[lang], lang)
    assert len(shown & this) > len(shown & other)
    assert catalog.message(lang, "guardsout_sections_repaired") in result.text
    assert all(result.text.count(h) == 1 for h in headings)


@pytest.mark.parametrize(
    "lang",
    [
        "en",
        "pt",
        "ja",
        "ru",
        "de",
        "tr",
    ],
)
async def test_hollow_follow_up_is_filled_for_the_follow_up(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog, lang: str
) -> None:
    """Turn 2 asks something new with a hollow draft: its fill answers turn 2, not turn 1."""
    headings = list(catalog.headings(lang).values())
    thread = f"t-follow-{lang}"
    fake_openai.reset(default=reply(compose(headings, BODIES[lang])))
    await llm_app.mentor.handle(
        MentorRequest(platform="console", user=f"f-{lang}", text=CACHE[lang], thread=thread)
    )
    fake_openai.reset(default=reply(hostile_draft("hollow", headings, lang)))
    result = await llm_app.mentor.handle(
        MentorRequest(platform="console", user=f"f-{lang}", text=ASYNCIO[lang], thread=thread)
    )
    shown = _lines(result.sections.steps)
    first = await _offline_steps(llm_app, CACHE[lang], lang)
    assert shown
    assert not shown & first
    assert catalog.message(lang, "guardsout_sections_repaired") in result.text
    assert all(result.text.count(h) == 1 for h in headings)
