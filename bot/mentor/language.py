"""Which language to answer in: detect on prose (code stripped), sticky per thread.

py3langid (0.04 ms a call, 57/60 on short messages with code, per FIELD-NOTES) ranks all of
its 97 languages; we load its model once and restrict the ranking to the supported languages
ourselves, so the full ranking still tells us when a learner writes in one we do not support.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any

from bot.mentor import courtesy
from bot.mentor.language_scores import FastScores
from bot.text import markdown

_INLINE = re.compile(r"`[^`\n]*`")
# Possessive quantifiers and excluded delimiters keep every pattern linear: learner text is
# untrusted, and "a" * 12000 or "<" * 12000 must not backtrack quadratically.
_URL = re.compile(r"https?://\S++|<[^<>\s]++>")
_CODEY = re.compile(
    r"\b\w++\([^()\n]{0,200}+\)|\b\w++(?:[._]\w++)+\b|[{}\[\]()<>=#*_/\\|:;]++"
    r"|\b(?=[A-Za-z_]*+\d)(?=\d*+[A-Za-z])\w{10,}+\b"
)
"""Identifiers, calls with their arguments (`Client("AC3f...", "9f8e...")`), punctuation of
code, and ids or hashes that mix letters and digits: a Turkish question with one such call
was read as English (review13 W10)."""
_MENTION = re.compile(r"<[@#!][^<>]*+>|@\w++")
_CONTROL = re.compile(r"\x1b\[[0-9;?]{0,32}[A-Za-z]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Terminal escapes and control bytes: pasted from a shell, they are no language's letters
("help\x1b[31m red" read as Portuguese)."""

MAX_DETECT_CHARS = 4000
"""Detection accuracy saturates long before this; a longer text costs time for nothing."""
RECENT_DETECTIONS = 256
MIN_PROSE_CHARS = 12
"""Below this much prose, detection is noise: keep the thread's language or use the locale."""
SWITCH_CONFIDENCE = 0.97
SWITCH_MIN_CHARS = 24
NEW_THREAD_CONFIDENCE = 0.6
LOCALE_TIE_SHARE = 0.3
"""A locale's language wins a new thread when the text gives it at least this share."""


def strip_code(text: str) -> str:
    """Remove code blocks, inline code, URLs, mentions, identifier-like tokens, control bytes."""
    text = markdown.without_code(_CONTROL.sub(" ", text))
    text = _INLINE.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = _CODEY.sub(" ", text)
    return " ".join(text.split())


@functools.cache
def _load_identifier() -> Any:
    """The py3langid model, loaded once per process on first use (0.8 s; read-only after)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # noqa: PLC0415  # slow import, deferred until needed

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _latin_share(text: str) -> float:
    if text.isascii():  # most prose: every letter in it is Latin (and none means 1.0 too)
        return 1.0
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    # ASCII letters are Latin: skip the Unicode name lookup for them (most of any text).
    latin = sum(1 for c in letters if c < "\x80" or "LATIN" in unicodedata.name(c, ""))
    return latin / len(letters)


_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_UK_ONLY = frozenset("іїєґ")
_RU_ONLY = frozenset("ыэъё")
CYRILLIC = ("ru", "uk")
"""The supported languages written in Cyrillic (told apart by letters, then by the model)."""
CJK_WEIGHT = 3
"""A CJK character carries about as much as 3 Latin letters (one word is 1-2 of them)."""


def prose_weight(prose: str) -> int:
    """How much prose there is, counting each CJK character as CJK_WEIGHT letters."""
    if prose.isascii():
        return len(prose)
    cjk = len(_HAN.findall(prose)) + len(_KANA.findall(prose)) + len(_HANGUL.findall(prose))
    return len(prose) + (CJK_WEIGHT - 1) * cjk


def _script(prose: str) -> str | None:
    """'ja', 'zh', 'ko' or 'cyrillic' when that script dominates the letters, else None."""
    if prose.isascii():
        return None
    letters = sum(1 for c in prose if c.isalpha())
    kana, hangul = len(_KANA.findall(prose)), len(_HANGUL.findall(prose))
    han = len(_HAN.findall(prose))
    if kana + hangul + han >= max(2, 0.3 * letters):
        if kana:
            return "ja"
        return "ko" if hangul >= han else "zh"
    if len(_CYRILLIC.findall(prose)) >= 0.5 * letters:
        return "cyrillic"
    return None


def _cyrillic_letters(prose: str) -> str | None:
    """'uk' or 'ru' when the text uses letters of only one of the two alphabets."""
    chars = set(prose.lower())
    uk, ru = bool(chars & _UK_ONLY), bool(chars & _RU_ONLY)
    if uk != ru:
        return "uk" if uk else "ru"
    return None


@dataclass(frozen=True, slots=True)
class Detection:
    """What the text says about its language."""

    language: str | None
    """Best supported language, or None when the prose is too short to tell."""
    confidence: float
    unsupported: str | None = None
    """An unsupported language the learner clearly writes in (ISO 639-1), if any."""
    chars: int = 0
    """How much prose the detection saw."""
    scores: tuple[tuple[str, float], ...] = ()
    """Share of each supported language (summing to 1), for weighing the platform locale."""

    def share(self, language: str | None) -> float:
        """The detected share of `language` (0 when unknown)."""
        return dict(self.scores).get(language or "", 0.0)


SURE = 0.8
"""A detection this confident names the language of a short text (help, an input error)."""
CLEAR_LEAD = 4.0
"""Or the best language leads the next by this factor: a long, repetitive message (the same
Portuguese sentence pasted 700 times) is spread over neighbours but still plainly one language."""
LEAD_FLOOR = 0.5


def clearly(detection: Detection) -> bool:
    """The detection says plainly which language the learner wrote in."""
    if detection.language is None:
        return False
    if detection.confidence >= SURE:
        return True
    runner_up = max((p for lang, p in detection.scores if lang != detection.language), default=0)
    return detection.confidence >= LEAD_FLOOR and detection.confidence >= CLEAR_LEAD * runner_up


def language_of_locale(locale: str | None) -> str | None:
    """'pt-BR' -> 'pt'."""
    if not locale:
        return None
    return locale.replace("_", "-").split("-")[0].lower() or None


class LanguageDetector:
    """Detects among supported languages; the py3langid model loads on first use."""

    def __init__(self, supported: list[str]) -> None:
        self.supported = list(supported)
        self._identifier: Any = None
        self._scores: FastScores | None = None
        """The model's probabilities, computed faster (bot/mentor/language_scores.py)."""
        self._lock = threading.Lock()
        self._columns: dict[int, list[tuple[str, int]]] = {}
        """The supported languages' score columns in the model (filled on first use)."""
        self._recent: dict[str, Detection] = {}
        """The same text is asked about several times per turn (adapter, service, guard)."""
        self._unranked: dict[str, str] = {}
        """The prose of texts too short for a caller's `min_chars`: the draft check asks of a
        section with 160, then the substance check with 50 (stripped once, not twice)."""

    def _model(self) -> Any:
        with self._lock:
            if self._identifier is None:
                identifier = _load_identifier()
                if FastScores.supports(identifier):
                    self._scores = FastScores(identifier)
                self._identifier = identifier
            return self._identifier

    def warm_up(self) -> None:
        """Load the model now (0.8 s), so a long-running bot's first turn does not pay it."""
        self._model()

    def _ranked(self, prose: str) -> tuple[str, float, list[tuple[str, float]]]:
        """The best language of all and its probability, and the supported ones, best first.

        What py3langid's `rank` gives, read from its scores without ranking all ~100
        languages in Python: the best is the first column holding the highest score, and
        the supported ones are sorted as `rank` sorts (score descending, ties in column
        order), so the sums and ties downstream are the same to the last bit
        (tests/mentor/test_language_detection.py compares the two).
        """
        model = self._model()
        probs = model._decide(prose) if self._scores is None else self._scores.decide(prose)
        columns = self._columns.get(id(model))
        if columns is None:
            first: dict[str, int] = {}
            for index, label in enumerate(model.nb_classes):
                first.setdefault(label, index)
            columns = [(lang, first[lang]) for lang in self.supported if lang in first]
            self._columns = {id(model): columns}
        values = probs.tolist()
        top = int(probs.argmax())
        ordered = sorted(columns, key=lambda lc: (-values[lc[1]], lc[1]))
        return model.nb_classes[top], values[top], [(lang, values[c]) for lang, c in ordered]

    def detect(self, text: str, *, min_chars: int = 0) -> Detection:
        """Detect the language of the prose in `text` (memoized for recent texts).

        With `min_chars`, prose shorter than that is not ranked (the model's walk is most of
        the cost): the Detection says only how much prose there was, with no language.
        """
        found = self._recent.get(text)
        if found is None:
            prose = self._unranked.pop(text, None) or strip_code(text)[:MAX_DETECT_CHARS]
            weight = prose_weight(prose)
            if MIN_PROSE_CHARS <= weight < min_chars:
                if len(self._unranked) >= RECENT_DETECTIONS:
                    self._unranked.pop(next(iter(self._unranked)))
                self._unranked[text] = prose
                return Detection(None, 0.0, chars=weight)
            found = self._detect(prose)
            if len(self._recent) >= RECENT_DETECTIONS:
                self._recent.pop(next(iter(self._recent)))
            self._recent[text] = found
        return found

    def _detect(self, prose: str) -> Detection:
        weight = prose_weight(prose)
        if weight < MIN_PROSE_CHARS:
            polite = courtesy.language_of(prose)  # "Olá!", "Danke!": the phrase says it
            if polite in self.supported:
                return Detection(polite, 1.0, chars=weight, scores=((polite, 1.0),))
            return Detection(None, 0.0)
        script = _script(prose)
        if script in ("ja", "zh", "ko"):
            # The script settles it: kana is Japanese, Hangul Korean, Han alone Chinese.
            if script in self.supported:
                return Detection(script, 1.0, chars=weight, scores=((script, 1.0),))
            return Detection(None, 0.0, unsupported=script)
        top_lang, top_p, supported = self._ranked(prose)
        if script is None and _latin_share(prose) < 0.5:
            if top_lang in self.supported:
                return Detection(str(top_lang), float(top_p), chars=weight)
            return Detection(None, 0.0, unsupported=str(top_lang))
        scores = dict(supported)
        if script == "cyrillic":
            scores = {k: v for k, v in scores.items() if k in CYRILLIC}
        total = sum(scores.values())
        if top_lang not in self.supported and total < 0.15 and float(top_p) > 0.5:
            return Detection(None, 0.0, unsupported=str(top_lang))
        if total <= 0:
            return Detection(None, 0.0)
        best = max(scores, key=lambda k: scores[k])
        letters = _cyrillic_letters(prose) if script == "cyrillic" else None
        if letters is not None and letters in self.supported and best in CYRILLIC:
            # Letters only one of the two alphabets has: short messages get them right.
            scores[letters] = max(scores.values()) + 0.5 * total
            total = sum(scores.values())
            best = letters
        shares = tuple(sorted(((k, v / total) for k, v in scores.items()), key=lambda kv: -kv[1]))
        return Detection(best, scores[best] / total, chars=weight, scores=shares)


def choose_language(
    detection: Detection,
    *,
    thread_language: str | None,
    locale: str | None,
    supported: list[str],
    default: str,
) -> tuple[str, str | None]:
    """Pick the reply language; returns (language, unsupported language to apologise for).

    A thread keeps its language unless the learner clearly switches (confident detection on
    enough prose). A new thread follows the text, then the platform locale, then the default;
    the locale also breaks near-ties between close languages ("Por que está lento?" reads as
    Spanish 60/40, but a pt-BR client settles it).
    """
    locale_lang = language_of_locale(locale)
    if detection.unsupported:
        return (thread_language or default, detection.unsupported)
    if thread_language:
        switched = (
            detection.language
            and detection.language != thread_language
            and detection.confidence >= SWITCH_CONFIDENCE
            and detection.chars >= SWITCH_MIN_CHARS
        )
        return (detection.language if switched else thread_language) or default, None
    if locale_lang in supported and detection.share(locale_lang) >= LOCALE_TIE_SHARE:
        return str(locale_lang), None
    if detection.language and detection.confidence >= NEW_THREAD_CONFIDENCE:
        return detection.language, None
    if locale_lang in supported:
        return str(locale_lang), None
    return detection.language or default, None
