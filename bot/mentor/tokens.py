r"""Tokens for retrieval in 14 languages: Snowball stems, identifiers kept, CJK as bigrams.

Latin and Cyrillic words are `\w+` runs, stemmed with the language's Snowball stemmer when
PyStemmer has one (Polish and Ukrainian have none: a 6-letter prefix stands in, which joins
most inflections of one word). Dotted names (`asyncio.to_thread`) count whole and by part.
Japanese, Chinese and Korean runs become overlapping character bigrams, since words are not
separated by spaces (Korean's are, but particles glue onto them). Accents are folded after
stemming so "concorrência" and "concorrencia" meet.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

import Stemmer
from bm25s import stopwords

SNOWBALL = {
    "en": "english",
    "pt": "portuguese",
    "es": "spanish",
    "fr": "french",
    "de": "german",
    "it": "italian",
    "nl": "dutch",
    "tr": "turkish",
    "ru": "russian",
}
"""Languages PyStemmer stems; the rest use PREFIX_STEM letters (pl, uk) or bigrams (ja, zh, ko)."""
PREFIX_STEM = 6
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(stopwords.STOPWORDS_EN_PLUS),
    "pt": frozenset(stopwords.STOPWORDS_PORTUGUESE),
    "es": frozenset(stopwords.STOPWORDS_SPANISH),
    "fr": frozenset(stopwords.STOPWORDS_FRENCH),
    "de": frozenset(stopwords.STOPWORDS_GERMAN),
    "it": frozenset(stopwords.STOPWORDS_ITALIAN),
    "nl": frozenset(stopwords.STOPWORDS_DUTCH),
    "tr": frozenset(stopwords.STOPWORDS_TURKISH),
    "ru": frozenset(stopwords.STOPWORDS_RUSSIAN),
}
STOPWORDS["pl"] = frozenset(
    [
        "a",
        "aby",
        "ale",
        "bo",
        "by",
        "być",
        "był",
        "była",
        "było",
        "co",
        "czy",
        "czym",
        "dla",
        "do",
        "gdy",
        "gdzie",
        "go",
        "i",
        "ich",
        "ile",
        "im",
        "jak",
        "jaki",
        "jaka",
        "jakie",
        "jest",
        "jestem",
        "jej",
        "jeśli",
        "już",
        "ma",
        "mam",
        "może",
        "mi",
        "mnie",
        "mój",
        "moja",
        "moje",
        "mojej",
        "moim",
        "na",
        "nad",
        "nie",
        "niż",
        "o",
        "od",
        "oraz",
        "po",
        "pod",
        "przez",
        "przy",
        "się",
        "są",
        "ta",
        "tak",
        "te",
        "tego",
        "tej",
        "ten",
        "to",
        "tu",
        "tym",
        "u",
        "w",
        "we",
        "z",
        "za",
        "ze",
        "że",
        "który",
        "która",
        "które",
        "którym",
        "co",
        "dalej",
        "teraz",
    ]
)
STOPWORDS["uk"] = frozenset(
    [
        "і",
        "й",
        "та",
        "в",
        "у",
        "на",
        "до",
        "з",
        "із",
        "зі",
        "що",
        "як",
        "це",
        "цей",
        "ця",
        "ці",
        "для",
        "по",
        "за",
        "від",
        "при",
        "про",
        "не",
        "ні",
        "але",
        "або",
        "чи",
        "мій",
        "моя",
        "моє",
        "мої",
        "мене",
        "мені",
        "я",
        "ти",
        "ми",
        "ви",
        "він",
        "вона",
        "воно",
        "вони",
        "його",
        "її",
        "їх",
        "є",
        "був",
        "була",
        "було",
        "так",
        "же",
        "вже",
        "ще",
        "коли",
        "де",
        "який",
        "яка",
        "яке",
        "які",
        "щоб",
        "якщо",
        "тому",
        "після",
        "тепер",
        "далі",
    ]
)
"""bm25s's word lists (and short ones for Polish and Ukrainian, which it lacks): "how", "my",
"which" must not decide which unit answers."""

_DOTTED = re.compile(r"(?<![\w.])[A-Za-z_]\w*+(?:\.[A-Za-z_]\w*+)+")
_WORD = re.compile(r"\w++")
CJK = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\uf900-\ufaff]+"
)


@functools.cache
def _stemmer(language: str) -> Any:
    name = SNOWBALL.get(language)
    return Stemmer.Stemmer(name) if name else None


def _fold(token: str) -> str:
    """Strip accents when what remains is plain ASCII (Latin words); keep other scripts."""
    if token.isascii():
        return token
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", token) if not unicodedata.combining(c)
    )
    return folded if folded.isascii() else token


_HIRAGANA = re.compile("[\u3040-\u309f]+")
CJK_STOP = frozenset(
    (
        # Korean endings and function words, Chinese function words: grammar, not subject
        "니다",
        "습니",
        "합니",
        "입니",
        "같습",
        "있습",
        "없습",
        "됩니",
        "어떻",
        "떻게",
        "하고",
        "하는",
        "하면",
        "해야",
        "할까",
        "까요",
        "나요",
        "이나",
        "세요",
        "에서",
        "으로",
        "에는",
        "에게",
        "마다",
        "때문",
        "문에",
        "그리",
        "리고",
        "하지",
        "지만",
        "있는",
        "없는",
        "되는",
        "하나",
        "위해",
        "대해",
        "경우",
        "정도",
        "我们",
        "你们",
        "他们",
        "怎么",
        "如何",
        "什么",
        "为什",
        "的时",
        "时候",
        "一个",
        "可以",
        "需要",
        "应该",
        "因为",
        "所以",
        "但是",
        "这个",
        "那个",
        "没有",
        "现在",
        "已经",
        "还是",
        "或者",
        "是否",
        "有没",
        "是不",
        "不是",
        "我的",
        # generic nouns (service, time, use, problem, method) that name no subject
        "서비",
        "비스",
        "스가",
        "스를",
        "스는",
        "스의",
        "스에",
        "시간",
        "사용",
        "문제",
        "방법",
        "サー",
        "ービ",
        "ビス",
        "場合",
        "方法",
        "問題",
        "使用",
        "時間",
        "服务",
        "时间",
        "问题",
    )
)
"""CJK bigrams that carry grammar only; Japanese hiragana-only bigrams are dropped as well."""


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    pairs = (run[i : i + 2] for i in range(len(run) - 1))
    return [p for p in pairs if p not in CJK_STOP and not _HIRAGANA.fullmatch(p)]


def _stem_all(words: list[str], language: str) -> list[str]:
    stemmer = _stemmer(language)
    if stemmer is not None:
        return [str(s) for s in stemmer.stemWords(words)]
    if language in ("pl", "uk"):
        return [w[:PREFIX_STEM] for w in words]
    return words


def tokenize(text: str, language: str, *, also_stop: str | None = None) -> list[str]:
    """Retrieval tokens of `text` written in `language` (identifiers kept as tokens).

    `also_stop` drops that language's stop words too: a French question read as English
    must not search for "mon" or "que".
    """
    text = unicodedata.normalize("NFKC", text).lower()
    tokens: list[str] = []
    for name in _DOTTED.findall(text):
        tokens.append(name)
        tokens.extend(name.split("."))
    words: list[str] = []
    for word in _WORD.findall(text):
        if CJK.search(word) is None:
            if not word.isdigit():
                words.append(word)
            continue
        start = 0
        for run in CJK.finditer(word):
            if run.start() > start:
                words.append(word[start : run.start()])
            tokens.extend(_bigrams(run.group()))
            start = run.end()
        if start < len(word):
            words.append(word[start:])
    stop = STOPWORDS.get(language, frozenset()) | STOPWORDS.get(also_stop or "", frozenset())
    plain = [w for w in words if (len(w) > 1 or not w.isascii()) and w not in stop]
    tokens.extend(_fold(s) for s in _stem_all(plain, language))
    return tokens


WORD_TOKENS_CACHED = 8192
"""Words remembered by `word_tokens` (a learner's vocabulary repeats across turns)."""


@functools.lru_cache(maxsize=WORD_TOKENS_CACHED)
def word_tokens(word: str, language: str) -> frozenset[str]:
    """The tokens one word gives, read in `language` and, for other languages, as English too.

    Retrieval counts a question's words per unit several times a turn (the offline answer, a
    follow-up's finding): tokenizing each word again was ~4% of an LLM turn's CPU.
    """
    tokens = set(tokenize(word, language))
    if language != "en":
        tokens.update(tokenize(word, "en", also_stop=language))
    return frozenset(tokens)
