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
