"""Harmful prose: operational attack steps, judged per paragraph with per-language cues.

A paragraph is a recipe when it holds an attack command (hydra, hping3 floods, wevtutil cl...)
or OPERATIONAL_STEPS list lines with attack cues (English built in; every other language's
cues in config/i18n/guardsout/<lang>.toml). The rule only grows with the lines it sees, and a
recipe loses only its suspicious lines, so the streaming gate, which holds each suspicious
line until its paragraph is complete and judged, never shows what the final check removes.
"""

from __future__ import annotations

import re

from bot.mentor.guards.harm_code import COMMANDS, HARMS

_STEP_LINE = re.compile(r"^\s*(?:\d{1,2}[.)]\s+|\d{1,2}[、．]\s*|[-*•]\s+|・\s*|\[[ x]\]\s+)")
_OPERATIONAL_CUES: dict[str, re.Pattern[str]] = {
    "credential_attack": re.compile(
        r"(?:for (?:each|every)|loop (?:over|through)|iterate (?:over|through)|"
        r"try (?:each|every|all)|rotate through)\s+(?:\w+\s+){0,3}"
        r"(?:passwords?|credentials?|usernames?|combos?|wordlist|guess(?:es)?)|"
        r"until (?:you get in|(?:the )?login succeeds|it succeeds|one works)|"
        r"(?:load|download|grab) (?:the |a )?(?:rockyou|wordlist|password list|combo list)|"
        r"spray (?:the )?passwords?|avoid (?:the )?(?:lockout|rate limit)s? by",
        re.I,
    ),
    "keylogger": re.compile(
        r"(?:record|capture|log|send) (?:every|all|each|the)? ?(?:keystrokes?|key ?press(?:es)?)|"
        r"run (?:it )?(?:hidden|invisibly) (?:on|in) (?:the|their|your colleague)|"
        r"hide the (?:window|console)",
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
        r"(?:infect|reach) (?:other|new|every) (?:hosts?|machines?|drives?)",
        re.I,
    ),
    "ransomware": re.compile(
        r"encrypt (?:all|every|each) (?:the )?(?:files?|documents?)|"
        r"(?:send|upload|exfiltrate) the (?:encryption )?key|ransom note|demand (?:a )?payment",
        re.I,
    ),
    "packet_flood": re.compile(
        r"spoof(?:ed)? (?:the )?source|random source (?:ip|address)|"
        r"flood (?:the |their )?(?:target|server|host)|as many packets as",
        re.I,
    ),
    "phishing": re.compile(
        r"clone (?:the |their )?(?:login|sign-?in) page|harvest(?:ed)? (?:the )?credentials|"
        r"(?:post|send|forward) (?:the )?(?:captured |entered )?(?:passwords?|credentials) to",
        re.I,
    ),
}
OPERATIONAL_STEPS = 2
"""Step lines with attack cues in one paragraph that make it an operational recipe."""


class ProseRule:
    """The prose rule: built-in English cues plus every language's (config/i18n/guardsout).

    Judges single lines (the streaming gate holds suspicious ones) and whole paragraphs.
    """

    def __init__(self, extra: dict[str, list[str]] | None = None) -> None:
        merged: dict[str, list[str]] = {h: [p.pattern] for h, p in _OPERATIONAL_CUES.items()}
        for harm, patterns in (extra or {}).items():
            if harm in HARMS:
                merged.setdefault(harm, []).extend(patterns)
        self.cues = {
            # Lowercase patterns on lowercased lines: about 3x faster than re.I on unicode.
            # (The cues use no uppercase escapes such as \S or \W, so lowering is safe.)
            h: re.compile("|".join(f"(?:{p})" for p in ps).lower())
            for h, ps in merged.items()
        }

    @classmethod
    def from_catalog(cls, languages: dict[str, dict[str, object]]) -> ProseRule:
        """Cues from every language's `[guardsout_cues]` table (harm -> list of regexes)."""
        extra: dict[str, list[str]] = {}
        for data in languages.values():
            table = data.get("guardsout_cues")
            if not isinstance(table, dict):
                continue
            for harm, patterns in table.items():
                if isinstance(patterns, list):
                    extra.setdefault(str(harm), []).extend(str(p) for p in patterns)
        return cls(extra)

    def line_harms(self, line: str) -> tuple[frozenset[str], frozenset[str]]:
        """(harms of attack commands on the line, harms of operational step cues on it)."""
        commands = frozenset(h for h, p in COMMANDS if p.search(line))
        low = line.lower()
        cues = (
            frozenset(h for h, p in self.cues.items() if p.search(low))
            if _STEP_LINE.match(line)
            else frozenset()
        )
        return commands, cues

    def suspicious(self, line: str) -> bool:
        """A line that may be removed once its paragraph is complete: hold it until then."""
        commands, cues = self.line_harms(line)
        return bool(commands or cues)

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
        for line in paragraph.splitlines():
            commands, cues = self.line_harms(line)
            found.update(commands)
            if cues:
                steps.update(cues)
                count += 1
        if count >= OPERATIONAL_STEPS:
            found.update(steps)
        return frozenset(found)

    def flags(self, paragraph: str) -> bool:
        """The final check removes lines of this paragraph."""
        return bool(self.scan(paragraph))

    def strip(self, paragraph: str) -> str:
        """A recipe paragraph without its suspicious lines (the teaching lines around stay)."""
        return "\n".join(ln for ln in paragraph.splitlines() if not self.suspicious(ln)).strip()


ENGLISH = ProseRule()
"""The built-in rule (English cues and attack commands only)."""


def suspicious_line(line: str) -> bool:
    """A line the English rule could remove: an attack command or an operational step."""
    return ENGLISH.suspicious(line)


def scan_prose(paragraph: str) -> frozenset[str]:
    """Harms a paragraph gives operational instructions for, by the English rule."""
    return ENGLISH.scan(paragraph)
