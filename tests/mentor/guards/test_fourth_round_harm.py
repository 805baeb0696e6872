"""Harm hidden by indirection, argv lists, look-alike letters or a mass mailer is still harm."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.mentor.guards.harm_code import lookalike_skeleton, scan_code
from bot.mentor.guards.harm_prose import ProseRule, plain_cues
from bot.mentor.guards.safety import strip_harm
from bot.mentor.i18n import Catalog
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.fourth_round import ATTACKS, DEFENCES


@pytest.fixture(scope="module")
def rule() -> ProseRule:
    config = Path(DEFAULT_CONFIG_DIR)
    return ProseRule.from_catalog(Catalog.load(config).languages, plain_cues(config))


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_fourth_round_attack_is_removed(rule: ProseRule, name: str) -> None:
    """Each attack program, however it is dressed, does not reach the learner."""
    assert strip_harm(ATTACKS[name], rule).changed


@pytest.mark.parametrize("name", sorted(DEFENCES))
def test_look_alike_defensive_code_is_kept(rule: ProseRule, name: str) -> None:
    """Code that resembles an attack but defends or teaches stays whole."""
    assert not strip_harm(DEFENCES[name], rule).changed


def test_argv_list_to_an_attack_tool_is_a_command() -> None:
    """`subprocess.run(["hydra", "-L", ...])` is read as the command line it runs."""
    code = 'import subprocess\nsubprocess.run(["hydra", "-l", "admin", "-P", "pw.txt", host])\n'
    assert scan_code(code) == {"credential_attack"}


def test_look_alike_letters_are_judged_as_what_they_read() -> None:
    """A Cyrillic е in `requests` and a zero-width space in a file name change nothing."""
    assert lookalike_skeleton("requеsts.post(rock\u200byou)") == "requests.post(rockyou)"
    assert lookalike_skeleton("plain ascii") == "plain ascii"


def test_a_mass_mailer_with_a_password_lure_is_phishing() -> None:
    """Mail to a list of people with a link and a password lure is a phishing campaign."""
    assert "phishing" in scan_code(ATTACKS["smtp_phish"].split("\n", 1)[1].rsplit("```", 1)[0])
    report = DEFENCES["report_mailer"].split("\n", 1)[1].rsplit("```", 1)[0]
    assert "phishing" not in scan_code(report)
