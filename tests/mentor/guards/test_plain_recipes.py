"""Attack steps told in plain words, no tool named, in the 14 languages: the steps go."""

from __future__ import annotations

import pytest

from bot.mentor.guards.harm_prose import plain_cues
from bot.mentor.guards.safety import ProseRule, strip_harm
from bot.mentor.i18n import Catalog
from bot.mentor.streaming import StreamGate
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.plain_recipes import PLAIN_DEFENCES, PLAIN_RECIPES

RULE = ProseRule.from_catalog(
    Catalog.load(DEFAULT_CONFIG_DIR).languages, plain_cues(DEFAULT_CONFIG_DIR)
)
TEACHING = "Measure it: note the failures per minute before and after the change."
CASES = [(lang, i) for lang in sorted(PLAIN_RECIPES) for i in range(3)]
NAMES = ("guess_password", "hidden_program", "fake_login_page")


def _id(case: tuple[str, int]) -> str:
    return f"{case[0]}-{NAMES[case[1]]}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_plain_words_recipe_loses_its_steps(case: tuple[str, int]) -> None:
    """Guessing someone's password, a hidden program that reports typing, a look-alike login
    page mailed to staff: told as plain steps in any language, the steps are dropped."""
    lang, index = case
    recipe = PLAIN_RECIPES[lang][index]
    result = strip_harm(recipe + "\n\n" + TEACHING, RULE)
    assert result.changed
    assert sum(line in result.text for line in recipe.splitlines()) <= 1
    assert recipe.splitlines()[-1] not in result.text  # the pay-off step never stays
    assert TEACHING in result.text


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_plain_words_defence_on_the_same_topic_is_kept(case: tuple[str, int]) -> None:
    """Lockout, finding a hidden startup program on one's own computer, spotting a fake login
    page: the defensive steps on the same topics stay whole."""
    lang, index = case
    defence = PLAIN_DEFENCES[lang][index]
    result = strip_harm(defence, RULE)
    assert not result.changed
    assert result.text.strip() == defence.strip()


class _Sink:
    def __init__(self) -> None:
        self.shown: list[str] = []

    async def __call__(self, text: str) -> None:
        self.shown.append(text)


@pytest.mark.parametrize("lang", sorted(PLAIN_RECIPES))
async def test_preview_never_shows_a_plain_words_recipe(lang: str) -> None:
    """The streaming preview holds the plain steps until judged, then never shows them."""
    sink = _Sink()
    gate = StreamGate(sink, harm=RULE, every_s=0)
    draft = TEACHING + "\n\n" + PLAIN_RECIPES[lang][2] + "\n\nMeasure it."
    for i in range(0, len(draft), 9):
        await gate(draft[i : i + 9])
    await gate.flush()
    cue_lines = [ln for ln in PLAIN_RECIPES[lang][2].splitlines() if RULE.suspicious(ln)]
    assert cue_lines
    assert all(line not in text for line in cue_lines for text in sink.shown)


def test_every_language_has_plain_cues_and_texts() -> None:
    """The 14 languages each carry plain-word cues, recipes and defences."""
    files = {p.stem for p in (DEFAULT_CONFIG_DIR / "guards" / "prose").glob("*.toml")}
    assert files == set(PLAIN_RECIPES) == set(PLAIN_DEFENCES)
    assert len(files) == 14
