"""Every message part under config/i18n/ speaks all 14 languages with en.toml's keys and placeholders."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

LANGUAGES = ("en", "pt", "es", "fr", "de", "it", "nl", "pl", "tr", "ru", "uk", "ja", "zh", "ko")
I18N = Path(__file__).resolve().parent.parent / "config" / "i18n"
PARTS = sorted(p for p in I18N.iterdir() if p.is_dir() and (p / "en.toml").exists())
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def flat(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Dotted key -> text for every string in a TOML document."""
    out: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flat(value, f"{name}."))
        else:
            out[name] = str(value)
    return out


MESSAGE_TABLES = ("messages", "headings", "discord_commands")
"""Tables of texts shown to people. Other tables (e.g. a guard's cue words per language) are
lexicons: each language has its own words, so their keys may differ from English."""


def load(path: Path) -> dict[str, str]:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return flat({k: v for k, v in data.items() if k in MESSAGE_TABLES or not isinstance(v, dict)})


def test_parts_are_found_including_community() -> None:
    """The check covers the community settings part (and whatever other parts exist)."""
    assert "community" in {p.name for p in PARTS}


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_part_language_matches_english_keys_and_placeholders(part: Path, lang: str) -> None:
    """A translated part has exactly en.toml's keys, each with the same {placeholders}."""
    path = part / f"{lang}.toml"
    assert path.exists(), f"{path} is missing"
    english, translated = load(part / "en.toml"), load(path)
    assert sorted(translated) == sorted(english), f"{path}: keys differ from en.toml"
    for key, text in english.items():
        want = sorted(PLACEHOLDER.findall(text))
        assert sorted(PLACEHOLDER.findall(translated[key])) == want, f"{path}: {key} placeholders"
