"""A question with a call whose arguments are ids, hashes or tokens is read in its prose's
language (review13 W10: a Turkish question holding `Client("AC3f...", "9f8e...")` was answered
in English, the hex arguments outweighing the twelve Turkish words)."""

from __future__ import annotations

import pytest

from bot.mentor.language import LanguageDetector

LANGS = ["en", "pt", "es", "fr", "de", "it", "nl", "pl", "ru", "uk", "tr", "ja", "zh", "ko"]
SID = "AC3f9e2d1c0b9a8f7e6d5c4b3a2f1e0d9c"
TOKEN = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "tr",
            f'Twilio ile 5.000 SMS 40 dakika sürüyor: client = Client("{SID}", "{TOKEN}") ve her mesajı tek tek gönderiyorum. Nasıl hızlandırırım?',
        ),
        (
            "pl",
            f'Wysyłka trwa 40 minut: client = Client("{SID}", "{TOKEN}") i wysyłam każdą wiadomość osobno. Jak to przyspieszyć?',
        ),
        (
            "nl",
            f'Het duurt 40 minuten: client = Client("{SID}", "{TOKEN}") en ik stuur elk bericht apart. Hoe maak ik dit sneller?',
        ),
        (
            "it",
            'Ci vogliono 40 minuti: s3.download_file("bkt-7f3a9c2e1d", "k/9a8b7c6d5e4f3a2b.parquet", dst) per ogni file. Come lo rendo più veloce?',
        ),
        (
            "pt",
            "O commit 4c0883a69102937d6231471b5dbb6204fe512961 deixou o teste 3 vezes mais lento e não sei por quê. Como descubro?",
        ),
    ],
)
def test_prose_decides_the_language_not_the_ids_in_the_code(language: str, text: str) -> None:
    assert LanguageDetector(LANGS).detect(text).language == language
