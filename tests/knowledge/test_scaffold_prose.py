"""A unit's scaffold inside a non-English reply has its comments and docstrings in that language.

Review F9: a Portuguese circuit-breaker reply showed the scaffold's English docstrings and TODO
comments, the only English lines of the reply. Code identifiers stay as written.
"""

from __future__ import annotations

import ast
import functools

import pytest

from bot.engine.offline import is_cython
from bot.mentor.scaffold_prose import LANGUAGES as PROSE_LANGUAGES
from bot.mentor.scaffold_prose import localized, prose_of
from bot.mentor.units import LANGUAGES, UnitBase
from bot.settings import DEFAULT_CONFIG_DIR
from tests.knowledge.offline_turn import answer

BREAKER = (
    "Como implemento um circuit breaker para chamadas HTTP com httpx num serviço com 50 ms de "
    "SLO? O serviço externo cai 2 vezes por dia por cerca de 90 s. Me dá um esqueleto?"
)


@functools.cache
def base() -> UnitBase:
    return UnitBase.load(DEFAULT_CONFIG_DIR / "knowledge")


def test_every_language_but_english_is_translated() -> None:
    assert LANGUAGES[1:] == PROSE_LANGUAGES


def test_every_scaffold_phrase_has_a_translation_in_every_language() -> None:
    """No comment or docstring of a shipped scaffold falls back to being left out."""
    phrases = base().prose.phrases
    missing = sorted(
        (unit.id, language, piece.key)
        for unit in base().units
        for piece in prose_of(unit.scaffold)
        for language in PROSE_LANGUAGES
        if piece.key not in phrases.get(language, {})
    )
    assert missing == []


def test_no_translation_is_left_for_a_phrase_no_scaffold_has() -> None:
    """A scaffold edited in English makes its stale translation visible here."""
    used = {piece.key for unit in base().units for piece in prose_of(unit.scaffold)}
    stale = {key for table in base().prose.phrases.values() for key in table} - used
    assert stale == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_translated_scaffolds_still_parse(language: str) -> None:
    bad = []
    for unit in base().units:
        code = base().scaffold(unit, language)
        if code.strip() and not is_cython(code):
            try:
                ast.parse(code)
            except SyntaxError as exc:
                bad.append((unit.id, str(exc)))
    assert bad == []


@pytest.mark.parametrize(
    ("language", "docstring"),
    [
        ("pt", "Resposta degradada e rápida enquanto o circuito está aberto."),
        ("de", "Schnelle, abgespeckte Antwort, solange der Stromkreis offen ist."),
        ("ja", "回路が開いている間の、速い縮退応答。"),
        ("ru", "Быстрый урезанный ответ, пока цепь разомкнута."),
    ],
)
def test_reply_scaffold_speaks_the_learners_language(language: str, docstring: str) -> None:
    """The F9 reproduction: the breaker scaffold's prose is translated, its code is not."""
    reply = answer(BREAKER, language, wants_scaffold=True)
    scaffold = reply.sections.scaffold
    assert "pybreaker.CircuitBreaker(" in scaffold  # the code (identifiers, calls) stays as written
    assert docstring in scaffold
    assert "Fast degraded answer" not in scaffold
    assert "queue for later" not in scaffold
    assert "TODO:" in scaffold  # the marker editors search for stays


def test_english_scaffold_is_unchanged() -> None:
    unit = base().by_id["distributed.circuit-breaker"]
    assert base().scaffold(unit, "en") == unit.scaffold


def test_phrase_without_translation_is_left_out_and_the_code_still_parses() -> None:
    code = (
        "# cython: language_level=3\n"
        "def f(x: int) -> int:\n"
        '    """Doubles x."""\n'
        "    # TODO: first a plain loop,\n"
        "    # then a vectorised one\n"
        "    return x * 2  # not a solution\n"
    )
    pieces = [p.key for p in prose_of(code)]
    assert pieces == ["Doubles x.", "first a plain loop, then a vectorised one", "not a solution"]
    out = localized(code, "pl", {"Doubles x.": "Podwaja x."})
    assert out.splitlines() == [
        "# cython: language_level=3",
        "def f(x: int) -> int:",
        '    """Podwaja x."""',
        "    return x * 2",
    ]
    ast.parse(out)
    bare = localized(code, "ko", {})
    assert "Doubles" not in bare
    assert "loop" not in bare
    ast.parse(bare)
