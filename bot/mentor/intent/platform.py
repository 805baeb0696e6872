"""Whose protection against abuse a request is about: a service's, defeated, or the learner's own.

Why: a large share of the misuse the rules missed asks to NOT be caught by a service the
learner does not run while doing what that service forbids (fifty accounts "without getting
banned", reviews "that the spam filter does not flag", a sneaker bot "that looks human"). The
service's words for its defence (detect, block, flag) then read as the learner being
defensive. The same words are the defender's when the learner runs the service ("our
anti-cheat flags real players", "I moderate a forum and spam bots get past the captcha").

So the question is who runs the protection and whose side the learner is on:
- evading: a `sanction` (anti-cheat, fraud detection, banned, flagged) right after an
  `unseen` cue (without, avoid, so that ... not, bypass), or a `passing` phrase whole (look
  like real users, under the radar), in a text that names an `abuse` (many or fake accounts,
  fake engagement, bulk buying, cheating, spam) and where the learner runs no service;
- running it: a `runs` cue (our platform, I moderate, trust and safety) or a possessive
  shortly before a `venue` (my shop, our game, our forum) with nobody else named between.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from bot.mentor.intent.lexicon import Hit

UNSEEN_BEFORE = 40
"""Characters from the end of an `unseen` cue to the sanction it avoids ("without getting
my accounts banned", "so that Instagram's spam filter does not")."""
UNSEEN_AFTER = 8
"""Characters from the end of a sanction to an `unseen` cue after it, the order of Japanese,
Korean and Turkish ("BANされない", "밴 당하지 않게")."""
VENUE_WINDOW = 16
"""Characters from a possessive (my, our) to the service it runs ("our online game"); wider
read "my scraper gets 429s from the site" as the learner's site."""
OWNER_AFTER = 16
"""Characters after a venue where a person still owns it ("the shop of my rival")."""


@dataclass(frozen=True, slots=True)
class Platform:
    """What a text says about a service's protection against abuse."""

    evading: bool
    """Not being caught by a service's protection while doing what it forbids."""
    runs: bool
    """The learner runs the service (or its protection): the defender's side."""
    spans: tuple[tuple[int, int], ...]
    """Where the text says "not caught" (from the unseen cue to its sanction): a defensive
    cue inside ("without getting blocked") is the service's, not the learner's."""


def read_platform(hits: list[Hit]) -> Platform:
    """The platform features of a text from the lexicon's hits."""
    by: dict[str, list[Hit]] = {}
    for hit in hits:
        if hit.cue.concept in ("abuse", "sanction", "unseen", "passing", "runs", "venue"):
            by.setdefault(hit.cue.concept, []).append(hit)
    spans = [(h.start, h.end) for h in by.get("passing", [])]
    sanctions = sorted(by.get("sanction", []), key=lambda h: h.start)
    starts = [h.start for h in sanctions]
    for unseen in by.get("unseen", []):
        i = bisect_left(starts, unseen.start)
        for sanction in sanctions[i:]:
            if sanction.start > unseen.end + UNSEEN_BEFORE:
                break
            if sanction.start > unseen.start:
                spans.append((unseen.start, sanction.end))
                break
        for sanction in sanctions[max(0, i - 3) : i]:
            if 0 <= unseen.start - sanction.end <= UNSEEN_AFTER:
                spans.append((sanction.start, unseen.end))
    runs = bool(by.get("runs")) or _runs_venue(hits, by.get("venue", []))
    evading = bool(spans) and bool(by.get("abuse")) and not runs
    return Platform(evading=evading, runs=runs, spans=tuple(spans))


def _runs_venue(hits: list[Hit], venues: list[Hit]) -> bool:
    """A possessive shortly before a venue, nobody else named between or right after."""
    if not venues:
        return False
    mine = [h for h in hits if h.cue.concept == "mine"]
    at = sorted(h.start for h in venues)
    people = sorted(h.start for h in hits if h.cue.concept == "others")
    for hit in mine:
        i = bisect_left(at, hit.end)
        if i == len(at) or at[i] - hit.end > VENUE_WINDOW:
            continue
        j = bisect_left(people, hit.start)
        if j == len(people) or people[j] > at[i] + OWNER_AFTER:
            return True
    return False
