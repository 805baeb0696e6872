"""Parse an LLM draft's Markdown into the method's 7 sections (guardrail 1: structure).

A heading is a line whose text, once numbering, Markdown markup and a trailing colon are
removed, is a known heading of any supported language (config/i18n [headings]) or a variant
from config/method.toml [sections]. `**Heading:** text` on one line also counts. Headings
inside code fences are ignored. Never raises.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bot.mentor.i18n import Catalog
from bot.mentor.method import normalize
from bot.mentor.models import SECTION_KEYS, Sections
from bot.text import markdown

_NUMBER = re.compile(r"^\s*(?:#{1,6}\s*)?(?:[*_]{1,3}\s*)?\(?\d{1,2}\s*[.)\-:]?\s*")
_MARKUP = re.compile(r"[#*_`>]+")
_INLINE_HEAD = re.compile(
    r"^\s*(?:#{1,6}\s*)?[*_]{2}(?P<head>[^*_\n]{2,80}?)[*_]{2}\s*:?\s*(?P<rest>.*)$"
)
MAX_HEADING_CHARS = 80


def _key_text(line: str) -> str:
    text = _NUMBER.sub("", line)
    text = _MARKUP.sub(" ", text)
    text = normalize(text).strip().rstrip(":：").strip()
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class SectionParser:
    """Knows every heading variant; `parse(markdown)` returns Sections and what it found."""

    variants: dict[str, str]
    """Normalized heading text -> section key."""

    @classmethod
    def load(cls, config_dir: Path, catalog: Catalog) -> SectionParser:
        """Headings of every language in the catalog plus config/method.toml [sections]."""
        variants: dict[str, str] = {}
        for language in catalog.languages:
            for key, heading in catalog.headings(language).items():
                variants[_key_text(heading)] = key
        try:
            with (config_dir / "method.toml").open("rb") as fh:
                extra = tomllib.load(fh).get("sections", {})
        except FileNotFoundError:
            extra = {}
        for key in SECTION_KEYS:
            for alias in extra.get(key, []):
                variants.setdefault(_key_text(str(alias)), key)
        return cls(variants)

    def heading_key(self, line: str) -> tuple[str, str] | None:
        """(section key, text after the heading on the same line) when `line` is a heading."""
        if len(line) > MAX_HEADING_CHARS * 3 or not line.strip():
            return None
        stripped = line.strip()
        if len(stripped) <= MAX_HEADING_CHARS:
            key = self.variants.get(_key_text(stripped))
            if key is not None:
                return key, ""
        match = _INLINE_HEAD.match(stripped)
        if match:
            key = self.variants.get(_key_text(match.group("head")))
            if key is not None:
                return key, match.group("rest").strip()
        numbered = _NUMBER.match(stripped)
        if numbered and numbered.group(0).strip() and ":" in stripped:
            head, _, rest = stripped.partition(":")
            key = self.variants.get(_key_text(head))
            if key is not None and len(head) <= MAX_HEADING_CHARS:
                return key, rest.strip()
        return None

    def parse(self, markdown_text: str) -> tuple[Sections, list[str]]:
        """The sections found (first occurrence of a heading wins) and the keys in order."""
        bodies: dict[str, list[str]] = {}
        order: list[str] = []
        current: str | None = None
        for line in markdown.read_lines(markdown_text):
            if line.role == "prose":
                found = self.heading_key(line.text)
                if found is not None and found[0] not in bodies:
                    current = found[0]
                    order.append(current)
                    bodies[current] = [found[1]] if found[1] else []
                    continue
            if current is not None:
                bodies[current].append(line.text)
        data = {key: "\n".join(lines).strip() for key, lines in bodies.items()}
        return Sections.from_dict(data), order
