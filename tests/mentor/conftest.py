"""Mentor fixtures: the fake OpenAI server, and the whole app wired to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import App, open_app
from bot.mentor.i18n import Catalog
from bot.mentor.language import LanguageDetector
from bot.mentor.sections import SectionParser
from bot.settings import DEFAULT_CONFIG_DIR, Settings
from tests.fakes.openai_server import DRAFT_BODIES, FakeOpenAI, compose, reply

FAST_LLM = {
    "timeout_s": 1.0,
    "deadline_s": 3.0,
    "max_retries": 1,
    "backoff_base_s": 0.01,
    "backoff_max_s": 0.02,
    "breaker_failures": 3,
    "breaker_reset_s": 30.0,
}


@pytest.fixture(scope="session")
def parser(catalog: Catalog) -> SectionParser:
    return SectionParser.load(DEFAULT_CONFIG_DIR, catalog)


@pytest.fixture(scope="session")
def detector() -> LanguageDetector:
    return LanguageDetector(["en", "pt", "es", "fr", "de", "it"])


def good_draft(catalog: Catalog, lang: str, *, skip: tuple[int, ...] = ()) -> str:
    """A well-formed draft in `lang` (sections at `skip` left out)."""
    return compose(list(catalog.headings(lang).values()), DRAFT_BODIES[lang], skip=skip)


def llm_settings(settings: Settings, base_url: str, **mentor: Any) -> Settings:
    """`settings` pointing at the fake server, with small timeouts (and mentor overrides)."""
    return settings.model_copy(
        update={
            "openai_base_url": base_url,
            "llm": settings.llm.model_copy(update=FAST_LLM),
            "mentor": settings.mentor.model_copy(update=mentor),
        }
    )


@pytest.fixture
def fake_openai(openai_server: FakeOpenAI, catalog: Catalog) -> FakeOpenAI:
    """The session's server, script emptied; by default it answers a good English draft."""
    openai_server.reset(default=reply(good_draft(catalog, "en")))
    return openai_server


@pytest.fixture
async def llm_app(settings: Settings, fake_openai: FakeOpenAI) -> AsyncIterator[App]:
    """The whole bot with the LLM engine talking to the fake server."""
    async with open_app(llm_settings(settings, fake_openai.base_url)) as built:
        yield built
