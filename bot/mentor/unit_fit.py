"""Whether a knowledge unit fits THIS question or only shares one of its words.

BM25 ranks units by the words they share with a question, and one shared word can carry a
unit about another subject: "GitHub Actions" in a question about a slow test suite brings the
unit on hardening CI against supply-chain attacks; "KeyError" in a thread-safety question
brings a TypedDict unit; "log" and "IP" in a regex-speed question bring SSH brute-force
monitoring (review10 T5). A unit's terms are the situations it answers, in the learner's
words ("GitHub Actions security", "mypy slow in CI"). A unit FITS when the question says one
of its terms: every library the term names, and at least half of the term's other words,
one of them specific (a word found in the terms of few units: "rebalance", not "slow") unless
the term names a library ("mypy slow in CI").
The library alone is not the situation: "GitHub Actions" without "security", "mypy" missing
from "mypy takes minutes", "decode" without the `jwt.` of `jwt.decode`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.mentor.tokens import CJK, tokenize, word_tokens
from bot.mentor.units import Unit

MIN_WORDS = 2
"""Distinct question words a neighbour must match to fill in (one word is incidental)."""
FIT_SHARE = 0.5
"""A unit whose terms the question says is focused when it scores this share of the best one."""
TAKE_OVER = 0.8
"""A unit that fits replaces a best match met by library names alone when this close to it."""
KIN_SHARE = 0.5
"""A unit of the leading unit's subject that does not fit stays matching this share of its words."""
TERMS_CACHED = 16384
"""Terms whose words are remembered (every unit's terms in 14 languages: ~25,000)."""
SPECIFIC_UNITS = 8
"""A term word found in the terms of more units than this is generic ("slow", "minutes")."""
CJK_PARTICLE_FROM = 3
"""Bigrams from which a CJK word may miss one (the particle glued to its end)."""
CJK_PHRASE_FROM = 6
"""Bigrams from which a CJK "word" is a phrase written without spaces: half of them say it."""
_WORD = re.compile(r"[^\s,;:!?()\[\]{}\"'（）。、，？！：；「」『』/]++")
_IDENTIFIER = re.compile(r"\w[.]\w")
# Possessive quantifiers keep the split linear on any input.


@functools.lru_cache(maxsize=TERMS_CACHED)
def _words(term: str, language: str) -> tuple[frozenset[str], ...]:
    """A term's words, each as the tokens it gives; a dotted name is one word, whole."""
    out: list[frozenset[str]] = []
    for word in _WORD.findall(term):
        tokens = word_tokens(word, language)
        if _IDENTIFIER.search(word):
            # `jwt.decode` is said only by naming it: its part "decode" is any decoding.
            tokens = frozenset({word.lower().strip(".")}) & tokens or tokens
        if tokens and tokens not in out:
            out.append(tokens)
    return tuple(out)


def _said(word: frozenset[str], question_tokens: frozenset[str]) -> bool:
    """One word of a term is in the question.

    A Latin or Cyrillic word's tokens are its readings (stems in two languages, a dotted name
    and its parts): one is enough; "GitHub-Actions-Sicherheit" is said by "Sicherheit", its
    library part removed. A Japanese, Chinese or Korean word's tokens are its character
    bigrams: all of them, but a particle's last one ("정규식이" in "정규식으로"), so that "로그"
    (log) does not say "백로그" (backlog); half of a whole phrase's.
    """
    if not any(CJK.search(t) for t in word):
        return bool(word & question_tokens)
    missing = len(word - question_tokens)
    if len(word) >= CJK_PHRASE_FROM:
        # A whole phrase with no spaces ("テストが実際のタイムアウトを待つ"): half its bigrams.
        return 2 * missing <= len(word)
    return missing == 0 or (missing == 1 and len(word) >= CJK_PARTICLE_FROM)


def _stack_tokens(unit: Unit) -> frozenset[str]:
    """The tokens of the libraries a unit is about ("github-actions" -> github, action)."""
    found: set[str] = set()
    for name in unit.stack:
        found.add(name.lower())
        found.update(word_tokens(re.sub(r"[-_.]", " ", name), "en"))
        for part in re.split(r"[-_.\s]", name):
            if part:
                # As every language reads it: stemmed in English, as typed elsewhere.
                found.update(word_tokens(part, "en"))
                found.add(part.lower())
    return frozenset(found)


@dataclass(frozen=True)
class Fits:
    """How a question meets the units retrieved for it."""

    said: frozenset[str]
    """Ids of the units one of whose terms the question says: they fit."""
    by_name: frozenset[str] = frozenset()
    """Ids of the units whose terms the question meets only by their libraries' names."""


class UnitFit:
    """Which units' terms a question says; its table is built on the first question."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self._units = tuple(units)

    @functools.cached_property
    def _spread(self) -> dict[str, int]:
        """In how many units' terms each token is.

        Built on the first question, not at start-up: the bot is ready sooner.
        """
        counts: dict[str, int] = {}
        for unit in self._units:
            # One tokenizer call per language (as the index reads terms), not one per word:
            # built at start-up, it must not cost seconds.
            seen: set[str] = set()
            for lang, terms in unit.terms.items():
                joined = " ".join(terms)
                seen.update(tokenize(joined, lang))
                if lang != "en":
                    seen.update(tokenize(joined, "en", also_stop=lang))
            for token in seen:
                counts[token] = counts.get(token, 0) + 1
        return counts

    @functools.cached_property
    def _stacks(self) -> dict[str, frozenset[str]]:
        return {u.id: _stack_tokens(u) for u in self._units}

    def _specific(self, tokens: frozenset[str]) -> bool:
        return self._rarity(tokens) <= SPECIFIC_UNITS

    def _rarity(self, tokens: frozenset[str]) -> int:
        return min(self._spread.get(t, 0) for t in tokens)

    def _rarest_said(self, rest: list[frozenset[str]], got: list[frozenset[str]]) -> bool:
        """A specific word is said, and so is the term's rarest word (review11 U3).

        "fail2ban-like script" is not said by "script": its rarest word is what makes it the
        unit's situation; a shared common word is not.
        """
        if not any(map(self._specific, got)):
            return False
        rarest = min(map(self._rarity, rest))
        return any(self._rarity(w) == rarest for w in got)

    def said(
        self, unit: Unit, question_tokens: frozenset[str], language: str, english: frozenset[str]
    ) -> tuple[str, ...]:
        """The unit's terms the question says: its language's, and its English ones in English.

        `question_tokens` read the question in its language and in English, `english` in
        English only: an English term is said by English words, so the Spanish "archivo"
        (file), stemmed "archiv", does not say the English "uploaded archives".
        """
        stack = self._stacks.get(unit.id) or _stack_tokens(unit)
        out: list[str] = []
        for lang in dict.fromkeys((language, "en")):
            tokens = question_tokens if lang == language else english
            for term in unit.terms.get(lang, ()):
                words = _words(term, lang)
                named = [w for w in words if w <= stack]
                rest = [w for w in words if not w <= stack]
                if not rest or any(not (w & tokens) for w in named):
                    continue
                got = [w for w in rest if _said(w - stack, tokens)]
                # A generic word ("slow") says the situation beside the library it names.
                if 2 * len(got) >= len(rest) and (named or self._rarest_said(rest, got)):
                    out.append(term)
        return tuple(out)

    def by_name_only(
        self, unit: Unit, question_tokens: frozenset[str], language: str, english: frozenset[str]
    ) -> bool:
        """The question says none of the unit's term words but the libraries it names.

        "GitHub Actions" is all a slow-CI question shares with the unit on hardening Actions:
        the unit is about the place the learner works in, not about their problem.
        """
        stack = self._stacks.get(unit.id) or _stack_tokens(unit)
        for lang in dict.fromkeys((language, "en")):
            tokens = question_tokens if lang == language else english
            for term in unit.terms.get(lang, ()):
                if any(not w <= stack and _said(w - stack, tokens) for w in _words(term, lang)):
                    return False
        return True

    def fitting(
        self,
        question_tokens: Iterable[str],
        language: str,
        units: Iterable[Unit],
        english: Iterable[str] | None = None,
    ) -> Fits:
        """Which of the `units` the question states, and which it meets by name alone."""
        tokens = frozenset(question_tokens)
        in_english = tokens if english is None else frozenset(english)
        units = tuple(units)
        return Fits(
            frozenset(u.id for u in units if self.said(u, tokens, language, in_english)),
            frozenset(u.id for u in units if self.by_name_only(u, tokens, language, in_english)),
        )


def lead(
    ranked: list[tuple[Unit, float]],
    chosen: list[Unit],
    fits: Fits,
    words: dict[str, int],
    focus: Callable[[list[tuple[Unit, float]]], list[Unit]],
) -> list[Unit]:
    """The units of a first question once the fit check has read it (review10 T5).

    `chosen` is what BM25's focusing kept of `ranked`; `focus` focuses another ranking the same
    way. A unit of another subject than the leading one stays only when the question says one
    of its terms; when the best match meets the question by a library's name alone ("GitHub
    Actions" in a slow-suite question) and a unit that fits scores TAKE_OVER of it, the units
    that fit lead; a neighbour of the leading subject stays matching KIN_SHARE of its words.
    """
    best = max(score for _, score in ranked)
    said = [(u, s) for u, s in ranked if u.id in fits.said and s >= FIT_SHARE * best]
    leader = chosen[0]
    if leader.id in fits.said or (
        leader.id in fits.by_name and any(s >= TAKE_OVER * best for _, s in said)
    ):
        # The best match fits, or a unit that fits scores close to a match by name alone.
        first = focus(said) or [leader]
    else:
        # The best match stays (its context question asks), with the units that fit.
        first = [leader, *(u for u in chosen[1:] if u.id in fits.said)]
    # A neighbour of the same subject stays when it matches half as much of the question as
    # the unit that leads (its terms are phrased otherwise); another subject's unit goes.
    reach = max(words.get(first[0].id, MIN_WORDS), MIN_WORDS)
    kin = [
        u for u in chosen if u.topic == first[0].topic and words.get(u.id, 0) >= KIN_SHARE * reach
    ]
    return list(dict.fromkeys([*first, *kin]))
