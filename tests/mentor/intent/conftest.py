"""Intent guard fixtures: the classifier built from the shipped lexicons and examples."""

from __future__ import annotations

import pytest

from bot.mentor.intent.classify import IntentClassifier
from bot.mentor.intent.examples import ORDINARY
from bot.mentor.intent.guard import LEXICON_DIR
from bot.settings import DEFAULT_CONFIG_DIR


@pytest.fixture(scope="session")
def classifier() -> IntentClassifier:
    return IntentClassifier.load(DEFAULT_CONFIG_DIR / LEXICON_DIR, DEFAULT_CONFIG_DIR / ORDINARY)
