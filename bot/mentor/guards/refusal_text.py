"""The refusal a learner reads: the reason and safe alternative that fit what THIS request asks.

The intent guard names a capability (and sometimes a narrower concern: doxxing, fake reviews).
Within a capability, requests differ: a phone tracker and a keylogger are both covert
surveillance, but keylogger detection is no alternative to the first. The request's own words
pick a facet of the capability (config/guards/refusal_facets.toml); its text is in
config/i18n/refusals. A capability the catalog has no refusal for (a second opinion's label
we do not know) gets the general refusal, which is true of any misuse: never another
capability's.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from bot.mentor.i18n import FALLBACK, Catalog
from bot.settings import DEFAULT_CONFIG_DIR

FACETS = Path("guards") / "refusal_facets.toml"
"""Under the config directory."""
GENERAL = "guards_refusal"


class RefusalVerdict(Protocol):
    """What the intent guard decided (bot/mentor/intent/guard.py's Verdict)."""

    @property
    def capability(self) -> str:
        """The capability the refusal names ('' when none was found)."""
        ...

    @property
    def concern(self) -> str:
        """A narrower concern with its own refusal (doxxing, fake_reviews), or ''."""
        ...


@dataclass(frozen=True, slots=True)
class Facet:
    """A narrower kind of request within a capability, and its refusal's catalog key."""

    key: str
    cues: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Facets:
    """Each capability's facets (in order) and its text when none fits ('' = its own)."""

    facets: dict[str, tuple[Facet, ...]]
    fallback: dict[str, str]


@lru_cache(maxsize=4)
def load_facets(config_dir: Path) -> Facets:
    """config/guards/refusal_facets.toml (no file: no facets)."""
    path = config_dir / FACETS
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    facets: dict[str, tuple[Facet, ...]] = {}
    fallback: dict[str, str] = {}
    for capability, table in data.items():
        fallback[capability] = str(table.get("fallback", ""))
        facets[capability] = tuple(
            Facet(str(f.get("key", "")), re.compile("|".join(f"(?:{c})" for c in f["cues"])))
            for f in table.values()
            if isinstance(f, dict) and f.get("cues")
        )
    return Facets(facets, fallback)


def refusal_key(verdict: RefusalVerdict, text: str, facets: Facets) -> str:
    """The catalog key of the refusal for `text` (before checking the catalog has it)."""
    if verdict.concern:
        return f"guards_refusal_{verdict.concern}"
    capability = verdict.capability
    if not capability:
        return GENERAL
    own = f"guards_refusal_{capability}"
    low = text.lower()
    best, most = "", 0
    for facet in facets.facets.get(capability, ()):
        hits = len(facet.cues.findall(low))
        if hits > most:
            best, most = facet.key or own, hits
    return best or facets.fallback.get(capability) or own


def refusal_text(
    catalog: Catalog,
    language: str,
    verdict: RefusalVerdict,
    text: str,
    facets: Facets | None = None,
) -> str:
    """The refusal in `language` that fits `text`; the general one for an unknown capability.

    `facets`: the running guards' (DraftGuards.refusals); the default config's when None.
    """
    key = refusal_key(verdict, text, facets or load_facets(DEFAULT_CONFIG_DIR))
    known = catalog.languages.get(FALLBACK, {}).get("messages", {})
    for candidate in (key, f"guards_refusal_{verdict.capability}"):
        if candidate in known:
            return catalog.message(language, candidate)
    return catalog.message(language, GENERAL)
