"""Course content as data: the 8 sessions and the practice tasks (config/course/*.toml)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from bot.errors import ConfigError
from bot.text.toml_files import read_toml

COURSE_LANGUAGES = (
    "en",
    "pt",
    "es",
    "fr",
    "de",
    "it",
    "nl",
    "pl",
    "tr",
    "ru",
    "uk",
    "ja",
    "zh",
    "ko",
)
"""Languages every session, task and label is written in (a missing one stops the bot at start).

The course UI texts (ui.toml) may lack a language: those fall back to English."""
CORE_TOPICS = (
    "asyncio",
    "profiling",
    "networking",
    "ffi",
    "distributed",
    "observability",
    "security",
    "testing",
    "packaging",
    "tooling",
)
"""The method's 10 core topics (ids match config/knowledge/units/<topic>.toml)."""
HINT_LEVELS = ("concept", "pointer", "pseudocode", "scaffold")
TaskKind = Literal["checked", "review"]


def pick(texts: dict[str, Any], language: str) -> Any:
    """The text in `language`, else English."""
    return texts.get(language) or texts["en"]


@dataclass(frozen=True)
class ChecklistItem:
    """One element a session's hand-in must show (found by patterns in the learner's text)."""

    id: str
    patterns: tuple[re.Pattern[str], ...]
    label: dict[str, str]
    measured_pair: bool = False
    """Also met by a sentence holding two measured timings ("0,11 s au lieu de 1,6 s"): a
    comparison shown in numbers, in whatever language it is written (review10 T29)."""

    def found_in(self, text: str) -> bool:
        """The hand-in mentions this element."""
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True)
class SessionText:
    """One session in one language."""

    title: str
    summary: str
    goals: tuple[str, ...]
    outline: tuple[str, ...]
    lab_title: str
    lab_steps: tuple[str, ...]
    deliverable: str
    reflection: tuple[str, ...]


@dataclass(frozen=True)
class Session:
    """One of the course's 8 sessions."""

    number: int
    id: str
    topics: tuple[str, ...]
    lab_starter: str
    checklist: tuple[ChecklistItem, ...]
    tasks: tuple[str, ...]
    text: dict[str, SessionText]

    def in_language(self, language: str) -> SessionText:
        """Localized text, English fallback."""
        return pick(self.text, language)  # type: ignore[no-any-return]  # dict of SessionText


@dataclass(frozen=True)
class TaskText:
    """One task in one language."""

    title: str
    statement: str
    submit: str
    hints: tuple[str, str, str]
    scaffold_note: str


@dataclass(frozen=True)
class Task:
    """A practice task: statement, starter code, checker spec, hint ladder."""

    id: str
    kind: TaskKind
    checker: str
    topics: tuple[str, ...]
    session: int
    packages: tuple[str, ...]
    starter: str
    scaffold: str
    files: dict[str, str]
    params: dict[str, Any]
    text: dict[str, TaskText]
    order: int = 0

    def in_language(self, language: str) -> TaskText:
        """Localized text, English fallback."""
        return pick(self.text, language)  # type: ignore[no-any-return]  # dict of TaskText


@dataclass(frozen=True)
class Indicator:
    """A progression indicator of the method, reached from passed tasks / done sessions."""

    id: str
    tasks_all: tuple[str, ...]
    sessions_done: int
    measurement: tuple[str, str, float] | None
    label: dict[str, str]


@dataclass(frozen=True)
class HandinCues:
    """How a message in a session thread says what it is (config/course/handin.toml).

    `says`: it hands the work in ("voici mon rendu"); `asks`: it asks something, "?" or not
    ("どうすればいいですか", "aber immer noch 2,6 s"); `shares`: what joins a part to its
    total between two timings ("38 ms of 45 ms", "45 ms'nin 38 ms'si"): a finding, not a
    before and after.
    """

    says: tuple[re.Pattern[str], ...] = ()
    asks: tuple[re.Pattern[str], ...] = ()
    shares: re.Pattern[str] | None = None

    @classmethod
    def load(cls, path: Path) -> HandinCues:
        """Every language's cues of each table, compiled (a bad one stops the start)."""
        data = _read(path)

        def table(name: str) -> list[str]:
            words = data.get(name, {})
            if not isinstance(words, dict):
                raise ConfigError(f"{path}: [{name}] must map languages to lists of cues.")
            return [str(p) for cues in words.values() for p in cues]

        try:
            shares = table("shares")
            return cls(
                says=tuple(re.compile(p, re.I) for p in table("cues")),
                asks=tuple(re.compile(p, re.I) for p in table("asks")),
                shares=re.compile(rf"\s*(?:{'|'.join(shares)})\s*", re.I) if shares else None,
            )
        except (TypeError, re.error) as exc:
            raise ConfigError(f"{path}: malformed hand-in cue ({exc!r}).") from None


@dataclass(frozen=True)
class Course:
    """All course content, loaded once at start."""

    sessions: tuple[Session, ...]
    tasks: tuple[Task, ...]
    indicators: tuple[Indicator, ...]
    ui: dict[str, dict[str, str]] = field(default_factory=dict)
    chart: dict[str, dict[str, str]] = field(default_factory=dict)
    """The progress chart's words per language (config/course/chart.toml)."""
    check_names: dict[str, dict[str, str]] = field(default_factory=dict)
    """Practice checks' names per language (config/course/checks.toml); English is the key."""
    handin_cues: HandinCues = field(default_factory=HandinCues)
    """How a learner says a message hands in the session's work, asks, or gives a share, any
    course language (config/course/handin.toml): "voici mon rendu", "meine Abgabe", "提出します"."""
    fonts_dir: Path = Path("config/fonts")
    """Where the chart's bundled fonts are (config/fonts)."""

    def sessions_json(self) -> list[dict[str, Any]]:
        """`course list --json`."""
        return [
            {
                "number": s.number,
                "id": s.id,
                "title": s.in_language("en").title,
                "topics": list(s.topics),
                "tasks": list(s.tasks),
            }
            for s in self.sessions
        ]

    def tasks_json(self) -> list[dict[str, Any]]:
        """`practice list --json`: id, title, topics, kind."""
        return [
            {
                "id": t.id,
                "title": t.in_language("en").title,
                "topics": list(t.topics),
                "kind": t.kind,
                "session": t.session,
            }
            for t in self.tasks
        ]

    def session(self, number: int) -> Session | None:
        """Session by number (1-8)."""
        return next((s for s in self.sessions if s.number == number), None)

    def task(self, task_id: str) -> Task | None:
        """Task by id."""
        return next((t for t in self.tasks if t.id == task_id), None)

    def chart_word(self, language: str, key: str) -> str:
        """A word of the progress chart in `language`, English when it has none."""
        table = self.chart.get(language) or {}
        return table.get(key) or self.chart.get("en", {}).get(key, key)

    def check_name(self, language: str, name: str) -> str:
        """A checker's check name in `language`; as the checker wrote it when untranslated."""
        table = self.check_names.get(language, {})
        if name in table:
            return table[name]
        head, _, defined = name.partition(" ")
        if head == "defines" and defined and "defines {name}" in table:
            return table["defines {name}"].format(name=defined)
        return name

    def text(self, language: str, key: str, /, **params: Any) -> str:
        """A localized course UI string (config/course/ui.toml), English fallback."""
        table = self.ui.get(language) or self.ui["en"]
        template = table.get(key) or self.ui["en"].get(key, key)
        return template.format(**params)

    @classmethod
    def load(cls, config_dir: Path) -> Course:
        """Read config/course/; any malformed file is a ConfigError naming it."""
        root = config_dir / "course"
        sessions = tuple(
            sorted(
                (_session(p, _read(p)) for p in sorted((root / "sessions").glob("*.toml"))),
                key=lambda s: s.number,
            )
        )
        tasks = tuple(
            sorted(
                (_task(p, _read(p)) for p in sorted((root / "tasks").glob("*.toml"))),
                key=lambda t: (t.order, t.id),
            )
        )
        progression = _read(root / "progression.toml")
        ui = _read(root / "ui.toml")
        try:
            indicators = tuple(
                _indicator(root / "progression.toml", i) for i in progression["indicators"]
            )
            ui_tables = {lang: dict(ui[lang]) for lang in COURSE_LANGUAGES if lang in ui}
            ui_tables["en"] = dict(ui["en"])  # the fallback of every language ui.toml lacks
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{root}: malformed progression.toml or ui.toml ({exc!r}).") from None
        chart_path = root / "chart.toml"
        chart = _read(chart_path) if chart_path.exists() else {}
        names_path = root / "checks.toml"
        names = _read(names_path) if names_path.exists() else {}
        cues_path = root / "handin.toml"
        handin_cues = HandinCues.load(cues_path) if cues_path.exists() else HandinCues()
        course = cls(
            handin_cues=handin_cues,
            sessions=sessions,
            tasks=tasks,
            indicators=indicators,
            ui=ui_tables,
            chart={lang: dict(words) for lang, words in chart.items() if isinstance(words, dict)},
            check_names={
                lang: {str(k): str(v) for k, v in table.items()}
                for lang, table in names.items()
                if isinstance(table, dict)
            },
            fonts_dir=root.parent / "fonts",
        )
        course._validate(root)
        return course

    def _validate(self, root: Path) -> None:
        numbers = [s.number for s in self.sessions]
        if numbers != list(range(1, 9)):
            raise ConfigError(f"{root}/sessions must define sessions 1-8, found {numbers}.")
        ids = [t.id for t in self.tasks]
        if len(set(ids)) != len(ids):
            raise ConfigError(f"{root}/tasks: duplicate task ids in {ids}.")
        named: list[tuple[str, tuple[str, ...]]] = [(s.id, s.topics) for s in self.sessions]
        named += [(t.id, t.topics) for t in self.tasks]
        for item_id, topics in named:
            bad = sorted(set(topics) - set(CORE_TOPICS))
            if bad:
                raise ConfigError(f"{root}: unknown topic(s) {bad} in {item_id}.")
        for ind in self.indicators:
            missing = sorted(set(ind.tasks_all) - set(ids))
            if missing:
                raise ConfigError(f"{root}/progression.toml: {ind.id} names unknown {missing}.")


def _read(path: Path) -> dict[str, Any]:
    try:
        return read_toml(path)
    except FileNotFoundError:
        raise ConfigError(f"Course content file {path} is missing.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Course content file {path} is not valid TOML: {exc}.") from None


def _langs(path: Path, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    langs = data.get("lang", {})
    missing = [lang for lang in COURSE_LANGUAGES if lang not in langs]
    if missing:
        raise ConfigError(
            f"{path} lacks the language(s) {missing}: add a [lang.<code>] table for each "
            f"(every session and task is written in {', '.join(COURSE_LANGUAGES)})."
        )
    english = langs["en"]
    for lang, body in langs.items():
        shape = {key: len(value) for key, value in body.items() if isinstance(value, list)}
        want = {key: len(value) for key, value in english.items() if isinstance(value, list)}
        if set(body) != set(english) or shape != want:
            raise ConfigError(
                f"{path}: [lang.{lang}] does not have the shape of [lang.en] "
                f"(same keys, same number of items in each list)."
            )
    return dict(langs)


def _labels(where: str, label: Any) -> dict[str, str]:
    """A label table with every course language, or a ConfigError naming what lacks which."""
    table = dict(label)
    missing = [lang for lang in COURSE_LANGUAGES if not table.get(lang)]
    if missing:
        raise ConfigError(f"{where}: the label lacks the language(s) {missing}.")
    return {str(k): str(v) for k, v in table.items()}


def _session(path: Path, data: dict[str, Any]) -> Session:
    try:
        text = {
            lang: SessionText(
                title=str(body["title"]),
                summary=str(body["summary"]).strip(),
                goals=tuple(body["goals"]),
                outline=tuple(body["outline"]),
                lab_title=str(body["lab_title"]),
                lab_steps=tuple(body["lab_steps"]),
                deliverable=str(body["deliverable"]).strip(),
                reflection=tuple(body["reflection"]),
            )
            for lang, body in _langs(path, data).items()
        }
        checklist = tuple(
            ChecklistItem(
                id=str(item["id"]),
                patterns=tuple(re.compile(p, re.I) for p in item["patterns"]),
                label=_labels(f"{path} checklist {item['id']!r}", item["label"]),
                measured_pair=bool(item.get("measured_pair", False)),
            )
            for item in data["checklist"]
        )
        return Session(
            number=int(data["number"]),
            id=str(data["id"]),
            topics=tuple(data["topics"]),
            lab_starter=str(data["lab_starter"]).strip("\n") + "\n",
            checklist=checklist,
            tasks=tuple(data.get("tasks", ())),
            text=text,
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise ConfigError(f"Course session file {path} is malformed: {exc!r}.") from None


def _task(path: Path, data: dict[str, Any]) -> Task:
    try:
        text = {}
        for lang, body in _langs(path, data).items():
            hints = tuple(body["hints"])
            if len(hints) != 3:
                raise ValueError("hints must be [concept, pointer, pseudocode]")
            text[lang] = TaskText(
                title=str(body["title"]),
                statement=str(body["statement"]).strip(),
                submit=str(body["submit"]).strip(),
                hints=(str(hints[0]), str(hints[1]), str(hints[2])),
                scaffold_note=str(body["scaffold_note"]).strip(),
            )
        kind = str(data["kind"])
        if kind not in ("checked", "review"):
            raise ValueError(f"kind must be checked or review, not {kind!r}")
        starter = str(data["starter"]).strip("\n") + "\n"
        params = dict(data.get("params", {}))
        if params.get("reference") == "@starter":
            params["reference"] = starter  # the checker compares with the code as handed out
        return Task(
            id=str(data["id"]),
            kind=kind,  # type: ignore[arg-type]  # checked above
            checker=str(data["checker"]),
            topics=tuple(data["topics"]),
            session=int(data["session"]),
            packages=tuple(data.get("packages", ())),
            starter=starter,
            scaffold=str(data["scaffold"]).strip("\n") + "\n",
            files={str(k): str(v) for k, v in data.get("files", {}).items()},
            params=params,
            text=text,
            order=int(data.get("order", 0)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"Practice task file {path} is malformed: {exc!r}.") from None


def _indicator(path: Path, data: dict[str, Any]) -> Indicator:
    measurement = None
    if "measurement" in data:
        m = data["measurement"]
        measurement = (str(m["task"]), str(m["key"]), float(m["at_least"]))
    return Indicator(
        id=str(data["id"]),
        tasks_all=tuple(data.get("tasks_all", ())),
        sessions_done=int(data.get("sessions_done", 0)),
        measurement=measurement,
        label=_labels(f"{path} indicator {data['id']!r}", data["label"]),
    )
