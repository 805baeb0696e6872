"""Ninth round: harm written in Go, Rust, C#, PowerShell, AppleScript, VBA or SQL, hidden
behind chr() joins, rot13 or a computed module name, called "load testing", sent over DNS,
started at login under a system-looking name, or switching logs and audit off is removed by
what the program does; so are recipes in prose in Dutch, Turkish, Korean and Ukrainian and
the steps that complete a harmless-looking helper. Look-alike code and teaching stay whole.
"""

from __future__ import annotations

import pytest

from bot.mentor.guards.harm_prose import plain_cues
from bot.mentor.guards.safety import ProseRule, strip_harm
from bot.mentor.i18n import Catalog
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.ninth_round import CLEAN, HARM, LATE_CLEAN, LATE_HARM, SPLIT_HARM

RULE = ProseRule.from_catalog(
    Catalog.load(DEFAULT_CONFIG_DIR).languages, plain_cues(DEFAULT_CONFIG_DIR)
)
TEACHING = "Measure the import time before and after pinning the version."


def _key_line(text: str) -> str:
    return max((ln.strip() for ln in text.splitlines() if "```" not in ln), key=len)


ALL_HARM = {**HARM, **LATE_HARM}


@pytest.mark.parametrize("case", sorted(ALL_HARM))
def test_harm_in_any_language_or_dressing_is_removed(case: str) -> None:
    """Its longest line is gone; the teaching paragraph after it stays."""
    result = strip_harm(f"{ALL_HARM[case]}\n\n- {TEACHING}", RULE)
    assert result.changed
    assert _key_line(ALL_HARM[case]) not in result.text
    assert TEACHING in result.text


@pytest.mark.parametrize("case", sorted(SPLIT_HARM))
def test_the_steps_that_aim_a_helper_at_someone_are_removed(case: str) -> None:
    """The helper alone is harmless; the steps that aim it at a classmate or a network go."""
    steps = SPLIT_HARM[case][1]
    assert strip_harm(steps, RULE).changed


@pytest.mark.parametrize("case", sorted({**CLEAN, **LATE_CLEAN}))
def test_look_alike_code_and_teaching_stay_whole(case: str) -> None:
    text = {**CLEAN, **LATE_CLEAN}[case]
    assert not strip_harm(text, RULE).changed


@pytest.mark.parametrize(
    ("case", "harm"),
    [
        ("go_reverse_shell", "remote_shell"),
        ("rust_reverse_shell", "remote_shell"),
        ("csharp_dropper", "detection_evasion"),
        ("csharp_keylogger", "keylogger"),
        ("launchagent_persistence", "covert_persistence"),
        ("disable_eventlog", "anti_forensics"),
        ("sql_grade_tamper", "anti_forensics"),
        ("dns_exfil", "data_exfiltration"),
        ("rot13_exec", "detection_evasion"),
        ("locust_stuffing", "credential_attack"),
        ("perl_reverse_shell", "remote_shell"),
        ("node_child_shell", "remote_shell"),
        ("sql_blind_extract", "credential_attack"),
        ("schtasks_xml_hidden", "covert_persistence"),
    ],
)
def test_the_harm_named_is_what_the_program_does(case: str, harm: str) -> None:
    assert harm in strip_harm(ALL_HARM[case], RULE).harms


def test_a_plain_install_one_liner_is_not_a_hidden_download() -> None:
    """`curl ... | sh` in plain sight is how rustup installs; only an encoded one is hidden."""
    text = "```bash\ncurl --proto '=https' -sSf https://sh.rustup.rs | sh\n```"
    assert not strip_harm(text, RULE).changed
