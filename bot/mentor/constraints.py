"""What the learner said must hold (no new dependencies, Windows, Python 3.8) and already tried.

Stated once, a constraint holds for the whole thread: a step that breaks it is never proposed,
and a step naming what the learner already tried is not proposed again (they reported its
result; the next step builds on it). Words per language are data:
config/knowledge/lexicon/constraints.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.mentor.exclusions import excluded, implied, rules_out_units
from bot.mentor.lexicon import NEVER, any_of, lexicon_file
from bot.mentor.understanding import stack_names
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text import markdown

NO_DEPS = "no_deps"
WINDOWS = "windows"
CROSS_PLATFORM = "cross_platform"
"""Windows named beside Linux or macOS: every one of them is a target, not Windows alone."""
PYTHON = "python:"
"""A held Python version is 'python:3.8'."""
AVOID = "avoid:"
"""A library the learner ruled out is held as 'avoid:redis' ("without Redis")."""
MAX_TRIED = 6
__all__ = ["excluded"]  # read here by its callers; it lives in bot/mentor/exclusions.py
_VERSION = re.compile(r"(?<![\w.])(?:c?python|py)[ \t]{0,2}3\.(\d{1,2})(?![\d])", re.I)
_SENTENCE_END = re.compile(r"[!?;。！？\n]|\.\s")


@dataclass(frozen=True)
class Rules:
    """The constraints' cues, labels and what breaks each, loaded once."""

    cues: dict[str, re.Pattern[str]]
    breaks: dict[str, re.Pattern[str]]
    packages: frozenset[str]
    labels: dict[str, dict[str, str]]
    since: tuple[tuple[re.Pattern[str], tuple[int, int]], ...]
    tried: re.Pattern[str]
    attempted: re.Pattern[str]
    """Only the words that say something was tried ("tried", "probé"), not its result."""
    platform: frozenset[str]
    """What the learner runs on: never 'tried' ("I tried asyncio debug mode")."""
    other_systems: re.Pattern[str]
    """Linux, macOS...: beside a Windows cue, the code targets several systems."""
    rivals: tuple[frozenset[str], ...] = ()
    """Tools that do one job (PyO3, pybind11, ctypes): the one the learner named is theirs."""
    prose_words: frozenset[str] = frozenset()
    """Packages named like an ordinary word ("requests"): a new dependency only as code."""

    @classmethod
    def load(cls, config_dir: Path) -> Rules:
        """Read config_dir/knowledge/lexicon/constraints.toml."""
        data = lexicon_file(config_dir, "constraints")
        table = data.get("constraint", {})
        cues = {k: any_of(v.get("cues", [])) for k, v in table.items() if v.get("cues")}
        also = [
            rf"(?<![a-z]){re.escape(str(w).lower())}(?![a-z])"
            for w in table.get(CROSS_PLATFORM, {}).get("also", [])
        ]
        breaks = {k: any_of(v.get("breaks", [])) for k, v in table.items() if v.get("breaks")}
        since = tuple(
            (re.compile(rf"{re.escape(api)}(?!\w)", re.I), _version(str(v)))
            for api, v in data.get("python_since", {}).items()
        )
        return cls(
            cues=cues,
            breaks=breaks,
            packages=frozenset(p.lower() for p in table.get(NO_DEPS, {}).get("packages", [])),
            prose_words=frozenset(p.lower() for p in table.get(NO_DEPS, {}).get("prose_words", [])),
            labels={k: dict(v.get("label", {})) for k, v in table.items()},
            since=since,
            tried=any_of(
                [
                    *data.get("tried", {}).get("cues", []),
                    *data.get("tried", {}).get("result_cues", []),
                ]
            ),
            attempted=any_of(data.get("tried", {}).get("cues", [])),
            platform=frozenset(str(p) for p in data.get("tried", {}).get("platform", [])),
            other_systems=re.compile("|".join(also) or NEVER),
            rivals=tuple(
                frozenset(str(n).lower() for n in group)
                for group in data.get("rivals", {}).values()
            ),
        )


def _version(text: str) -> tuple[int, int]:
    major, _, minor = text.partition(".")
    return int(major), int(minor or 0)


@lru_cache(maxsize=2)
def rules(config_dir: Path | None = None) -> Rules:
    """The rules of `config_dir` (the repository's config by default), cached."""
    return Rules.load(config_dir or DEFAULT_CONFIG_DIR)


def stated(text: str, rule: Rules | None = None) -> tuple[str, ...]:
    """The constraints one message states: 'no_deps', 'windows', 'python:3.8'."""
    rule = rule or rules()
    prose = markdown.prose_and_code(text)[0][:4000]
    lower = prose.lower()
    held = [name for name, cue in rule.cues.items() if cue.search(lower)]
    if WINDOWS in held and rule.other_systems.search(lower):
        held[held.index(WINDOWS)] = CROSS_PLATFORM  # "wheels for Linux, macOS and Windows"
    version = _VERSION.search(prose)
    if version is not None:
        held.append(f"{PYTHON}3.{int(version.group(1))}")
    # "no internet, pip install is out of the question": nothing new can be installed either
    held.extend(c for c in implied(excluded(text)) if c not in held)
    return tuple(held)


def tried(text: str, rule: Rules | None = None) -> tuple[str, ...]:
    """What one message says was already tried: one name per sentence with a 'tried' cue.

    The first name after the cue ("I tried uvloop on our FastAPI service"), else the last
    before it ("uvloop did not help"): never FastAPI, so the learner's stack is not struck out.
    """
    rule = rule or rules()
    return _tried_by(text, rule, rule.tried)


def in_place(text: str, rule: Rules | None = None) -> tuple[str, ...]:
    """What one message says the learner already has or did ("I already use X", "tried X").

    Not what it says made things worse: "my settrace tracer made it 12x slower" names the
    subject of the question, not a fix in place.
    """
    rule = rule or rules()
    return _tried_by(text, rule, rule.attempted)


_QUOTED = re.compile(r"`[^`\n]*`|\"[^\"\n]*\"")
"""Code spans and quoted text: an error message's "already exists" is no 'already' cue."""


def _tried_by(text: str, rule: Rules, cues: re.Pattern[str]) -> tuple[str, ...]:
    prose = markdown.prose_and_code(text)[0][:4000]
    names: list[str] = []
    start = 0
    for end in [*(m.end() for m in _SENTENCE_END.finditer(prose)), len(prose)]:
        sentence, start = prose[start:end], end
        bare = _QUOTED.sub(lambda m: " " * len(m.group(0)), sentence)
        cue = cues.search(bare.lower())
        if cue is None:
            continue
        foreign = _mostly_non_latin(sentence)
        found = [
            (m.start(), n)
            for m in _TOKEN.finditer(sentence)
            if (n := _named(m, foreign=foreign)) and n not in rule.platform
        ]
        after = [n for at, n in found if at >= cue.end() and _near(sentence[cue.end() : at])]
        before = [n for at, n in found if at < cue.start() and _near(sentence[at : cue.start()])]
        if after or before:
            # A library's API beside the learner's own function ("wrapped parse_date() in
            # functools.lru_cache"): the API is what was put in place.
            known = [n for n in after if "." in n or stack_names(n)]
            names.append(known[0] if known else after[0] if after else before[-1])
    return tuple(dict.fromkeys(names))[:MAX_TRIED]


MAX_WORDS_BETWEEN = 5
"""A tried name sits next to its cue ("tried adding an lru_cache", "with ThreadPoolExecutor and
8 threads it got worse": the span counts the name itself), not later in the sentence."""


def _near(between: str) -> bool:
    return len(between.split()) <= MAX_WORDS_BETWEEN


_TOKEN = re.compile(r"`[^`\n]{1,60}`|[A-Za-z_][A-Za-z0-9_.\-]{1,60}")
_CAMEL = re.compile(r"[a-z][A-Z]")
_GENERIC = frozenset(
    {"workers", "threads", "processes", "timeout", "debug", "limit", "size", "level", "retries"}
)
"""Setting names too common to mark every step that mentions them as 'tried'."""
"""A class name ('ProcessPoolExecutor'): a lowercase letter then an uppercase one."""


def _named(match: re.Match[str], *, foreign: bool = False) -> str:
    """A token that names a thing: quoted code, a dotted API, a snake_case name, a library.

    In a sentence written in another script (Cyrillic, CJK, Hangul) also any Latin word that
    is not a unit or an acronym ("с selectinload стало хуже").
    """
    token = match.group(0).strip("`.-").rstrip("()")
    setting = (  # "maxsize=1024"; a generic word ("workers=8") would strike out whole topics
        match.string[match.end() : match.end() + 1] == "=" and token.lower() not in _GENERIC
    )
    quoted = match.group(0).startswith("`")
    if quoted or setting or "." in token or "_" in token or _CAMEL.search(token):
        return token.lower()
    found = stack_names(token)
    if found:
        return found[0]
    return token.lower() if foreign and _foreign_name(token) else ""


MIN_NAME = 3
_UNIT_TOKEN = re.compile(r"^(?:p\d{1,3}|[kmgt]?i?b|ms|us|ns|min|rps|qps|req|cpu|ram|api|io)$", re.I)


def _foreign_name(token: str) -> bool:
    """A Latin word in non-Latin prose that is a name, not a unit or an acronym (p95, MB, CPU)."""
    return len(token) >= MIN_NAME and not _UNIT_TOKEN.match(token) and not token.isupper()


def _mostly_non_latin(sentence: str) -> bool:
    """More letters outside the Latin script than inside it (Russian, Japanese, Korean...)."""
    latin = sum(1 for ch in sentence if ch.isascii() and ch.isalpha())
    other = sum(
        CJK_WEIGHT if ch >= "\u3000" else 1
        for ch in sentence
        if ch.isalpha() and not ch.isascii() and ch > "\u024f"
    )
    return other > latin


CJK_WEIGHT = 2
"""A CJK or Hangul character carries about a word's worth: counted twice against Latin letters."""


@dataclass(frozen=True, slots=True)
class Held:
    """A thread's constraints, what its learner tried and named: what a step is checked against."""

    constraints: tuple[str, ...] = ()
    tried: tuple[str, ...] = ()
    stack: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.constraints or self.tried)

    def breaks(self, text: str, rule: Rules | None = None) -> bool:
        """`text` (a step, a hypothesis) proposes what a constraint forbids or was tried."""
        return self.forbids(text, rule) or self.repeats(text)

    def repeats(self, text: str) -> bool:
        """`text` names what the learner already tried (and reported the result of).

        A dotted API is named by its last part too when that is code (`lru_cache`,
        `gather(`): "functools.lru_cache" is tried, so "`@lru_cache(maxsize=N)`" repeats it.
        """
        lower = text.lower()
        return any(_names(lower, t) or _names_api(lower, t) for t in self.tried)

    def forbids(self, text: str, rule: Rules | None = None) -> bool:
        """`text` proposes what a stated constraint forbids (a new package, fork-only APIs)."""
        if not self.constraints:
            return False
        rule = rule or rules()
        lower = text.lower()
        for name in self.constraints:
            if name.startswith(AVOID):
                if _names(lower, name.removeprefix(AVOID)):
                    return True
                continue
            if name.startswith(PYTHON):
                have = _version(name.removeprefix(PYTHON))
                if any(need > have and api.search(text) for api, need in rule.since):
                    return True
                continue
            pattern = rule.breaks.get(name)
            if pattern is not None and pattern.search(lower):
                return True
            if name == NO_DEPS and self._new_package(text, rule):
                return True
        return False

    def rules_out(self, stack: tuple[str, ...], rule: Rules | None = None) -> bool:
        """A unit about one of these libraries (its `stack`) is ruled out with the library.

        Its steps may never name it ("task_acks_late=True" is Celery by its settings), so a
        unit about Celery is not offered to a learner who cannot use Celery. A unit about a
        rival of the tool the learner works with (pybind11 for a PyO3 extension) only is out
        too: it answers a question they did not ask (review9 R5).
        """
        avoided = {c.removeprefix(AVOID) for c in self.constraints if c.startswith(AVOID)}
        if avoided and any(name.lower() in avoided for name in stack):
            return True
        if avoided and rules_out_units(avoided, stack):
            return True  # a unit about CUDA for a learner without a GPU (review12 V1)
        return self.rival(stack, rule)

    def rival(self, stack: tuple[str, ...], rule: Rules | None = None) -> bool:
        """`stack` is about another tool for the job than the one the learner named."""
        named = {s.lower() for s in self.stack}
        if not named or not stack:
            return False
        about = {s.lower() for s in stack}
        for group in (rule or rules()).rivals:
            chosen = named & group
            if chosen and about & group and not about & chosen:
                return True
        return False

    def _new_package(self, text: str, rule: Rules) -> bool:
        named = {s.lower() for s in self.stack}
        brought = {n for n in stack_names(text) if n in rule.packages}
        lower = text.lower()
        brought |= {
            p
            for p in rule.packages
            if _names(lower, p) and (p not in rule.prose_words or _as_code(lower, p))
        }
        return bool(brought - named)

    def labels(self, language: str, rule: Rules | None = None) -> list[str]:
        """The constraints as a reply names them back, in `language`."""
        rule = rule or rules()
        out: list[str] = []
        for name in self.constraints:
            key = (
                "python" if name.startswith(PYTHON) else "avoid" if name.startswith(AVOID) else name
            )
            table = rule.labels.get(key, {})
            label = table.get(language) or table.get("en", "")
            if label:
                label = label.replace("{version}", name.removeprefix(PYTHON))
                out.append(label.replace("{name}", name.removeprefix(AVOID)))
        return out


def without_tried(text: str, tried_names: tuple[str, ...]) -> str:
    """`text` with what the learner already has in place blanked out (review11 U2).

    "I already use lru_cache, the timestamps are all distinct": the cache is the learner's
    state, not the subject; the units are chosen by the rest (parsing timestamps), so the
    reply goes to the next mechanism instead of the cache's own tuning.
    """
    out = text
    for name in tried_names:
        head, dot, last = name.rpartition(".")
        forms = [name]
        if dot and head and len(last) >= MIN_NAME and "_" in last:
            forms.append(last)
        for form in forms:
            out = re.sub(rf"(?<![\w.]){re.escape(form)}(?:\(\w*\))?(?!\w)", " ", out, flags=re.I)
    return out


def _as_code(lower: str, name: str) -> bool:
    """`name` written as code: inside backticks, imported, or with an attribute (`requests.get`)."""
    word = re.escape(name)
    return (
        re.search(
            rf"`[^`\n]*(?<!\w){word}(?!\w)[^`\n]*`|\bimport {word}\b|(?<!\w){word}\.\w", lower
        )
        is not None
    )


def _names_api(lower: str, name: str) -> bool:
    """The last part of a dotted `name` in `lower` as code: `lru_cache`, or `gather(`."""
    head, dot, last = name.lower().rpartition(".")
    if not dot or not head or len(last) < MIN_NAME:
        return False
    if "_" in last:
        return _names(lower, last)
    return re.search(rf"(?<![\w.]){re.escape(last)}\(", lower) is not None


def _names(lower: str, name: str) -> bool:
    """`name` appears in `lower` as a whole word (not 'rq' inside 'requests')."""
    return re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", lower) is not None
