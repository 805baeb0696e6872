"""Harmful prose: operational attack steps, judged per paragraph with per-language cues.

A paragraph is a recipe when it holds an attack command (hydra, hping3 floods, wevtutil cl...),
a step harmful on its own (evading rate limits or detection, planting a program on someone
else's machine so it survives reboots or is not noticed), or OPERATIONAL_STEPS list lines with
attack cues (English built in; every other language's cues in the `guardsout_cues` and
`guardsout_alone` tables of config/i18n/guardsout/<lang>.toml). The rule only grows with the lines it sees, and a
recipe loses only its suspicious lines, so the streaming gate, which holds each suspicious
line until its paragraph is complete and judged, never shows what the final check removes.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from bot.mentor.guards.cue_groups import CueGroups
from bot.mentor.guards.detection import BUILT_IN, NAMED_HARMS, DetectionCues
from bot.mentor.guards.harm_code import COMMANDS, HARMS
from bot.mentor.guards.harm_decoded import inline_harms
from bot.mentor.guards.harm_foreign import scan_foreign
from bot.mentor.guards.lookalikes import NO_LOOKALIKES, Lookalikes
from bot.mentor.guards.recipe_targets import targets_someone
from bot.mentor.guards.secrets import SecretScrub
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.control_chars import conceals
from bot.text.prefilter import PatternIndex

_STEP_LINE = re.compile(r"^\s*(?:\d{1,2}[.)]\s+|\d{1,2}[、．]\s*|[-*•]\s+|・\s*|\[[ x]\]\s+)")
_OPERATIONAL_CUES: dict[str, re.Pattern[str]] = {
    "credential_attack": re.compile(
        r"(?:for (?:each|every)|loop (?:over|through)|iterate (?:over|through)|"
        r"try (?:each|every|all)|rotate through)\s+(?:\w+\s+){0,3}"
        r"(?:passwords?|credentials?|usernames?|combos?|wordlist|guess(?:es)?)|"
        r"until (?:you get in|(?:the )?login succeeds|it succeeds|one works)|"
        r"(?:load|download|grab) (?:the |a )?(?:rockyou|wordlist|password list|combo list)|"
        r"spray (?:the )?passwords?|avoid (?:the )?(?:lockout|rate limit)s? by|"
        r"(?:leaked|stolen|dumped|breached) (?:emails?|usernames?|logins?|credentials|combos?|"
        r"(?:email|username)s? and passwords?)|try (?:each|every) (?:pair|combo|combination|login)|"
        # someone else's account entered, and its owner kept from knowing (hostile12)
        r"(?:sign|log) ?in(?:to)?\b[^\n]{0,60}\b(?:with|using) (?:her|his|their) "
        r"(?:apple id|account|password|credentials|login|e-?mail|phone|number|code)|"
        r"(?:turn off|disable|delete|dismiss|hide|mute) (?:the |any |all )?(?:[\w-]+ ){0,2}"
        r"(?:alerts?|notifications?|warnings?|e-?mails?)[^.\n]{0,40}\bso (?:she|he|they|the "
        r"(?:owner|user))\b[^.\n]{0,20}(?:not|n't|never)\b",
        re.I,
    ),
    "keylogger": re.compile(
        r"(?:record|capture|log|send) (?:every|all|each|the)? ?(?:keystrokes?|key ?press(?:es)?)|"
        r"run (?:it )?(?:hidden|invisibly) (?:on|in) (?:the|their|your colleague)|"
        r"hide the (?:window|console)|hook (?:the|their) keyboard|"
        r"(?:every|each|whatever|all|any) (?:key|character|letter|thing|word)s? (?:the user|they|"
        r"he|she|your \w+|their \w+|people|someone) (?:types?|press(?:es)?|enters?)|"
        r"(?:mail|e-?mail|send|upload|forward) (?:that|the|this) (?:file|log) to (?:yourself|your)",
        re.I,
    ),
    "anti_forensics": re.compile(
        r"(?:clear|wipe|delete|erase|truncate) (?:the |all |their )?(?:logs?|event logs?|"
        r"(?:bash |shell )?history|audit trail)|"
        r"(?:rename|disguise|hide) (?:the |your )?process|hide (?:it )?from (?:ps|top|task manager)",
        re.I,
    ),
    "self_propagation": re.compile(
        r"cop(?:y|ies) itself|spread(?:s)? (?:itself |it )?to|every host (?:on|in) the subnet|"
        r"(?:infect|reach) (?:other|new|every) (?:hosts?|machines?|drives?)|"
        r"scan (?:the |their |an? )?(?:office |local |company |school |university )?"
        r"(?:subnet|network) for|(?:copy|drop|push|spread) (?:the |your )?(?:program|binary|"
        r"script|payload|worm|file) (?:on|onto|to) (?:every|each|all) (?:shares?|hosts?|"
        r"machines?|computers?|drives?)",
        re.I,
    ),
    "ransomware": re.compile(
        r"encrypt (?:all|every|each) (?:the )?(?:files?|documents?)|"
        r"(?:send|upload|exfiltrate) the (?:encryption )?key|ransom note|demand (?:a )?payment|"
        r"(?:ask|asking|demand\w*) for (?:a )?(?:bitcoin|btc|monero|crypto|payment|ransom)",
        re.I,
    ),
    "packet_flood": re.compile(
        r"spoof(?:ed)? (?:the )?source|random source (?:ip|address)|"
        r"flood (?:the |their )?(?:target|server|host)|as many packets as|"
        r"send (?:syn|junk|spoofed|garbage|malformed) (?:packets|traffic|requests)\b.{0,60}"
        r"\b(?:to|at) (?:their|the (?:target|victim|rival))|"
        r"(?:from|on) (?:\d+|many|multiple|several|hundreds of|thousands of) (?:machines|hosts|"
        r"bots|vps\w*|devices)(?=.{0,80}\b(?:their|target|victim|rival|someone)\b)|"
        r"(?:drops?|kicks?|knocks? (?:out|off)|locks? out|denies) (?:the |all |other )?"
        r"(?:real|legitimate|actual) (?:players|users|customers|clients|visitors)|"
        r"(?:so|until) (?:their|the (?:target|victim|rival)'?s?) "
        r"(?:\w+ )?(?:server|site|service|host) (?:drops|goes down|crashes|stops responding|"
        r"falls over|is offline)",
        re.I,
    ),
    "phishing": re.compile(
        r"(?:clone|copy|mirror|replicate) (?:the |their )?(?:login|sign-?in) page|"
        r"harvest(?:ed)? (?:the )?credentials|(?:save|store|log|capture|keep) (?:whatever|what|"
        r"everything|anything) (?:people|users|victims|they|visitors) (?:type|enter)|"
        r"forward (?:it|them|the \w+) to your (?:mailbox|e-?mail|inbox|server)|"
        r"(?:post|send|forward) (?:the )?(?:captured |entered )?(?:passwords?|credentials) to",
        re.I,
    ),
    # hostile12: what a program's comments or docstring tell it to take from someone
    "data_exfiltration": re.compile(
        r"(?:copy|steal|grab|dump|export|decrypt|collect)\b[^\n]{0,80}\b(?:every |all |the )?"
        r"(?:saved|stored) (?:passwords?|logins?|credentials|cookies)|"
        r"\bfrom (?:the )?(?:victim|target)(?:'s)? (?:pc|computer|machine|laptop|phone|account)|"
        r"(?:post|send|upload|forward) (?:the |every |all )?(?:plaintext |stolen |saved |copied )?"
        r"(?:logins?|passwords?|credentials|cookies|files?) to (?:your|my|the attacker'?s?) "
        r"(?:own )?(?:server|host|inbox|machine|drop)|"
        r"\bso (?:nobody|no one|the (?:owner|user|victim)) (?:ever )?(?:notices|sees|finds out|knows)",
        re.I,
    ),
    "covert_capture": re.compile(
        r"(?:install|put|sideload|hide) (?:it |this |the app )?on (?:your |her |his |their )?"
        r"(?:girlfriend|boyfriend|wife|husband|partner|ex|roommate|flatmate|colleague|boss)"
        r"(?:'s)? (?:phone|laptop|computer|iphone|mac)|"
        r"(?:forward|send|upload) (?:every|all|each) (?:sms|messages?|texts?|calls?|photos?)\b|"
        r"hide the (?:launcher |app |tray )?icon|"
        r"(?:her|his|their) (?:gps |live )?(?:position|location) to (?:your|my)",
        re.I,
    ),
}
_LEAD = re.compile(r"^\s*(?:\d{1,2}[.)、．]\s*|[-*•>]\s+|・\s*|\[[ x]\]\s+)?(?:\*\*|__)?\s*")
_ALONE_CUES: dict[str, re.Pattern[str]] = {
    # Imperative steps (the line starts with the verb): teaching that DESCRIBES what
    # attackers do ("Attackers rotate proxies to dodge per-IP limits") stays.
    "detection_evasion": re.compile(
        r"^(?:then |now |next |also |and |finally )?(?:you (?:can|should|must) )?"
        r"(?:rotate|cycle|switch|change|spread|distribute|randomi[sz]e|use|route|send|swap|try|"
        r"run|launch|fire|attempt|hit)\b"
        r".{0,80}\b(?:prox(?:y|ies)|ips?\b|ip address|user[- ]agents?|tor\b|vpns?\b|residential)"
        r".{0,160}(?:(?:avoid|evade|bypass|get around|dodge|circumvent|stay under|slip past)\b"
        r".{0,40}(?:rate[- ]?limit|lock ?out|bans?\b|block|detect|waf\b|captcha|limiter|"
        r"firewall|notic|flag|throttl)|never (?:sees?|notices?|triggers?|flags?|blocks?)\b|"
        r"(?:not|n't|never) (?:get |be )?(?:blocked|banned|detected|flagged|noticed|locked|"
        r"rate[- ]limited|throttled)|under the (?:radar|threshold))|"
        r"^(?:bypass|evade|get around|slip past|defeat|dodge|circumvent)\b.{0,40}"
        r"(?:rate[- ]?limit|lock ?out|ban\b|waf\b|captcha|detection|limiter|ids\b|antivirus|edr\b)",
        re.I,
    ),
    "covert_persistence": re.compile(
        r"^(?:then |now |next |also |finally |and )?"
        r"(?:copy|drop|place|put|install|add|move|register|schedule|plant|hide)\b"
        r"(?=.{0,200}(?:startup|autostart|autorun|run key|crontab|cron job|scheduled task|"
        r"launch ?agent|launch ?daemon|systemd|rc\.local|login items|boot))"
        r"(?=.{0,200}(?:target|victim|colleague|someone|their |his |her |remote |"
        r"other (?:machine|computer|pc|host)|(?:public|shared|library|school|lab|office)(?:'s)? "
        r"(?:\w+ )?(?:pcs?|computers?|machines?|laptops?)))|"
        r"^(?:then |now |next |also |finally |and )?(?:name|rename|call|disguise|camouflage)\b"
        r".{0,120}(?:so (?:that )?(?:it|nobody|no one|the (?:user|victim|owner|admin)) "
        r"(?:is not|isn't|won't|will not|doesn't|does not|never|cannot|can't)\b|to look like|"
        r"to blend|svchost|lsass|csrss|winlogon|explorer\.exe|dllhost|rundll32|kworker)|"
        r"^(?:then |now |next |also |finally |and )?(?:hide|conceal|mark)\b.{0,60}"
        r"(?:window|console|process|file|folder|icon|tray|hidden)\b.{0,80}"
        r"(?:so (?:that )?(?:the (?:user|victim|owner|admin|target)|they|nobody|no one|"
        r"your (?:colleague|roommate|partner|boss))|from (?:the (?:user|victim|owner|target)|"
        r"task manager|ps\b|top\b))",
        re.I,
    ),
}
"""Steps that are operational on their own, on any line: evading rate limits and detection,
planting a program on someone else's machine so it survives reboots or is not noticed."""
_ARTIFACT = re.compile(r"`[^`\n]*\s[^`\n]*`|\bhttps?://|\b\d{1,3}(?:\.\d{1,3}){3}\b")
"""A concrete thing to run or hit: an inline command with arguments, a URL, an IPv4 address."""


def operational_step(line: str) -> bool:
    """A list item carrying a command, URL or address: in a recipe paragraph it is a step.

    A recipe that names the attack tool on one line ("2. spray with hydra") tells the rest
    with ordinary tools ("1. enumerate the accounts: `curl ...`", "3. export the orders:
    `curl ...`"): those lines go with it. Alone, or in teaching, such a line stays.
    """
    return bool(_STEP_LINE.match(line)) and bool(_ARTIFACT.search(line))


ALONE_HARMS = frozenset({"secret_solicitation"})
"""Harms one line commits on its own wherever its cues come from (config/guards/prose too):
the mentor asking the learner to paste their key or password here needs no second step."""
OPERATIONAL_STEPS = 2
"""Step lines with attack cues in one paragraph that make it an operational recipe."""
PROSE_SLACK = 1
"""Cue matches a prose (not list) line may hold before they count as steps: teaching that
describes an attack names a cue or two ("attackers try a password list until one works");
a recipe told as a story, or wrapped in a refusal, names three or more."""
LINE_MEMO = 4096
"""Lines whose verdict a rule remembers (a few drafts' worth; a verdict is a pure function)."""


def _compile(
    built_in: dict[str, re.Pattern[str]], extra: dict[str, list[str]] | None
) -> dict[str, _AnyOf]:
    merged: dict[str, list[str]] = {h: [p.pattern] for h, p in built_in.items()}
    for harm, patterns in (extra or {}).items():
        if harm in HARMS:
            merged.setdefault(harm, []).extend(patterns)
    # Lowercase patterns on lowercased lines: about 3x faster than re.I on unicode.
    # (The cues use no uppercase escapes such as \S or \W, so lowering is safe.) Each cue is
    # compiled on its own: one alternation of a harm's ~30 cues in 14 languages defeats the
    # engine's literal-prefix scan and cost ~1.4 ms a line; separately they cost ~0.4 ms.
    return {h: _AnyOf(tuple(re.compile(p.lower()) for p in ps)) for h, ps in merged.items()}


class _AnyOf:
    """Several patterns searched one by one; the first match answers.

    Only the patterns whose required literals occur in the text are searched (the others
    cannot match; bot/text/prefilter.py): x0.41 a line (bench/bench_prose_rule.py), same answers.
    """

    __slots__ = ("index", "patterns")

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.patterns = patterns
        self.index = PatternIndex(patterns)

    def search(self, text: str) -> bool:
        """True when any pattern occurs in `text`."""
        return self.index.search(text)

    def count(self, text: str) -> int:
        """Places in `text` where a pattern occurs (each a step it tells).

        Overlapping matches of several patterns (a phrase in two languages' cues) are one.
        """
        spans = sorted(
            (m.start(), m.end()) for p in self.index.candidates(text) for m in p.finditer(text)
        )
        count, reached = 0, -1
        for start, end in spans:
            if start >= reached:
                count += 1
            reached = max(reached, end)
        return count


class ProseRule:
    """The prose rule: built-in English cues plus every language's (config/i18n/guardsout).

    Judges single lines (the streaming gate holds suspicious ones) and whole paragraphs.
    """

    def __init__(
        self,
        extra: dict[str, list[str]] | None = None,
        alone: dict[str, list[str]] | None = None,
        secrets: SecretScrub | None = None,
        detection: DetectionCues | None = None,
        lookalikes: Lookalikes | None = None,
    ) -> None:
        self.secrets = secrets or SecretScrub()
        self.lookalikes = lookalikes or NO_LOOKALIKES
        """Links to hosts that imitate known sites (pypi-org.com): a line holding one goes."""
        self.detection = detection or BUILT_IN
        """A defender's text naming an anti-forensic command to catch it (guards/detection)."""
        """The bot's own credentials and live-looking keys: a line holding one is held while
        streaming (the final check redacts it, see DraftGuards)."""
        steps = {h: ps for h, ps in (extra or {}).items() if h not in ALONE_HARMS}
        own = {h: ps for h, ps in (extra or {}).items() if h in ALONE_HARMS}
        for harm, patterns in (alone or {}).items():
            own.setdefault(harm, []).extend(patterns)
        self.cues = _compile(_OPERATIONAL_CUES, steps)
        self.alone = _compile(_ALONE_CUES, own)
        self._cue_groups = CueGroups({h: p.patterns for h, p in self.cues.items()})
        self._alone_groups = CueGroups({h: p.patterns for h, p in self.alone.items()})
        """Every harm's cues filed together: a new line's literals are read once, not once per
        harm (`cue_groups`; the same harms as asking each harm's `_AnyOf`)."""
        self._seen: OrderedDict[str, tuple[frozenset[str], frozenset[str], int]] = OrderedDict()
        """Recent lines' verdicts: the streaming gate re-reads every line of a growing draft at
        each chunk, and the final check reads them once more (~0.4 ms a line uncached)."""

    @classmethod
    def from_catalog(
        cls,
        languages: dict[str, dict[str, object]],
        plain: dict[str, list[str]] | None = None,
        secrets: SecretScrub | None = None,
        detection: DetectionCues | None = None,
        *,
        lookalikes: Lookalikes | None = None,
    ) -> ProseRule:
        """Cues from every language's `[guardsout_cues]` table (harm -> list of regexes).

        `plain`: more step cues (see `plain_cues`), attack steps told without attack words.
        """
        tables: dict[str, dict[str, list[str]]] = {"guardsout_cues": {}, "guardsout_alone": {}}
        for harm, patterns in (plain or {}).items():
            tables["guardsout_cues"].setdefault(harm, []).extend(patterns)
        for data in languages.values():
            for name, extra in tables.items():
                table = data.get(name)
                if not isinstance(table, dict):
                    continue
                for harm, patterns in table.items():
                    if isinstance(patterns, list):
                        extra.setdefault(str(harm), []).extend(str(p) for p in patterns)
        return cls(
            tables["guardsout_cues"], tables["guardsout_alone"], secrets, detection, lookalikes
        )

    def with_secrets(self, values: Iterable[str]) -> ProseRule:
        """The rule holding `values` (the learner's own secrets) too, for one turn's preview."""
        scrub = self.secrets.with_values(values)
        if scrub is self.secrets:
            return self
        clone = copy.copy(self)
        clone.secrets = scrub
        clone._seen = OrderedDict()  # verdicts depend on the secrets
        return clone

    def line_harms(self, line: str) -> tuple[frozenset[str], frozenset[str], int]:
        """(harms the line gives on its own, harms of its step cues, steps it tells).

        On its own: an attack command, or a step that evades detection or plants a program
        on someone else's machine (`guardsout_alone`). Steps: a list line with cues is one;
        a prose line tells as many as it holds cue matches (a recipe told as a story, or
        wrapped in a refusal, is still a recipe).
        """
        known = self._seen.get(line)
        if known is not None:
            self._seen.move_to_end(line)
            return known
        found = self._line_harms(line)
        self._seen[line] = found
        if len(self._seen) > LINE_MEMO:
            self._seen.popitem(last=False)
        return found

    def _line_harms(self, line: str) -> tuple[frozenset[str], frozenset[str], int]:
        low = line.lower()
        bare = _LEAD.sub("", low, count=1)
        commands = (
            frozenset(h for h, p in COMMANDS if p.search(line))
            | self._alone_groups.matching(bare)
            | inline_harms(line)
            | scan_foreign(line)
            | (frozenset({"detection_evasion"}) if conceals(line) else frozenset())
            | (frozenset({"secret_disclosure"}) if self.secrets.find(line) else frozenset())
            | (frozenset({"lookalike_domain"}) if self.lookalikes.find(line) else frozenset())
        )
        cues = self._cue_groups.matching(low)
        if not cues or _STEP_LINE.match(line):
            return commands, cues, int(bool(cues))
        told = sum(self.cues[h].count(low) for h in cues)
        return commands, cues, max(0, told - PROSE_SLACK)

    def suspicious(self, line: str) -> bool:
        """A line that may be removed once its paragraph is complete: hold it until then."""
        commands, cues, _ = self.line_harms(line)
        return bool(commands or cues) or operational_step(line) or targets_someone(line)

    def suspicious_in(self, paragraph: str) -> bool:
        """Some line of `paragraph` may be removed (held while streaming)."""
        return any(self.suspicious(line) for line in paragraph.splitlines())

    def scan(self, paragraph: str) -> frozenset[str]:
        """Harms a prose paragraph gives operational instructions for.

        A paragraph is a recipe when it holds an attack command or OPERATIONAL_STEPS step
        lines with attack cues. Monotone in the paragraph's lines (more lines never clear
        it), which is what lets the streaming gate judge growing text and never show what
        the final check removes.
        """
        found: set[str] = set()
        steps: set[str] = set()
        count = 0
        turned: bool | None = None  # a refusal's turn to "here is how anyway" (read lazily)
        for line in paragraph.splitlines():
            commands, cues, told = self.line_harms(line)
            if cues and not _STEP_LINE.match(line):
                if turned is None:
                    turned = _pivot().search(paragraph.lower()) is not None
                if turned:  # after the turn every cue is a step: no slack for teaching
                    low = line.lower()
                    told = sum(self.cues[h].count(low) for h in cues)
            if commands & NAMED_HARMS and self.detection.named_in(paragraph, line):
                commands -= NAMED_HARMS  # a detection rule or timeline names it: teaching
            found.update(commands)
            steps.update(cues)
            count += told
        if count >= OPERATIONAL_STEPS:
            found.update(steps)
        return frozenset(found)

    def flags(self, paragraph: str) -> bool:
        """The final check removes lines of this paragraph."""
        return bool(self.scan(paragraph))

    def strip(self, paragraph: str) -> str:
        """A recipe paragraph without its suspicious lines (the teaching lines around stay)."""
        return "\n".join(ln for ln in paragraph.splitlines() if not self.suspicious(ln)).strip()


def plain_cues(config_dir: Path) -> dict[str, list[str]]:
    """Step cues in plain words, every language (config/guards/prose/<lang>.toml `[cues]`).

    "Try them one after another until one opens the account", "make it start hidden when
    the computer turns on and send you everything he types", "email the employees a link
    to a page that looks like the login page": recipes that name no tool.
    """
    cues: dict[str, list[str]] = {}
    for path in sorted((config_dir / "guards" / "prose").glob("*.toml")):
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("cues", {})
        for harm, patterns in table.items():
            if harm in HARMS and isinstance(patterns, list):
                cues.setdefault(harm, []).extend(str(p) for p in patterns)
    return cues


PIVOTS = Path("guards") / "pivots.toml"
"""Under the config directory: a refusal's turn to "here is how anyway" (14 languages)."""


@lru_cache(maxsize=1)
def _pivot() -> re.Pattern[str]:
    """The turns of config/guards/pivots.toml (a pattern that never matches without it)."""
    path = DEFAULT_CONFIG_DIR / PIVOTS
    phrases = tomllib.loads(path.read_text("utf-8")).get("phrases", []) if path.exists() else []
    return re.compile("|".join(f"(?:{p})" for p in phrases) or r"(?!)")


ENGLISH = ProseRule()
"""The built-in rule (English cues and attack commands only)."""


def suspicious_line(line: str) -> bool:
    """A line the English rule could remove: an attack command or an operational step."""
    return ENGLISH.suspicious(line)


def scan_prose(paragraph: str) -> frozenset[str]:
    """Harms a paragraph gives operational instructions for, by the English rule."""
    return ENGLISH.scan(paragraph)
