"""Localized headings and messages (config/i18n/<lang>.toml), English as the fallback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.mentor.models import SECTION_KEYS
from bot.text.toml_files import read_toml

FALLBACK = "en"


class _Defaulting(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Catalog:
    """Every language's headings and messages."""

    languages: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, config_dir: Path) -> Catalog:
        """Read config/i18n/<lang>.toml, then merge config/i18n/<part>/<lang>.toml into it.

        Parts let each room keep its own texts (e.g. `guards/`, `reasoning/`) while one
        catalog serves them all; a part's tables are merged key by key into the language's.
        """
        root = config_dir / "i18n"
        languages: dict[str, dict[str, Any]] = {}
        for path in sorted(root.glob("*.toml")):
            languages[path.stem] = read_toml(path)
        for path in sorted(root.glob("*/*.toml")):
            part = read_toml(path)
            merged = languages.setdefault(path.stem, {})
            for key, value in part.items():
                if isinstance(value, dict) and isinstance(merged.get(key), dict):
                    merged[key] = {**merged[key], **value}
                else:
                    merged.setdefault(key, value)
        if FALLBACK not in languages:
            raise FileNotFoundError(f"{config_dir / 'i18n' / 'en.toml'} is missing")
        return cls(languages)

    def _table(self, language: str, table: str) -> dict[str, str]:
        data = self.languages.get(language) or self.languages[FALLBACK]
        return dict(data.get(table, {}))

    def heading(self, language: str, key: str) -> str:
        """The localized heading of a section."""
        return self._table(language, "headings").get(key) or self._table(FALLBACK, "headings")[key]

    def headings(self, language: str) -> dict[str, str]:
        """All 7 headings, in order."""
        return {key: self.heading(language, key) for key in SECTION_KEYS}

    def message(self, lang: str, key: str, /, **params: Any) -> str:
        """A localized message with `{params}` filled (unknown ones left visible)."""
        template = self._table(lang, "messages").get(key)
        if template is None:
            template = self._table(FALLBACK, "messages").get(key, key)
        return template.format_map(_Defaulting(params))

    def name(self, language: str) -> str:
        """The language's own name ('Português')."""
        return str(self.languages.get(language, {}).get("name", language))
