"""Engine fixtures: one fake OpenAI server per session, an LLM engine with small timeouts."""

from __future__ import annotations

import pytest

from bot.engine.llm import LLMEngine
from bot.engine.prompt import PromptBuilder
from bot.engine.settings import LLMSettings
from bot.mentor.i18n import Catalog
from bot.mentor.sections import SectionParser
from bot.observability import Metrics
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.openai_server import FakeOpenAI, reply

FAST = {
    "timeout_s": 1.0,
    "deadline_s": 4.0,
    "max_retries": 2,
    "backoff_base_s": 0.01,
    "backoff_max_s": 0.05,
    "breaker_failures": 3,
    "breaker_reset_s": 5.0,
}


@pytest.fixture
def fake_openai(openai_server: FakeOpenAI) -> FakeOpenAI:
    """The session's server with an empty script."""
    openai_server.reset(default=reply("ok"))
    return openai_server


def make_engine(
    server: FakeOpenAI,
    catalog: Catalog,
    *,
    clock: object = None,
    sleep: object = None,
    **over: object,
) -> LLMEngine:
    """An LLMEngine on the fake server with FAST settings (overridable)."""
    settings = LLMSettings(**{**FAST, **over})  # type: ignore[arg-type]
    kwargs: dict[str, object] = {}
    if clock is not None:
        kwargs["clock"] = clock
    if sleep is not None:
        kwargs["sleep"] = sleep
    return LLMEngine(
        settings=settings,
        model="fake-model",
        base_url=server.base_url,
        api_key=None,
        builder=PromptBuilder(catalog, budget_chars=settings.prompt_budget_chars),
        parser=SectionParser.load(DEFAULT_CONFIG_DIR, catalog),
        metrics=Metrics(),
        **kwargs,  # type: ignore[arg-type]
    )
