"""Concept lexicons (config/guards/intent/*.toml) compiled into one Aho-Corasick automaton.

A cue is a word, a stem (`steal*`: any word starting so), an infix (`*database`: also inside a
compound such as "productiedatabase") or a phrase (`my own`), written in
its language as a learner types it; Chinese and Japanese cues match inside words, Korean cues
are stems (particles attach to the word). Every cue belongs to a concept: a capability's
`names` (keylogger), `acts` (steal), `uses` (read, access: harmful only against others) or `objects` (password), the artifact properties, or one of
the GROUPS (a build request, whose systems, defensive framing, an attacker as the subject).
One pass over the normalized text finds every cue of every language at once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick

from bot.mentor.intent.normalize import is_cjk, normalize
from bot.text.toml_files import read_toml

CAPABILITIES = (
    "surveillance",
    "credential_theft",
    "destructive",
    "self_propagation",
    "phishing",
    "denial_of_service",
    "unauthorized_access",
    "evasion",
)
"""What a request can enable, in the order a refusal names them (most specific first)."""

ACCESS_FAMILIES = (
    "pipeline",
    "publish",
    "reach",
    "insert",
    "beacon",
    "shadowing",
    "holder",
    "borrowed",
    "internal",
    "issued",
    "disguise",
    "watch",
    "analysis_env",
    "gate",
)
"""The cue groups of bot/mentor/intent/access_families.py (its docstring says what each reads:
supply chain, someone else's login, data disguised past a watcher, analysis-environment checks)."""

FRAUD_GROUPS = (
    "document",
    "forge",
    "makes",
    "passes_off",
    "relier",
    "doc_safe",
    "split",
    "money",
    "approval",
    "rigging",
    "ballot",
    "many_times",
    "shop_limit",
    "past",
)
"""Cue groups of fraud read by its mechanism (bot/mentor/intent/forgery.py). They decide by
rule and are not the fitted model's features: as its tokens they moved the whole fit (with
them, round 24's shop sending its sales to its accountant by SFTP was refused as
surveillance)."""

ENABLES_GROUPS = (
    "reading", "likeness", "faked", "relies", "shipped", "implant", "harvest", "intercept",
    "guests", "exhaust", "codes", "guesses", "whereabouts", "checks",
    "own_issuer",
)  # fmt: skip
"""Cue groups of misuse read by what it enables (bot/mentor/intent/enables.py), in their own
files (config/guards/intent/enables/): no features of the fitted model."""

GROUPS = (
    "build",
    "own",
    "others",
    "people",
    "covert",
    "defensive",
    "attacker",
    "victim",
    "own_tool",
    "request",
    "mine",
    "system",
    "measure",
    "personal_data",
    "fake_reviews",
    *FRAUD_GROUPS,
    "negation",
    "negation_after",
    "abuse",
    "sanction",
    "unseen",
    "passing",
    "runs",
    "venue",
    "protects",
    "explains",
    "fiction",
    "tamper",
    "records",
    "structure",
    "harass",
    "coursework",
    "consent",
    "own_data",
    *ACCESS_FAMILIES,
    *ENABLES_GROUPS,
)
"""Cue groups outside capabilities: asks to produce something, whose systems (`people`, a
population such as "all users" or "everyone", is someone else's only when no own system is
named: "for all users of our app" protects them), framing, an
offensive tool the learner calls theirs ("my payload", "my trojan") or an extortion they state
("until they pay"), and a request ("how can I", "I want"). `mine` (my, our, unser) shortly
before a `system` (service, server, app, laptop) is the learner's own system with any words
between ("my aiohttp service", "unser eigener nginx"). `measure` (probe, latency, health
check, load test) reads a service instead of flooding it. `personal_data` (a home address, a
phone number) and `fake_reviews` only choose the refusal's wording (doxxing, review fraud).
`victim` (was stolen, got hacked, someone reads my, fell for) reads the learner or the people
named as the ones harmed, not the ones acting. `negation` (not, não, nicht, 不会) just before an
act, or `negation_after` (ja ない, ko 않, tr -mesin) just after it, says the harm must NOT
happen ("so one failure does not take down the others"): `scan` reads that act as a
defensive cue.

A service's own protection against abuse (bot_features.py reads these): `abuse` is what a
service forbids (many or fake accounts, fake engagement, bulk buying, cheating, spam);
`sanction` is its protection or what it does to abusers (anti-cheat, fraud detection, banned,
flagged, captcha); `unseen` (without, avoid, so that ... not, bypass) just before a sanction
is not being caught by it, and `passing` says the same whole ("look like real users", "under
the radar"). `runs` says the learner runs the service (our platform, I moderate), as does
`mine` shortly before a `venue` (platform, shop, game, forum). `protects` names people the
learner looks after (my students, my parents, our customers, as a teacher); with a
defensive frame, a victim's, or `explains` (explain, so they don't fall for it, recognize)
they are protected, not aimed at. `fiction` is a story or role-play frame (for a novel, the
villain, role-play, hypothetically): the act asked for inside it is still the act asked for. `tamper` (change, raise, overwrite,
delete the rows) near `records` someone keeps (a grade, a score, stock counts, a price, the
audit log) is falsifying them: refused when they are someone else's or it is done unseen.
`structure` names a program's own data structures (a cache, its least recently used item, a
queue's node): deleting or evicting from one is ordinary engineering, so a destructive act
next to one (and to no file, disk or account) is no act of destruction. `harass` is an act
aimed at a person (insult, mock, bully, hound until they break): with someone else named it
is harassment, whatever tool carries it (messages, accounts, a bot). `coursework` (homework,
a school assignment) names where a task comes from: the school in "for a school assignment"
is the learner's course, not a target. `consent` says whose people they are: recipients who
agreed (opted in, signed contracts, gave consent) or the learner's own clients and business (my
clients, payment reminders, I'm a freelancer); `own_data` names the learner's own data (my
photos, our company's data, a bank statement, her own exports handed over): an object named
inside it (the photos, the bank) is nobody else's, so it is no target. The fraud groups
(`document`, `forge`, `makes`, `passes_off`, `relier`, `doc_safe`, `split`, `money`,
`approval`, `rigging`, `ballot`, `many_times`, `shop_limit`, `past`) read forged documents,
payments split under an approval line, self-trading, stuffed votes and scalping past a shop's
limits by their mechanism: see bot/mentor/intent/forgery.py."""

NEGATION_BEFORE = 8
"""Characters from the end of a `negation` cue to the act it negates ("nao derrube",
"nicht alles absturzt", "without crashing"); wider would read "I don t know how to hack"
as a negated hack."""
NEGATIONS = frozenset({"negation", "negation_after"})
NEGATION_AFTER = 4
"""Characters from the end of an act to a `negation_after` cue ("落とさない", "죽이지 않게"),
or a suffix inside the act's own word ("cokertmesin")."""

PARTS = ("names", "acts", "uses", "objects")
ASSETS = "assets"
"""A table of personal assets per capability (webcam, chats, account, admin rights)."""
ARTIFACT = "artifact"


@dataclass(frozen=True, slots=True)
class Cue:
    """What a matched cue means: a group, or a part of a capability (or of the artifact)."""

    concept: str
    """A GROUPS member, a CAPABILITIES member, or ARTIFACT."""
    part: str = ""
    """For capabilities and the artifact: names, acts, uses or objects."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One cue found in the normalized text: the half-open span of its words (no spaces)."""

    start: int
    end: int
    cue: Cue


@dataclass(frozen=True, slots=True)
class _Entry:
    cue: Cue
    check: re.Pattern[str] | None


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


def cue_key(cue: str) -> str:
    """The automaton key of one cue: word starts and ends marked by the spaces of `normalize`.

    A phrase with a stem inside ("encrypt* all") is keyed by its first word; `phrase_check`
    then verifies the rest where that word was found.
    """
    words = cue.split()
    if len(words) > 1 and any(w.endswith("*") for w in words[:-1]):
        cue = words[0]
    stem = cue.rstrip().endswith("*")
    infix = cue.lstrip().startswith("*")
    body = normalize(cue.replace("*", "")).strip()
    if not body:
        raise ValueError(f"empty cue: {cue!r}")
    key = body if is_cjk(body[0]) or infix else " " + body
    if not (stem or is_cjk(body[-1]) or _is_hangul(body[-1])):
        key += " "
    return key


def phrase_check(cue: str) -> re.Pattern[str] | None:
    """The whole phrase's pattern for a phrase with a stem inside ("encrypt* all").

    It is matched where the phrase's first word starts; None for every other cue.
    """
    words = cue.split()
    if len(words) < 2 or not any(w.endswith("*") for w in words[:-1]):
        return None
    parts = []
    for word in words:
        body = normalize(word.replace("*", "")).strip()
        parts.append(re.escape(body) + (r"\w*" if word.endswith("*") else ""))
    tail = "" if words[-1].endswith("*") else " "
    return re.compile(" " + " ".join(parts) + tail)


class Lexicon:
    """Every language's cues in one automaton; `scan` lists what a text contains."""

    def __init__(self, entries: dict[str, set[_Entry]], languages: tuple[str, ...]) -> None:
        self.languages = languages
        self.size = sum(len(found) for found in entries.values())
        self._automaton: Any = ahocorasick.Automaton()
        for key, found in entries.items():
            plain = tuple(sorted({e.cue for e in found if e.check is None}, key=repr))
            phrases = tuple((e.cue, e.check) for e in found if e.check is not None)
            lead, trail = int(key.startswith(" ")), int(key.endswith(" "))
            self._automaton.add_word(key, (len(key), lead, trail, plain, phrases))
        if entries:
            self._automaton.make_automaton()

    @classmethod
    def load(cls, directory: Path) -> Lexicon:
        """Read every `<lang>.toml` of `directory` (one file per language, plus common.toml).

        Building takes ~0.15 s for ~11k cues; an app (and every test app) built from the same,
        unchanged files shares one read-only lexicon (keyed by paths and modification times).
        """
        paths = sorted(directory.glob("*.toml"))
        stamp = tuple((str(p.resolve()), p.stat().st_mtime_ns) for p in paths)
        return _load(stamp)

    @classmethod
    def _build(cls, paths: list[Path]) -> Lexicon:
        entries: dict[str, set[_Entry]] = {}
        languages: list[str] = []
        for path in paths:
            data = read_toml(path)
            languages.append(path.stem)
            for text, cue in _cues(data, path):
                entries.setdefault(cue_key(text), set()).add(_Entry(cue, phrase_check(text)))
        return cls(entries, tuple(languages))

    def scan(self, norm: str) -> list[Hit]:
        """Every cue occurrence in `norm` (a `normalize`d text), in order of their ends."""
        if not self.size:
            return []
        hits: list[Hit] = []
        for end, (length, lead, trail, plain, phrases) in self._automaton.iter(norm):
            start = end + 1 - length
            hits.extend(Hit(start + lead, end + 1 - trail, cue) for cue in plain)
            for cue, check in phrases:
                found = check.match(norm, start)
                if found is not None:
                    hits.append(Hit(start + lead, found.end() - trail, cue))
        return _structure_acts_dropped(_negated_acts_dropped(hits))


GUARDED = Cue("defensive")
"""What a negated act becomes: "so one failure does not take down the others" prevents it."""


def _negated_acts_dropped(hits: list[Hit]) -> list[Hit]:
    """The hits without the acts a negation says must not happen (see GROUPS: `negation`)."""
    if not any(h.cue.concept in NEGATIONS for h in hits):
        return hits
    before = [h.end for h in hits if h.cue.concept == "negation"]
    after = [h.start for h in hits if h.cue.concept == "negation_after"]

    def negated(act: Hit) -> bool:
        return any(act.start - NEGATION_BEFORE <= end <= act.start for end in before) or any(
            act.end <= start <= act.end + NEGATION_AFTER for start in after
        )

    # a harm that must not happen is what the learner guards against: the act reads as a
    # defensive cue. The negations themselves go: as a feature of the model they stood for
    # evasion ("never detected", "doesn't show up"), not for a reliability question.
    # consent denied ("she did not agree", "不同意") is no consent
    return [
        Hit(h.start, h.end, GUARDED) if h.cue.part == "acts" and negated(h) else h
        for h in hits
        if h.cue.concept not in NEGATIONS and not (h.cue.concept == "consent" and negated(h))
    ]


STRUCTURE_WINDOW = 24
"""Characters between a destructive act and a data structure it works on ("evict the least
recently used item", "가장 오래 안 쓴 항목을 지우는 캐시")."""


def _structure_acts_dropped(hits: list[Hit]) -> list[Hit]:
    """The hits without destructive acts on a program's own data structures (see `structure`).

    An act stays when one of destruction's objects (files, a disk, an account) is as near as
    the structure: "delete the items in her folder" still names her folder.
    """
    structures = [h.start for h in hits if h.cue.concept == "structure"]
    if not structures:
        return hits
    objects = [h.start for h in hits if h.cue.concept == "destructive" and h.cue.part == "objects"]

    def near(act: Hit, starts: list[int]) -> bool:
        return any(abs(start - act.start) <= STRUCTURE_WINDOW for start in starts)

    return [
        h
        for h in hits
        if not (
            h.cue.concept == "destructive"
            and h.cue.part in ("acts", "uses")
            and near(h, structures)
            and not near(h, objects)
        )
    ]


@functools.lru_cache(maxsize=4)
def _load(stamp: tuple[tuple[str, int], ...]) -> Lexicon:
    return Lexicon._build([Path(path) for path, _ in stamp])


def _cues(data: dict[str, Any], path: Path) -> list[tuple[str, Cue]]:
    """(cue text, meaning) pairs of one language file; unknown tables are an error."""
    found: list[tuple[str, Cue]] = []
    for key, value in data.items():
        if key == "language":
            continue
        if key in GROUPS:
            found.extend((word, Cue(key)) for word in value)
        elif key == ARTIFACT:
            found.extend(_parts(value, ARTIFACT, path))
        elif key == ASSETS:
            for name, words in value.items():
                if name not in CAPABILITIES:
                    raise ValueError(f"{path}: unknown capability {name!r} in assets")
                found.extend((word, Cue(name, ASSETS)) for word in words)
        elif key == "capabilities":
            for name, table in value.items():
                if name not in CAPABILITIES:
                    raise ValueError(f"{path}: unknown capability {name!r}")
                found.extend(_parts(table, name, path))
        else:
            raise ValueError(f"{path}: unknown table {key!r}")
    return found


def _parts(table: dict[str, list[str]], concept: str, path: Path) -> list[tuple[str, Cue]]:
    found: list[tuple[str, Cue]] = []
    for part, words in table.items():
        if part not in PARTS:
            raise ValueError(f"{path}: {concept}.{part} is not one of {PARTS}")
        found.extend((word, Cue(concept, part)) for word in words)
    return found
