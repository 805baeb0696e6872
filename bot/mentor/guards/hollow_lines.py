"""A line that names nothing: hollow in any language, whatever phrase it is made of.

The sections guard judged steps by vague phrases ("Optimize your code"), which a draft can
reword without end, and context questions, next steps and reflections hardly at all: "What is
the problem exactly?", "Continua a studiare e a fare pratica.", "Was hast du gelernt?" and
"继续学习和练习。" passed in every language tried (review10 T15). The rule here reads what a
line NAMES instead: a line made only of function words and generic words (problem,
requirement, learn, practise, results, options...; config/guards/hollow_words.toml) names
nothing the learner can act on or measure. A number, code, a link or any other word (a
library, rows, memory, order, workers, Windows) is something named. Japanese and Chinese are
not split into words: their generic words are removed and two characters of substance must
remain (hiragana alone is Japanese grammar).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.toml_files import read_toml

_CODE_OR_NUMBER = re.compile(r"`[^`\n]+`|\d|https?://|\w[\w-]*\.\w+\(|\w+_\w+", re.U)
"""Code spans, numbers, links, calls and snake_case names: each names something."""
_MARKER = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•・]|#+)\s*")
_WORD = re.compile(r"[^\W\d_]+", re.U)
_UNSPLIT = frozenset({"ja", "zh"})
_HIRAGANA = re.compile(r"[\u3040-\u309f\u30fc]")
_SUBSTANCE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u30a0-\u30fb\u30fd-\u30ff]")
"""What a Japanese or Chinese line names once its generic words are gone: Han and katakana."""
MIN_SUBSTANCE = 2
DEFAULT_PREFIX_FROM = 4


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """One language's words that name nothing."""

    exact: frozenset[str]
    """Function words and generic words too short to match as prefixes."""
    prefixes: re.Pattern[str] | None
    """Generic words matched at a word's start (their inflections)."""

    def generic(self, word: str) -> bool:
        """The word names nothing: a function word, or a generic word or its inflection."""
        return word in self.exact or (
            self.prefixes is not None and self.prefixes.match(word) is not None
        )


def vocabulary(function: list[str], empty: list[str], prefix_from: int) -> Vocabulary:
    """A language's vocabulary from its lists.

    `empty` words shorter than `prefix_from` letters match whole words only.
    """
    stems = sorted({w.lower() for w in empty if len(w) >= prefix_from}, key=len, reverse=True)
    exact = frozenset(w.lower() for w in (*function, *empty))
    prefixes = re.compile("|".join(map(re.escape, stems))) if stems else None
    return Vocabulary(exact=exact, prefixes=prefixes)


@lru_cache(maxsize=4)
def vocabularies(config_dir: Path = DEFAULT_CONFIG_DIR) -> dict[str, Vocabulary]:
    """Per language, its function and generic words (config/guards/hollow_words.toml)."""
    table = read_toml(config_dir / "guards" / "hollow_words.toml")
    return {
        lang: vocabulary(
            [str(w) for w in data.get("function", ())],
            [str(w) for w in data.get("empty", ())],
            int(data.get("prefix_from", DEFAULT_PREFIX_FROM)),
        )
        for lang, data in table.items()
    }


@lru_cache(maxsize=4)
def _unsplit_stems(config_dir: Path = DEFAULT_CONFIG_DIR) -> dict[str, tuple[str, ...]]:
    """Japanese and Chinese generic words, longest first (removed from a line as substrings)."""
    table = read_toml(config_dir / "guards" / "hollow_words.toml")
    return {
        lang: tuple(sorted((str(w) for w in table.get(lang, {}).get("empty", ())), key=len)[::-1])
        for lang in _UNSPLIT
    }


def names_nothing(line: str, language: str, words: dict[str, Vocabulary] | None = None) -> bool:
    """The line (a list item, a question, a sentence) names nothing to act on or measure.

    The English vocabulary counts in every language (drafts mix it in). An empty line is not
    judged here (the section rules count letters).
    """
    table = vocabularies() if words is None else words
    text = _MARKER.sub("", line).strip()
    if not text or _CODE_OR_NUMBER.search(text):
        return False
    english = table.get("en")
    own = table.get(language)
    low = text.lower()
    if language in _UNSPLIT:
        for stem in _unsplit_stems().get(language, ()):
            low = low.replace(stem, " ")
        if language == "ja":
            low = _HIRAGANA.sub(" ", low)
        if len(_SUBSTANCE.findall(low)) >= MIN_SUBSTANCE:
            return False
        latin = [w for w in _WORD.findall(low) if w.isascii()]  # "CPU", "Redis" name things
        return all(english is not None and english.generic(w) for w in latin)
    words_in = _WORD.findall(low)
    if not words_in:
        return False

    def generic(word: str) -> bool:
        return (own is not None and own.generic(word)) or (
            english is not None and english.generic(word)
        )

    return all(generic(w) for w in words_in)
