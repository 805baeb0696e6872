"""Padding is not substance: labels are not numbers, repeats are one step, links must exist."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.app import App
from bot.mentor.engine_port import EngineRequest
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.guards.substance import SectionRules
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.language import LanguageDetector
from bot.mentor.models import Role, Sections
from bot.mentor.sections import SectionParser
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.hostile_code import PADDED_SECTIONS

LANGUAGES = ["en", "pt", "es", "fr", "de", "it", "nl", "pl", "tr", "ru", "uk", "ja", "zh", "ko"]


@pytest.fixture(scope="module")
def rules() -> SectionRules:
    catalog = Catalog.load(DEFAULT_CONFIG_DIR)
    parser = SectionParser.load(DEFAULT_CONFIG_DIR, catalog)
    return SectionRules.load(
        catalog,
        KnowledgeBase.load(DEFAULT_CONFIG_DIR),
        parser.heading_key,
        LanguageDetector(LANGUAGES),
    )


@pytest.mark.parametrize("name", sorted(PADDED_SECTIONS))
def test_padded_section_is_not_ok(rules: SectionRules, name: str) -> None:
    """Filler that meets the rule's letter is repaired (thin) or replaced (hollow)."""
    key, body = PADDED_SECTIONS[name]
    assert rules.state(key, body, "en", wants_scaffold=False) != "ok", name


@pytest.mark.parametrize(
    ("key", "body"),
    [
        ("hypotheses", "1. The loop blocks for 50 ms per request: p95 lag should drop below 40."),
        ("hypotheses", "Hypothesis: `fetch_profile` blocks the loop (check with `py-spy`)."),
        ("steps", "1. Run `timeit`.\n2. Profile with `cProfile`.\n3. Compare 2 inputs."),
        ("next_steps", "- https://docs.python.org/3/library/asyncio-task.html"),
        ("next_steps", "- https://docs.python.org/3/library/concurrent.futures.html"),
        ("reflection", "How many ms did step 2 save at p95?"),
    ],
)
def test_real_substance_stays_ok(rules: SectionRules, key: str, body: str) -> None:
    """Measurements, distinct concrete steps and real documentation pages are kept."""
    assert rules.state(key, body, "en", wants_scaffold=False) == "ok"


def test_section_in_the_reply_language_stays_ok(rules: SectionRules) -> None:
    """The same German context is fine in a German reply."""
    _, body = PADDED_SECTIONS["section_in_another_language"]
    assert rules.state("context", body, "de", wants_scaffold=False) == "ok"


async def test_curated_offline_draft_costs_no_language_detection(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The offline engine writes in the reply's language: its sections are not re-detected."""
    guards = app.mentor.guards
    assert guards.rules.detector is not None
    calls: list[str] = []
    real = guards.rules.detector.detect

    def counting(text: str, *, min_chars: int = 0) -> object:
        calls.append(text)
        return real(text, min_chars=min_chars)

    monkeypatch.setattr(guards.rules.detector, "detect", counting)
    draft = (await app.mentor.fallback.reply(_request())).sections

    async def offline() -> Sections:
        return draft

    turn = DraftTurn(language="en", wants_scaffold=False, strict=False, effort=False, curated=True)
    await guards.apply(draft, turn, offline)
    assert calls == []
    await guards.apply(draft, replace(turn, curated=False), offline)
    assert calls


def _request() -> EngineRequest:
    return EngineRequest(
        question="Why is my function slow on big lists?", language="en", role=Role.MENTOR
    )
