"""A short question naming a core Python topic is on topic in every language.

"e o GIL?", "et le GIL ?", "GILって何？" got the off-topic redirect ("outside what I can help
with") in 10 of 12 languages: the GIL is the method's first core topic.
"""

from __future__ import annotations

import pytest

from bot.mentor.facts import QuestionFacts
from tests.knowledge.offline_turn import answer, offline_engine

SHORT = {
    "pt": "e o GIL?",
    "fr": "et le GIL ?",
    "it": "e il GIL?",
    "pl": "a co z GIL?",
    "tr": "GIL nedir?",
    "uk": "а що з GIL?",
    "nl": "wat doet de GIL?",
    "ru": "а что с GIL?",
    "ja": "GILって何？",
    "zh": "GIL是什么？",
    "de": "und mit uvloop?",
    "en": "multiprocessing or threading?",
    "es": "¿y pydantic v2?",
    "ko": "tracemalloc 써도 돼요?",
}


@pytest.mark.parametrize("lang", sorted(SHORT))
def test_short_core_topic_question_is_answered_not_redirected(lang: str) -> None:
    """The reply carries units of the topic, not the off-topic redirect."""
    reply = answer(SHORT[lang], lang, facts=QuestionFacts())
    redirect = offline_engine().catalog.message(lang, "offline_off_topic")
    assert reply.units, SHORT[lang]
    assert reply.sections.context != redirect


def test_a_poem_is_still_off_topic() -> None:
    """Words of everyday life stay off topic."""
    assert answer("Write me a poem about autumn leaves in the park", "en").units == ()
