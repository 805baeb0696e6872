"""A first reply's units fit the question's situation, not one word it shares with them.

Review10 T5: a slow test suite on GitHub Actions got the unit on hardening Actions against
supply-chain attacks (the name "GitHub Actions" shared). A unit fits when the question says
one of its terms (its libraries and at least half of its other words); a unit of another
subject that fits nothing goes, and a best match met by a library's name alone gives way to
units that fit.
"""

from __future__ import annotations

import functools

import pytest

from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.unit_fit import UnitFit
from bot.settings import DEFAULT_CONFIG_DIR
from tests.knowledge.offline_turn import answer


@functools.cache
def _kb() -> KnowledgeBase:
    return KnowledgeBase.load(DEFAULT_CONFIG_DIR)


def _fits(question: str, language: str, unit_id: str) -> bool:
    index = _kb().index
    return unit_id in index.fitting(question, language, [index.base.by_id[unit_id]]).said


SLOW_CI = {
    "en": "Our pytest suite of 4,200 tests takes 3 minutes locally but 22 minutes on GitHub "
    "Actions. Same code, only the environment differs. How do I find what eats the time?",
    "de": "Unsere pytest-Suite mit 4.200 Tests braucht lokal 3 Minuten, in GitHub Actions aber "
    "22 Minuten. Der Code ist derselbe. Wie finde ich heraus, was die Zeit frisst?",
    "es": "Nuestra suite de pytest con 4.200 tests tarda 3 minutos en local y 22 minutos en "
    "GitHub Actions. El código es el mismo. ¿Cómo averiguo qué se come el tiempo?",
}


@pytest.mark.parametrize("lang", sorted(SLOW_CI))
def test_a_slow_suite_on_ci_is_not_answered_with_ci_security(lang: str) -> None:
    """ "GitHub Actions" names where the suite runs; the reply is not about hardening it."""
    reply = answer(SLOW_CI[lang], lang)
    assert reply.units
    assert not any(u.startswith("security.") for u in reply.units), reply.units


def test_the_library_alone_is_not_the_situation() -> None:
    """A term fits by its situation's words, not by the library it names."""
    assert not _fits("Our tests are slow on GitHub Actions", "en", "security.ci-supply-chain")
    assert _fits("How do I harden GitHub Actions security?", "en", "security.ci-supply-chain")
    # A term that names a library fits only when the question names it too.
    assert not _fits("CI takes minutes for each run", "en", "tooling.mypy-ci-speed")
    assert _fits("mypy is slow in CI", "en", "tooling.mypy-ci-speed")


def test_a_dotted_name_is_said_whole() -> None:
    """`jwt.decode` is a term; the word "decode" in a file-reading question does not say it."""
    assert not _fits("70% of the time is in decode", "en", "security.jwt-verification")
    assert _fits("jwt.decode accepts an expired token", "en", "security.jwt-verification")


def test_a_cjk_word_is_said_whole_not_by_one_bigram() -> None:
    """ "로그" (log) does not say "백로그" (backlog); a particle after a word is allowed."""
    fit = UnitFit(_kb().units.units)
    unit = _kb().units.by_id["security.syn-flood"]
    tokens = frozenset(_kb().index.query_tokens("500MB 로그 파일에서 IP를 추출", "ko"))
    assert "listen 백로그" not in fit.said(unit, tokens, "ko", tokens)
    regex = _kb().units.by_id["stdlib.regex-redos"]
    tokens = frozenset(_kb().index.query_tokens("정규식으로 검사하면 가끔 멈춤이 생겨요", "ko"))
    assert "정규식이 멈춤" in fit.said(regex, tokens, "ko", tokens)


def test_an_english_term_is_said_in_english() -> None:
    """The Spanish "archivo" (file), stemmed like "archive", does not say "uploaded archives"."""
    fit = UnitFit(_kb().units.units)
    unit = _kb().units.by_id["security.archive-upload-safety"]
    index = _kb().index
    question = "Leo un archivo de log de 500 MB línea por línea y tarda 80 s"
    tokens = frozenset(index.query_tokens(question, "es"))
    english = frozenset(index.query_tokens(question, "en"))
    assert "uploaded archives" not in fit.said(unit, tokens, "es", english)
    question = "Validamos uploaded archives antes de extraerlos"
    tokens = frozenset(index.query_tokens(question, "es"))
    english = frozenset(index.query_tokens(question, "en"))
    assert "uploaded archives" in fit.said(unit, tokens, "es", english)


def test_a_unit_of_another_subject_that_fits_nothing_is_left_out() -> None:
    """Beside the units that fit, one that shares a word but no situation does not come."""
    reply = answer(
        "Tenho 4 workers Celery; tarefas irregulares de 200 ms a 4 minutos ficam presas atrás "
        "das longas. Como distribuir melhor?",
        "pt",
    )
    assert reply.units
    assert all(u.startswith(("distributed.", "observability.")) for u in reply.units), reply.units
