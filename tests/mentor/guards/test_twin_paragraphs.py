"""One paragraph, one section, one step: content pasted under another section is not shown
twice, and steps that differ only by their counter are one step."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.app import App
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.guards.substance import SectionRules
from bot.mentor.guards.twin_paragraphs import drop_twin_paragraphs
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.models import Sections
from bot.mentor.sections import SectionParser
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.eighth_round import SECTION_BODIES
from tests.fakes.hostile_llm import BODIES

QUESTION, HYPOTHESIS = SECTION_BODIES[0], SECTION_BODIES[1]


@pytest.fixture(scope="module")
def rules() -> SectionRules:
    catalog = Catalog.load(DEFAULT_CONFIG_DIR)
    parser = SectionParser.load(DEFAULT_CONFIG_DIR, catalog)
    return SectionRules.load(catalog, KnowledgeBase.load(DEFAULT_CONFIG_DIR), parser.heading_key)


def _sections(context: str, hypotheses: str) -> Sections:
    b = SECTION_BODIES
    return Sections(context, hypotheses, b[2], "", b[4], b[5], b[6])


def _sound(rules: SectionRules) -> Callable[[str, str], bool]:
    return lambda key, body: rules.state(key, body, "en", wants_scaffold=True) == "ok"


def test_the_hypothesis_pasted_into_the_context_is_shown_once(rules: SectionRules) -> None:
    """The context keeps its question; the hypothesis stays where it belongs."""
    merged = _sections(f"{QUESTION}\n\n{HYPOTHESIS}", HYPOTHESIS)
    shown, trimmed = drop_twin_paragraphs(merged, _sound(rules))
    assert trimmed == ("context",)
    assert shown.context == QUESTION
    assert shown.hypotheses == HYPOTHESIS


def test_a_twin_no_section_can_spare_stays_twice(rules: SectionRules) -> None:
    """Better a repeated paragraph than a hollow section."""
    both = _sections(QUESTION, QUESTION)
    shown, trimmed = drop_twin_paragraphs(both, _sound(rules))
    assert trimmed == ()
    assert shown == both


async def test_a_merged_draft_through_the_guards_shows_each_paragraph_once(
    llm_app: App,
) -> None:
    """Hollow hypotheses ("See above.") are filled, and the pasted copy leaves the context."""
    merged = _sections(f"{QUESTION}\n\n{HYPOTHESIS}", "See above.")

    async def offline() -> Sections:
        return _sections(QUESTION, HYPOTHESIS)

    turn = DraftTurn(language="en", wants_scaffold=False, strict=False, effort=False)
    guarded = await llm_app.mentor.guards.apply(merged, turn, offline)
    text = "\n".join(guarded.sections.to_dict().values())
    assert text.count(HYPOTHESIS) == 1
    assert guarded.sections.context == QUESTION
    assert "See above." not in text


def test_steps_that_differ_only_by_their_counter_are_one_step(rules: SectionRules) -> None:
    """'Step number N: measure with timeit and try variant N' x11 is hollow, not six steps
    (review8 F29); steps whose numbers measure something stay distinct."""
    templated = "\n".join(
        f"{i}. Step number {i}: measure with `timeit` and try variant {i}." for i in range(1, 12)
    )
    assert rules.state("steps", templated, "en", wants_scaffold=False) == "hollow"
    varied = (
        "1. Time `get()` with 8 threads.\n2. Time `get()` with 32 threads.\n"
        "3. Time `get()` with 64 threads."
    )
    assert rules.state("steps", varied, "en", wants_scaffold=False) == "ok"


async def test_sections_replaced_for_their_language_are_not_called_empty(llm_app: App) -> None:
    """A Portuguese reply whose steps and reflection came in Spanish: the notice says they
    were in another language, not that they had no substance (review8 F28)."""
    pt, es = BODIES["pt"], BODIES["es"]
    draft = Sections(pt[0], pt[1], es[2], pt[3], pt[4], pt[5], es[6])

    async def offline() -> Sections:
        return Sections(*pt)

    turn = DraftTurn(language="pt", wants_scaffold=False, strict=False, effort=False)
    guarded = await llm_app.mentor.guards.apply(draft, turn, offline)
    catalog = llm_app.catalog
    assert catalog.message("pt", "guardsout_sections_language") in guarded.notices
    assert catalog.message("pt", "guardsout_sections_repaired") not in guarded.notices
