"""Knowledge units (config/knowledge/units/<topic>.toml), validated when they are loaded.

A unit is one specific situation an advanced learner asks about (a named library, protocol
or failure mode) with a context question, a measurable hypothesis and 1-3 concrete steps in
every supported language. Loading fails loudly on a broken file: a duplicate id, a missing
language or a reference outside the vetted list (config/knowledge/references.toml) must never
reach a learner.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.mentor.facts import SLOTS
from bot.mentor.scaffold_prose import ScaffoldProse
from bot.text.toml_files import read_toml

LANGUAGES = ("en", "pt", "es", "fr", "de", "it", "nl", "pl", "tr", "ru", "uk", "ja", "zh", "ko")
"""Every unit, title and term list is written in all of these."""
FALLBACK = "en"
MAX_STEPS_PER_UNIT = 3
MAX_REFS = 2
LEVELS = ("basic", "core", "deep")
"""Optional `level` of a unit: advanced learners skip `basic` ones when others match."""


class UnitError(ValueError):
    """A knowledge-unit file breaks the format (the message names the file and the unit)."""


@dataclass(frozen=True, slots=True)
class UnitText:
    """One unit's texts in one language."""

    title: str
    question: str
    hypothesis: str
    steps: tuple[str, ...]
    deeper: tuple[str, ...] = ()
    """The next rung once the learner's evidence confirms this unit's hypothesis: steps that
    go deeper on the same problem (optional; never retrieved on, only continued)."""


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Unit:
    """One retrievable hint: what to ask, what to suspect, what to run."""

    id: str
    topic: str
    subtopic: str
    asks: str
    """The context slot its question asks about (bot.mentor.facts.SLOTS)."""
    stack: tuple[str, ...]
    refs: tuple[tuple[str, str], ...]
    """(title, url) pairs from the vetted list."""
    scaffold: str
    terms: dict[str, tuple[str, ...]]
    text: dict[str, UnitText]
    level: str = "core"

    def __repr__(self) -> str:
        return f"Unit({self.id!r})"

    @property
    def basic(self) -> bool:
        """A basics hint (advanced learners get it only when nothing deeper matches)."""
        return self.level == "basic"

    def in_language(self, language: str) -> UnitText:
        """Texts in `language`, else English."""
        return self.text.get(language) or self.text[FALLBACK]


@dataclass(frozen=True, slots=True)
class UnitTopic:
    """A topic file's header: its id, the method's core number (0 = supporting), titles."""

    id: str
    core: int
    titles: dict[str, str]

    def title(self, language: str) -> str:
        """The topic's title in `language`, else English."""
        return self.titles.get(language) or self.titles[FALLBACK]


@dataclass(frozen=True)
class ReferencePolicy:
    """The vetted reference locations: hosts, host/path prefixes and `*.suffix` hosts."""

    allowed: tuple[str, ...]

    @classmethod
    def load(cls, path: Path) -> ReferencePolicy:
        """Read config/knowledge/references.toml."""
        return cls(tuple(str(a).lower() for a in read_toml(path).get("allowed", ())))

    def allows(self, url: str) -> bool:
        """True for an https URL on a vetted host (or under a vetted host/path)."""
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname or parts.username or parts.port:
            return False
        host = parts.hostname.lower()
        where = (host + (parts.path or "/")).lower()
        for entry in self.allowed:
            if entry.startswith("*."):
                if host.endswith(entry[1:]):
                    return True
            elif "/" in entry:
                if where == entry or where.startswith(entry.rstrip("/") + "/"):
                    return True
            elif host == entry:
                return True
        return False


@dataclass(frozen=True)
class UnitBase:
    """Every topic and unit, in file order (topic files sorted by name)."""

    topics: dict[str, UnitTopic]
    units: tuple[Unit, ...]
    by_id: dict[str, Unit] = field(default_factory=dict)
    prose: ScaffoldProse = field(default_factory=ScaffoldProse)
    """Scaffold comments and docstrings in the other languages (scaffold_prose.toml)."""

    @classmethod
    def load(
        cls,
        knowledge_dir: Path,
        *,
        languages: tuple[str, ...] = LANGUAGES,
        on_error: Callable[[UnitError], None] | None = None,
    ) -> UnitBase:
        """Read and validate `knowledge_dir`/units/*.toml.

        By default any problem raises UnitError (the content tests load this way). With
        `on_error` the problem is reported to it and the broken file or unit is left out, so
        one bad unit merged late cannot keep the bot from starting; the tests stay red.
        """
        policy = ReferencePolicy.load(knowledge_dir / "references.toml")
        topics: dict[str, UnitTopic] = {}
        units: list[Unit] = []
        seen: dict[str, str] = {}

        def fail(error: UnitError) -> None:
            if on_error is None:
                raise error
            on_error(error)

        for path in sorted((knowledge_dir / "units").glob("*.toml")):
            try:
                data = read_toml(path)
                topic = _topic(path, data, languages)
            except tomllib.TOMLDecodeError as exc:
                fail(UnitError(f"{path.name}: {exc}"))
                continue
            except UnitError as exc:
                fail(exc)
                continue
            topics[topic.id] = topic
            for raw in data.get("units", ()):
                try:
                    unit = _unit(path, topic.id, raw, languages, policy)
                    if unit.id in seen:
                        raise UnitError(f"{path.name}: {unit.id} repeats an id of {seen[unit.id]}")
                except UnitError as exc:
                    fail(exc)
                    continue
                seen[unit.id] = path.name
                units.append(unit)
        prose = ScaffoldProse.load(knowledge_dir / "scaffold_prose.toml")
        return cls(topics, tuple(units), {u.id: u for u in units}, prose)

    def scaffold(self, unit: Unit, language: str) -> str:
        """The unit's scaffold with its comments and docstrings in `language` (review F9)."""
        return self.prose.scaffold(unit.scaffold, language)

    def topic_title(self, topic_id: str, language: str) -> str:
        """A topic's localized title (the id itself for an unknown topic)."""
        topic = self.topics.get(topic_id)
        return topic.title(language) if topic else topic_id

    def of_topic(self, topic_id: str) -> tuple[Unit, ...]:
        """The units of one topic, in file order."""
        return tuple(u for u in self.units if u.topic == topic_id)


def _need(path: Path, where: str, cond: bool, what: str) -> None:
    if not cond:
        raise UnitError(f"{path.name}: {where}: {what}")


def _languages(path: Path, where: str, table: Any, languages: tuple[str, ...]) -> None:
    _need(path, where, isinstance(table, dict), "must be a table of languages")
    missing = [lang for lang in languages if lang not in table]
    _need(path, where, not missing, f"missing languages {missing}")


def _topic(path: Path, data: dict[str, Any], languages: tuple[str, ...]) -> UnitTopic:
    topic = data.get("topic")
    _need(path, "topic", isinstance(topic, str) and topic == path.stem, "must equal the file name")
    core = data.get("core")
    _need(path, "core", isinstance(core, int) and 0 <= core <= 10, "must be 0-10")
    titles = data.get("title")
    _languages(path, "title", titles, languages)
    assert isinstance(titles, dict)
    return UnitTopic(str(topic), int(str(core)), {k: str(v) for k, v in titles.items()})


def _unit(
    path: Path,
    topic: str,
    raw: dict[str, Any],
    languages: tuple[str, ...],
    policy: ReferencePolicy,
) -> Unit:
    uid = str(raw.get("id", ""))
    _need(path, uid or "unit", uid.startswith(topic + "."), f"id must start with '{topic}.'")
    asks = str(raw.get("asks", ""))
    _need(path, uid, asks in SLOTS, f"asks={asks!r} is not one of {SLOTS}")
    level = str(raw.get("level", "core"))
    _need(path, uid, level in LEVELS, f"level={level!r} is not one of {LEVELS}")
    refs = raw.get("refs", ())
    _need(path, uid, 1 <= len(refs) <= MAX_REFS, f"needs 1-{MAX_REFS} refs")
    for ref in refs:
        url = str(ref.get("url", ""))
        _need(path, uid, bool(ref.get("title")), "a ref needs a title")
        _need(path, uid, policy.allows(url), f"{url} is not on the vetted list")
    terms = raw.get("terms")
    _languages(path, f"{uid} terms", terms, languages)
    texts = raw.get("text")
    _languages(path, f"{uid} text", texts, languages)
    assert isinstance(terms, dict)
    assert isinstance(texts, dict)
    parsed: dict[str, UnitText] = {}
    for lang, body in texts.items():
        where = f"{uid} text.{lang}"
        for key in ("title", "question", "hypothesis"):
            _need(path, where, bool(str(body.get(key, "")).strip()), f"{key} is empty")
        steps = tuple(str(s) for s in body.get("steps", ()))
        _need(path, where, 1 <= len(steps) <= MAX_STEPS_PER_UNIT, "needs 1-3 steps")
        deeper = tuple(str(s) for s in body.get("deeper", ()))
        _need(path, where, len(deeper) <= MAX_STEPS_PER_UNIT, "needs at most 3 deeper steps")
        parsed[lang] = UnitText(
            str(body["title"]), str(body["question"]), str(body["hypothesis"]), steps, deeper
        )
    for lang, words in terms.items():
        _need(path, f"{uid} terms.{lang}", bool(words), "is empty")
    return Unit(
        id=uid,
        topic=topic,
        subtopic=str(raw.get("subtopic", uid.partition(".")[2])),
        asks=asks,
        stack=tuple(str(s).lower() for s in raw.get("stack", ())),
        refs=tuple((str(r["title"]), str(r["url"])) for r in refs),
        scaffold=str(raw.get("scaffold", "")).strip("\n"),
        terms={k: tuple(str(t) for t in v) for k, v in terms.items()},
        text=parsed,
        level=level,
    )
