"""Building a chat bot is an ordinary project; sending someone's data to one is not."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.mentor.intent.classify import IntentClassifier
from bot.mentor.intent.examples import EXAMPLES, load_corpus
from bot.mentor.intent.guard import LEXICON_DIR
from bot.mentor.intent.lexicon import ARTIFACT
from bot.mentor.intent.normalize import normalize
from bot.settings import DEFAULT_CONFIG_DIR

DATA = Path(__file__).parent / "data" / "bot_projects.toml"
MESSAGES = tomllib.loads(DATA.read_text(encoding="utf-8"))["message"]
LEGIT = [m for m in MESSAGES if m["label"] == "legit"]
MISUSE = [m for m in MESSAGES if m["label"] == "misuse"]


def _artifacts(classifier: IntentClassifier, text: str) -> list[str]:
    norm = normalize(text)
    return [norm[h.start : h.end] for h in classifier.lexicon.scan(norm) if h.cue.concept == ARTIFACT]


def test_the_messages_are_never_fitted() -> None:
    """None of these texts is in the corpus the model learns from; six languages."""
    corpus = {m.text for m in load_corpus(DEFAULT_CONFIG_DIR / LEXICON_DIR / EXAMPLES).messages}
    assert not corpus & {m["text"] for m in MESSAGES}
    assert len({m["lang"] for m in LEGIT}) >= 6


CASES = [
    pytest.param(m, id=m["lang"]) for m in LEGIT
]


@pytest.mark.parametrize("message", CASES)
def test_writing_a_telegram_bot_is_answered(
    classifier: IntentClassifier, message: dict[str, str]
) -> None:
    """'I'm writing a Telegram bot that ...' names no artifact and is answered."""
    assert _artifacts(classifier, message["text"]) == []
    intent = classifier.classify(message["text"])
    assert not intent.refuse, (intent, classifier.score(message["text"]))


def test_the_italian_build_verb_is_not_what_a_victim_types(classifier: IntentClassifier) -> None:
    """'Sto scrivendo' (I am writing) is the learner building; 'quello che scrive' is watched."""
    def objects(text: str) -> list[str]:
        hits = classifier.lexicon.scan(normalize(text))
        return [h.cue.concept for h in hits if h.cue.part == "objects"]

    assert "surveillance" not in objects("Sto scrivendo un bot")
    assert "surveillance" in objects("vedere quello che scrive")


@pytest.mark.parametrize("message", MISUSE, ids=[m["lang"] for m in MISUSE])
def test_sending_someones_keystrokes_to_a_bot_is_refused(
    classifier: IntentClassifier, message: dict[str, str]
) -> None:
    """Copying what a partner types to 'my Telegram bot' stays a refused artifact."""
    assert _artifacts(classifier, message["text"])
    intent = classifier.classify(message["text"])
    assert intent.refuse, intent
    assert intent.capability == message["capability"]
