"""Misuse read by its mechanism: the access families and fraud, before any learned model.

Why apart from classify.py: both readers decide by rule (their cue groups are no model tokens),
and their verdict stands whatever the model makes of words it rarely saw; classify.py only asks
whether one of them read the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.mentor.intent.access_families import read_family
from bot.mentor.intent.enables import read_enabled
from bot.mentor.intent.features import Features
from bot.mentor.intent.forgery import read_fraud
from bot.mentor.intent.lexicon import Hit
from bot.mentor.intent.rules import Intent

OWN_REFUSALS = frozenset({"doxxing", "fake_reviews", "harassment"})
"""Concerns whose refusal a fraud reading (forgery.py) does not rename."""


def by_mechanism(
    hits: list[Hit],
    found: Features,
    norm: str,
    intent: Intent,
    enabled: Sequence[Hit] = (),
) -> Intent | None:
    """The decision of a family or a fraud reading of the text; None when neither reads it.

    A supply-chain trick, a borrowed login, data disguised past a watcher (access_families.py);
    a forged document, a payment split under an approval line, a stuffed vote (forgery.py): the
    mechanism is the misuse, and its refusal says so (not "tampering" or "antivirus" for a
    payslip or a sneaker bot). A narrower refusal the rules made (a person's address, fake
    reviews, harassment) keeps its own wording. What the text enables (enables.py: a false
    reading relied on, an implant in software others install, intercepted logins, someone
    else's service exhausted, codes enumerated, a person tracked) decides what the rules allowed.
    """
    family = read_family(hits, found, norm)
    if family is not None:
        return Intent(True, family.capability, "others", family.rule)
    fraud = read_fraud(sorted([*hits, *enabled], key=lambda h: h.end), found)
    if fraud is not None and fraud.rule == "forgery" and _issued_as_is(hits, enabled):
        fraud = None  # the learner issues it (our clinic's form) and changes no fact on it
    if fraud is None:
        enables = read_enabled(hits, enabled, found)
        same = enables is not None and intent.refuse and intent.capability == enables.capability
        return intent if same else enables
    if intent.concern in OWN_REFUSALS:
        return intent
    return Intent(
        True, "phishing", "others", intent.rule if intent.refuse else fraud.rule, fraud.concern
    )


def _issued_as_is(hits: list[Hit], enabled: Sequence[Hit]) -> bool:
    """The learner issues the document and forges nothing on it.

    "Our clinic's form", "my employees' payslips": a document's likeness alone deceives no one.
    """
    return any(h.cue.concept == "own_issuer" for h in enabled) and not any(
        h.cue.concept == "forge" for h in (*hits, *enabled)
    )
