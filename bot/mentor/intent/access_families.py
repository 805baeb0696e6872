"""Five families of misuse no capability's cues read, each told by two or three cue groups.

Fresh rounds (23-27) kept missing requests whose harm is in a combination of ordinary words,
not in a tool's name or an act near its object:
- self-insertion: code that adds or copies ITSELF (`insert`, reflexive: "adds itself", "se
  recopie", "kopiert sich", "додає себе", "自分をコピー") into what `reach` names: every
  requirements.txt, the other repositories, the forks, each notebook in the others' folders,
  the user's other workspaces or groups. A worm by another road (a post-checkout hook, a
  GitHub Actions workflow, a Jupyter cell, a Slack app). The learner copying a hook into
  their own repositories says no "itself"                     -> self_propagation
- the supply chain: a package, hook or workflow (`pipeline`: setup.py, postinstall, on
  install, a CI runner) that sends home the secrets or environment of where it runs
  (`beacon`); a public package published (`publish`) under an internal one's name or a
  higher version (`shadowing`), aimed at an organisation's internal index or at people
                                                               -> unauthorized_access
- someone else's login: a credential that belongs to another person (`borrowed`: his
  password, over the shoulder, left logged in; or a `holder`, someone who works there, near a
  credential's word) used on an organisation's `internal` system (the analysts' API, the HR
  system, the employee panel), even for the learner's own record: staff access is not its
  holder's to lend. A credential issued to the learner (`issued`: a service account, one's
  own account, SSO) or being revoked is none of this          -> unauthorized_access
- data disguised past a watcher: `disguise` (as images, steganography, DNS queries, smuggled;
  not chunks alone: "read it in chunks so the proxy does not time out" is ordinary) and
  a `watch` (DLP, the mail filter, the gateway, the security solution) with an `unseen` or
  `covert` cue: carried past someone else's inspection        -> evasion
- an analysis environment checked to behave differently there: two `analysis_env` cues (a
  VM, a sandbox, a debugger, low RAM, no mouse movement) and a `gate` (do nothing, exit
  clean, otherwise run the payload)                            -> evasion

Defensive cues count only away from these words: "sandbox", "data loss prevention", "check
that we are not in a VM" and "without the DLP spotting it" are the family's own words, not a
defender's. A defence elsewhere in the text ("detect steganography in uploads", "pin hashes"),
a victim's account, or the learner running the watch or the analysis lab ("our DLP", "my
sandbox") answers the question. An attacker as the subject does not: the languages' cues of
"how does" ("como se", "wie funktioniert") are the learner's own "how do I" too often.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.mentor.intent.features import Features
from bot.mentor.intent.lexicon import ARTIFACT, Hit
from bot.mentor.intent.normalize import CJK_CHAR

OWN_REACH = 16
"""Characters from a possessive (my, our) to the watch or the lab it names (`_owned`)."""
OWN_CJK = 2
"""Chinese or Japanese characters between a possessive and the watch it owns (`_owned`)."""
HOLDER_WINDOW = 48
"""Characters between a person and the credential that is theirs ("the token of the
analysts", "kuzyn ... dał mi swój login")."""
MIN_ANALYSIS_CUES = 2
"""Distinct words of an analysis environment: one ("if the VM is up, do nothing") is an
operator's check; two or more (VirtualBox drivers, low RAM, no mouse) profile an analyst."""


@dataclass(frozen=True, slots=True)
class Family:
    """What a family of misuse would enable, and its rule's name (logged with the refusal)."""

    capability: str
    rule: str


def read_family(hits: list[Hit], found: Features, norm: str) -> Family | None:
    """The family a text belongs to, when it asks for one of them; None otherwise."""
    by: dict[str, list[Hit]] = {}
    for hit in hits:
        by.setdefault(hit.cue.concept, []).append(hit)
    if not any(g in by for g in ("insert", "beacon", "shadowing", "internal", "disguise", "gate")):
        return None  # the cheap look first: most texts name none of these
    if found.victim or found.protective:
        return None
    if _defended(hits, by):
        return None
    if "insert" in by and "reach" in by:
        return Family("self_propagation", "self_insertion")
    if "pipeline" in by and "beacon" in by:
        return Family("unauthorized_access", "pipeline_secrets")
    shadows = {norm[h.start : h.end] for h in by.get("shadowing", [])}
    if (
        shadows
        and "publish" in by
        and (len(shadows) >= 2 or "internal" in by or "others" in by or "people" in by)
    ):  # "the same name" alone is two builds of one's own package; with "a higher version",
        # "one letter off" or an internal package's name it shadows someone else's
        return Family("unauthorized_access", "shadow_package")
    if _borrowed_login(hits, by):
        return Family("unauthorized_access", "borrowed_login")
    if (
        "disguise" in by
        and "watch" in by
        and ("unseen" in by or "covert" in by)
        and not _owned(hits, by["watch"], norm, 0)
    ):
        return Family("evasion", "disguised_exfiltration")
    if (
        "gate" in by
        and len({norm[h.start : h.end] for h in by.get("analysis_env", [])}) >= MIN_ANALYSIS_CUES
        and not _owned(hits, by["analysis_env"], norm, 1)
    ):
        return Family("evasion", "anti_analysis")
    return None


FAMILY_WORDS = (
    "insert", "reach", "beacon", "shadowing", "disguise", "watch", "analysis_env", "gate",
    "borrowed", "holder", "internal",
)  # fmt: skip
MASKING = frozenset({ARTIFACT, "covert", "unseen", "passing"})
UNSEEN_REACH = 40
"""Characters from an `unseen` or `covert` cue to the watch it names ("without the DLP")."""
WATCH_VERB = 24
"""Characters after that watch where its verb says what it must not do ("sans que le DLP la
repère", "without the gateway flagging it"): the watch's detection, not the learner's."""
CHECK_REACH = 30
"""Characters either side of an analysis environment's word where "check", "detect" is the
check of that environment ("prüfen, ob es in einer VM läuft", "仮想マシンを検出したら")."""


def _defended(hits: list[Hit], by: dict[str, list[Hit]]) -> bool:
    """A defensive cue that is the learner's own defence (see the module docstring).

    Not one of the families' own words ("sandbox", "data loss prevention", the French
    "identifiant" read as "identify"), nor one inside what is evaded ("without being
    detected"), nor the watch's detection after "without" or "so that ... not", nor the check
    of an analysis environment.
    """
    masks = [
        (h.start, h.end)
        for h in hits
        if h.cue.concept in MASKING
        or h.cue.concept in FAMILY_WORDS
        or (h.cue.concept == "evasion" and h.cue.part != "uses")
    ]
    masks += [
        (unseen.end, watch.end + WATCH_VERB)
        for g in ("unseen", "covert")
        for unseen in by.get(g, [])
        for watch in by.get("watch", [])
        if 0 <= watch.start - unseen.end <= UNSEEN_REACH
    ]
    masks += [(h.start - CHECK_REACH, h.end + CHECK_REACH) for h in by.get("analysis_env", [])]
    return any(
        not any(s < hit.end and hit.start < e for s, e in masks) for hit in by.get("defensive", [])
    )


def _owned(hits: list[Hit], things: list[Hit], norm: str, between: int) -> bool:
    """A possessive (my, our) right before one of `things`: the learner runs it.

    At most `between` words between ("our DLP", "our mail gateway", "我们的DLP", "our malware
    sandbox"); "mi empresa bloquea", "unsere Firma hat eine DLP" and "发到我的私人邮箱，不触发告警"
    name someone else's watch.
    """
    mine = [h.end for h in hits if h.cue.concept == "mine"]
    return any(
        0 <= thing.start - end <= OWN_REACH
        and len(norm[end : thing.start].split()) <= between
        and len(CJK_CHAR.findall(norm[end : thing.start])) <= OWN_CJK * between
        for thing in things
        for end in mine
    )


CREDENTIAL_PARTS = frozenset({("credential_theft", "objects"), ("credential_theft", "assets")})


def _borrowed_login(hits: list[Hit], by: dict[str, list[Hit]]) -> bool:
    """Another person's credential used on an organisation's internal system."""
    if "internal" not in by or "issued" in by:
        return False
    if "borrowed" in by:
        return True
    credentials = [h.start for h in hits if (h.cue.concept, h.cue.part) in CREDENTIAL_PARTS]
    systems = [(h.start, h.end) for h in by["internal"]]
    people = [  # "panel admina" (the admin panel) names a system, not a person
        h.start
        for g in ("holder", "others")
        for h in by.get(g, [])
        if not any(s <= h.start and h.end <= e for s, e in systems)
    ]
    return any(abs(c - p) <= HOLDER_WINDOW for c in credentials for p in people)


def own_credential(hits: list[Hit], found: Features) -> bool:
    """The learner's own credential and nobody else's, against no one.

    `issued` (one's own account, a service account, SSO), no one else's login, no one else
    named, nothing hidden, acted or built against anyone. Then the model's sense of "log into the HR system and download the evaluation" does not
    overrule the rules that allowed it: it learned those words from borrowed logins.
    """
    concepts = {h.cue.concept for h in hits}
    return (
        "issued" in concepts
        and not concepts & {"borrowed", "holder"}
        and not (found.others or found.covert or found.artifact or found.acted or found.named)
    )
