"""An attack recipe against someone else loses every operational step, whatever tools it names."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.mentor.guards.harm_prose import ProseRule, plain_cues
from bot.mentor.guards.safety import strip_harm
from bot.mentor.i18n import Catalog
from bot.mentor.streaming import StreamGate
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.fifth_round import ATTACK_LIST_MARKERS, ATTACK_LISTS, DEFENSIVE_LISTS
from tests.fakes.plain_recipes import PLAIN_DEFENCES, PLAIN_RECIPES


@pytest.fixture(scope="module")
def rule() -> ProseRule:
    config = Path(DEFAULT_CONFIG_DIR)
    return ProseRule.from_catalog(Catalog.load(config).languages, plain_cues(config))


@pytest.mark.parametrize("name", sorted(ATTACK_LISTS))
def test_attack_list_loses_every_operational_step(rule: ProseRule, name: str) -> None:
    """The steps go (commands with ordinary tools included); the sentence before them stays."""
    result = strip_harm(ATTACK_LISTS[name], rule)
    assert result.changed
    assert not [m for m in ATTACK_LIST_MARKERS[name] if m in result.text]
    assert result.text == ATTACK_LISTS[name].splitlines()[0]


@pytest.mark.parametrize("text", DEFENSIVE_LISTS)
def test_teaching_steps_with_commands_are_kept(rule: ProseRule, text: str) -> None:
    """Numbered steps that run a benchmark or test one's own login stay whole."""
    assert not strip_harm(text, rule).changed


@pytest.mark.parametrize("name", sorted(ATTACK_LISTS))
async def test_preview_never_shows_a_step_of_an_attack_list(rule: ProseRule, name: str) -> None:
    """Streamed in small chunks, no step of the list reaches the preview before it is judged."""
    seen: list[str] = []

    async def sink(text: str) -> None:
        seen.append(text)

    gate = StreamGate(sink, harm=rule, every_s=0.0)
    draft = "Context first.\n\n" + ATTACK_LISTS[name] + "\n\nMeasure your own service instead.\n"
    for start in range(0, len(draft), 12):
        await gate(draft[start : start + 12])
    await gate.flush()
    shown = "\n".join(seen)
    assert "Context first." in shown
    assert not [line for line in ATTACK_LISTS[name].splitlines()[1:] if line in shown]


@pytest.mark.parametrize("lang", sorted(PLAIN_RECIPES))
def test_a_loose_list_is_judged_as_one_list(rule: ProseRule, lang: str) -> None:
    """Items one per paragraph lose the same steps as the tight list, in every language."""
    for recipe in PLAIN_RECIPES[lang]:
        loose = strip_harm(recipe.replace("\n", "\n\n"), rule)
        assert loose.changed
        assert loose.text.replace("\n\n", "\n") == strip_harm(recipe, rule).text


@pytest.mark.parametrize("lang", sorted(PLAIN_DEFENCES))
def test_a_loose_defensive_list_is_kept(rule: ProseRule, lang: str) -> None:
    """Defensive steps one per paragraph stay whole, as they do written tight."""
    for text in PLAIN_DEFENCES[lang]:
        assert not strip_harm(text.replace("\n", "\n\n"), rule).changed


@pytest.mark.parametrize("lang", ["en", "de", "ja", "ru"])
async def test_preview_never_shows_an_item_of_a_loose_recipe(rule: ProseRule, lang: str) -> None:
    """A loose list's first item waits for the list: the preview never shows a removed step."""
    for recipe in PLAIN_RECIPES[lang]:
        seen: list[str] = []

        async def sink(text: str, seen: list[str] = seen) -> None:
            seen.append(text)

        gate = StreamGate(sink, harm=rule, every_s=0.0)
        draft = "Context first.\n\n" + recipe.replace("\n", "\n\n") + "\n\nMeasure instead.\n"
        for start in range(0, len(draft), 12):
            await gate(draft[start : start + 12])
        await gate.flush()
        shown = "\n".join(seen)
        removed = [ln for ln in recipe.splitlines() if rule.suspicious(ln)]
        assert removed
        assert not [ln for ln in removed if ln in shown]
