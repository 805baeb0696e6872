"""Sections against a second hostile round: counts passed off as measurements, invented refs."""

from __future__ import annotations

import pytest

from bot.mentor.guards.substance import SectionRules
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.sections import SectionParser
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.redteam_texts import COUNTS_NOT_MEASURES, INVENTED_REFERENCES

MEASURES = {
    "en": "- The nested loop is quadratic: 2x the input should take 4 times as long.",
    "de": "- Die Schleife dauert bei 10000 Elementen über 3 Sekunden.",
    "fr": "- La boucle prend plus de 200 ms pour 10 000 éléments.",
    "ru": "- Цикл занимает больше 2 секунд на 10000 элементов.",
    "ja": "- 入力を2倍にすると時間は4倍になるはずです。",
    "zh": "- 输入加倍时，耗时应增加到 4 倍。",
}
"""Hypotheses with a number that measures (a unit, a factor, a size): they stay."""
INVENTED = INVENTED_REFERENCES
REAL = (
    "- https://docs.python.org/3/howto/free-threading-python.html",
    "- https://docs.python.org/3/tutorial/classes.html",
    "- https://peps.python.org/pep-0703/",
)


@pytest.fixture(scope="module")
def rules() -> SectionRules:
    catalog = Catalog.load(DEFAULT_CONFIG_DIR)
    parser = SectionParser.load(DEFAULT_CONFIG_DIR, catalog)
    return SectionRules.load(catalog, KnowledgeBase.load(DEFAULT_CONFIG_DIR), parser.heading_key)


@pytest.mark.parametrize("lang", sorted(COUNTS_NOT_MEASURES))
def test_hypotheses_that_only_count_things_are_hollow(rules: SectionRules, lang: str) -> None:
    """A number that counts causes is not a measurement: the section is hollow."""
    state = rules.state("hypotheses", COUNTS_NOT_MEASURES[lang], lang, wants_scaffold=False)
    assert state == "hollow"


@pytest.mark.parametrize("lang", sorted(MEASURES))
def test_hypotheses_with_a_measuring_number_stay(rules: SectionRules, lang: str) -> None:
    """Seconds, milliseconds, factors and sizes are measurements in any language."""
    assert rules.state("hypotheses", MEASURES[lang], lang, wants_scaffold=False) == "ok"


@pytest.mark.parametrize("line", INVENTED)
def test_invented_official_page_or_pep_is_no_reference(rules: SectionRules, line: str) -> None:
    """A docs.python.org HOWTO/tutorial page or a PEP that does not exist is not vetted."""
    assert rules.state("next_steps", line, "en", wants_scaffold=False) == "hollow"


@pytest.mark.parametrize("line", REAL)
def test_real_official_page_or_pep_is_a_reference(rules: SectionRules, line: str) -> None:
    """Existing HOWTO, tutorial pages and PEPs stay references."""
    assert rules.state("next_steps", line, "en", wants_scaffold=False) == "ok"
