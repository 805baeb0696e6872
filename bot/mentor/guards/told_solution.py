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
from pathlib import Path

from bot.mentor.guards.markdown import split_parts
from bot.mentor.guards.told_units import (
    ARROW,
    CLAUSE,
    ITEM,
    MIN_ORDERED,
    Unit,
    declarative,
    line_groups,
    prose_of,
    prose_parts,
    row_item,
    spaced,
    split_units,
)
from bot.text.prefilter import PatternIndex

__all__ = ["Outline", "Told", "ToldSolutions", "spaced"]

_SEPARATOR = "\x00"
"""Joins the course's rungs for one search (see `ToldSolutions._in_course`)."""
MIN_UNITS = 3
"""Steps a told solution spreads over (one sentence naming every piece is a pointer)."""
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
    core: frozenset[str] = frozenset()
    """Steps of which a told solution names at least one: what only this task has (the cache's
    in-flight marker, its eviction). Locks, waits, failures and signals are also a hung Celery
    worker's story (know11's unit was withdrawn as the cache task's solution)."""

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
            self.core,
        )


@dataclass(frozen=True, slots=True)
class _Reader:
    task_id: str
    steps: tuple[tuple[str, PatternIndex], ...]
    need: int
    control: PatternIndex
    core: frozenset[str] = frozenset()
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
        self._earlier: OrderedDict[str, tuple[Unit, ...]] = OrderedDict()
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
        units = [u for part in prose_parts(draft) for u in split_units(part)]
        adding = [r for r in self.readers(language) if _adds_steps(r, units)]
        if not adding:
            return frozenset()  # the draft tells no step of its own: nothing to withhold
        before = self._earlier_units(earlier)
        return frozenset(r.task_id for r in adding if _tells(r, [*before, *units]))

    def _earlier_units(self, earlier: str) -> tuple[Unit, ...]:
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
            for part in prose_parts(earlier)
            for u in split_units(part)
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
        units = [u for part in prose_parts(text) for u in split_units(part)]
        return frozenset(r.task_id for r in likely if _tells(r, units))

    def step_line(self, line: str, language: str) -> bool:
        """A line that may be a step of a told solution (held by the streaming gate).

        An ordered item or a control-flow clause naming one of a task's steps.
        """
        if not declarative(line):
            return False
        item = ITEM.match(line) or row_item(line)
        low = spaced(line.lower())
        if ARROW.search(low):
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
    listed = table.get("core", [])
    core = frozenset(str(step) for step in listed) if isinstance(listed, list) else frozenset()
    return Outline(task_id, steps, per_language, need, control, core)


def _adds_steps(reader: _Reader, units: Sequence[Unit]) -> bool:
    """An ordered unit (numbered, or with control flow) naming one of the task's steps."""
    return any((u.ordered or reader.control.search(u.text)) and reader.named(u.text) for u in units)


def _tells(reader: _Reader, units: Sequence[Unit]) -> bool:
    """The units name `need` of the task's steps over >= 3 of them, as a procedure."""
    named = [(u, reader.named(u.text)) for u in units]
    named = [(u, steps) for u, steps in named if steps]
    together: set[str] = set().union(*(s for _, s in named))
    if len(named) < MIN_UNITS or len(together) < reader.need:
        return False
    if reader.core and not reader.core & together:
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
        prose = prose_of(part)
        if prose is None:
            out.append(part.text)
            continue
        if part.is_code:  # steps fenced as ```text: the block goes whole when it tells any
            hits = [r.task_id for r in readers if _adds_steps(r, split_units(prose))]
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
        listed = any(ITEM.match(line) for line in lines)
        kept: list[str] = []
        for unit in line_groups(lines) if listed else ["\n".join(lines)]:
            low = spaced(unit.lower())
            clauses = [low] if listed else [c for c in CLAUSE.split(low) if declarative(c)]
            hits = [
                r.task_id for r in readers if any(declarative(c) and r.named(c) for c in clauses)
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
