"""The offline knowledge base (config/knowledge/<topic>.toml) and topic classification."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.mentor.method import normalize

GENERAL = "general"


@dataclass(frozen=True)
class TopicContent:
    """One topic's material in one language."""

    title: str
    context: tuple[str, ...]
    hypotheses: tuple[str, ...]
    steps: tuple[str, ...]
    scaffold: str
    topics: tuple[str, ...]
    references: tuple[tuple[str, str], ...]
    next_steps: tuple[str, ...]
    reflection: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TopicContent:
        """Parse one `[lang.xx]` table."""
        return cls(
            title=str(data["title"]),
            context=tuple(data["context"]),
            hypotheses=tuple(data["hypotheses"]),
            steps=tuple(data["steps"]),
            scaffold=str(data.get("scaffold", "")).strip("\n"),
            topics=tuple(data["topics"]),
            references=tuple((str(r["title"]), str(r["url"])) for r in data["references"]),
            next_steps=tuple(data.get("next_steps", ())),
            reflection=tuple(data["reflection"]),
        )


@dataclass(frozen=True)
class Topic:
    """A core topic of the method with its keywords and per-language content."""

    id: str
    keywords: tuple[re.Pattern[str], ...]
    code_markers: tuple[str, ...]
    content: dict[str, TopicContent]

    def in_language(self, language: str) -> TopicContent:
        """Content in `language`, else English."""
        return self.content.get(language) or self.content["en"]


def _keyword(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(normalize(word)) + r"(?!\w)")


class KnowledgeBase:
    """All topics; classifies a question (and its code) into ranked topics."""

    def __init__(self, topics: dict[str, Topic]) -> None:
        if GENERAL not in topics:
            raise ValueError("the knowledge base needs a 'general' topic")
        self.topics = topics

    @classmethod
    def load(cls, config_dir: Path) -> KnowledgeBase:
        """Read config/knowledge/*.toml."""
        topics = {}
        for path in sorted((config_dir / "knowledge").glob("*.toml")):
            with path.open("rb") as fh:
                data = tomllib.load(fh)
            topics[data["id"]] = Topic(
                id=data["id"],
                keywords=tuple(_keyword(k) for k in data.get("keywords", ())),
                code_markers=tuple(data.get("code_markers", ())),
                content={lang: TopicContent.from_dict(body) for lang, body in data["lang"].items()},
            )
        return cls(topics)

    def classify(self, text: str, code: str = "") -> list[tuple[str, float]]:
        """Topics by score (keyword hits in the prose, markers in the code), best first."""
        norm = normalize(text)
        scores: dict[str, float] = {}
        for topic in self.topics.values():
            score = float(sum(1 for k in topic.keywords if k.search(norm)))
            if code:
                score += 0.5 * sum(1 for m in topic.code_markers if m in code)
            if score > 0:
                scores[topic.id] = score
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))

    def title(self, topic_id: str, language: str) -> str:
        """A topic's localized title."""
        topic = self.topics.get(topic_id) or self.topics[GENERAL]
        return topic.in_language(language).title
