"""Small fixture units (written to a temp config dir) for the loader's and index's tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from bot.mentor.units import LANGUAGES
from bot.settings import DEFAULT_CONFIG_DIR


def unit(
    uid: str,
    *,
    terms: tuple[str, ...] = ("event loop blocked", "time.sleep"),
    asks: str = "latency",
    url: str = "https://docs.python.org/3/library/asyncio-dev.html",
    languages: tuple[str, ...] = LANGUAGES,
    steps: int = 2,
) -> dict[str, Any]:
    """One unit with the same (English) text in every language, which the loader accepts."""
    text = {
        "title": f"{uid} title",
        "question": f"What is the latency target for {uid}?",
        "hypothesis": f"{uid}: p99 drops when the blocking call leaves the loop.",
        "steps": [f"Run `python -X dev app.py` for {uid} (step {i + 1})." for i in range(steps)],
    }
    return {
        "id": uid,
        "subtopic": uid.partition(".")[2],
        "asks": asks,
        "stack": [],
        "refs": [{"title": "asyncio dev", "url": url}],
        "terms": {lang: list(terms) for lang in languages},
        "text": {lang: dict(text) for lang in languages},
    }


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def topic_file(topic: str, units: list[dict[str, Any]], *, core: int = 1) -> str:
    """A units file in the documented format (TOML written by hand: no writer dependency)."""
    lines = [f'topic = "{topic}"', f"core = {core}", "", "[title]"]
    lines += [f'{lang} = "{topic} ({lang})"' for lang in LANGUAGES]
    for item in units:
        lines += ["", "[[units]]"]
        for key in ("id", "subtopic", "asks", "stack", "refs"):
            lines.append(f"{key} = {_value(item[key])}")
        lines += ["", "[units.terms]"]
        lines += [f"{lang} = {_value(v)}" for lang, v in item["terms"].items()]
        for lang, body in item["text"].items():
            lines += ["", f"[units.text.{lang}]"]
            lines += [f"{k} = {_value(v)}" for k, v in body.items()]
    return "\n".join(lines) + "\n"


def knowledge_dir(tmp: Path, files: dict[str, str]) -> Path:
    """A config/knowledge folder with the real reference list and signals, and `files`."""
    root = tmp / "knowledge"
    (root / "units").mkdir(parents=True)
    for name in ("references.toml", "signals.toml"):
        shutil.copy(DEFAULT_CONFIG_DIR / "knowledge" / name, root / name)
    for topic, text in files.items():
        (root / "units" / f"{topic}.toml").write_text(text, encoding="utf-8")
    return root
