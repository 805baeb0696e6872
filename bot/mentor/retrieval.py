"""Which knowledge units answer THIS question: BM25 over every language's terms, and off-topic.

Why bm25s (with PyStemmer stems, see bot/mentor/tokens.py) rather than rank-bm25: both score
the same Okapi BM25, but bm25s precomputes every document's term weights into a sparse matrix,
so a query is a few array lookups. On the real base (178 units, 84 labelled questions;
bench/pedagogy_questions.py prints it side by side) scoring takes 0.03-0.09 ms per question
against rank-bm25's 0.3-1.9 ms (12-22x, depending on the machine's load); indexing costs
20-130 ms once at start-up against 13-70 ms, and bm25s needs only numpy (plus its stop-word
lists, which the tokenizer uses).

A unit's document is its terms in all 14 languages (twice: they are the words learners type),
its English texts and (in the index for questions in another language, built on first use)
that language's texts, its stack names and its topic's titles; the query is the question's prose
and inline identifiers, tokenized in the learner's language and in English (learners mix
English API words into every language), plus the imports and calls of the code.
"""

from __future__ import annotations

import functools
import heapq
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
import structlog

from bot.mentor.code_words import code_tokens, prose_and_code, scanned
from bot.mentor.tokens import CJK, tokenize, word_tokens
from bot.mentor.unit_fit import MIN_WORDS, Fits, UnitFit, lead
from bot.mentor.units import LANGUAGES, Unit, UnitBase, UnitError
from bot.text.toml_files import read_toml

_IDENTIFIER = re.compile(r"`[^`\n]++`|\b[^\W_]++(?:[._][^\W_]++)+\b|\b\w++\(\)")
_NUMBERED = re.compile(r"\bp\d{2}\b|\d\s*(?:ms|s|µs|us|mb|gb|mib|gib|kb|req/s|rps|qps)\b", re.I)
CJK_LANGUAGES = frozenset({"ja", "zh", "ko"})
MIN_SCORE = 0.5
"""Below this a match is noise (a shared common word), not a unit for this question."""
RELATIVE_CUT = 0.4
"""A unit scoring under this share of the best one is off this question's point."""
TOPIC_CLOSE = 0.8
"""A unit of another topic than the best one's must score this close to be on the point."""
STACK_GAIN = 1.3
"""A unit about a library the learner named weighs this much more."""
FILL_SHARE = 0.3
"""A neighbour of the best unit's topic must score this share of the best to fill in."""
WORD_SHARE = 0.5
"""A unit beside the best must match this share of the best unit's distinct question words."""
COMMON_SHARE = 0.2
"""A word found in more than this share of the units is not counted as a match."""
THREAD_GAIN = 1.3
"""In a thread, units of the thread's topics weigh more: a follow-up stays on its subject."""
SURE_SCORE = 8.0
"""A match this strong is on-topic even when no engineering word was recognised."""
LOOSE_SCORE = 3.0
"""A word from inside a unit's term makes a message on-topic only with a match this good."""
MAX_WORDS = 200
"""Words of a question counted for `words_matched` (retrieval saturates long before)."""
_CHUNK = re.compile(r"[^\s,;:!?()\[\]{}\"'（）。、，？！：；「」『』]++")
# Possessive quantifiers and word-boundary starts keep every pattern linear on hostile input.

log = structlog.get_logger()
logging.getLogger("bm25s").setLevel(logging.WARNING)  # its per-index debug line is noise here


def _report(error: UnitError) -> None:
    """A broken unit is left out of the running bot, loudly (its content test fails too)."""
    log.error("knowledge.unit_rejected", problem=str(error))


@dataclass(frozen=True)
class Signals:
    """Engineering words per language (config/knowledge/signals.toml) and every unit term.

    Latin and Cyrillic words match as stemmed tokens (several words as a phrase); Japanese,
    Chinese and Korean words match as substrings of the message, whole words only, so that
    "テスト" counts but the "スト" of "レストラン" does not.
    """

    tokens: frozenset[str]
    phrases: tuple[str, ...]
    cjk: tuple[str, ...] = ()
    loose: frozenset[str] = frozenset()
    """Words of multi-word unit terms: a signal only when a unit also matches well."""
    cjk_loose: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path, base: UnitBase) -> Signals:
        """The curated words plus every unit term and stack name."""
        data = read_toml(path)
        tokens: set[str] = set()
        phrases: set[str] = set()
        cjk: set[str] = set()
        cjk_loose: set[str] = set()
        loose: set[str] = set()

        def add(word: str, lang: str, *, curated: bool) -> None:
            if CJK.search(word):
                # Whole CJK words; a unit term's words ("있는", "で") only with a good match.
                found = [w for w in _normalized(word).split() if CJK.search(w)]
                (cjk if curated else cjk_loose).update(
                    w for w in found if curated or sum(1 for c in w if CJK.match(c)) >= 2
                )
                return
            words = tokenize(word, lang)
            if len(words) == 1 and (curated or _strong(words[0])):
                tokens.add(words[0])
            elif len(words) > 1:
                phrases.add(" ".join(words))
                if not curated:
                    # "Hot Partition", "Sharding-Schlüssel": a long word of a unit's term is
                    # a weaker signal ("brauche ich Streaming" also holds "brauche").
                    loose.update(w for w in words if len(w) >= STRONG_WORD)

        for lang in LANGUAGES:
            for word in data.get(lang, ()):
                add(str(word), lang, curated=True)
        for unit in base.units:
            tokens.update(unit.stack)
            for lang, terms in unit.terms.items():
                for term in terms:
                    add(term, lang, curated=False)
        return cls(
            frozenset(tokens),
            tuple(sorted(phrases)),
            tuple(sorted(cjk)),
            frozenset(loose - tokens),
            tuple(sorted(cjk_loose - cjk)),
        )


def _normalized(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


STRONG_WORD = 5
"""Stemmed letters from which a word of a unit's term is a signal by itself."""


def _strong(token: str) -> bool:
    """Long enough to mean something on its own."""
    return len(token) >= 4


class UnitIndex:
    """BM25 over the units; `search` ranks them for one question."""

    def __init__(
        self,
        base: UnitBase,
        signals: Signals | None = None,
        finding_units: dict[str, str] | None = None,
    ) -> None:
        self.base = base
        self.signals = signals or Signals(frozenset(), ())
        self.finding_units = dict(finding_units or {})
        """Static-scan finding kind -> the unit that explains it (code_findings.toml)."""
        self._units = base.units
        self._retriever: bm25s.BM25 | None = None
        self._local: dict[str, bm25s.BM25] = {}
        if self._units:
            retriever = bm25s.BM25()
            retriever.index([self.document(u) for u in self._units], show_progress=False)
            self._retriever = retriever
            # Built now, with the index: on a thread's first follow-up it stalled the event
            # loop ~0.2 s (every turn in flight waited). The fit check's word spread is built
            # on the first question instead (bot/mentor/unit_fit.py): start-up stays short.
            _ = self._common
        self._fit = UnitFit(self._units)

    @staticmethod
    def has_local(language: str) -> bool:
        """Questions in `language` are scored on an index with that language's unit texts."""
        return language != "en" and language in LANGUAGES and language not in CJK_LANGUAGES

    def _retriever_for(self, language: str) -> bm25s.BM25:
        """The index for questions in `language`: English's, plus that language's unit texts."""
        assert self._retriever is not None
        if not self.has_local(language):
            # Japanese, Chinese and Korean prose becomes character bigrams, and the bigrams of
            # a unit's prose ("エンドポイント") match too widely to tell units apart.
            return self._retriever
        retriever = self._local.get(language)
        if retriever is None:
            retriever = bm25s.BM25()
            retriever.index([self.document(u, language) for u in self._units], show_progress=False)
            self._local[language] = retriever
        return retriever

    @functools.cached_property
    def _vocabulary(self) -> dict[str, frozenset[str]]:
        """Each unit's indexed tokens, to see which of the question's words it matches."""
        return {u.id: frozenset(self.document(u)) for u in self._units}

    @functools.cached_property
    def _common(self) -> frozenset[str]:
        """Tokens in so many units ("python", "use") that matching them says nothing."""
        counts: dict[str, int] = {}
        for tokens in self._vocabulary.values():
            for token in tokens:
                counts[token] = counts.get(token, 0) + 1
        limit = COMMON_SHARE * max(1, len(self._vocabulary))
        return frozenset(t for t, n in counts.items() if n > limit)

    def words_matched(
        self, question: str, language: str, units: Iterable[Unit], *, code: str | None = None
    ) -> dict[str, int]:
        """How many distinct words of the question each unit matches.

        BM25 sums per token, so one rare word ("pickle", "legacy") can outscore a unit that
        matches three of the question's words; counting words says which unit is about the
        whole question. A word counts once however many tokens (stems in two languages, CJK
        bigrams) it gives.
        """
        prose, mined = prose_and_code(question, code)
        text = " ".join([prose, code_tokens(mined) if mined else ""])
        groups: list[frozenset[str]] = []
        for chunk in _CHUNK.findall(text)[:MAX_WORDS]:
            tokens = word_tokens(chunk, language)
            if tokens and not tokens <= self._common and tokens not in groups:
                groups.append(tokens)
        vocabulary = self._vocabulary
        return {
            u.id: sum(1 for group in groups if group & vocabulary.get(u.id, frozenset()))
            for u in units
        }

    def fitting(
        self,
        question: str,
        language: str,
        units: Iterable[Unit],
        *,
        code: str | None = None,
        stack: Iterable[str] = (),
    ) -> Fits:
        """Which `units` fit the question's situation, not only one shared word.

        `by_name` holds the units it meets by their libraries' names alone.

        See bot/mentor/unit_fit.py: a unit fits when the question says one of its terms (its
        libraries and most of its other words), so "GitHub Actions" alone does not bring the
        unit on Actions security into a question about a slow test suite.
        """
        tokens = self.query_tokens(question, language, code=code, stack=stack)
        english = (
            self.query_tokens(question, "en", code=code, stack=stack) if language != "en" else None
        )
        return self._fit.fitting(tokens, language, units, english)

    @classmethod
    def load(cls, knowledge_dir: Path) -> UnitIndex:
        """Load and validate the units, then index them."""
        base = UnitBase.load(knowledge_dir, on_error=_report)
        findings = knowledge_dir / "code_findings.toml"
        mapping = read_toml(findings) if findings.exists() else {}
        return cls(
            base,
            Signals.load(knowledge_dir / "signals.toml", base),
            {str(k): str(v) for k, v in mapping.items()},
        )

    def explaining(self, question: str, code: str | None) -> list[Unit]:
        """The units that explain what the static scan found in the learner's code.

        A culprit in their own code (a list searched in a loop, a blocking call in a
        coroutine) is evidence about THIS program, stronger than any word of the question.
        """
        mined = prose_and_code(question, code)[1]
        if not mined.strip() or not self.finding_units:
            return []
        by_id = {u.id: u for u in self._units}
        found = dict.fromkeys(self.finding_units.get(f.kind, "") for f in scanned(mined))
        return [by_id[i] for i in found if i in by_id]

    def document(self, unit: Unit, language: str = "en") -> list[str]:
        """A unit's tokens as indexed (terms count twice: they are what learners type)."""
        tokens: list[str] = []
        for lang, terms in unit.terms.items():
            words = tokenize(" ".join(terms), lang)
            tokens.extend(words)
            tokens.extend(words)
        english = unit.in_language("en")
        tokens.extend(
            tokenize(
                " ".join([english.title, english.question, english.hypothesis, *english.steps]),
                "en",
            )
        )
        local = unit.text.get(language)
        if language != "en" and local is not None:
            # The learner's language's own texts: the words they use for the situation beyond
            # the terms (one index per language, built on first use). API names and commands
            # are already there from the English texts: only the language's own words are
            # added, so a name never weighs more in one language.
            fields = [local.title, local.question, local.hypothesis, *local.steps]
            known = set(tokens)
            tokens.extend(t for t in tokenize(" ".join(fields), language) if t not in known)
        for name in unit.stack:
            tokens.extend([name, name])
        tokens.extend(tokenize(unit.subtopic.replace("-", " "), "en"))
        topic = self.base.topics.get(unit.topic)
        if topic is not None:
            for lang, title in topic.titles.items():
                tokens.extend(tokenize(title, lang))
        return tokens or ["_"]

    def query_tokens(
        self, question: str, language: str, *, code: str | None = None, stack: Iterable[str] = ()
    ) -> list[str]:
        """The question's tokens (its language and English) plus its code's imports and calls."""
        prose, mined = prose_and_code(question, code)
        text = " ".join([prose, code_tokens(mined) if mined else "", " ".join(stack)])
        tokens = dict.fromkeys(tokenize(text, language))
        if language != "en":
            tokens.update(dict.fromkeys(tokenize(text, "en", also_stop=language)))
        return list(tokens)

    def search(
        self,
        question: str,
        language: str,
        *,
        code: str | None = None,
        stack: Iterable[str] = (),
        limit: int = 12,
        local: bool = True,
    ) -> list[tuple[Unit, float]]:
        """Units by BM25 score, best first (ties by file order, so replies are deterministic)."""
        if self._retriever is None:
            return []
        tokens = self.query_tokens(question, language, code=code, stack=stack)
        if not tokens:
            return []
        # `local=False` scores on terms and English texts only: whether a message is on-topic
        # at all must not hang on an ordinary word of some unit's prose ("morgen").
        retriever = self._retriever_for(language) if local else self._retriever
        scores = np.asarray(retriever.get_scores(tokens), dtype=float)
        if language in CJK_LANGUAGES:
            # In Japanese, Chinese and Korean prose the Latin words are the technical names
            # (GC, asyncio, Semaphore); the bigrams around them are often grammar or generic
            # words ("서비스"), so the names count twice.
            names = [t for t in tokens if t.isascii() and len(t) >= 2 and not t.isdigit()]
            if names:
                scores = scores + np.asarray(retriever.get_scores(names), dtype=float)
        kept = np.flatnonzero(scores >= MIN_SCORE).tolist()  # ascending, as range() was
        values = scores.tolist()
        # Only the first `limit` are kept: sorted()'s order without sorting all ~300 units.
        best = heapq.nsmallest(limit, [(-round(values[i], 6), i) for i in kept])
        return [(self._units[i], float(scores[i])) for _, i in best]

    def focused(
        self,
        ranked: list[tuple[Unit, float]],
        *,
        stack: Iterable[str] = (),
        topics: Iterable[str] = (),
        matched: dict[str, int] | None = None,
        fits: Fits | None = None,
    ) -> list[Unit]:
        """The units that answer THIS question, best first; never a filler from elsewhere.

        In a thread the thread's `topics` weigh more; a unit about a library the learner named
        (`stack`) gains within the best unit's topic, or elsewhere when it `matched` as many
        of the question's distinct words. Then a unit of the best unit's topic stays when it
        scores at least RELATIVE_CUT of the best; another topic joins with one unit, only when
        it scores close to the best (TOPIC_CLOSE) and matches as many words; neighbours of the
        best topic matching several words fill in. One incidental word ("pickle", "legacy",
        "pandas") no longer mixes a second subject into the reply.

        With `fits` (see `fitting`) a unit of another subject than the leading one comes only
        when the question says one of its terms: a shared word brings no second subject, and
        when nothing fits, one unit and its context question beat three (review10 T5). The
        units that fit lead when the best match meets the question by a library's name alone
        ("GitHub Actions" in a slow-suite question) and one that fits scores TAKE_OVER of it;
        a neighbour of the leading subject stays matching KIN_SHARE of the leader's words.
        """
        if not ranked:
            return []
        if fits is not None:
            chosen = self.focused(ranked, stack=stack, topics=topics, matched=matched)
            return lead(
                ranked,
                chosen,
                fits,
                matched or {},
                lambda pairs: self.focused(pairs, stack=stack, topics=topics, matched=matched),
            )
        named = {s.lower() for s in stack}
        anchors = set(topics)
        words = matched or {}
        weighted = [
            (u, score * (THREAD_GAIN if u.topic in anchors else 1.0)) for u, score in ranked
        ]
        leader = max(weighted, key=lambda pair: pair[1])[0]
        breadth = words.get(leader.id, 1)
        # The learner's own library wins within the subject (aiokafka over confluent-kafka),
        # and across subjects only for a unit that matches as much of the question; a unit
        # matching nothing but the library's name gains nothing: a library named in passing
        # ("pandas" in an import-time question) changes no subject. When the best unit is
        # itself about the learner's library, the name argues for no other subject either
        # (SQLAlchemy in a latency question does not bring in SQL injection).
        leader_named = bool(set(leader.stack) & named)
        weighted = [
            (
                u,
                score * STACK_GAIN
                if set(u.stack) & named
                and words.get(u.id, MIN_WORDS) >= MIN_WORDS
                and (
                    u.topic == leader.topic or (words.get(u.id, 1) >= breadth and not leader_named)
                )
                else score,
            )
            for u, score in weighted
        ]
        weighted.sort(key=lambda pair: -pair[1])
        top_unit, top = weighted[0]
        keep = [
            u for u, score in weighted if u.topic == top_unit.topic and score >= RELATIVE_CUT * top
        ]
        # Another subject joins only when its unit scores close to the best and matches as
        # many of the question's words, and then with its one best unit.
        second: dict[str, Unit] = {}
        for unit, score in weighted:
            if (
                unit.topic != top_unit.topic
                and unit.topic not in second
                and score >= TOPIC_CLOSE * top
                and words.get(unit.id, 1) >= words.get(top_unit.id, 1)
            ):
                second[unit.topic] = unit
        keep = [u for u, _ in weighted if u in keep or u in second.values()]
        # Neighbours of the same subject that match several of the question's words come
        # next (a reply needs a few hypotheses); a unit that matches one word does not, nor
        # one matching under half the best unit's words (that is the topic, not the question).
        enough = max(MIN_WORDS, WORD_SHARE * words.get(top_unit.id, 1))
        fill = [
            unit
            for unit, score in weighted
            if unit not in keep
            and unit.topic == top_unit.topic
            and score >= FILL_SHARE * top
            and words.get(unit.id, MIN_WORDS) >= enough
        ]
        return [*keep, *fill]

    def has_signal(
        self, question: str, language: str, *, code: str | None = None, best: float = 0.0
    ) -> bool:
        """True when the message is about software at all, False for restaurants or poems.

        Code, identifiers, numbers with units, an engineering word or a unit's term all count;
        a word from inside a unit's term counts when the best unit also scored `best` >=
        LOOSE_SCORE.
        """
        prose, mined = prose_and_code(question, code)
        if mined.strip() or _IDENTIFIER.search(prose) or _NUMBERED.search(prose):
            return True
        tokens = set(tokenize(prose, language)) | set(tokenize(prose, "en"))
        if tokens & self.signals.tokens:
            return True
        if best >= LOOSE_SCORE and tokens & self.signals.loose:
            return True
        if CJK.search(prose):
            flat = _normalized(prose)
            if any(word in flat for word in self.signals.cjk):
                return True
            if best >= LOOSE_SCORE and any(word in flat for word in self.signals.cjk_loose):
                return True
        joined = " " + " ".join(tokenize(prose, language)) + " "
        return any(f" {phrase} " in joined for phrase in self.signals.phrases)
