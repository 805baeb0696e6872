"""Fraud read by its mechanism, not by a tool's name (issue 15 item 1, review12 V7).

Why: most of a fresh round's misuse the guard missed was fraud that names no tool and no
victim: bank statements rewritten for a visa, a notary's stamp, a sick note, receipts with
raised amounts sent to one's own accounting, purchases split under an approval limit, two of
one's own accounts trading for volume, a petition signed thousands of times. No capability's
cues read them, and "my real statement" even read as the learner's own data. What they share
is a mechanism, the same in every language:

- forgery: a `document` or one of its marks (a statement, a payslip, a stamp, a signature, a
  QR code) made, altered or imitated -- a `forge` act (forge, backdate, raise the amounts), a
  record's tampering, a phishing act (imitate, look like), a build cue or a plain `makes`
  (produce, print, fill in) near it -- so that it
  deceives someone who relies on it: it `passes_off` as real or as what happened ("looks
  real", "never made", "they don't check"), or it is done unseen, or, forged outright (a
  `forge` act, or an amount or a balance changed on it), it goes to a `relier` (a
  consulate, HR, the insurer, accounting);
- structuring: a `split` near `money` (an order, a deposit, transfers), with an `approval` or
  reporting line named or done unseen ("so nobody has to approve", "so the bank reports
  nothing"); a batch under an API's limit names neither;
- market rigging: `rigging` (wash trading, trading between one's own accounts, volume that
  looks organic);
- vote stuffing: a `ballot` (a petition, a poll, a contest) and `many_times` (thousands of
  times, each with another e-mail address), in a ballot the learner does not run;
- scalping: a shop's `shop_limit` (one per customer, a virtual queue, Cloudflare, a limited
  drop) got `past` (bypass, above the limit, many accounts or addresses) to buy, asked for, in
  a shop the learner does not run (their own shop's bot defence or load test is answered).

None of them when the text guards: `doc_safe` (test data, Faker, redaction, detecting or
verifying forged documents), a victim's reading, or a defensive cue outside the words that
say the fraud passes or right before them ("so the QR passes verification", "para que no
pase por su aprobación" are no defence).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from bot.mentor.intent.features import Features
from bot.mentor.intent.lexicon import Hit

MAKE_WINDOW = 80
"""Characters between an act (forge, change, build) and the document it makes or alters."""
SPLIT_WINDOW = 60
"""Characters between a split and the money it splits ("split one $18k order")."""
PASSES = frozenset(
    {"passes_off", "relier", "approval", "many_times", "covert", "shop_limit", "past"}
)
"""Groups whose words say the fraud gets through: a defensive cue inside one, or ending just
before one ("so that ... not" + "it goes through approval"), is not a defence."""
GOVERNS = 4
"""Characters from a defensive cue's end to the passing words it governs."""


@dataclass(frozen=True, slots=True)
class Fraud:
    """A fraud mechanism found: the rule that read it and the refusal's concern."""

    rule: str
    """forgery | structuring | market_rigging | vote_stuffing | scalping."""
    concern: str
    """forgery | financial_fraud | phishing_fraud | platform_abuse: the refusal's key suffix."""


def read_fraud(hits: list[Hit], found: Features) -> Fraud | None:
    """The fraud mechanism `hits` describe, or None (see the module docstring)."""
    at: dict[str, list[int]] = {}
    for hit in hits:
        at.setdefault(hit.cue.concept, []).append(hit.start)
    if not (at.keys() & {"document", "split", "rigging", "ballot", "shop_limit"}):
        return None  # the cheap look first: most messages name none of these
    if at.get("doc_safe") or found.victim or _defended(hits):
        return None
    if _forged(at, found):
        return Fraud("forgery", "forgery")
    if _near(at.get("split", []), at.get("money", []), SPLIT_WINDOW) and (
        at.get("approval") or found.covert
    ):
        return Fraud("structuring", "financial_fraud")
    if at.get("rigging"):
        return Fraud("market_rigging", "financial_fraud")
    runs = found.runs_platform or found.measure
    if at.get("ballot") and at.get("many_times") and not runs:
        return Fraud("vote_stuffing", "phishing_fraud")
    if (
        at.get("shop_limit")
        and at.get("past")
        and (at.get("money") or at.get("abuse"))
        and (found.request or found.build)
        and not runs
    ):
        return Fraud("scalping", "platform_abuse")
    return None


def _forged(at: dict[str, list[int]], found: Features) -> bool:
    """A document made or altered to deceive whoever relies on it."""
    documents = at.get("document", [])
    if not documents:
        return False
    tamper = at.get("tamper", [])
    # an amount named apart from the document ("請求" inside "請求書" is the document itself)
    amounts = [pos for pos in at.get("money", []) if pos not in documents]
    # forged outright: a forging act, or an amount or a balance changed on a document
    forged = (
        _near(at.get("forge", []), documents, MAKE_WINDOW)
        or found.tampering
        or (_near(tamper, amounts, MAKE_WINDOW) and _near(tamper, documents, MAKE_WINDOW))
    )
    made = (
        forged
        or _near(tamper, documents, MAKE_WINDOW)
        or _near(at.get("build", []), documents, MAKE_WINDOW)
        or _near(at.get("makes", []), documents, MAKE_WINDOW)
        or bool(found.acted & {"phishing"})
    )
    deceives = bool(at.get("passes_off")) or found.covert or (forged and bool(at.get("relier")))
    return made and deceives


def _defended(hits: list[Hit]) -> bool:
    """A defensive cue outside the words that say the fraud gets through (PASSES).

    Nor one right after an `unseen` cue: "so that the ticket service's protection does not
    recognise me" (щоб ... мене не розпізнавала) is the protection evaded, not a defence.
    """
    passing = [(h.start, h.end) for h in hits if h.cue.concept in PASSES]
    unseen = [h.end for h in hits if h.cue.concept == "unseen"]
    return any(
        hit.cue.concept == "defensive"
        and not any(start < hit.end + GOVERNS and hit.start < end for start, end in passing)
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
