"""The features of a message the intent rules read: capabilities, targets, framing.

Computed from the lexicon's hits on the normalized text (the cues and their positions); the
rules that decide on them are in bot/mentor/intent/classify.py, whose docstring names each one.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from bot.mentor.intent.lexicon import ARTIFACT, ASSETS, CAPABILITIES, Hit
from bot.mentor.intent.platform import read_platform

PAIR_WINDOW = 80
"""Characters (normalized) between an act and its object for them to count as one action."""

MINE_WINDOW = 30
"""Characters from a possessive (my, our) to the system it owns ("my aiohttp service")."""

OWNER_AFTER = 16
"""Characters after a system word where a person still owns it ("the laptop of my flatmate")."""

CIRCUMVENT_WINDOW = 16
"""Characters after an evasion act ("bypass", "get past") where a defence named is its object."""

BUILD_WINDOW = 120
"""Characters between a build cue and a capability's name for "write a keylogger"."""

VICTIMS_IMPLIED = frozenset({"phishing"})
"""Capabilities whose enactment always has victims who did not agree (the people deceived)."""

EVADING_NEEDS_NO_DEFENCE = True
"""A defensive cue that is no word of the service's own defence ("how do we protect our
login: captcha, lockout ... and not lock out real users") reads a defender, not an evader."""

PERSONAL = frozenset({"surveillance", "credential_theft", "self_propagation"})
"""Capabilities whose objects are someone's data or machines (what he types, saved passwords,
the other PCs), not a generic system word (server, service)."""


@dataclass(slots=True)
class Features:
    """What the lexicon's hits say about a text, read by the rules and the model."""

    named: set[str]
    acted: set[str]
    used: set[str]
    """Capabilities whose neutral acts ("read", "access", "guess") meet their objects."""
    build: bool
    build_named: bool
    """A build cue near a capability's name with no defensive cue between ("write a keylogger")."""
    build_offense: bool
    """A build cue near a tool's name or an act of the offense itself, no defensive cue between
    ("a script that reads her chats"); "a script that detects what spreads on their PCs" asks to
    build the defence, not the offense."""
    artifact: bool
    others: bool
    own: bool
    defensive: bool
    attacker: bool
    victim: bool
    """Someone was harmed ("were stolen", "got hacked", "someone reads my chats"): a victim's
    or a defender's reading of the act named, not a request to commit it."""
    own_tool: bool
    """The learner calls an offensive tool theirs ("my payload is flagged by the antivirus")."""
    assets: set[str]
    """Capabilities whose personal assets are named (webcam, chats, account, admin rights)."""
    objects: set[str]
    """Capabilities whose objects are named at all (what he types, the other PCs)."""
    request: bool
    """The text asks how to do something or for something ("how can I", "I want", "help me")."""
    covert: bool
    """Without the person knowing ("secretly", "without her noticing")."""
    concern: str
    """doxxing | harassment | fake_reviews | '' (see Intent.concern)."""
    measure: bool
    """Measuring a service (a lag probe, a health check, a load test) rather than flooding it."""
    platform_evasion: bool = False
    """Not being caught by a service's protection against abuse while abusing it, the learner
    running no service (bot/mentor/intent/platform.py)."""
    runs_platform: bool = False
    """The learner runs the service or its protection (our platform, I moderate)."""
    protective: bool = False
    """People the learner looks after are named to protect them (my students, my parents),
    not aimed at: they are no one else's systems."""
    fiction: bool = False
    """A story or role-play frame (for a novel, the villain, role-play, hypothetically)."""
    tampering: bool = False
    """A record changed (a grade, a score, stock counts, a price, the audit log's rows)."""
    dodges: bool = False
    """The text says "not caught" by some protection (a ban, a block, a filter): platform.py."""
    harassment: bool = False
    """An act aimed at a person (insult, mock, bully) with someone else named, read as no
    victim's, defender's or protector's account of it: harassment, whatever carries it."""
    consented: bool = False
    """Whose people and data: the recipients agreed or are the learner's own clients, or the
    data is the learner's own (payment reminders to one's clients, a dedupe of one's photos,
    a sister's own exports for her lawyer), and nothing is done unseen, to someone else named,
    past a service's protection, or as an artifact of data that is not the learner's own.
    The rules' allowance then stands (classify.py: `_consented`)."""
    agreed: bool = False
    """Someone named agreed to what is asked ("she agreed herself", "he gave me his password
    and agrees"), said openly: the people named are no one else's systems, and what the
    learner is sent (their grades, her location) is no exfiltration (rules.py, rule 2)."""


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
    """Whether some position of `first` lies within `window` of some position of `second`.

    Two cues starting at the same word are one word read twice ("ログインする" is an act and
    its own object "ログイン"), not an act and its object: they do not pair.
    """
    if not first or not second:
        return False
    ordered = sorted(second)
    for pos in first:
        i = bisect_left(ordered, pos - window)
        while i < len(ordered) and ordered[i] <= pos + window:
            if ordered[i] != pos:
                return True
            i += 1
    return False


def extract_features(hits: list[Hit]) -> Features:
    """The features of a text from its hits (positions decide what is near what)."""
    hits = _own_data_objects_dropped(_course_named_by_others_dropped(hits))
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
    artifacts = _Spans(artifact_spans)
    platform = read_platform(hits)
    # a product named as what is evaded ("Windows Defender", "Защитник") is not a defensive frame,
    # nor is the service's own detection in "without getting detected by Instagram", nor a
    # record kept for checking ("the audit log")
    masks = _Spans(
        [
            *artifact_spans,
            *(platform.spans if platform.evading else ()),
            *(
                (h.start, h.end)
                for h in hits
                if h.cue.concept in ("covert", "records")
                or (h.cue.concept in (ARTIFACT, "evasion") and h.cue.part == "objects")
            ),
        ]
    )
    # where stolen data goes ("to my server") is not the target: own cues inside artifacts drop
    own = any(
        h.cue.concept == "own" and not artifacts.overlaps(h.start, h.end) for h in hits
    ) or _mine(hits, artifacts)
    # what an evasion act is aimed at ("bypass the rate limit", "get past fail2ban") is the
    # defence being circumvented, not a defensive frame
    circumvented = _Spans(
        [
            (h.end, h.end + CIRCUMVENT_WINDOW)
            for h in hits
            if h.cue.concept in (ARTIFACT, "evasion") and h.cue.part == "acts"
        ]
    )
    acts = _longer_acts(hits)
    guards = [
        hit
        for hit in hits
        if hit.cue.concept == "defensive"
        and not masks.overlaps(hit.start, hit.end)
        and not circumvented.overlaps(hit.start, hit.start + 1)
        and not _inside_longer_act(hit, acts)
    ]
    defensive = bool(guards)
    # the service's own words for its defence ("the site's bot detection closes my accounts")
    # are what the learner evades, not the learner defending: only other defensive cues
    # ("how do we protect our login", "as a blue teamer") read a defender of the service
    sanctions = _Spans([(h.start, h.end) for h in hits if h.cue.concept == "sanction"])
    defends_service = any(not sanctions.overlaps(h.start, h.end) for h in guards)
    covert = bool(starts.get(("covert", "")))
    # "explain to my parents how these scams work so they don't fall for them": the people
    # named are looked after, not aimed at; protecting them is the defensive frame
    protective = (
        bool(starts.get(("protects", "")))
        and not covert
        and (defensive or any(starts.get((g, "")) for g in ("victim", "explains")))
    )
    defensive = defensive or protective
    fiction = bool(starts.get(("fiction", "")))
    build_at = starts.get(("build", ""), [])
    name_at = [p for c in CAPABILITIES for p in starts.get((c, "names"), [])]
    guard_at = sorted(h.start for h in hits if h.cue.concept == "defensive")
    act_at = [
        h.start
        for h in hits
        if (h.cue.part == "acts" and h.cue.concept in acted)
        or (h.cue.part == "uses" and h.cue.concept in used)
    ]
    build_offense = _build_named(build_at, name_at + act_at, guard_at)
    # "she agreed herself", "he gave me the password and agrees": the person named agreed to
    # what is asked, openly; they are no victim (review11 U25: a parent reading a son's grades
    # with his password and consent was refused as covert surveillance). Said covertly, or
    # with a deception whose people are always victims (phishing), it changes nothing
    agreed = (
        bool(starts.get(("consent", ""))) and not covert and not ((named | acted) & VICTIMS_IMPLIED)
    )
    others = bool(
        (starts.get(("others", "")) and not (protective or agreed))
        or (starts.get(("people", "")) and not (own or protective or agreed))
        or covert
        or (acted & VICTIMS_IMPLIED and not protective)
        or platform.evading
    )
    # "posts insults about one classmate every minute": an act aimed at someone named; told
    # by the one harassed, a teacher protecting them or a defender, it is no request to do it
    # ("she blocked me; rotate senders so she can't block them": the block dodged is hers, and
    # "she blocked me" or "so she can't block" is no defence of the learner's)
    dodged = _Spans(
        [*platform.spans, *((h.start, h.end) for h in hits if h.cue.concept == "harass")]
    )
    defended = protective or any(not dodged.overlaps(h.start, h.end) for h in guards)
    harassment = bool(
        starts.get(("harass", "")) and others and not (defended or starts.get(("victim", "")))
    )
    # "copy my phone's photos to my server": where one's own data goes ("to my server") is no
    # exfiltration; an artifact is still refused by the rules, this only keeps the model from
    # refusing what they allowed
    own_data = bool(starts.get(("own_data", "")))
    consented = bool(
        (starts.get(("consent", "")) or own_data)
        and not (covert or harassment or platform.evading or (artifact_spans and not own_data))
    )
    return Features(
        named=named,
        acted=acted,
        used=used,
        build=bool(build_at),
        build_named=_build_named(build_at, name_at, guard_at),
        build_offense=build_offense,
        artifact=bool(artifact_spans),
        others=others,
        own=own,
        defensive=defensive,
        # the hacker in a story the learner asks to write is the learner's own request: with
        # someone else named or the act asked for, the frame reads no attacker as the subject
        attacker=bool(starts.get(("attacker", ""))) and not (fiction and (others or build_offense)),
        victim=bool(starts.get(("victim", ""))),
        own_tool=bool(starts.get(("own_tool", ""))),
        assets={c for c in CAPABILITIES if starts.get((c, ASSETS))},
        objects={c for c in CAPABILITIES if starts.get((c, "objects"))},
        request=bool(starts.get(("request", ""))),
        covert=covert,
        measure=bool(starts.get(("measure", ""))),
        concern="doxxing"
        if starts.get(("personal_data", ""))
        else "harassment"
        if harassment
        else "fake_reviews"
        if starts.get(("fake_reviews", ""))
        else "",
        platform_evasion=platform.evading
        and not (EVADING_NEEDS_NO_DEFENCE and defends_service)
        and not _recipients_agreed(starts),
        runs_platform=platform.runs,
        protective=protective,
        fiction=fiction,
        tampering=_near(
            starts.get(("tamper", ""), []), starts.get(("records", ""), []), PAIR_WINDOW
        ),
        dodges=bool(platform.spans),
        harassment=harassment,
        consented=consented,
        agreed=agreed and not harassment,
    )


COURSE_WINDOW = 8
"""Characters between a coursework cue and the school or teacher it names ("학교 과제",
"tarea de la universidad"): that school sets the task, it is not the target."""


def _course_named_by_others_dropped(hits: list[Hit]) -> list[Hit]:
    """The hits without `others` cues that only say where a task comes from (see GROUPS)."""
    course = [(h.start, h.end) for h in hits if h.cue.concept == "coursework"]
    if not course:
        return hits
    return [
        h
        for h in hits
        if not (
            h.cue.concept == "others"
            and any(
                h.start <= end + COURSE_WINDOW and start <= h.end + COURSE_WINDOW
                for start, end in course
            )
        )
    ]


def _recipients_agreed(starts: dict[tuple[str, str], list[int]]) -> bool:
    """The people a mailing reaches agreed to it, and nothing is passed off as someone else.

    "an opt-in newsletter to 1,200 subscribers: how do I keep our domain from being flagged as
    spam" keeps a sender's reputation, not a spammer's cover; rotating proxies, disposable
    numbers or "look human" (`passing`) still read as evading the service.
    """
    return bool(starts.get(("consent", ""))) and not starts.get(("passing", ""))


def _own_data_objects_dropped(hits: list[Hit]) -> list[Hit]:
    """The hits without the objects and people inside the learner's own data (`own_data`).

    "the bank statement" names a bank, "my photos" photos, "her own exports" a person: inside
    the learner's own data (or data its owner handed over) they are no target. A Portuguese
    Decimal billing question read "o extrato do banco" as a bank aimed at. Likewise a school or
    a client named inside the learner's own business or clients (`consent`: "my language
    school's students", "my clients") is nobody else's.
    """
    data = _Spans([(h.start, h.end) for h in hits if h.cue.concept == "own_data"])
    business = _Spans([(h.start, h.end) for h in hits if h.cue.concept == "consent"])
    return [
        h
        for h in hits
        if not (
            (h.cue.concept in ("others", "people") and business.overlaps(h.start, h.end))
            or (
                (
                    h.cue.concept in ("others", "people")
                    or (h.cue.concept in CAPABILITIES and h.cue.part in ("objects", ASSETS))
                )
                and data.overlaps(h.start, h.end)
            )
        )
    ]


def _longer_acts(hits: list[Hit]) -> tuple[list[int], list[tuple[int, int]]]:
    """The spans of capabilities' acts and uses, sorted by start (and their starts)."""
    spans = sorted(
        (h.start, h.end)
        for h in hits
        if h.cue.concept in CAPABILITIES and h.cue.part in ("acts", "uses")
    )
    return [start for start, _ in spans], spans


CONTAINING_LOOKBACK = 4
"""Act spans starting at or before a cue that are checked for containing it."""


def _inside_longer_act(hit: Hit, acts: tuple[list[int], list[tuple[int, int]]]) -> bool:
    """A defensive cue that is part of a longer act or use of a capability is that act.

    "no puedan reservar" (so that they cannot book) is the outcome of a flood, not "so that
    they cannot" of a defence: the longer cue says what the words are.
    """
    starts, spans = acts
    i = bisect_left(starts, hit.start + 1)
    return any(
        start <= hit.start and hit.end <= end and end - start > hit.end - hit.start
        for start, end in spans[max(0, i - CONTAINING_LOOKBACK) : i]
    )


def _mine(hits: list[Hit], artifacts: _Spans) -> bool:
    """A possessive (my, our) followed within MINE_WINDOW by a system word, outside artifacts.

    A person named between the two, or right after the system, makes it theirs: "my landlord's
    app", "my dad's laptop", "na laptopa taty".
    """
    mine = [h for h in hits if h.cue.concept == "mine" and not artifacts.overlaps(h.start, h.end)]
    systems = sorted(h.start for h in hits if h.cue.concept == "system")
    people = sorted(h.start for h in hits if h.cue.concept == "others")
    for hit in mine:
        i = bisect_left(systems, hit.end)
        if i == len(systems) or systems[i] - hit.end > MINE_WINDOW:
            continue
        j = bisect_left(people, hit.start)
        if j == len(people) or people[j] > systems[i] + OWNER_AFTER:
            return True
    return False


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
            if name == pos:  # "malware" names a tool; it does not ask to build one
                continue
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
