"""Intent guard fixtures: the classifier built from the shipped lexicons and examples."""

from __future__ import annotations

import pytest

from bot.mentor.intent.classify import IntentClassifier
from bot.mentor.intent.examples import ORDINARY
from bot.mentor.intent.guard import LEXICON_DIR
from bot.mentor.intent.lexicon import Lexicon
from bot.settings import DEFAULT_CONFIG_DIR


@pytest.fixture(scope="session")
def classifier() -> IntentClassifier:
    return IntentClassifier.load(DEFAULT_CONFIG_DIR / LEXICON_DIR, DEFAULT_CONFIG_DIR / ORDINARY)


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    """The shipped lexicons alone (no model: nothing to fit)."""
    return Lexicon.load(DEFAULT_CONFIG_DIR / LEXICON_DIR)
