"""A draft never asks the learner to hand over a key, token or password; advice about them stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.mentor.guards.harm_prose import ProseRule, plain_cues
from bot.mentor.guards.safety import strip_harm
from bot.mentor.i18n import Catalog
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.fifth_round import SECRET_ADVICE, SECRET_ASKS, SECRET_TEACHING


@pytest.fixture(scope="module")
def rule() -> ProseRule:
    config = Path(DEFAULT_CONFIG_DIR)
    return ProseRule.from_catalog(Catalog.load(config).languages, plain_cues(config))


@pytest.mark.parametrize("lang", sorted(SECRET_ASKS))
def test_asking_for_the_learners_secret_is_removed(rule: ProseRule, lang: str) -> None:
    """ "Paste your API key here" in any of the 14 languages does not reach the learner."""
    before = "Check the status code first.\n"
    result = strip_harm(before + SECRET_ASKS[lang], rule)
    assert "secret_solicitation" in result.harms
    assert result.text == before.strip()


@pytest.mark.parametrize("lang", sorted(SECRET_ADVICE))
def test_advice_not_to_paste_secrets_is_kept(rule: ProseRule, lang: str) -> None:
    """Telling the learner never to paste a key here is teaching: it stays whole."""
    assert not strip_harm(SECRET_ADVICE[lang], rule).changed


@pytest.mark.parametrize("text", SECRET_TEACHING)
def test_ordinary_teaching_about_keys_is_kept(rule: ProseRule, text: str) -> None:
    """A header, a .env file, a password policy: naming a secret is not asking for it."""
    assert not strip_harm(text, rule).changed


def test_a_single_asking_line_is_held_while_streaming(rule: ProseRule) -> None:
    """The streaming gate holds the asking line: the rule marks it suspicious on its own."""
    assert rule.suspicious(SECRET_ASKS["en"])
    assert not rule.suspicious(SECRET_ADVICE["en"])
