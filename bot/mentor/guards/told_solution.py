"""A practice task's solution told in words: numbered pseudo-code, a story, steps over sections.

The integrity guard judges code; a hostile draft can tell the same solution as prose precise
enough to type in ("1. take the lock; 2. if the key is loading, wait on its future; 3. load
outside the lock; ..."). Such prose is recognised by what it describes against the task: each
checked task's reference outline (its checker-relevant steps, config/guards/outlines/) names
every step by identifiers and by words of each of the 14 languages. Naming the pieces is what
the course's own pointer rung does, so names alone are not a solution: a draft tells one when
its prose gives them as ORDERED steps (numbered items, or clauses with control flow: if, else,
then, return... per language) that together name at least the outline's `need` steps. Without
the learner's effort those steps give way to the next hint rung. Questions ("what do waiters
see when the loader raises?") are how a mentor teaches, so they never count.
"""

from __future__ import annotations

import re
import tomllib
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.mentor.guards.code_views import python_view
from bot.mentor.guards.markdown import Part, split_parts
from bot.text.prefilter import PatternIndex

_QUESTION = re.compile(r"[?？]\s*\**\s*$")
_SCRIPT_EDGE = re.compile(
    r"(?<=[a-z0-9_)\]`])(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])"
    r"|(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])(?=[a-z0-9_(`])"
)
"""Where a Latin word meets Japanese, Chinese or Korean ("pendingにする"): a space there lets
the code names' word boundaries match in steps that mix English terms into the language."""
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
"""A text without these has no script edge: `spaced` returns it without the edge search."""
_ARROW = re.compile(r"\s*(?:→|->|=>|⇒|⟶|➜|➔)\s*")
"""A chain of arrows is a sequence: "lock → check → load outside the lock → store"."""
_TABLE_ROW = re.compile(r"^\s*\|(?P<first>[^|\n]*)\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_ORDINAL = re.compile(
    r"^\s*(?:\d{1,2}[.)]?|[ivx]{1,4}|step\s*\d*|one|two|three|four|five|six|seven|eight|"
    r"first|second|third|fourth|fifth|sixth|last|then|next|finally|[①-⑳])\s*$",
    re.I,
)
"""A table's first cell that numbers its row: the rows are the steps, in order."""


def spaced(low: str) -> str:
    """`low` with a space where Latin letters meet CJK ones (see `_SCRIPT_EDGE`)."""
    if low.isascii() or _CJK.search(low) is None:
        return low  # the edge search looks behind at every position: most drafts have no CJK
    return _SCRIPT_EDGE.sub(" ", low)


_ITEM = re.compile(
    r"^\s*(?:#{1,6}\s*|>\s*)?(?:(?P<n>\d{1,2}\s*[.)、:．]|[(（]\d{1,2}[)）]|[①-⑳]"
    r"|\*\*\d{1,2}[.)]?\*\*|\|\s*\d{1,2}\s*\|"
    r"|(?:step|schritt|paso|passo|étape|etap|krok|шаг|крок|adım|stap|단계|ステップ|步骤)\s*\d+"
    r"\s*[:.)–-]?)|[-*•+])\s*",
    re.I,
)
"""A list item's marker; `n` when it is ordered (a number, "Step 2", ②, a numbered table
row, a "### 3." heading or quoted item)."""
_CLAUSE = re.compile(r"(?<=[.;!:。；！])\s+|[;；。]")
_SEPARATOR = "\x00"
"""Joins the course's rungs for one search (see `ToldSolutions._in_course`)."""
MIN_UNITS = 3
"""Steps a told solution spreads over (one sentence naming every piece is a pointer)."""
MIN_ORDERED = 2
"""Numbered items or control-flow clauses among them that make the steps a procedure."""
NAMED_CACHED = 512
"""Texts whose named steps a task's reader keeps (cleared when full)."""
EARLIER_CACHED = 64
"""Threads whose earlier replies' steps are kept: the streaming gate and the final check read
the same replies several times a turn."""


@dataclass(frozen=True, slots=True)
class Outline:
    """One task's checker-relevant steps: per step, its code names and each language's words."""

    task_id: str
    code: Mapping[str, tuple[str, ...]]
    words: Mapping[str, Mapping[str, tuple[str, ...]]]
    """language -> step -> patterns."""
    need: int
    control: Mapping[str, tuple[str, ...]]
    """language -> control-flow and sequence words (if, otherwise, then, return...)."""

    def reader(self, languages: Iterable[str]) -> _Reader:
        """The steps as patterns of the code names and `languages`' words."""
        steps = []
        for step, code in self.code.items():
            patterns = [*code]
            for lang in languages:
                patterns.extend(self.words.get(lang, {}).get(step, ()))
            if patterns:
                steps.append((step, PatternIndex([re.compile(p.lower()) for p in patterns])))
        control = [p for lang in languages for p in self.control.get(lang, ())]
        return _Reader(
            self.task_id,
            tuple(steps),
            min(self.need, len(steps)),
            PatternIndex([re.compile(p.lower()) for p in control]),
        )


@dataclass(frozen=True, slots=True)
class _Reader:
    task_id: str
    steps: tuple[tuple[str, PatternIndex], ...]
    need: int
    control: PatternIndex
    _named: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    """Recent texts' named steps: the earlier replies' steps are read again at every held
    paragraph of a stream and at the final check."""

    def could_tell(self, low: str) -> bool:
        """`need` steps named anywhere in `low` (code and questions too): an upper bound.

        Stops at the first step too many is missing (a clean draft names few, so few reads).
        """
        spare = len(self.steps) - self.need
        for _, index in self.steps:
            if not index.search(low):
                spare -= 1
                if spare < 0:
                    return False
        return bool(self.steps)

    def named(self, low: str) -> frozenset[str]:
        """The steps `low` (a lowercased line) names."""
        found = self._named.get(low)
        if found is None:
            if len(self._named) >= NAMED_CACHED:
                self._named.clear()
            found = self._named[low] = frozenset(
                step for step, index in self.steps if index.search(low)
            )
        return found


@dataclass(frozen=True, slots=True)
class Told:
    """The texts with the told solution's lines withdrawn, per task found."""

    texts: dict[str, str]
    tasks: tuple[str, ...] = ()
    lines: int = 0

    @property
    def changed(self) -> bool:
        """True when a solution told in words was withdrawn."""
        return bool(self.tasks)


class ToldSolutions:
    """The outlines of the checked tasks; finds and withdraws a solution told in prose.

    A draft is read with the code names, English and the learner's language (a draft half in
    another language is caught by the language guard): every language's words at once cost
    ~1 ms a clean draft, two languages' ~0.1 ms.
    """

    def __init__(self, outlines: Iterable[Outline], course_texts: Iterable[str] = ()) -> None:
        self.outlines = tuple(outlines)
        self._readers: dict[str, tuple[_Reader, ...]] = {}
        self._course = tuple(t.lower() for t in course_texts)
        """The course's own hint rungs: shown by the bot in earlier replies, they are not an
        earlier part of a told solution."""
        self._course_joined = _SEPARATOR.join(self._course)
        """The rungs in one string: one substring search per unit instead of one per rung."""
        self._earlier: OrderedDict[str, tuple[_Unit, ...]] = OrderedDict()
        """The steps of recent threads' earlier replies (see `_earlier_units`)."""

    @classmethod
    def load(
        cls, config_dir: Path, task_ids: Iterable[str], course_texts: Iterable[str] = ()
    ) -> ToldSolutions:
        """Outlines of `task_ids` from config/guards/outlines (tasks.toml + <lang>.toml)."""
        root = config_dir / "guards" / "outlines"
        base = root / "tasks.toml"
        if not base.exists():
            return cls(())
        tasks = tomllib.loads(base.read_text(encoding="utf-8"))
        words = {
            p.stem: tomllib.loads(p.read_text(encoding="utf-8"))
            for p in sorted(root.glob("*.toml"))
            if p.name != base.name
        }
        wanted = set(task_ids)
        return cls(
            (
                _outline(task_id, table, words)
                for task_id, table in tasks.items()
                if task_id in wanted and isinstance(table, dict)
            ),
            course_texts,
        )

    def readers(self, language: str) -> tuple[_Reader, ...]:
        """The outlines read in `language` and English (built once per language)."""
        found = self._readers.get(language)
        if found is None:
            langs = dict.fromkeys(("en", language))
            found = self._readers[language] = tuple(o.reader(langs) for o in self.outlines)
        return found

    def tasks(
        self, texts: Mapping[str, str], language: str, said: Iterable[str] = ()
    ) -> frozenset[str]:
        """Task ids whose solution the draft (all its sections together) tells in prose.

        `said`: the bot's earlier replies in the thread. A draft whose ordered steps finish a
        solution the earlier replies began (steps 1-3 last turn, 4-6 now) tells it too.
        """
        draft = "\n\n".join(texts.values())
        found = self.told(draft, language)
        earlier = "\n\n".join(said)
        if found or not earlier:
            return found
        units = [u for part in _prose_parts(draft) for u in _units(part)]
        adding = [r for r in self.readers(language) if _adds_steps(r, units)]
        if not adding:
            return frozenset()  # the draft tells no step of its own: nothing to withhold
        before = self._earlier_units(earlier)
        return frozenset(r.task_id for r in adding if _tells(r, [*before, *units]))

    def _earlier_units(self, earlier: str) -> tuple[_Unit, ...]:
        """The steps of the earlier replies that are not the course's own rungs.

        Remembered: the stream gate reads the same replies at each paragraph it holds, and the
        final check once more.
        """
        found = self._earlier.get(earlier)
        if found is not None:
            self._earlier.move_to_end(earlier)
            return found
        found = self._earlier[earlier] = tuple(
            u
            for part in _prose_parts(earlier)
            for u in _units(part)
            if not self._in_course(u.text.strip())
        )
        if len(self._earlier) > EARLIER_CACHED:
            self._earlier.popitem(last=False)
        return found

    def _in_course(self, text: str) -> bool:
        """`text` occurs in one of the course's rungs (`any(text in rung for rung in ...)`).

        Searched in the rungs joined by a character no rung search can cross, unless the text
        holds that character itself.
        """
        if not self._course:
            return False
        if _SEPARATOR in text:
            return any(text in known for known in self._course)
        return text in self._course_joined

    def told(self, text: str, language: str) -> frozenset[str]:
        """Task ids whose solution the declarative prose of `text` tells as ordered steps.

        Cheap first: the steps named anywhere in the text, code and questions included (an
        upper bound); only a draft that could reach a task's `need` is read unit by unit.
        """
        low = spaced(text.lower())
        likely = [r for r in self.readers(language) if r.could_tell(low)]
        if not likely:
            return frozenset()
        units = [u for part in _prose_parts(text) for u in _units(part)]
        return frozenset(r.task_id for r in likely if _tells(r, units))

    def step_line(self, line: str, language: str) -> bool:
        """A line that may be a step of a told solution (held by the streaming gate).

        An ordered item or a control-flow clause naming one of a task's steps.
        """
        if not _declarative(line):
            return False
        item = _ITEM.match(line) or _row_item(line)
        low = spaced(line.lower())
        if _ARROW.search(low):
            return any(reader.named(low) for reader in self.readers(language))
        for reader in self.readers(language):
            if (item and item.group("n")) or reader.control.search(low):
                if reader.named(low):
                    return True
            else:
                return False  # the control words are the same for every task
        return False

    def withdraw(
        self,
        texts: Mapping[str, str],
        language: str,
        rungs: Mapping[str, str] | None = None,
        said: Iterable[str] = (),
    ) -> Told:
        """`texts` (a draft's sections) without the lines of a solution told over all of them.

        The steps are counted over the whole draft (a list split over sections is one list);
        when a task's `need` is reached, every declarative prose line naming one of its steps
        is withdrawn and the first place one stood gets the task's rung from `rungs`.
        """
        found = self.tasks(texts, language, said)
        if not found:
            return Told(dict(texts))
        readers = [r for r in self.readers(language) if r.task_id in found]
        out: dict[str, str] = {}
        removed = 0
        placed: set[str] = set()
        for key, text in texts.items():
            kept, cut = _withdrawn(text, readers, rungs or {}, placed)
            out[key] = kept
            removed += cut
        return Told(out, tuple(sorted(found)), removed)


def _outline(
    task_id: str, table: dict[str, object], words: Mapping[str, dict[str, object]]
) -> Outline:
    code = table.get("code", {})
    steps = {
        str(step): tuple(str(p) for p in patterns)
        for step, patterns in (code.items() if isinstance(code, dict) else ())
    }
    per_language: dict[str, dict[str, tuple[str, ...]]] = {}
    control: dict[str, tuple[str, ...]] = {}
    for lang, tables in words.items():
        cues = tables.get("control", {})
        if isinstance(cues, dict):
            control[lang] = tuple(str(p) for p in cues.get("cues", []))
        own = tables.get(task_id, {})
        if isinstance(own, dict):
            per_language[lang] = {
                str(step): tuple(str(p) for p in patterns) for step, patterns in own.items()
            }
    need = int(str(table.get("need", 0))) or len(steps)
    return Outline(task_id, steps, per_language, need, control)


def _declarative(line: str) -> bool:
    return bool(line.strip()) and not _QUESTION.search(line)


@dataclass(frozen=True, slots=True)
class _Unit:
    """One step of a told procedure: a list item, or a clause of a paragraph."""

    text: str
    """Lowercased."""
    ordered: bool
    """A numbered item."""


_TEXT_TAGS = frozenset({"", "text", "txt", "plaintext", "plain", "markdown", "md", "pseudo"})


def _prose_of(part: Part) -> str | None:
    """A part's prose: a paragraph, or a block that holds prose (```text, untagged, not code)."""
    if not part.is_code:
        return part.text
    if part.language.lower() in _TEXT_TAGS and python_view(part.code or "") is None:
        return part.code
    return None


def _prose_parts(text: str) -> list[str]:
    return [prose for p in split_parts(text) if (prose := _prose_of(p)) is not None]


class _RowItem:
    """A table row read as a list item: ordered when its first cell numbers it."""

    def __init__(self, ordered: bool) -> None:
        self._ordered = ordered

    def group(self, name: str) -> str | None:
        return "n" if name == "n" and self._ordered else None


def _row_item(line: str) -> _RowItem | None:
    row = _TABLE_ROW.match(line)
    if row is None or _TABLE_RULE.match(line):
        return None
    return _RowItem(bool(_ORDINAL.match(row.group("first"))))


@lru_cache(maxsize=4096)
def _units(paragraph: str) -> tuple[_Unit, ...]:
    """A paragraph's steps: list items or table rows, an arrow chain's links, or clauses.

    An item keeps its continuation lines. Remembered: the stream gate re-reads the draft's
    paragraphs as it grows.
    """
    lines = [ln for ln in paragraph.splitlines() if not _TABLE_RULE.match(ln)]
    low = spaced(paragraph.lower())
    if not any(_ITEM.match(line) or _row_item(line) for line in lines):
        if len(_ARROW.findall(low)) >= MIN_ORDERED:
            links = [c for part in _CLAUSE.split(low) for c in _ARROW.split(part)]
            return tuple(_Unit(c, ordered=True) for c in links if _declarative(c))
        clauses = _CLAUSE.split(low)
        return tuple(_Unit(c, ordered=False) for c in clauses if _declarative(c))
    units: list[_Unit] = []
    for line in lines:
        item = _ITEM.match(line) or _row_item(line)
        text = spaced(line.lower())
        if item is not None or not units:
            units.append(_Unit(text, ordered=bool(item and item.group("n"))))
        else:
            last = units[-1]
            units[-1] = _Unit(f"{last.text}\n{text}", last.ordered)
    return tuple(u for u in units if _declarative(u.text))


def _adds_steps(reader: _Reader, units: Sequence[_Unit]) -> bool:
    """An ordered unit (numbered, or with control flow) naming one of the task's steps."""
    return any((u.ordered or reader.control.search(u.text)) and reader.named(u.text) for u in units)


def _tells(reader: _Reader, units: list[_Unit]) -> bool:
    """The units name `need` of the task's steps over >= 3 of them, as a procedure."""
    named = [(u, reader.named(u.text)) for u in units]
    named = [(u, steps) for u, steps in named if steps]
    if len(named) < MIN_UNITS or len(set().union(*(s for _, s in named))) < reader.need:
        return False
    numbered = sum(u.ordered for u, _ in named)
    control = sum(bool(reader.control.search(u.text)) for u, _ in named)
    return max(numbered, control) >= MIN_ORDERED


def _withdrawn(
    text: str, readers: list[_Reader], rungs: Mapping[str, str], placed: set[str]
) -> tuple[str, int]:
    """(text without the told steps, steps withdrawn); each task's rung placed once.

    A list loses the items that name a step; a paragraph told as clauses goes whole.
    """
    out: list[str] = []
    removed = 0
    for part in split_parts(text):
        prose = _prose_of(part)
        if prose is None:
            out.append(part.text)
            continue
        if part.is_code:  # steps fenced as ```text: the block goes whole when it tells any
            hits = [r.task_id for r in readers if _adds_steps(r, _units(prose))]
            if not hits:
                out.append(part.text)
                continue
            removed += 1
            for task_id in hits:
                if task_id not in placed and rungs.get(task_id):
                    placed.add(task_id)
                    out.append(rungs[task_id])
            continue
        lines = part.text.splitlines()
        listed = any(_ITEM.match(line) for line in lines)
        kept: list[str] = []
        for unit in _line_groups(lines) if listed else ["\n".join(lines)]:
            low = spaced(unit.lower())
            clauses = [low] if listed else [c for c in _CLAUSE.split(low) if _declarative(c)]
            hits = [
                r.task_id for r in readers if any(_declarative(c) and r.named(c) for c in clauses)
            ]
            if not hits:
                kept.append(unit)
                continue
            removed += 1
            for task_id in hits:
                if task_id not in placed and rungs.get(task_id):
                    placed.add(task_id)
                    if kept:
                        out.append("\n".join(kept))
                        kept = []
                    out.append(rungs[task_id])
        if kept:
            out.append("\n".join(kept))
    return "\n\n".join(p for p in out if p.strip()), removed


def _line_groups(lines: list[str]) -> list[str]:
    """A list's items, each with its continuation lines."""
    groups: list[list[str]] = []
    for line in lines:
        if _ITEM.match(line) or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    return ["\n".join(g) for g in groups]
