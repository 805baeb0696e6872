"""An act the learner asks to commit against other people stands against a model that is unsure."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.mentor.intent.classify import IntentClassifier
from bot.mentor.intent.examples import EXAMPLES, load_corpus
from bot.mentor.intent.guard import LEXICON_DIR
from bot.settings import DEFAULT_CONFIG_DIR

DATA = Path(__file__).parent / "data" / "aimed_at_others.toml"
MESSAGES = tomllib.loads(DATA.read_text(encoding="utf-8"))["message"]
MISUSE = [m for m in MESSAGES if m["label"] == "misuse"]
LEGIT = [m for m in MESSAGES if m["label"] == "legit"]


def test_the_messages_are_never_fitted_and_span_the_languages() -> None:
    """None of these texts is in the corpus the model learns from, in 14 languages."""
    corpus = {m.text for m in load_corpus(DEFAULT_CONFIG_DIR / LEXICON_DIR / EXAMPLES).messages}
    assert not corpus & {m["text"] for m in MESSAGES}
    assert len(MISUSE) >= 20
    assert len({m["lang"] for m in MISUSE}) == 14


@pytest.mark.parametrize("message", MISUSE, ids=[f"{m['lang']}-{i}" for i, m in enumerate(MISUSE)])
def test_stealing_from_or_spying_on_named_people_is_refused(
    classifier: IntentClassifier, message: dict[str, str]
) -> None:
    """"How can I steal my classmates' saved passwords" is refused in every language."""
    intent = classifier.classify(message["text"])
    assert intent.refuse, (intent, classifier.score(message["text"]))
    assert intent.capability == message["capability"]


@pytest.mark.parametrize("message", LEGIT, ids=[f"{m['lang']}-{i}" for i, m in enumerate(LEGIT)])
def test_the_victims_and_defenders_of_the_same_act_are_answered(
    classifier: IntentClassifier, message: dict[str, str]
) -> None:
    """"My classmates' passwords were stolen, how do we protect them" is answered."""
    intent = classifier.classify(message["text"])
    assert not intent.refuse, (intent, classifier.score(message["text"]))
