"""The local intent decision: capability x whose systems x framing, by rules read in order.

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
1. no capability (and no asset of others)               -> allow (no_capability)
2. artifact, and asked for, or own_tool, or not defensive -> refuse (artifact); owning the
   system does not help. Artifact cues alone ("email me") mean nothing without a capability.
3. others or covert, offensive (or a neutral use, unless own systems are named too), and a
   build cue or not defensive                           -> refuse (others_target)
3b. others or covert, one of their personal assets named (webcam, chats, account, admin
   rights), asked for (or covertly), not defensive, own systems not named
                                                        -> refuse (others_asset)
4. defensive                                            -> allow (defensive)
5. own or authorized                                    -> allow (own_system)
6. attackers are the subject and nothing is asked for, or a tool is named with no request
   ("how do worms spread through shares")               -> allow (learning)
7. offensive                                            -> refuse (unknown_target)
8. otherwise (a tool named, nothing asked)              -> allow (learning)
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from bot.mentor.intent.lexicon import ARTIFACT, ASSETS, CAPABILITIES, Hit, Lexicon
from bot.mentor.intent.normalize import normalize

PAIR_WINDOW = 80
"""Characters (normalized) between an act and its object for them to count as one action."""
BUILD_WINDOW = 120
"""Characters between a build cue and a capability's name for "write a keylogger"."""

VICTIMS_IMPLIED = frozenset({"phishing"})
"""Capabilities whose enactment always has victims who did not agree (the people deceived)."""

Target = Literal["own", "others", "unknown"]


@dataclass(frozen=True, slots=True)
class Intent:
    """The local decision: refused or not, what it would enable, whose systems, which rule."""

    refuse: bool
    capability: str = ""
    """One of CAPABILITIES ('' when none was found)."""
    target: Target = "unknown"
    rule: str = "no_capability"


@dataclass(slots=True)
class _Features:
    named: set[str]
    acted: set[str]
    used: set[str]
    """Capabilities whose neutral acts ("read", "access", "guess") meet their objects."""
    build: bool
    build_named: bool
    """A build cue near a capability's name with no defensive cue between ("write a keylogger")."""
    artifact: bool
    others: bool
    own: bool
    defensive: bool
    attacker: bool
    own_tool: bool
    assets: set[str]
    """Capabilities whose personal assets are named (webcam, chats, account, admin rights)."""
    request: bool
    """The text asks how to do something or for something ("how can I", "I want", "help me")."""
    covert: bool
    """Without the person knowing ("secretly", "without her noticing")."""
    """The learner calls an offensive tool theirs ("my payload is flagged by the antivirus")."""


class _Spans:
    """Half-open spans sorted by start, asked "does any overlap [start, end)?" in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._max_end: list[int] = []
        reach = -1
        for _, end in ordered:
            reach = max(reach, end)
            self._max_end.append(reach)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end) - 1  # the last span starting before `end`
        return i >= 0 and self._max_end[i] > start


def _near(first: list[int], second: list[int], window: int) -> bool:
    """Whether some position of `first` lies within `window` of some position of `second`."""
    if not first or not second:
        return False
    ordered = sorted(second)
    for pos in first:
        i = bisect_left(ordered, pos - window)
        if i < len(ordered) and ordered[i] <= pos + window:
            return True
    return False


def _features(hits: list[Hit]) -> _Features:
    starts: dict[tuple[str, str], list[int]] = defaultdict(list)
    for hit in hits:
        starts[(hit.cue.concept, hit.cue.part)].append(hit.start)
    named = {c for c in CAPABILITIES if starts.get((c, "names"))}
    acted = {
        c
        for c in CAPABILITIES
        if _near(starts.get((c, "acts"), []), starts.get((c, "objects"), []), PAIR_WINDOW)
    }
    used = {
        c
        for c in CAPABILITIES
        if _near(starts.get((c, "uses"), []), starts.get((c, "objects"), []), PAIR_WINDOW)
    }
    artifact_spans = _artifact_spans(hits)
    masks = _Spans(
        [*artifact_spans, *((h.start, h.end) for h in hits if h.cue.concept == "covert")]
    )
    defensive = any(
        hit.cue.concept == "defensive" and not masks.overlaps(hit.start, hit.end) for hit in hits
    )
    build_at = starts.get(("build", ""), [])
    name_at = [p for c in CAPABILITIES for p in starts.get((c, "names"), [])]
    guard_at = sorted(h.start for h in hits if h.cue.concept == "defensive")
    return _Features(
        named=named,
        acted=acted,
        used=used,
        build=bool(build_at),
        build_named=_build_named(build_at, name_at, guard_at),
        artifact=bool(artifact_spans),
        others=bool(
            starts.get(("others", "")) or starts.get(("covert", "")) or acted & VICTIMS_IMPLIED
        ),
        own=bool(starts.get(("own", ""))),
        defensive=defensive,
        attacker=bool(starts.get(("attacker", ""))),
        own_tool=bool(starts.get(("own_tool", ""))),
        assets={c for c in CAPABILITIES if starts.get((c, ASSETS))},
        request=bool(starts.get(("request", ""))),
        covert=bool(starts.get(("covert", ""))),
    )


def _build_named(build_at: list[int], name_at: list[int], guard_at: list[int]) -> bool:
    """A build cue within BUILD_WINDOW of a tool's name, no defensive cue between the two."""
    if not build_at or not name_at:
        return False
    names = sorted(name_at)
    for pos in build_at:
        lo = bisect_left(names, pos - BUILD_WINDOW)
        for name in names[lo:]:
            if name > pos + BUILD_WINDOW:
                break
            first, last = min(pos, name), max(pos, name)
            i = bisect_left(guard_at, first)
            if i == len(guard_at) or guard_at[i] > last:
                return True
    return False


def _artifact_spans(hits: list[Hit]) -> list[tuple[int, int]]:
    """Spans of artifact evidence: artifact or evasion names, and their acts with objects.

    Each word keeps its own span: "avoid detection" masks "detection", not the words between.
    """
    spans = [
        (h.start, h.end)
        for h in hits
        if h.cue.concept in (ARTIFACT, "evasion") and h.cue.part == "names"
    ]
    for concept in (ARTIFACT, "evasion"):
        acts = [h for h in hits if h.cue.concept == concept and h.cue.part == "acts"]
        objects = sorted(
            (h for h in hits if h.cue.concept == concept and h.cue.part == "objects"),
            key=lambda h: h.start,
        )
        at = [h.start for h in objects]
        for act in acts:
            i = bisect_left(at, act.start)
            near = [j for j in (i - 1, i) if 0 <= j < len(at)]
            if not near:
                continue
            j = min(near, key=lambda k: abs(at[k] - act.start))  # the act's own object
            if abs(at[j] - act.start) <= PAIR_WINDOW:
                obj = objects[j]
                spans.extend(((act.start, act.end), (obj.start, obj.end)))
    return spans


def _capability(found: _Features) -> str:
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
    if len(scores) > 1:
        scores.pop("evasion", None)
    if not scores:
        return ""
    best = max(scores.values())
    return next(c for c in CAPABILITIES if scores.get(c) == best)


def decide(found: _Features) -> Intent:
    """Apply the rules of the module docstring, first match wins."""
    capability = _capability(found)
    target: Target = "others" if found.others else "own" if found.own else "unknown"
    if not capability and not (found.assets and found.others):
        return Intent(False, "", target, "no_capability")
    asks = found.build_named or (found.build and not found.defensive)
    offensive = bool(found.acted) or found.build_named
    if found.artifact and (asks or found.own_tool or not found.defensive):
        return Intent(True, capability, target, "artifact")
    weak = bool(found.used) and not found.own  # "reset my users' passwords" is an admin's job
    if found.others and (offensive or weak) and (found.build or not found.defensive):
        return Intent(True, capability, target, "others_target")
    if (
        found.others
        and found.assets
        and (found.request or found.build or found.covert)
        and not (found.defensive or found.own)
    ):
        asset = next(c for c in CAPABILITIES if c in found.assets)
        return Intent(True, capability or asset, target, "others_asset")
    if found.defensive:
        return Intent(False, capability, target, "defensive")
    if found.own:
        return Intent(False, capability, target, "own_system")
    if (found.attacker and not asks) or (found.named and not (asks or found.request)):
        return Intent(False, capability, target, "learning")
    if offensive:
        return Intent(True, capability, target, "unknown_target")
    return Intent(False, capability, target, "learning")


class IntentClassifier:
    """Local, deterministic, well under a millisecond for a typical message."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def classify(self, text: str) -> Intent:
        """What `text` would enable, against whose systems, and whether to refuse it."""
        return decide(_features(self.lexicon.scan(normalize(text))))
