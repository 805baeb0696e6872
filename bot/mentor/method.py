"""The method's decision data (config/method.toml): misuse, role cues, scaffold requests."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bot.mentor.models import Role
from bot.text.toml_files import read_toml


def normalize(text: str) -> str:
    """Lowercase and strip accents, so one pattern covers 'código' and 'codigo'."""
    if text.isascii():
        return text.lower()  # nothing to strip: skip the per-character pass (hot path)
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_WORD_BOUNDARY = re.compile(r"\b")


@dataclass(frozen=True, slots=True)
class Rule:
    r"""One pattern of the method, searched in `normalize`d (lowercase) text.

    Two things keep the ~150 searches of a turn cheap (they were a tenth of its CPU): no
    re.IGNORECASE unless the pattern has capitals of its own (the text is lowercased already;
    the flag made searches ~2.5x slower), and a leading `\b` checked by hand, because as the
    pattern's first step it stops `re` from skipping ahead to the letters a match can start
    with (another ~2.3x).
    """

    source: str
    regex: re.Pattern[str]
    word_start: bool
    r"""The source began with \b (stripped from `regex`): a match must start on a boundary."""

    @classmethod
    def compile(cls, source: str, *, fold_case: bool | None = None) -> Rule:
        """`fold_case` None: only when the source has an uppercase letter of its own."""
        fold = _has_upper(source) if fold_case is None else fold_case
        flags = re.S | (re.I if fold else 0)
        body = source[2:]
        if source.startswith("\\b") and not _top_level_branch(body):
            return cls(source, re.compile(body, flags), word_start=True)
        return cls(source, re.compile(source, flags), word_start=False)

    def search(self, text: str) -> bool:
        """Whether the pattern occurs in `text` (exactly as `re.search(source)` would)."""
        if not self.word_start:
            return self.regex.search(text) is not None
        pos = 0
        while (found := self.regex.search(text, pos)) is not None:
            if _WORD_BOUNDARY.match(text, found.start()):
                return True
            pos = found.start() + 1
        return False


def _compile(patterns: list[str]) -> tuple[Rule, ...]:
    return tuple(Rule.compile(p) for p in patterns)


def _has_upper(pattern: str) -> bool:
    r"""An uppercase letter outside escapes (`\W`, `\S` are classes, not letters)."""
    return any(c.isupper() for c in re.sub(r"\\.", "", pattern))


def _top_level_branch(pattern: str) -> bool:
    r"""Whether `pattern` has a `|` outside groups and classes (then \b binds one branch only)."""
    depth, in_class, i = 0, False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # a leading ] is a literal
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


@dataclass(frozen=True)
class MethodRules:
    """Compiled rules; load once with `MethodRules.load(config_dir)`."""

    misuse: tuple[Rule, ...]
    defensive: tuple[Rule, ...]
    copilot: tuple[Rule, ...]
    agent: tuple[Rule, ...]
    scaffold: tuple[Rule, ...]
    effort: tuple[Rule, ...]
    solution: tuple[Rule, ...] = ()
    misuse_soft: tuple[Rule, ...] = ()
    """Refused unless the text is framed defensively (how attacks work, to stop them)."""
    defensive_framing: tuple[Rule, ...] = ()

    @classmethod
    def load(cls, config_dir: Path) -> MethodRules:
        """Read config/method.toml."""
        data = read_toml(config_dir / "method.toml")
        return cls(
            misuse=_compile(data["safety"]["misuse"]),
            defensive=_compile([re.escape(w) for w in data["safety"]["defensive"]]),
            copilot=_compile(data["roles"]["copilot"]),
            agent=_compile(data["roles"]["agent"]),
            scaffold=_compile([re.escape(w) for w in data["scaffold"]["requests"]]),
            effort=_compile([re.escape(w) for w in data["effort"]["cues"]]),
            solution=_compile(data.get("solution", {}).get("requests", [])),
            misuse_soft=_compile(data["safety"].get("misuse_soft", [])),
            defensive_framing=_compile(data["safety"].get("defensive_framing", [])),
        )

    def is_misuse(self, text: str) -> bool:
        """A request to build offensive tools or attack others (refused before any LLM call)."""
        norm = normalize(text)
        if any(rule.search(norm) for rule in self.misuse):
            return True
        if not any(rule.search(norm) for rule in self.misuse_soft):
            return False
        return not any(rule.search(norm) for rule in self.defensive_framing)

    def is_defensive(self, text: str) -> bool:
        """A security question with defensive intent (answered)."""
        norm = normalize(text)
        return any(rule.search(norm) for rule in self.defensive)

    def role_for(self, text: str) -> Role:
        """Copilot when the learner asks for code, Agent for resources, Mentor otherwise."""
        return self.role_cue(text) or Role.MENTOR

    def role_cue(self, text: str) -> Role | None:
        """The role the text asks for, or None when it gives no cue (keep the thread's)."""
        norm = normalize(text)
        if any(rule.search(norm) for rule in self.copilot):
            return Role.COPILOT
        if any(rule.search(norm) for rule in self.agent):
            return Role.AGENT
        return None

    def wants_scaffold(self, text: str) -> bool:
        """The learner asked for a scaffold explicitly."""
        norm = normalize(text)
        return any(rule.search(norm) for rule in self.scaffold)

    def wants_solution(self, text: str) -> bool:
        """The learner asks for a finished implementation ("just give me the code")."""
        norm = normalize(text)
        return any(rule.search(norm) for rule in self.solution)

    def shows_effort(self, text: str) -> bool:
        """The learner says they tried (evidence still needs code, tests or numbers)."""
        norm = normalize(text)
        return any(rule.search(norm) for rule in self.effort)
