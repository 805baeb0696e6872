"""Misuse read by what it enables: five mechanisms that outlive the family that showed them.

Why: every fresh round brought ten families the guard had never seen (an odometer rolled back,
a CFO's voice cloned for a transfer, gift-card codes enumerated, a journalist tracked through
bidstream data, a courier's GPS faked, SSL stripped on a coworking network, an extension that
collects its users' tokens, a maintainer's backdoor, a zip bomb on a rival's tender portal, a
wallet drainer). Patching each family's words keeps the guard one round behind; what the
families share is a mechanism, and a mechanism is read the same way in every language.
Its cue groups live apart (config/guards/intent/enables/<lang>.toml) and are no features of
the fitted model: they decide by rule, like forgery.py's.

- a false reading relied on: fake reviews posted from many accounts or past a shop's
  removal; a `reading` (the mileage, the meter, a GPS position, a tracking history) or a
  `likeness` (someone's voice, face) that is `faked` (rolled back, written back,
  spoofed, cloned) for someone who relies on it (`relies`: the buyer, the dealer, the app, the
  accountant; a money transfer; someone else)              -> fraud (forgery / phishing fraud)
- a capability planted in software others install: a `shipped` thing (an extension, the next
  release, a library one maintains) carrying an `implant` (a backdoor, code that drains
  wallets), or one that `harvest`s its users' secrets unseen      -> unauthorized access
- interception on a network: `intercept` (SSL stripping, a man in the middle, capturing the
  traffic) of other people's logins (`guests`: visitors, guests, customers; or someone else)
  -- even on a router one runs, their passwords are not the operator's        -> credential theft
- exhaustion of someone else's service: `exhaust` (a zip bomb, making it slow, running up
  its bill, so they cannot submit) aimed at a rival or someone else's system -> denial of service
- enumeration of others' codes: `codes` (gift cards, vouchers, ticket numbers) tried by
  `guesses` (a predictable format, every possible code) to find whose hold value -> fraud
- tracking a person: `whereabouts` (where he sleeps, who she meets, ad-ID location data) of
  someone else named, not `checks` for a tracker on oneself or a friend        -> surveillance

None of them when the text defends (a defensive cue, a victim's account, consent, a person
protected) or, but for an implant ("a backdoor hidden in the test files" is its disguise),
runs the thing for its own tests (`doc_safe`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from bot.mentor.intent.features import Features
from bot.mentor.intent.lexicon import Hit
from bot.mentor.intent.rules import Intent

FAKE_WINDOW = 160
"""Characters between a reading or a likeness and the act that fakes it."""
CODES_WINDOW = 120
"""Characters between codes and the guessing that enumerates them."""
GOVERNS = 4
"""Characters from an `unseen` cue ("without") to the defence it says is missing."""
CREDENTIALS = frozenset({("credential_theft", "objects"), ("credential_theft", "assets")})

ENABLES_DIR = "enables"
"""The folder of the intent lexicons (config/guards/intent/) holding these cue groups."""


def read_enabled(hits: list[Hit], extra: Sequence[Hit], found: Features) -> Intent | None:
    """The refusal of what `extra` (the enables lexicon's hits) says the text enables, or None."""
    if not extra:
        return None
    at: dict[str, list[int]] = {}
    for hit in (*hits, *extra):
        at.setdefault(hit.cue.concept, []).append(hit.start)
    if (
        found.victim
        or _defended(hits, extra)
        or found.protective
        or found.consented
        or found.agreed
        or at.get("consent")
    ):
        return None
    asks = found.request or found.build
    others = found.others or bool(at.get("people") or at.get("guests"))
    credentials = [h.start for h in hits if (h.cue.concept, h.cue.part) in CREDENTIALS]
    harvests = at.get("harvest") and credentials and (found.covert or at.get("unseen"))
    asked_of = others or bool(at.get("money"))  # a wallet drainer's page takes their coins
    if (at.get("shipped") and (at.get("implant") or harvests)) or (
        at.get("implant") and asks and asked_of
    ):
        return Intent(True, "unauthorized_access", "others", "planted_in_software")
    spans = [(h.start, h.end) for h in extra]
    tests = [p for p in at.get("doc_safe", []) if not any(s <= p < e for s, e in spans)]
    if tests or not asks:  # "mock location" faked or "SSL stripping" is no test of one's own
        return None
    if at.get("fake_reviews") and (found.others or at.get("abuse") or at.get("sanction")):
        # reviews are readings others rely on: posted from many accounts, past the shop's removal
        return Intent(True, "phishing", "others", "fake_reviews", "fake_reviews")
    faked = at.get("faked", [])
    relied = bool(at.get("relies") or at.get("relier") or at.get("money")) or found.others
    if _near(faked, at.get("likeness", []), FAKE_WINDOW) and relied:
        return Intent(True, "phishing", "others", "false_likeness", "phishing_fraud")
    if _near(faked, at.get("reading", []), FAKE_WINDOW) and relied:
        return Intent(True, "phishing", "others", "false_reading", "forgery")
    if at.get("intercept") and credentials and others:
        return Intent(True, "credential_theft", "others", "intercepted_logins")
    if at.get("exhaust") and found.others and not (found.measure or found.runs_platform):
        return Intent(True, "denial_of_service", "others", "exhausted_service")
    guesses = {h.start for h in extra if h.cue.concept == "guesses"}
    if len(guesses) >= 2 and _near(at.get("guesses", []), at.get("codes", []), CODES_WINDOW):
        return Intent(True, "phishing", "others", "enumerated_codes", "phishing_fraud")
    if at.get("whereabouts") and found.others and not at.get("checks"):
        return Intent(True, "surveillance", "others", "tracked_person")
    return None


def _defended(hits: list[Hit], extra: Sequence[Hit]) -> bool:
    """A defensive cue that is the learner's defence.

    Not inside the mechanism's own words, nor right after an `unseen` cue ("sites without
    HSTS" names what is missing, not a guard).
    """
    own_words = [(h.start, h.end) for h in extra if h.cue.concept != "checks"]
    unseen = [h.end for h in hits if h.cue.concept == "unseen"]
    return any(
        hit.cue.concept == "defensive"
        and not any(s < hit.end and hit.start < e for s, e in own_words)
        and not any(0 <= hit.start - end <= GOVERNS for end in unseen)
        for hit in hits
    )


def _near(first: list[int], second: list[int], window: int) -> bool:
    """Some position of `first` within `window` characters of some position of `second`."""
    if not first or not second:
        return False
    ordered = sorted(second)
    for pos in first:
        i = bisect_left(ordered, pos - window)
        if i < len(ordered) and ordered[i] <= pos + window:
            return True
    return False
