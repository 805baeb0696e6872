"""The slot model only adds refusals where the n-gram model already leans to misuse."""

from __future__ import annotations

from bot.mentor.intent.classify import IntentClassifier
from bot.mentor.intent.guard import LEXICON_DIR
from bot.mentor.intent.slots import SlotModel, slot_names
from bot.settings import DEFAULT_CONFIG_DIR

ASKING = "Write a script that reads the messages on the server."


def test_the_shipped_slot_model_fits_the_slots_the_code_reads() -> None:
    """A slot model written for other slots is not used: the shipped one must be current."""
    slots = SlotModel.load(DEFAULT_CONFIG_DIR / LEXICON_DIR)
    assert slots is not None
    assert len(slots.weights) == len(slot_names())


def test_the_slots_never_refuse_against_a_model_that_leans_to_legitimate(
    classifier: IntentClassifier,
) -> None:
    """However sure the slots are, a score at or under the floor is not refused by them."""
    eager = SlotModel((0.0,) * len(slot_names()), bias=50.0, refuse_above=0.0, score_floor=0.25)
    found = classifier.features(ASKING)
    assert not eager.refuses("no_capability", found, 0.25, 12)
    assert eager.refuses("no_capability", found, 0.3, 12)


def test_a_slot_model_that_never_refuses_changes_no_decision(
    classifier: IntentClassifier,
) -> None:
    """The slots only add refusals: with one that refuses nothing, every decision is the model's."""
    shy = SlotModel((0.0,) * len(slot_names()), bias=-50.0, refuse_above=0.0, score_floor=0.25)
    without = IntentClassifier(classifier.lexicon, classifier.model, shy)
    texts = [
        ASKING,
        "How can I steal my classmates' saved passwords from their browsers?",
        "My script sends emails to our customers every night; how do I make it faster?",
    ]
    for text in texts:
        plain = IntentClassifier(classifier.lexicon, classifier.model).classify(text)
        assert without.classify(text) == plain
