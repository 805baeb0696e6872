"""A recipe is judged as a sequence: once its attack steps go, the step that prepares it by
naming someone else ("the passwords your neighbour might use") goes too, in every language;
in teaching, a step that names someone stays (review8 F33)."""

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
TEACHING = "Measure how many login attempts per minute reach the form before and after."


@pytest.mark.parametrize("lang", sorted(PLAIN_RECIPES))
def test_no_step_of_a_password_guessing_recipe_stays_shown(lang: str) -> None:
    recipe = PLAIN_RECIPES[lang][0]
    result = strip_harm(f"{recipe}\n\n{TEACHING}", RULE)
    assert result.changed
    assert [line for line in recipe.splitlines() if line in result.text] == []
    assert TEACHING in result.text


@pytest.mark.parametrize("lang", sorted(PLAIN_DEFENCES))
def test_defensive_steps_on_the_same_topics_stay_whole(lang: str) -> None:
    for text in PLAIN_DEFENCES[lang]:
        assert not strip_harm(text, RULE).changed


def test_a_step_naming_someone_in_teaching_stays() -> None:
    steps = (
        "1. Ask your colleague to run the benchmark on their laptop.\n"
        "2. Compare the p95 of both runs.\n"
        "3. Show the numbers to your teacher."
    )
    assert not strip_harm(steps, RULE).changed


class _Sink:
    def __init__(self) -> None:
        self.shown: list[str] = []

    async def __call__(self, text: str) -> None:
        self.shown.append(text)


@pytest.mark.parametrize("lang", sorted(PLAIN_RECIPES))
async def test_the_preview_never_shows_the_preparing_step(lang: str) -> None:
    """The step naming the neighbour is held while streaming, like the attack steps."""
    sink = _Sink()
    gate = StreamGate(sink, harm=RULE, every_s=0)
    draft = f"{TEACHING}\n\n{PLAIN_RECIPES[lang][0]}\n\nMeasure it."
    for i in range(0, len(draft), 7):
        await gate(draft[i : i + 7])
    await gate.flush()
    first = PLAIN_RECIPES[lang][0].splitlines()[0]
    assert sink.shown
    assert all(first not in text for text in sink.shown)
