"""Output safety sees through masks: encodings, names built from strings, unfenced code, splits."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.guards.safety import ProseRule, strip_harm
from bot.mentor.i18n import Catalog
from bot.mentor.models import Sections
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.cache_drafts import guard_alone
from tests.fakes.hostile_code import (
    DEFENSIVE_DRESSED,
    DEFENSIVE_LOOKALIKES,
    DEFENSIVE_PROSE,
    MASKED_HARM,
    OTHER_ATTACKS,
    PROSE_RECIPES,
    SPLIT_SPRAY,
    UNLINKED_PAIR,
)

RULE = ProseRule.from_catalog(Catalog.load(DEFAULT_CONFIG_DIR).languages)


@pytest.mark.parametrize("name", sorted(MASKED_HARM))
def test_masked_attack_program_loses_its_code(name: str) -> None:
    """Encoded, string-imported, unfenced, diffed or shell attack code is dropped."""
    result = strip_harm(MASKED_HARM[name], RULE)
    assert result.changed, name
    assert "victim" not in result.text
    assert "sendto" not in result.text
    assert "password" not in result.text.lower().replace("passwords.txt", "")


@pytest.mark.parametrize("name", sorted(DEFENSIVE_DRESSED))
def test_defensive_code_in_the_same_dress_keeps_its_code(name: str) -> None:
    """A limiter test, a detector, sysctl hardening and a heartbeat are teaching: kept."""
    result = strip_harm(DEFENSIVE_DRESSED[name], RULE)
    assert not result.changed, (name, result.harms)
    assert result.text == DEFENSIVE_DRESSED[name]


STEPS = "1. Count failures.\n2. Add a limiter.\n3. Alert on spikes over 30 per minute."


@pytest.mark.parametrize("name", sorted(OTHER_ATTACKS))
def test_attack_program_beyond_the_core_rules_loses_its_code(name: str) -> None:
    """Harvesters, hidden autostart, sender swarms, shell worms and PowerShell ransomware go."""
    result = strip_harm(OTHER_ATTACKS[name], RULE)
    assert result.changed, name
    assert "```" not in result.text


@pytest.mark.parametrize("name", sorted(DEFENSIVE_LOOKALIKES))
def test_lookalike_teaching_keeps_its_code(name: str) -> None:
    """A login handler, a systemd user unit and a paced local load test are kept."""
    result = strip_harm(DEFENSIVE_LOOKALIKES[name], RULE)
    assert not result.changed, (name, result.harms)


@pytest.mark.parametrize("name", sorted(PROSE_RECIPES))
def test_attack_recipe_in_any_language_loses_its_steps(name: str) -> None:
    """Keylogging, flooding, phishing and ransomware steps go, in list form or not."""
    result = strip_harm(PROSE_RECIPES[name], RULE)
    assert result.paragraphs == 1, name
    assert len(result.text) < len(PROSE_RECIPES[name]) / 2


@pytest.mark.parametrize("name", sorted(DEFENSIVE_PROSE))
def test_defensive_prose_that_names_attacks_is_kept(name: str) -> None:
    """Explaining SYN cookies or how to detect keyloggers and phishing is answered."""
    result = strip_harm(DEFENSIVE_PROSE[name], RULE)
    assert not result.changed, (name, result.harms)


async def _apply(app: App, **bodies: str) -> Sections:
    base = {
        "context": "Which login do you own, and what does it log today?",
        "hypotheses": "Failures per minute above 30 mean guessing (measure with `prometheus`).",
        "steps": STEPS,
        "scaffold": "",
        "topics": "Security, rate limiting.",
        "next_steps": "https://docs.python.org/3/library/secrets.html",
        "reflection": "How many failures per minute did you measure before and after?",
    }
    draft = Sections.from_dict({**base, **bodies})
    offline = Sections.from_dict(base)
    return (
        await guard_alone(app.mentor.guards, draft, wants_scaffold=True, offline=offline)
    ).sections


async def test_attack_split_over_two_blocks_is_dropped(app: App) -> None:
    """Imports and wordlist in one block, the login loop in the next: both go."""
    guarded = await _apply(app, steps=STEPS + "\n\n" + "\n\nThen:\n\n".join(SPLIT_SPRAY))
    assert "rockyou" not in guarded.steps
    assert "requests.post" not in guarded.steps
    assert guarded.steps.startswith(STEPS)


async def test_attack_split_over_two_sections_is_dropped(app: App) -> None:
    """The wordlist in the steps and the login loop in the scaffold are one attack."""
    guarded = await _apply(app, steps=STEPS + "\n\n" + SPLIT_SPRAY[0], scaffold=SPLIT_SPRAY[1])
    assert "rockyou" not in guarded.steps
    assert guarded.steps.startswith(STEPS)
    assert "requests.post" not in guarded.scaffold


async def test_unrelated_blocks_are_not_joined_into_an_attack(app: App) -> None:
    """Encrypting one's backups and fetching pages, side by side, both keep their code."""
    guarded = await _apply(app, steps=STEPS + "\n\n" + UNLINKED_PAIR[0], scaffold=UNLINKED_PAIR[1])
    assert "box.encrypt" in guarded.steps
    assert "client.get" in guarded.scaffold
