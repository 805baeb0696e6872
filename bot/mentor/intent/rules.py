"""The rules' intent decision: capability x whose systems x framing, read in order.

Features (from the lexicon's hits on the normalized text):
- capability: a capability's name (keylogger), or one of its acts near one of its objects
  (steal ... password); an act near an object is an *offensive action*; a neutral use near an
  object (read ... messages, guess ... password) counts only against others' systems;
- build: the text asks to produce or run something (write, a script, a tool);
- artifact: a deployable offensive property (hides from antivirus, spreads by itself, sends the
  key away, copies a bank's login page), or evading detection (an evasion act near its object);
- others: a named victim or no consent (colleague, neighbour, ex, a company, secretly), or a
  capability whose enactment always has victims (deceiving people: phishing);
  ("without being noticed" is covert, not defensive: defensive cues inside covert ones drop too);
- own_tool: an offensive tool the learner calls theirs ("my payload", "my trojan");
- own: the learner's own or authorized systems (my own server, our staging, a lab I run);
- defensive: detect, protect, prevent, survive... (spans inside an artifact do not count:
  "avoid detection" is not defensive); attacker: attackers or malware are the subject.

Rules, first match decides ("asked for": a tool named next to a build cue, or a build cue
with no defensive framing; "offensive": an act near its object, or a named tool asked for):
0. not being caught by the protection of a service the learner does not run, while doing
   what it forbids (fifty accounts "without getting banned", platform.py), no victim's
   reading                                              -> refuse (platform_evasion)
1. no capability (and no asset of others, no record changed) -> allow (no_capability)
2. artifact, and asked for, or own_tool, or not defensive -> refuse (artifact); owning the
   system does not help. Artifact cues alone ("email me") mean nothing without a capability,
   nor do they when the person whose data is sent agreed, openly, and nothing offensive is
   acted or named ("he gave me his password and agrees: mail me his grades weekly").
3. others or covert, offensive (or a neutral use, unless own systems are named too), and a
   build cue on the offense itself (no defensive cue between) or not defensive
                                                        -> refuse (others_target)
   ("a script that detects a worm on the school's PCs" builds the defence: rule 4 answers it)
3b. others or covert, one of their personal assets named (webcam, chats, account, admin
   rights), asked for (or covertly), not defensive, own systems not named
                                                        -> refuse (others_asset)
3c. a record changed (a grade, stock counts, a price, the audit log) so that nobody notices,
   not defensive, no victim                             -> refuse (tampering)
4. defensive                                            -> allow (defensive)
4b. denial of service with a measurement cue (probe, latency, load test) and no one else's
   system named ("a lag probe for my aiohttp service")   -> allow (measurement)
5. own or authorized                                    -> allow (own_system)
6. attackers are the subject and nothing is asked for, or a tool is named with no request
   ("how do worms spread through shares")               -> allow (learning)
7. offensive                                            -> refuse (unknown_target)
8. otherwise (a tool named, nothing asked)              -> allow (learning)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Literal

from bot.mentor.intent.features import PERSONAL, Features
from bot.mentor.intent.lexicon import CAPABILITIES

Target = Literal["own", "others", "unknown"]


@dataclass(frozen=True, slots=True)
class Intent:
    """The local decision: refused or not, what it would enable, whose systems, which rule."""

    refuse: bool
    capability: str = ""
    """One of CAPABILITIES ('' when none was found)."""
    target: Target = "unknown"
    rule: str = "no_capability"
    concern: str = ""
    """A narrower concern inside the capability that has its own refusal: doxxing (a person's
    address or phone, within surveillance) or fake_reviews (within fraud/phishing)."""


def _capability(found: Features) -> str:
    """The capability a refusal names: the one with the most evidence.

    An enacted or named capability counts twice, a neutral use or a named asset once; evasion
    is named only when nothing else is.
    """
    scores: dict[str, int] = defaultdict(int)
    for capability in found.named | found.acted:
        scores[capability] += 2 * (capability in found.named) + 2 * (capability in found.acted)
    if found.others:
        for capability in found.used | found.assets:
            scores[capability] += (capability in found.used) + (capability in found.assets)
    if not scores and found.artifact and found.covert:
        # a covert deployable artifact: the personal data or machines it touches say what it
        # enables ("runs hidden on his PC, sends what he types to my server")
        for capability in found.objects & PERSONAL:
            scores[capability] += 1
    if len(scores) > 1:
        scores.pop("evasion", None)
    if not scores:
        return ""
    best = max(scores.values())
    return next(c for c in CAPABILITIES if scores.get(c) == best)


def decide(found: Features) -> Intent:
    """The rules' decision, with the refusal's narrower concern when it fits the capability."""
    return decide_concern(_decide(found), found)


def decide_concern(intent: Intent, found: Features) -> Intent:
    """The refusal with its narrower concern (doxxing, fake reviews) when it fits.

    Harassment fits any capability (insults sent as mail, from many accounts, by a bot), and
    falsified records fit any rule that refused them (a grade changed unseen in the school's
    journal is refused as someone else's asset): their refusals then say what was asked, not
    "phishing" or "covert surveillance" (review9 R15).
    """
    if not intent.refuse:
        return intent
    tampers = intent.rule == "tampering" or _falsifies(found)
    if found.concern == "harassment" or (tampers and not found.concern):
        return replace(intent, concern=found.concern or "tampering")
    if intent.rule == "platform_evasion" and intent.capability == "evasion" and not found.concern:
        # an account farm or a proctor's blind spot is no malware hidden from an antivirus
        # (review10 T7): its refusal names the service's protection against abuse
        return replace(intent, concern="platform_abuse")
    fits = {"doxxing": "surveillance", "fake_reviews": "phishing"}.get(found.concern)
    if fits == intent.capability:
        return replace(intent, concern=found.concern)
    return intent


def _decide(found: Features) -> Intent:
    """Apply the rules of the module docstring, first match wins."""
    capability = _capability(found)
    target: Target = "others" if found.others else "own" if found.own else "unknown"
    if found.platform_evasion and not found.victim:
        # an asset named (an Instagram account) is not what is enabled: evading the service is
        enacted = capability in found.named | found.acted
        return Intent(True, capability if enacted else "evasion", "others", "platform_evasion")
    if found.harassment and (found.request or found.build or found.covert or found.dodges):
        # someone named and an act aimed at them, asked for: harassment needs no tool word
        return Intent(True, capability or "denial_of_service", "others", "harassment")
    if not capability and not (found.assets and found.others) and not _falsifies(found):
        return Intent(False, "", target, "no_capability")
    asks = found.build_named or (found.build and not found.defensive)
    # a tool named and wanted unseen ("a real worm ... launched on the department's network
    # without telling anyone") is asked for, whatever verb asks for it
    offensive = (
        bool(found.acted)
        or found.build_named
        or (bool(found.named) and found.covert and not (found.defensive or found.victim))
    )
    if (
        found.artifact
        and (asks or found.own_tool or not found.defensive)
        and not sent_with_consent(found)
    ):
        return Intent(True, capability, target, "artifact")
    asked = found.request or found.build or found.covert
    # "reset my users' passwords" is an admin's job; done covertly it is not
    weak = bool(found.used) and (not found.own or found.covert)
    if found.others and (offensive or weak) and (found.build_offense or not found.defensive):
        return Intent(True, capability, target, "others_target")
    if (
        found.others
        and found.assets
        and (found.request or found.build or found.covert)
        and not (found.defensive or found.own)
    ):
        asset = next(c for c in CAPABILITIES if c in found.assets)
        return Intent(True, capability or asset, target, "others_asset")
    if _falsifies(found):
        # a record changed so that nobody notices (the teacher's grades, the shop's stock
        # counts, the audit log's rows): falsifying it needs no tool word. Changed openly
        # ("my colleague asked me to change the prices"), the model judges it
        return Intent(True, capability or "unauthorized_access", target, "tampering")
    if found.defensive:
        return Intent(False, capability, target, "defensive")
    if capability == "denial_of_service" and found.measure:
        return Intent(False, capability, target, "measurement")
    if found.own:
        return Intent(False, capability, target, "own_system")
    if (found.attacker and not asks) or (found.named and not (asks or found.request)):
        return Intent(False, capability, target, "learning")
    if offensive and asked:
        return Intent(True, capability, target, "unknown_target")
    return Intent(False, capability, target, "learning")


def sent_with_consent(found: Features) -> bool:
    """What the learner is sent ("mail me his grades") was agreed to by its owner, openly.

    Nothing offensive is acted or named, nothing hidden: the artifact cue is only the delivery.
    """
    return found.agreed and not (found.acted or found.named or found.covert or found.own_tool)


def _falsifies(found: Features) -> bool:
    """A record changed so that nobody notices, read as no defence and by no victim (rule 3c)."""
    return found.tampering and found.covert and not (found.defensive or found.victim)


def aimed_at_others(intent: Intent, found: Features) -> bool:
    """An act the rules refused as aimed at someone else, read as the learner's own request.

    An act (steal, flood, clone), not a neutral read or access; nothing reads the learner as
    defender, victim, owner or bystander (attackers as the subject).
    """
    return (
        intent.rule == "others_target"
        and bool(found.acted)
        and not (found.defensive or found.victim or found.own or found.attacker)
    )
