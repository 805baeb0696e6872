"""The offline knowledge base: the knowledge units, their BM25 index and topic titles.

Everything that needs topics (the offline engine, the service, the course) goes through this
one object, loaded once at start-up from config/knowledge/ (units/, references.toml,
signals.toml).
"""

from __future__ import annotations

import functools
from pathlib import Path

from bot.mentor.retrieval import UnitIndex
from bot.mentor.units import UnitBase, UnitTopic


class KnowledgeBase:
    """All topics and units; ranks units (and so topics) for a question."""

    def __init__(self, index: UnitIndex) -> None:
        self.index = index
        self.units: UnitBase = index.base
        self.topics: dict[str, UnitTopic] = index.base.topics

    @classmethod
    def load(cls, config_dir: Path) -> KnowledgeBase:
        """Read and validate config/knowledge/units/*.toml and index them.

        Parsing ~170 units in 14 languages costs about a second, so a process that builds the
        app several times (tests, benches) parses each unchanged folder once.
        """
        root = (config_dir / "knowledge").resolve()
        stamp = tuple(
            (p.name, p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted([*root.glob("*.toml"), *root.glob("units/*.toml")])
        )
        return _load(root, stamp)

    def core_topics(self) -> list[str]:
        """The method's core topic ids, in the method's order (1-10)."""
        core = [t for t in self.topics.values() if t.core > 0]
        return [t.id for t in sorted(core, key=lambda t: t.core)]

    def classify(self, text: str, code: str = "", language: str = "en") -> list[tuple[str, float]]:
        """Topics by their best unit's score for `text` (and its code), best first."""
        scores: dict[str, float] = {}
        for unit, score in self.index.search(text, language, code=code or None):
            scores[unit.topic] = max(scores.get(unit.topic, 0.0), score)
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))

    def title(self, topic_id: str, language: str) -> str:
        """A topic's localized title."""
        return self.units.topic_title(topic_id, language)


@functools.lru_cache(maxsize=4)
def _load(root: Path, stamp: tuple[tuple[str, int, int], ...]) -> KnowledgeBase:
    """One parse per folder state (`stamp`: names, mtimes and sizes of its files)."""
    return KnowledgeBase(UnitIndex.load(root))
