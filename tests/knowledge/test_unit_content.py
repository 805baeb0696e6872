"""The knowledge units as shipped: loadable, specific, measurable, translated, defensive."""

from __future__ import annotations

import ast
import functools
import itertools

import pytest

from bot.engine.offline import is_cython
from bot.mentor.units import LANGUAGES, Unit, UnitBase
from bot.settings import DEFAULT_CONFIG_DIR

OFFENSIVE_TERMS = frozenset(
    {"exploit", "exploits", "malware", "keylogger", "ransomware", "bypass", "crack", "phishing"}
)


@functools.cache
def base() -> UnitBase:
    return UnitBase.load(DEFAULT_CONFIG_DIR / "knowledge")


def units() -> tuple[Unit, ...]:
    return base().units


def test_shipped_units_load_and_validate() -> None:
    """Every units file passes validation (14 languages, unique ids, vetted references)."""
    assert units()
    assert len({u.id for u in units()}) == len(units())


def test_context_questions_are_questions() -> None:
    """A unit's context question ends with a question mark in every language."""
    bad = [
        (u.id, lang)
        for u in units()
        for lang, text in u.text.items()
        if not text.question.rstrip().endswith(("?", "？"))
    ]
    assert bad == []


def test_units_name_commands_or_apis_in_backticks() -> None:
    """Steps are concrete: nearly every unit quotes a command or API in every language.

    A few process units (a postmortem, a review) may have none; more than 5% would mean the
    base drifted into advice without commands.
    """
    without = {
        u.id
        for u in units()
        for text in u.text.values()
        if not any("`" in step for step in text.steps)
    }
    assert len(without) <= 0.05 * len(units()), sorted(without)


def test_terms_are_three_to_eight_per_language() -> None:
    """Each language has the few words a learner would type, not a keyword dump."""
    bad = [
        (u.id, lang, len(t)) for u in units() for lang, t in u.terms.items() if not 3 <= len(t) <= 8
    ]
    assert bad == []


def test_translations_differ_from_english() -> None:
    """No language silently ships the English text as its translation."""
    bad = [
        (u.id, lang)
        for u in units()
        for lang in LANGUAGES[1:]
        if u.text[lang].hypothesis == u.text["en"].hypothesis
    ]
    assert bad == []


def test_scaffolds_parse_as_python() -> None:
    """A scaffold is valid Python (signatures, docstrings and `...`), ready to fill in.

    Cython scaffolds (a `# cython:` header or `cdef`) are fenced as Cython instead.
    """
    bad = []
    for unit in units():
        if unit.scaffold.strip() and not is_cython(unit.scaffold):
            try:
                ast.parse(unit.scaffold)
            except SyntaxError as exc:
                bad.append((unit.id, str(exc)))
    assert bad == []


def test_units_of_one_topic_differ() -> None:
    """Different units of a topic have different hypotheses and different steps."""
    same = []
    for _, group in itertools.groupby(units(), key=lambda u: u.topic):
        for a, b in itertools.combinations(list(group), 2):
            en_a, en_b = a.text["en"], b.text["en"]
            if en_a.hypothesis == en_b.hypothesis or set(en_a.steps) & set(en_b.steps):
                same.append((a.id, b.id))
    assert same == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_security_terms_are_defensive(language: str) -> None:
    """Security units are found by defensive words, never by attack vocabulary."""
    words = {
        w.lower()
        for u in units()
        if u.topic == "security"
        for term in u.terms[language]
        for w in term.split()
    }
    assert not words & OFFENSIVE_TERMS
