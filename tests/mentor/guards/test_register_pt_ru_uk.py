"""One voice per reply in Portuguese, Russian and Ukrainian too (review9 R42, brief item 3).

The bot says "você" in Portuguese and "ты"/"ти" in Russian and Ukrainian. A draft line with
"o senhor", "вам", "ваш" or a plural imperative opening a sentence ("Замените", "Замініть")
beside the bot's informal voice reads as a second person talking: it goes, the informal
lines stay. A model writes these languages formally by default, so a draft formal
throughout is one voice and is kept whole (its informal sentences are what marks a mix).
"""

from __future__ import annotations

import pytest

from bot.mentor.guards.register import drop_formal_lines
from bot.mentor.models import Sections
from tests.fakes.eleventh_round import SERVICE_CLEAN, SERVICE_HARM


def _sections(name: str) -> tuple[Sections, str]:
    case = {**SERVICE_HARM, **SERVICE_CLEAN}[name]
    return Sections(*case.turns[-1][1]), case.language


@pytest.mark.parametrize(
    ("harm", "clean"),
    [
        ("pt_o_senhor_line", "pt_voce_line_kept"),
        ("ru_vam_line", "ru_ty_lines_kept"),
        ("ru_imperative_line", "ru_ty_lines_kept"),
        ("uk_vam_line", "uk_ty_lines_kept"),
        ("uk_imperative_line", "uk_ty_lines_kept"),
    ],
)
def test_a_formal_line_goes_and_the_informal_ones_stay(harm: str, clean: str) -> None:
    sections, language = _sections(harm)
    shown, dropped = drop_formal_lines(sections, language)
    text = "\n".join(shown.to_dict().values())
    assert dropped >= 1
    assert SERVICE_HARM[harm].marker not in text
    assert SERVICE_CLEAN[clean].marker in text


@pytest.mark.parametrize(
    ("language", "formal", "informal"),
    [
        ("pt", "A senhora pode medir com `timeit`?", "Você pode medir com `timeit`?"),
        (
            "ru",
            "Посмотрите, сколько памяти занимает ваш кеш.",
            "Проверь, сколько памяти занимает кеш.",
        ),
        (
            "uk",
            "Перевірте, скільки пам'яті займає ваш кеш.",
            "Перевір, скільки пам'яті займає твій кеш.",
        ),
    ],
)
def test_a_mixed_draft_in_new_wordings_loses_its_formal_line(
    language: str, formal: str, informal: str
) -> None:
    draft = Sections(context=f"- {formal}\n- {informal}")
    shown, dropped = drop_formal_lines(draft, language)
    assert dropped == 1
    assert shown.context == f"- {informal}"


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_a_draft_formal_throughout_is_one_voice_and_kept(language: str) -> None:
    formal = {
        "ru": "- Измерьте время и сравните два входа.",
        "uk": "- Виміряйте час і порівняйте два входи.",
    }
    draft = Sections(context=formal[language])
    assert drop_formal_lines(draft, language) == (draft, 0)
