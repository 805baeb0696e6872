"""The clauses of a follow-up that say what the finding is, without those that rule things out."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.toml_files import read_toml

CJK = frozenset({"ja", "zh", "ko"})
_CLAUSE = re.compile(
    r"[.;:!?]+(?=\s|$)|[\n。；：！？]+|,\s|，|、|\s(?:but|so|aber|mais|ma|maar|ale|ama|но|але)\s",
    re.I,
)
MIN_KEPT_CHARS = 12
"""What is left after dropping the ruled-out clauses must still say something."""


@lru_cache(maxsize=2)
def _cues(config_dir: Path) -> dict[str, re.Pattern[str]]:
    words = read_toml(config_dir / "knowledge" / "lexicon" / "ruled_out.toml").get("words", {})
    out: dict[str, re.Pattern[str]] = {}
    for lang, items in words.items():
        body = "|".join(re.escape(str(w).lower()) for w in sorted(items, key=len, reverse=True))
        if not body:
            continue
        out[lang] = re.compile(body if lang in CJK else rf"(?<!\w)(?:{body})(?!\w)|n't\b")
    return out


def affirmed(text: str, language: str, config_dir: Path = DEFAULT_CONFIG_DIR) -> str:
    """`text` without its negated clauses ("logged nothing", "the loop is not blocked").

    A follow-up often rules a hypothesis out before it reports what it found; matched by words,
    the ruled-out clause would point the reply at the very unit it excludes. When every clause
    is negated, or too little is left, the text is returned whole.
    """
    cue = _cues(config_dir).get(language)
    if cue is None:
        return text
    clauses = [c for c in _CLAUSE.split(text) if c and c.strip()]
    kept = [c for c in clauses if not cue.search(c.lower())]
    if len(kept) == len(clauses):
        return text
    rest = " ".join(c.strip() for c in kept)
    return rest if len(rest) >= MIN_KEPT_CHARS else text


def negates(text: str, language: str, config_dir: Path = DEFAULT_CONFIG_DIR) -> bool:
    """`text` holds a negation word of `language` ("no task is lost any more", "keine")."""
    cue = _cues(config_dir).get(language)
    return cue is not None and cue.search(text.lower()) is not None
