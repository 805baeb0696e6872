"""Retrieval takes any learner text: hostile, huge or mixed-script input never breaks it."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.mentor import courtesy, tracebacks
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.retrieval import UnitIndex, code_tokens
from bot.mentor.tokens import tokenize, word_tokens
from bot.mentor.units import LANGUAGES
from bot.settings import DEFAULT_CONFIG_DIR

HOSTILE = [
    "a" * 12_000,
    "a." * 6_000,
    "a(" * 6_000,
    "a.(" * 4_000,
    "`" * 12_000,
    "import " + "a," * 6_000,
    "```" + "x" * 12_000,
    "あ" * 12_000,
    "p99 " * 3_000,
    "Traceback (most recent call last):\n" + '  File "a.py", line 1, in f\n    x.y()\n' * 400,
    "x = 1\n" * 3_000 + "def f(" + "a," * 3_000,
]


@functools.cache
def index() -> UnitIndex:
    return KnowledgeBase.load(DEFAULT_CONFIG_DIR).index


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:8]))
def test_hostile_text_is_searched_without_error(text: str) -> None:
    """Pathological input (the patterns are linear) yields a ranking and a signal verdict."""
    ranked = index().search(text, "en", code=text)
    assert isinstance(index().has_signal(text, "en", code=text), bool)
    assert isinstance(tracebacks.is_cut(text), bool)
    assert courtesy.kind_of(text) in {"", *courtesy.KINDS}
    assert all(score > 0 for _, score in ranked)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), language=st.sampled_from(LANGUAGES))
def test_any_text_in_any_language_is_searched(text: str, language: str) -> None:
    """Whatever the learner writes, retrieval returns units by falling score."""
    ranked = index().search(text, language)
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True)


def test_code_contributes_its_imports_calls_and_constructs() -> None:
    """The code's modules, calls and coroutine markers join the query; definitions do not."""
    code = "import requests\n\nasync def handler(url):\n    return requests.get(url).text\n"
    tokens = code_tokens(code).split()
    assert "requests.get" in tokens
    assert "async" in tokens
    assert "handler" not in tokens


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["pickle", "slow", "lenta", "Schleife", "非同期", "x.y", "3"])
        | st.text(max_size=10),
        max_size=6,
    ),
    st.sampled_from(LANGUAGES),
)
def test_a_words_remembered_tokens_are_the_tokens_it_gives(words: list[str], language: str) -> None:
    """Asked twice, a word gives its tokens in the language and, for others, read as English."""
    for word in words:
        expected = set(tokenize(word, language))
        if language != "en":
            expected |= set(tokenize(word, "en", also_stop=language))
        assert word_tokens(word, language) == expected
        assert word_tokens(word, language) == expected
