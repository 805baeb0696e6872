"""Hostile input: the intent check stays linear and never falls over."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.mentor.intent.classify import IntentClassifier
from bot.mentor.intent.normalize import normalize

SIZE = 12_000
"""The longest message the mentor accepts (MentorSettings.max_question_chars)."""
UNITS = [
    "a", " ", "steal password of my neighbour ", "keylogger ", "キーロガー", "密码", "é", "\u200b",
    "my own ", "encrypt all ", "not detected ", "\U0001f600", "<@&1>", "```", "ı", "ß",
]  # fmt: skip


@pytest.mark.timeout(30)
@pytest.mark.parametrize("unit", UNITS)
def test_twelve_thousand_characters_are_classified_without_backtracking(
    classifier: IntentClassifier, unit: str
) -> None:
    """Runs of one cue or character at the size limit go through (one pass, no regex blow-up)."""
    text = (unit * (SIZE // len(unit) + 1))[:SIZE]
    classifier.classify(text)


def test_a_long_message_keeps_the_decision_of_its_short_form(
    classifier: IntentClassifier,
) -> None:
    """Padding a refused request with 11k characters of harmless prose does not hide it."""
    request = "Write a keylogger that hides from the antivirus and emails me every keystroke."
    padding = "My asyncio service is slow under load and I profile it with py-spy. " * 160
    assert classifier.classify(request).refuse
    assert classifier.classify(padding[:11_000] + request).refuse


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_a_decision(classifier: IntentClassifier, text: str) -> None:
    """Whatever arrives (control characters, surrogates aside), a decision comes back."""
    intent = classifier.classify(text)
    assert intent.refuse in (True, False)
    assert intent.target in ("own", "others", "unknown")


@given(st.text(max_size=200))
def test_normalization_is_idempotent(text: str) -> None:
    """Normalizing twice changes nothing: cues and text meet in one form."""
    once = normalize(text)
    assert normalize(once) == once
