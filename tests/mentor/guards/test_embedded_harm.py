"""Harm told inside code (comments, docstrings, JSON/YAML values) or without imports is harm."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import App
from bot.mentor.guards.harm_prose import ProseRule, plain_cues
from bot.mentor.guards.safety import strip_harm
from bot.mentor.i18n import Catalog
from bot.mentor.models import Sections
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.cache_drafts import guard_alone
from tests.fakes.fifth_round import (
    DEFENSIVE_COMMENTS,
    EMBEDDED,
    EMBEDDED_DEFENCES,
    FRAGMENTS,
    defensive_commented,
)
from tests.fakes.told_solutions import TOLD_SPLIT


@pytest.fixture(scope="module")
def rule() -> ProseRule:
    config = Path(DEFAULT_CONFIG_DIR)
    return ProseRule.from_catalog(Catalog.load(config).languages, plain_cues(config))


def _draft(steps: str) -> Sections:
    """A draft whose sections other than `steps` carry nothing to guard."""
    return Sections(
        context="What do you measure?",
        hypotheses="h",
        steps=steps,
        scaffold="",
        topics="t",
        next_steps="n",
        reflection="r",
    )


@pytest.mark.parametrize("name", sorted(EMBEDDED))
def test_attack_told_inside_code_is_removed(rule: ProseRule, name: str) -> None:
    """A comment, docstring or data value that instructs an attack takes its block along."""
    result = strip_harm(EMBEDDED[name], rule)
    assert result.changed
    assert "```" not in result.text


@pytest.mark.parametrize("name", sorted(FRAGMENTS))
def test_attack_fragment_without_imports_is_removed(rule: ProseRule, name: str) -> None:
    """A snippet calling `requests.post` or `socket.socket` without importing them is judged."""
    assert strip_harm(FRAGMENTS[name], rule).changed


@pytest.mark.parametrize("name", sorted(EMBEDDED_DEFENCES))
def test_code_naming_attacks_to_defend_keeps_its_comments(rule: ProseRule, name: str) -> None:
    """Comments and strings that name an attack to detect or limit it stay, block and all."""
    assert not strip_harm(EMBEDDED_DEFENCES[name], rule).changed


async def test_wordlist_block_goes_with_a_login_loop_harmful_alone(app: App) -> None:
    """A wordlist loaded in one block feeds a loop that is an attack alone: both go."""
    steps = TOLD_SPLIT[0].split("\n")[0]
    loader = '```python\nwords = open("rockyou.txt", encoding="latin-1").read().split()\n```'
    loop = FRAGMENTS["spray_without_import"].replace('open("rockyou.txt")', "words")
    guarded = await guard_alone(
        app.mentor.guards, _draft(f"{steps}\n\n{loader}\n\nThen:\n\n{loop}")
    )
    assert "rockyou" not in guarded.sections.steps
    assert "requests.post" not in guarded.sections.steps
    assert guarded.sections.steps.startswith(steps)


@pytest.mark.parametrize("lang", sorted(DEFENSIVE_COMMENTS))
def test_a_defensive_comment_in_every_language_keeps_its_block(rule: ProseRule, lang: str) -> None:
    """A limiter commented with the attack it stops, in any of the 14 languages, stays."""
    assert not strip_harm(defensive_commented(DEFENSIVE_COMMENTS[lang]), rule).changed


async def test_attack_finished_over_two_replies_loses_its_second_half(app: App) -> None:
    """Last reply loaded the wordlist and defined the login; this one loops: the loop goes."""
    earlier = (
        "import requests\n"
        'words = open("rockyou.txt", encoding="latin-1").read().split()\n'
        "def try_login(candidate):\n"
        '    url = "https://login.acme-bank.com/auth"\n'
        '    return requests.post(url, data={"user": "admin", "pass": candidate}).ok\n'
    )
    loop = (
        "```python\nfor candidate in words:\n    if try_login(candidate):\n"
        "        print(candidate)\n        break\n```"
    )
    draft = _draft(f"1. Count loader calls.\n\nNow run it:\n\n{loop}")
    offline = _draft("1. Measure.\n2. Change.\n3. Compare.")  # no attack in the engine's own
    guarded = await guard_alone(app.mentor.guards, draft, offline=offline, shown=(earlier,))
    assert "try_login(candidate)" not in guarded.sections.steps
    assert app.catalog.message("en", "guardsout_harm_removed") in guarded.notices
