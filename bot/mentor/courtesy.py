"""A message that is only a greeting or a thank-you: welcomed, never refused as off-topic.

"hi" got "That sounds outside what I can help with" (review F32): a learner opening a thread
with a greeting deserves a short welcome and how to ask. The words per language are data
(config/knowledge/lexicon/courtesy.toml); a message counts only when little is left after them
("hi there", "olá, tudo bem?"), so "hi, what is the best pizza in Naples?" is still off-topic.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.toml_files import read_toml

KINDS = ("greeting", "thanks")
MAX_CHARS = 80
"""Longer messages say more than a greeting."""
MAX_LEFT_WORDS = 3
"""Words left beside the greeting ("there", "everyone", "tudo bem")."""
MAX_LEFT_CJK = 6
"""Characters left beside a Japanese, Chinese or Korean greeting (no spaces between words)."""
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_NOT_WORD = re.compile(r"[^\w\s]+")


def _normal(text: str) -> str:
    flat = unicodedata.normalize("NFKC", text).lower()
    return " ".join(_NOT_WORD.sub(" ", flat).split())


@lru_cache(maxsize=4)
def _phrases(config_dir: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(kind, phrases longest first) per kind."""
    data = read_toml(config_dir / "knowledge" / "lexicon" / "courtesy.toml")
    out = []
    for kind in KINDS:
        words = {_normal(str(w)) for ws in data.get(kind, {}).values() for w in ws}
        out.append((kind, tuple(sorted((w for w in words if w), key=len, reverse=True))))
    return tuple(out)


def kind_of(text: str, config_dir: Path | None = None) -> str:
    """The kind ("greeting", "thanks") when `text` is only that and a few words, else ""."""
    if len(text) > MAX_CHARS or "`" in text:
        return ""
    flat = f" {_normal(text)} "
    for kind, phrases in _phrases(config_dir or DEFAULT_CONFIG_DIR):
        for phrase in phrases:
            cjk = bool(_CJK.search(phrase))
            at = flat.find(phrase if cjk else f" {phrase} ")
            if at < 0:
                continue
            left = (flat[:at] + " " + flat[at + len(phrase) + (0 if cjk else 2) :]).split()
            if _CJK.search(" ".join(left)) or cjk:
                if len("".join(left)) <= MAX_LEFT_CJK:
                    return kind
            elif len(left) <= MAX_LEFT_WORDS:
                return kind
    return ""


@lru_cache(maxsize=4)
def _by_language(config_dir: Path) -> dict[str, frozenset[str]]:
    """Each phrase with the languages whose lists hold it ("olá": pt; "hallo": de and nl)."""
    data = read_toml(config_dir / "knowledge" / "lexicon" / "courtesy.toml")
    found: dict[str, set[str]] = {}
    for kind in KINDS:
        for lang, words in data.get(kind, {}).items():
            for word in words:
                found.setdefault(_normal(str(word)), set()).add(lang)
    return {phrase: frozenset(langs) for phrase, langs in found.items() if phrase}


@lru_cache(maxsize=4)
def _shared(config_dir: Path) -> dict[str, str]:
    """A phrase in several lists -> the language most learners who write it alone speak."""
    data = read_toml(config_dir / "knowledge" / "lexicon" / "courtesy.toml")
    return {_normal(k): str(v) for k, v in data.get("shared", {}).items()}


def language_of(text: str, config_dir: Path | None = None) -> str:
    """The one language a bare greeting or thanks belongs to ("Olá!" -> pt), else "".

    Too short for the language model ("Olá!" read as English), but the phrase itself says it;
    a phrase shared by languages says nothing ("hi"), unless the lexicon names the language
    most who send it alone speak ("Hallo!" got an English welcome: review10 T23).
    """
    if len(text) > MAX_CHARS:
        return ""
    config = config_dir or DEFAULT_CONFIG_DIR
    phrase = _normal(text)
    langs = _by_language(config).get(phrase, frozenset())
    if len(langs) == 1:
        return next(iter(langs))
    shared = _shared(config).get(phrase, "")
    return shared if shared in langs else ""


def thanks_in(text: str, config_dir: Path | None = None) -> bool:
    """A thank-you anywhere in `text` ("Obrigado! Consegui..."), as whole words."""
    flat = f" {_normal(text)} "
    for kind, phrases in _phrases(config_dir or DEFAULT_CONFIG_DIR):
        if kind == "thanks":
            for phrase in phrases:
                if (phrase if _CJK.search(phrase) else f" {phrase} ") in flat:
                    return True
    return False
