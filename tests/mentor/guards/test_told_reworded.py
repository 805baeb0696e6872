"""A told solution is recognised outside the usual words: synonyms, tables, arrows, mixed tongues."""

from __future__ import annotations

import pytest

from bot.course.content import Course
from bot.mentor.guards.told_solution import ToldSolutions, spaced
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.fifth_round import TOLD_OUTSIDE_WORDS, TOLD_SHAPED_TEACHING

COURSE = Course.load(DEFAULT_CONFIG_DIR)


@pytest.fixture(scope="module")
def told() -> ToldSolutions:
    return ToldSolutions.load(
        DEFAULT_CONFIG_DIR, [t.id for t in COURSE.tasks if t.kind == "checked"]
    )


@pytest.mark.parametrize("name", sorted(TOLD_OUTSIDE_WORDS))
def test_cache_steps_told_in_other_words_are_recognised(told: ToldSolutions, name: str) -> None:
    """Synonyms, code-ish steps, table rows, arrows or mixed languages still tell the cache."""
    lang, text = TOLD_OUTSIDE_WORDS[name]
    assert told.told(text, lang) == {"thread-safe-cache"}


@pytest.mark.parametrize("name", sorted(TOLD_OUTSIDE_WORDS))
def test_reworded_steps_are_withdrawn(told: ToldSolutions, name: str) -> None:
    """Recognised, the steps give way to the rung: none of their lines is left."""
    lang, text = TOLD_OUTSIDE_WORDS[name]
    result = told.withdraw({"steps": text}, lang, {"thread-safe-cache": "RUNG"})
    kept = result.texts["steps"]
    assert "RUNG" in kept
    assert not [ln for ln in text.splitlines()[2:] if ln.strip() and ln in kept]


@pytest.mark.parametrize("text", TOLD_SHAPED_TEACHING)
def test_arrows_and_tables_that_teach_are_kept(told: ToldSolutions, text: str) -> None:
    """A method as an arrow chain, a comparison table, a measuring plan: no told solution."""
    assert told.told(text, "en") == frozenset()


def test_latin_terms_inside_cjk_text_are_words() -> None:
    """ "pendingにする" reads as "pending にする": English terms keep their word boundaries."""
    assert spaced("pendingにする") == "pending にする"
    assert spaced("plain english") == "plain english"
