"""Cue words filed by first character: every text gets the matches the flat alternation gave.

The constraint and measure lexicons (ruled-out libraries, "I changed", what a number measures)
compile through `bot.text.word_alternation.grouped`; a learner's "without Redis" or "I set the
pool to 20" must be read exactly as before, only with less work per message.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.mentor import exclusions, measures
from bot.mentor.constraints import excluded, rules
from bot.mentor.exclusions import _CJK
from bot.mentor.guards import unsafe_advice
from bot.mentor.i18n import Catalog
from bot.mentor.lexicon import lexicon_file
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.word_alternation import grouped

EXCLUDED = lexicon_file(DEFAULT_CONFIG_DIR, "constraints").get("excluded", {})
CUES = sorted(
    {str(w).lower() for key in ("before", "after", "after_plural") for w in EXCLUDED.get(key, [])},
    key=len,
    reverse=True,
)
WORDS = [w for w in CUES if w] + ["redis", "celery", "numpy", "asyncpg", "dask", "polars"]
FILLER = [" ", ", ", ". ", "\n", "x", "_", ".", "é", "я", "は", "1", "no", "sin", "без"]


def _flat(branches: list[tuple[str, str, str]]) -> re.Pattern[str]:
    """What the lexicons compiled to before: one branch per word, each with its lookbehind."""
    return re.compile(
        "|".join((f"(?<!{b})" if b else "") + re.escape(w) + a for w, b, a in branches)
    )


def _branches(words: list[str]) -> list[tuple[str, str, str]]:
    return [(w, "", "") if _CJK.search(w) else (w, r"\w", r"(?!\w)") for w in words]


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


texts = st.lists(st.sampled_from(WORDS + FILLER), max_size=24).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_ruled_out_cues_match_where_and_what_they_matched(text: str) -> None:
    """Same matches, same order, same matched word at each position (longest first kept)."""
    branches = _branches(CUES)
    assert _spans(re.compile(grouped(branches)), text) == _spans(_flat(branches), text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([r"\w", r"[\w.]", ""]), st.sampled_from(["", r"(?!\w)", r"\w{0,3}"]))
def test_any_word_list_keeps_its_matches(text: str, before: str, after: str) -> None:
    """Whatever the word-start class and ending, grouping changes no match."""
    branches = [(w, before, after) for w in sorted(set(WORDS), key=len, reverse=True)]
    assert _spans(re.compile(grouped(branches)), text) == _spans(_flat(branches), text)


def test_learner_messages_read_as_before() -> None:
    """Ruled-out libraries and a reported change, in several languages, are still read."""
    assert rules() is not None
    assert "redis" in excluded("Without Redis, how do I cache this? No errors from asyncio.")
    assert "polars" in excluded("Polars や Dask は使わずに集計したいです")
    assert excluded("No errors from asyncio, the loop is fine") == ()
    assert measures.reports_change("I set the pool size to 20 and it got faster")
    assert not measures.reports_change("Why is my loop slow?")


def test_an_empty_word_falls_back_to_the_flat_alternation() -> None:
    """An empty word matches everywhere; it has no first character to be filed under."""
    branches = [("ab", r"\w", ""), ("", "", "")]
    assert _spans(re.compile(grouped(branches)), "xab ab") == _spans(_flat(branches), "xab ab")


def _flat_advice(words: list[str]) -> re.Pattern[str]:
    """The unsafe-advice word lists as they compiled before (one branch per word, gaps kept)."""
    parts = []
    for word in words:
        core = unsafe_advice._GAP.join(re.escape(p) for p in word.strip("*").lower().split(" … "))
        if not all(ch.isascii() or "\u00c0" <= ch <= "\u04ff" for ch in word if ch != "…"):
            parts.append(core)
        else:
            start = "" if word.startswith("*") else r"(?<!\w)"
            parts.append(start + core + ("" if word.endswith("*") else r"(?!\w)"))
    return re.compile("|".join(parts))


ADVICE_LISTS = [
    [str(w) for w in words]
    for data in Catalog.load(DEFAULT_CONFIG_DIR).languages.values()
    for words in data.get("unsafe_advice", {}).values()
    if words
]
ADVICE_PIECES = sorted(
    {p for words in ADVICE_LISTS for w in words for p in w.strip("*").lower().split(" … ")}
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(ADVICE_LISTS),
    st.lists(st.sampled_from(ADVICE_PIECES + FILLER + ["de ", "la "]), max_size=16).map("".join),
)
def test_unsafe_advice_words_match_as_before(words: list[str], text: str) -> None:
    """Warning, upload, password and claim words (14 languages, gaps and stems) read the same."""
    assert _spans(unsafe_advice._pattern(words), text) == _spans(_flat_advice(words), text)


def _flat_exclusion_cues(items: list[str], fillers: list[str]) -> re.Pattern[str]:
    """The exclusion cues as they compiled before: one branch per cue, filler gaps kept."""
    words = sorted({i.lower() for i in items}, key=len, reverse=True)
    filler = "|".join(re.escape(f) for f in sorted(set(fillers), key=len, reverse=True))
    gap = rf"\s+(?:(?:{filler})\s+){{0,2}}" if filler else r"\s+"
    out = []
    for word in words:
        if _CJK.search(word):
            out.append(re.escape(word))
            continue
        body = gap.join(re.escape(part) for part in word.split())
        start = r"(?<!\w)" if word[0].isalnum() else ""
        end = r"(?!\w)" if word[-1].isalnum() else ""
        out.append(f"{start}{body}{end}")
    return re.compile("|".join(out))


EXCLUSION_FILLERS = [str(w).lower() for w in EXCLUDED.get("fillers", [])]
EXCLUSION_LISTS = [
    [str(w) for w in EXCLUDED.get(key, [])]
    for key in ("before", "after", "after_plural", "before_touching", "after_touching")
    if EXCLUDED.get(key)
]
EXCLUSION_PIECES = sorted(
    {p for words in EXCLUSION_LISTS for w in words for p in w.lower().split()}
    | set(EXCLUSION_FILLERS)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(EXCLUSION_LISTS),
    st.lists(
        st.sampled_from(EXCLUSION_PIECES + WORDS + FILLER + [" ", "  ", "\n"]), max_size=20
    ).map("".join),
)
def test_exclusion_cues_with_filler_gaps_match_as_before(words: list[str], text: str) -> None:
    """'kommt also leider nicht in Frage', 'без', 'なしで': every cue list (14 languages, filler
    words between a cue's words) finds the same spans as the flat alternation did."""
    grouped_cues = exclusions._cue_words(words, EXCLUSION_FILLERS)
    flat = _flat_exclusion_cues(words, EXCLUSION_FILLERS)
    assert _spans(grouped_cues, text) == _spans(flat, text)
