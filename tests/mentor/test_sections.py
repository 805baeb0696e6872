"""Guardrail 1's parser: an LLM draft's Markdown into the 7 sections."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.mentor.i18n import Catalog
from bot.mentor.models import SECTION_KEYS
from bot.mentor.sections import SectionParser
from tests.mentor.conftest import good_draft

LANGS = ["en", "pt", "es", "fr", "de", "it"]


@pytest.mark.parametrize("lang", LANGS)
def test_localized_headings_parse_into_seven_sections(
    parser: SectionParser, catalog: Catalog, lang: str
) -> None:
    """A draft with the language's bold headings yields every required section."""
    sections, order = parser.parse(good_draft(catalog, lang))
    assert sections.missing() == []
    assert order == [k for k in SECTION_KEYS if k != "scaffold"] or len(order) == 7


@pytest.mark.parametrize(
    "heading",
    [
        "## 1. Context questions",
        "### Context",
        "1. **Context questions**",
        "**Context questions:**",
        "**1) CONTEXT QUESTIONS**",
        "# 1 - Perguntas de contexto",
        "**1. Fragen zum Kontext**",
    ],
)
def test_tolerant_heading_variants_are_recognised(parser: SectionParser, heading: str) -> None:
    """Numbering, Markdown level, case and a trailing colon do not hide a heading."""
    sections, order = parser.parse(f"{heading}\n- what input size?\n\n## Steps\n1. measure")
    assert order[0] == "context"
    assert sections.context == "- what input size?"
    assert sections.steps == "1. measure"


def test_inline_bold_heading_keeps_text_on_the_same_line(parser: SectionParser) -> None:
    """`**Hypotheses:** text` starts the section and keeps its text."""
    sections, _ = parser.parse("**Hypotheses:** the loop is quadratic\nmore")
    assert sections.hypotheses == "the loop is quadratic\nmore"


def test_headings_inside_code_fences_are_ignored(parser: SectionParser) -> None:
    """A heading-like line inside a code block belongs to the code."""
    text = "**Steps**\n```python\n# Context\n## Topics\nx = 1\n```\nafter"
    sections, order = parser.parse(text)
    assert order == ["steps"]
    assert "## Topics" in sections.steps
    assert sections.topics == ""


def test_missing_sections_are_reported(parser: SectionParser, catalog: Catalog) -> None:
    """A draft without sections 2 and 7 misses exactly those."""
    sections, _ = parser.parse(good_draft(catalog, "en", skip=(1, 6)))
    assert sections.missing() == ["hypotheses", "reflection"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parser_never_crashes_on_any_text(parser: SectionParser, text: str) -> None:
    """Whatever a model emits, parsing returns sections."""
    sections, order = parser.parse(text)
    assert len(order) == len(set(order))
    assert set(sections.to_dict()) == set(SECTION_KEYS)
