"""Seventh round: secrets sent away from install hooks, CI steps and scripts are removed;
code that merely uses one's own key or token stays."""

from __future__ import annotations

import pytest

from bot.mentor.guards.harm_prose import plain_cues
from bot.mentor.guards.safety import ProseRule, strip_harm
from bot.mentor.i18n import Catalog
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.seventh_round import DEFENSIVE_CODE, EXFILTRATION

RULE = ProseRule.from_catalog(
    Catalog.load(DEFAULT_CONFIG_DIR).languages, plain_cues(DEFAULT_CONFIG_DIR)
)
TEACHING = "Measure how long the install takes before and after pinning the versions."


@pytest.mark.parametrize("case", sorted(EXFILTRATION))
def test_code_that_sends_credentials_or_the_environment_away_is_removed(case: str) -> None:
    """Reading a credential store (or the whole environment) and sending it out is harm,
    whatever carries it: an install hook, a CI step, a shell pipe, an extension."""
    result = strip_harm(f"Add this:\n\n{EXFILTRATION[case]}\n\n{TEACHING}", RULE)
    assert result.blocks == 1
    assert TEACHING in result.text


@pytest.mark.parametrize("case", sorted(DEFENSIVE_CODE))
def test_code_that_uses_its_own_key_or_token_stays(case: str) -> None:
    """A deploy with one's SSH key, a token in a header, a permission audit: teaching."""
    text = f"Here:\n\n{DEFENSIVE_CODE[case]}\n\n{TEACHING}"
    assert not strip_harm(text, RULE).changed
