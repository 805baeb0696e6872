"""A context question the learner's own numbers already answer is not asked (review10 T27).

"with 200 concurrent requests the p99 goes from 80 ms to 1.9 s" answers "what is your p99
under 200 concurrent requests?"; a question about something the learner did not say stays.
"""

from __future__ import annotations

import pytest

from bench import _round_loop as loop
from bot.app import App
from bot.mentor.guards.told_numbers import asked_again
from bot.mentor.models import Sections
from tests.fakes.eleventh_round import SERVICE_CLEAN, SERVICE_HARM
from tests.fakes.openai_server import FakeOpenAI


@pytest.mark.parametrize(
    ("language", "question", "asked", "new"),
    [
        (
            "en",
            "Our nightly import loads 4 million rows into PostgreSQL and takes 35 minutes.",
            "- How many rows does the import load, and how many minutes does it take?",
            "- Does the import run inside one transaction?",
        ),
        (
            "de",
            "Mein Dienst verarbeitet 300 Anfragen pro Sekunde, der p95 liegt bei 900 ms.",
            "- Wie hoch ist dein p95 bei 300 Anfragen pro Sekunde?",
            "- Läuft der Dienst hinter einem Load Balancer?",
        ),
        (
            "pl",
            "Skrypt przetwarza 2 miliony wierszy w 80 sekund.",
            "- Ile wierszy przetwarza skrypt i ile sekund to trwa?",
            "- Czy wiersze czytasz z dysku sieciowego?",
        ),
    ],
)
def test_the_asked_number_goes_and_the_new_question_stays(
    language: str, question: str, asked: str, new: str
) -> None:
    draft = Sections(context=f"{asked}\n{new}")
    shown, dropped = asked_again(question, draft, language)
    assert dropped == 1
    assert shown.context == new


def test_a_question_without_numbers_asks_everything_freely() -> None:
    draft = Sections(context="- How many rows does the import load?")
    assert asked_again("Our nightly import is slow.", draft, "en") == (draft, 0)


@pytest.mark.parametrize(
    ("harm", "clean"),
    [
        ("fr_asks_the_given_p99", "fr_new_question_kept"),
        ("es_asks_the_given_rows", "es_new_question_kept"),
    ],
)
async def test_through_the_service_the_given_number_is_not_asked_again(
    llm_app: App, fake_openai: FakeOpenAI, harm: str, clean: str
) -> None:
    text = await loop.service_text(llm_app, fake_openai, f"t27-{harm}", SERVICE_HARM[harm])
    assert SERVICE_HARM[harm].marker not in text
    assert SERVICE_CLEAN[clean].marker in text
