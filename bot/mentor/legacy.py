"""Transitional: the old one-reply-per-topic files (config/knowledge/<topic>.toml) as units.

Only topics that have no config/knowledge/units/<topic>.toml yet are read, each hypothesis of
the old reply becoming one unit (its context question, its share of the steps, the first
reference). When every topic has a units file this module has nothing to load and is removed
with the old files.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from bot.mentor.units import Unit, UnitText, UnitTopic

CORE_NUMBERS = {
    "asyncio": 1,
    "profiling": 2,
    "networking": 3,
    "ffi": 4,
    "distributed": 5,
    "observability": 6,
    "security": 7,
    "testing": 8,
    "packaging": 9,
    "tooling": 10,
}
ASKS = ("goal", "environment", "concurrency", "baseline")


def legacy_units(knowledge_dir: Path, covered: set[str]) -> tuple[list[UnitTopic], list[Unit]]:
    """Topics and units from the old files of the topics not in `covered`."""
    topics: list[UnitTopic] = []
    units: list[Unit] = []
    for path in sorted(knowledge_dir.glob("*.toml")):
        if path.stem in covered or path.stem in ("references", "signals"):
            continue
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        if "lang" not in data:
            continue
        tid = str(data["id"])
        langs: dict[str, dict[str, Any]] = data["lang"]
        topics.append(
            UnitTopic(tid, CORE_NUMBERS.get(tid, 0), {k: str(v["title"]) for k, v in langs.items()})
        )
        count = len(langs["en"]["hypotheses"])
        keywords = tuple(str(k) for k in data.get("keywords", ()))
        for i in range(count):
            texts = {lang: _text(body, i, count) for lang, body in langs.items()}
            ref = langs["en"]["references"][min(i, len(langs["en"]["references"]) - 1)]
            units.append(
                Unit(
                    id=f"{tid}.legacy-{i + 1}",
                    topic=tid,
                    subtopic=f"legacy-{i + 1}",
                    asks=ASKS[i % len(ASKS)],
                    stack=(),
                    refs=((str(ref["title"]), str(ref["url"])),),
                    scaffold=str(data["lang"]["en"].get("scaffold", "")).strip("\n"),
                    terms={"en": keywords},
                    text=texts,
                )
            )
    return topics, units


def _text(body: dict[str, Any], i: int, count: int) -> UnitText:
    steps = list(body["steps"])
    share = max(1, len(steps) // count)
    mine = steps[i * share : (i + 1) * share] or steps[-1:]
    context = list(body["context"])
    return UnitText(
        title=str(body["topics"][min(i, len(body["topics"]) - 1)]),
        question=str(context[min(i, len(context) - 1)]),
        hypothesis=str(body["hypotheses"][i]),
        steps=tuple(str(s) for s in mine[:3]),
    )
