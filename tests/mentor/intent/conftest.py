"""Intent guard fixtures: the classifier built from the shipped lexicons and examples."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import pytest

from bot.mentor.intent.classify import IntentClassifier
from bot.mentor.intent.examples import ORDINARY
from bot.mentor.intent.guard import LEXICON_DIR
from bot.mentor.intent.lexicon import Lexicon
from bot.mentor.intent.rules import Intent
from bot.settings import DEFAULT_CONFIG_DIR


@pytest.fixture(scope="session")
def classifier() -> IntentClassifier:
    return IntentClassifier.load(DEFAULT_CONFIG_DIR / LEXICON_DIR, DEFAULT_CONFIG_DIR / ORDINARY)


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    """The shipped lexicons alone (no model: nothing to fit)."""
    return Lexicon.load(DEFAULT_CONFIG_DIR / LEXICON_DIR)


Answered = Callable[[str], None]
"""`answered(text)`: the shipped classifier answers `text` (the intent is shown when it refuses)."""


class Refused(Protocol):
    """`refused(text, concern=..., capability=...)`: refused, and for what when named."""

    def __call__(
        self, text: str, *, concern: str | None = None, capability: str | None = None
    ) -> Intent: ...


@pytest.fixture(scope="session")
def answered(classifier: IntentClassifier) -> Answered:
    """The one assertion of every "this is ordinary work" test, shared by the intent tests."""

    def check(text: str) -> None:
        intent = classifier.classify(text)
        assert not intent.refuse, intent

    return check


@pytest.fixture(scope="session")
def refused(classifier: IntentClassifier) -> Refused:
    """The assertion of every "this is refused (as X)" test, shared by the intent tests."""

    def check(text: str, *, concern: str | None = None, capability: str | None = None) -> Intent:
        intent = classifier.classify(text)
        assert intent.refuse, intent
        if concern is not None:
            assert intent.concern == concern, intent
        if capability is not None:
            assert intent.capability == capability, intent
        return intent

    return check
