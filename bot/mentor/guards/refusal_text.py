"""The refusal a learner reads: the reason and safe alternative that fit what THIS request asks.

The intent guard names a capability (and sometimes a narrower concern: doxxing, fake reviews).
Within a capability, requests differ: a phone tracker and a keylogger are both covert
surveillance, but keylogger detection is no alternative to the first. The request's own words
pick a facet of the capability (config/guards/refusal_facets.toml); its text is in
config/i18n/refusals. A capability the catalog has no refusal for (a second opinion's label
we do not know) gets the general refusal, which is true of any misuse: never another
capability's.

What follows the refusal teaches the alternative it offers: each refusal text names the
knowledge units that teach it (config/guards/refusal_units.toml), so a refused vote-stuffing
ask is followed by how to keep one's own vote honest, not by credential stuffing and SYN
floods because their words were nearest (review13 W2, review12 V8).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from bot.mentor.i18n import FALLBACK, Catalog
from bot.settings import DEFAULT_CONFIG_DIR

FACETS = Path("guards") / "refusal_facets.toml"
"""Under the config directory."""
ALTERNATIVES = Path("guards") / "refusal_units.toml"
"""Under the config directory: refusal catalog key -> the units that teach its alternative."""
GENERAL = "guards_refusal"
ANY = "any"
"""The facets table read whatever capability the guard named."""


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
    needs: re.Pattern[str] | None = None
    """For a facet read under any capability: a word that must also be there."""

    def hits(self, low: str) -> int:
        """How many of its cues (and `with` words) `low` holds; 0 when either group is missing."""
        cues = len(self.cues.findall(low))
        if self.needs is None:
            return cues
        needs = len(self.needs.findall(low))
        return cues + needs if cues and needs else 0


@dataclass(frozen=True, slots=True)
class Facets:
    """Each capability's facets (in order) and its text when none fits ('' = its own)."""

    facets: dict[str, tuple[Facet, ...]]
    fallback: dict[str, str]
    units: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """A refusal's catalog key -> the knowledge units that teach its safe alternative."""


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
            Facet(
                str(f.get("key", "")),
                _alternation(f["cues"]),
                _alternation(f["with"]) if f.get("with") else None,
            )
            for f in table.values()
            if isinstance(f, dict) and f.get("cues")
        )
    alternatives = config_dir / ALTERNATIVES
    table = tomllib.loads(alternatives.read_text(encoding="utf-8")) if alternatives.exists() else {}
    units = {str(k): tuple(str(u) for u in v) for k, v in table.items() if isinstance(v, list)}
    return Facets(facets, fallback, units)


def _alternation(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{w})" for w in words))


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
        hits = facet.hits(low)
        if hits > most:
            best, most = facet.key or own, hits
    # A facet any capability may have: the request's own words outweigh the label.
    for facet in facets.facets.get(ANY, ()):
        hits = facet.hits(low)
        if hits > most:
            best, most = facet.key, hits
    return best or facets.fallback.get(capability) or own


def alternative_units(
    verdict: RefusalVerdict, text: str, facets: Facets | None = None
) -> tuple[str, ...]:
    """The ids of the units that teach the alternative the refusal for `text` offers.

    The facet's own list, else its capability's; () when neither names any (the engine then
    searches the defensive units by the refusal's words).
    """
    table = facets or load_facets(DEFAULT_CONFIG_DIR)
    key = refusal_key(verdict, text, table)
    return table.units.get(key) or table.units.get(f"guards_refusal_{verdict.capability}", ())


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
