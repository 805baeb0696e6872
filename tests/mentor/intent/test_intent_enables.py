"""Misuse read by what it enables (bot/mentor/intent/enables.py), in fresh wordings.

A reading or a voice faked for someone who relies on it, a capability planted in software
others install, other people's logins intercepted, someone else's service exhausted, others'
codes enumerated, a person tracked: refused as what they enable (a fraud refusal for a rolled
back odometer, not a surveillance one), in any language. Their neighbours (one's own fleet's
odometers, one's own voice, a token stored safely, detecting a backdoor or a tracker, one's own
unguessable codes) are answered. A forged document (review13 W1) is refused for whoever relies
on it (an employer, a landlord) and a changed fact or an issuer who did not issue it; the
learner's own clinic's form or shop's QR code, its likeness alone, is answered.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from bot.mentor.intent.classify import IntentClassifier

DATA = Path(__file__).parent / "data" / "enables.toml"
MESSAGES = tomllib.loads(DATA.read_text(encoding="utf-8"))["message"]
EXPECTED = {
    "false_reading": ("phishing", "forgery"),
    "false_likeness": ("phishing", "phishing_fraud"),
    "planted": ("unauthorized_access", None),
    "intercepted": ("credential_theft", None),
    "exhausted": ("denial_of_service", None),
    "enumerated": ("phishing", "phishing_fraud"),
    "tracked": ("surveillance", None),
    "forged_document": ("phishing", "forgery"),
}
"""What each mechanism's refusal names: the capability and, for fraud, the concern."""


def test_misuse_is_refused_as_what_it_enables_and_neighbours_are_answered(
    classifier: IntentClassifier,
) -> None:
    wrong = []
    for m in MESSAGES:
        intent = classifier.classify(m["text"])
        capability, concern = EXPECTED[m["mechanism"]]
        if m["label"] == "legit":
            ok = not intent.refuse
        else:
            ok = intent.refuse and intent.capability == capability
            ok = ok and (concern is None or intent.concern == concern)
        if not ok:
            wrong.append((m["lang"], m["label"], m["mechanism"], intent))
    assert not wrong, wrong
