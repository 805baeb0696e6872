"""A short question is answered in the language it is written in, in each of the 14."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.mentor.language import LanguageDetector, choose_language, strip_code
from bot.mentor.units import LANGUAGES

DATA = Path(__file__).parent / "data" / "short_questions.toml"
QUESTIONS = tomllib.loads(DATA.read_text(encoding="utf-8"))
CASES = [(lang, text) for lang, texts in QUESTIONS.items() for text in texts]


def test_short_questions_cover_every_language() -> None:
    """The set holds short questions in each supported language."""
    assert set(QUESTIONS) == set(LANGUAGES)


@pytest.mark.parametrize(
    ("lang", "text"), CASES, ids=[f"{lang}-{n}" for n, (lang, _) in enumerate(CASES)]
)
def test_short_question_answered_in_its_language(lang: str, text: str) -> None:
    """A new thread, no locale: a few words are enough to answer in the learner's language."""
    supported = list(LANGUAGES)
    detection = LanguageDetector(supported).detect(text)

    chosen, unsupported = choose_language(
        detection, thread_language=None, locale=None, supported=supported, default="en"
    )

    assert (chosen, unsupported) == (lang, None)


def test_terminal_escapes_are_not_prose_control_bytes_removed() -> None:
    """Colour codes and control bytes pasted from a shell are no language's letters."""
    assert strip_code("help\x1b[31m red\x01\x02 now") == "help red now"
