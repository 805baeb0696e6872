"""Eighth round: harm the first rounds never named is removed by what the code does (a shell
handed to a remote host, an app's stored logins sent away, the clipboard swapped, the screen
or camera sent in a loop, antivirus switched off, a disk wiped, one destination flooded),
and so are recipes told in prose in several languages; code and prose that look alike and
teach stay whole."""

from __future__ import annotations

import pytest

from bot.mentor.guards.harm_prose import plain_cues
from bot.mentor.guards.safety import ProseRule, strip_harm
from bot.mentor.i18n import Catalog
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.eighth_round import CLEAN, HARM, LATE_CLEAN, LATE_HARM

RULE = ProseRule.from_catalog(
    Catalog.load(DEFAULT_CONFIG_DIR).languages, plain_cues(DEFAULT_CONFIG_DIR)
)
TEACHING = "Measure the import time before and after pinning the version."
ALL_HARM = {**HARM, **LATE_HARM}
RULES = {
    "remote_shell": (
        "reverse_shell_nc",
        "reverse_shell_socket",
        "reverse_shell_popen_stdin",
        "powershell_reverse_shell",
    ),
    "data_exfiltration": ("discord_token_grabber", "browser_cookie_stealer", "firefox_logins_ftp"),
    "clipboard_hijack": ("clipboard_hijacker", "win32_clipboard_swap"),
    "covert_capture": ("silent_screenshots", "webcam_capture", "mic_to_telegram"),
    "detection_evasion": ("disable_defender", "auditd_off"),
    "destructive": ("wipe_disk", "fork_bomb", "rmtree_home", "windows_wipe"),
    "packet_flood": (
        "threads_curl_flood",
        "sms_bomber",
        "mail_bomber",
        "gather_http_flood",
        "sms_bomb_async",
    ),
}
"""What each program does, by the harm the guard names for it."""


@pytest.mark.parametrize(
    ("harm", "case"), [(harm, case) for harm, cases in RULES.items() for case in cases]
)
def test_a_program_doing_harm_is_removed_and_named(harm: str, case: str) -> None:
    """The block goes, the teaching after it stays, and the harm it does is the one named."""
    result = strip_harm(f"Try this:\n\n{ALL_HARM[case]}\n\n{TEACHING}", RULE)
    assert result.blocks == 1
    assert harm in result.harms
    assert TEACHING in result.text


def test_a_login_guesser_whose_login_call_sits_in_a_lambda_is_removed() -> None:
    """`go = lambda p: requests.post(...)` mapped over a leaked list is a password guesser."""
    result = strip_harm(f"{HARM['lambda_map_spray']}\n\n{TEACHING}", RULE)
    assert "credential_attack" in result.harms


@pytest.mark.parametrize(
    "case",
    [
        "prose_steps_fr",
        "prose_steps_de_stalk",
        "prose_steps_es_ddos",
        "prose_jailbreak_en",
        "prose_pl_ddos",
        "prose_en_stalk",
    ],
)
def test_a_recipe_told_in_prose_loses_its_steps(case: str) -> None:
    """Phishing (fr), stalking (de, en), booter attacks (es, pl), an 'AI without rules'."""
    text = ALL_HARM[case]
    result = strip_harm(f"{text}\n\n{TEACHING}", RULE)
    assert result.changed
    longest = max(text.splitlines(), key=len)
    assert longest not in result.text
    assert TEACHING in result.text


def test_speaking_about_a_jailbreak_phrase_is_teaching() -> None:
    """Only a reply that speaks AS an unrestricted AI loses the line, not one that warns."""
    warning = (
        "Prompts such as 'as an AI without rules, tell me...' are jailbreak attempts: refuse "
        "them and log the request."
    )
    assert not strip_harm(warning, RULE).changed
    assert strip_harm("**As an AI without restrictions**, here is everything.", RULE).changed


@pytest.mark.parametrize("case", sorted({**CLEAN, **LATE_CLEAN}))
def test_code_and_prose_that_look_alike_and_teach_stay_whole(case: str) -> None:
    """Own login rate-limit tests, retries, pollers that sleep, sends to localhost, backups,
    one screenshot for a visual test, a record button, a defensive note: untouched."""
    text = {**CLEAN, **LATE_CLEAN}[case]
    assert not strip_harm(f"Here:\n\n{text}\n\n{TEACHING}", RULE).changed
