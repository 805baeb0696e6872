"""One form of address per language: every unit line and every template speaks to the learner alike.

A reply is composed from several units and templates; one written with "vous" next to one
written with "tu" reads as two people talking. Each language has one form (the one most of its
lines used): a line with the other form's pronouns or imperatives is an error.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.mentor.guards.register import formal_patterns
from bot.mentor.units import UnitBase
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.toml_files import read_toml

FORMS = {
    "fr": "tu",
    "de": "du",
    "ru": "ты",
    "uk": "ти",
    "nl": "je",
    "it": "tu",
    "es": "tú",
    "pt": "você",
    "pl": "ty",
}
"""The form each language speaks with; what the other form looks like is the drafts' own
pattern (config/guards/register.toml), so the bot's texts and its LLM drafts are held alike."""
OTHER_FORM: dict[str, tuple[str, re.Pattern[str]]] = {
    lang: (form, formal_patterns()[lang]) for lang, form in FORMS.items()
}
_CODE = re.compile(r"`[^`]*`")


@functools.cache
def _units() -> UnitBase:
    return UnitBase.load(DEFAULT_CONFIG_DIR / "knowledge")


def _strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            yield from _strings(inner, f"{where}[{n}]")


def lines(language: str) -> Iterator[tuple[str, str]]:
    """Every unit text and every template line in `language`, with where it is."""
    for unit in _units().units:
        text = unit.text.get(language)
        if text is None:
            continue
        fields = {"title": text.title, "question": text.question, "hypothesis": text.hypothesis}
        for name, value in fields.items():
            yield f"{unit.id}.{name}", value
        for n, step in enumerate((*text.steps, *text.deeper)):
            yield f"{unit.id}.step{n}", step
    for path in sorted(Path(DEFAULT_CONFIG_DIR / "i18n").rglob(f"{language}.toml")):
        table = read_toml(path)
        table.pop("guardsout_cues", None)  # words looked for in drafts, never shown: any register
        table.pop("guardsout_words", None)  # the same: vague phrases a draft may use
        table.pop("unsafe_advice", None)  # the same: a draft's warnings and claims, any register
        yield from _strings(table, str(path.relative_to(DEFAULT_CONFIG_DIR)))


@pytest.mark.parametrize("language", sorted(OTHER_FORM))
def test_one_form_of_address_per_language_no_line_uses_the_other(language: str) -> None:
    """No unit line or template uses the form of address its language does not use."""
    form, other = OTHER_FORM[language]
    mixed = [
        (where, found.group(0).strip())
        for where, text in lines(language)
        if (found := other.search(_CODE.sub(" ", text))) is not None
    ]

    assert mixed == [], f"{language} speaks with {form!r}; these lines do not: {mixed[:10]}"


def test_the_register_check_finds_the_other_form() -> None:
    """The patterns see a mixed line in each language (the check is not vacuous)."""
    samples = {
        "fr": "Quelle version utilisez-vous ?",
        "de": "Wie messen Sie das?",
        "ru": "Что вы измерили?",
        "uk": "Що ви виміряли?",
        "nl": "Wat heeft u gemeten?",
        "it": "Come misura Lei il tempo?",
        "es": "¿Qué midió usted?",
        "pt": "O senhor mediu o tempo?",
        "pl": "Co Pan zmierzył?",
    }
    assert all(OTHER_FORM[lang][1].search(text) for lang, text in samples.items())
    assert not OTHER_FORM["nl"][1].search("page bij 14,4x over 1 u en 5 m")
