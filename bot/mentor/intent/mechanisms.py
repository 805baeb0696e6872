"""Misuse read by its mechanism: the access families and fraud, before any learned model.

Why apart from classify.py: both readers decide by rule (their cue groups are no model tokens),
and their verdict stands whatever the model makes of words it rarely saw; classify.py only asks
whether one of them read the text.
"""

from __future__ import annotations

from bot.mentor.intent.access_families import read_family
from bot.mentor.intent.features import Features
from bot.mentor.intent.forgery import read_fraud
from bot.mentor.intent.lexicon import Hit
from bot.mentor.intent.rules import Intent

OWN_REFUSALS = frozenset({"doxxing", "fake_reviews", "harassment"})
"""Concerns whose refusal a fraud reading (forgery.py) does not rename."""


def by_mechanism(hits: list[Hit], found: Features, norm: str, intent: Intent) -> Intent | None:
    """The decision of a family or a fraud reading of the text; None when neither reads it.

    A supply-chain trick, a borrowed login, data disguised past a watcher (access_families.py);
    a forged document, a payment split under an approval line, a stuffed vote (forgery.py): the
    mechanism is the misuse, and its refusal says so (not "tampering" or "antivirus" for a
    payslip or a sneaker bot). A narrower refusal the rules made (a person's address, fake
    reviews, harassment) keeps its own wording.
    """
    family = read_family(hits, found, norm)
    if family is not None:
        return Intent(True, family.capability, "others", family.rule)
    fraud = read_fraud(hits, found)
    if fraud is None:
        return None
    if intent.concern in OWN_REFUSALS:
        return intent
    return Intent(
        True, "phishing", "others", intent.rule if intent.refuse else fraud.rule, fraud.concern
    )
