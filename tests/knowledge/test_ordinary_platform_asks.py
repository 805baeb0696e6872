"""Ordinary asks that name a platform or an alarming word get the unit that does the task (W3).

Review13 W3: a daily Telegram report got chat flood control, a Discord CI post the same, a
browser's history file SQLite write contention, a QR code numpy sliding windows, a startup
script keylogger detection, reset tokens argon2, a client under an API's limit server-side
token buckets, a TSP homework credential stuffing. Every wording here is new (not the
review's, not the units' own terms) and several languages are asked.
"""

from __future__ import annotations

import pytest

from tests.knowledge.offline_turn import answer

CASES = [
    (
        "en",
        "Every morning a cron job builds a sales summary; how can my Python script drop it into "
        "our Telegram group through the bot?",
        "networking.chat-post-from-job",
    ),
    (
        "fr",
        "Quand notre pipeline GitLab CI se termine, je voudrais que le résultat apparaisse dans "
        "notre salon Discord. Comment faire depuis Python ?",
        "networking.chat-post-from-job",
    ),
    (
        "es",
        "Quiero sacar en Python las páginas que visité ayer leyendo el archivo History de "
        "Chrome, pero me dice database is locked.",
        "databases.browser-history-read",
    ),
    (
        "zh",
        "怎么用 Python 给每张活动门票生成一个二维码图片？",
        "stdlib.qr-code-generate",
    ),
    (
        "it",
        "Come genero un codice QR con Python per il link del nostro menu?",
        "stdlib.qr-code-generate",
    ),
    (
        "de",
        "Wie sorge ich dafür, dass mein Python-Skript jedes Mal automatisch läuft, wenn ich "
        "meinen Windows-Rechner hochfahre?",
        "tooling.run-script-at-startup",
    ),
    (
        "ko",
        "비밀번호를 잊은 사용자에게 보낼 재설정 링크용 토큰을 어떻게 만들고 저장해야 하나요?",
        "security.password-reset-token",
    ),
    (
        "pt",
        "Meu script precisa entrar num site de testes da empresa pelo formulário de login com "
        "requests, mas sempre volta para a página de login. O que falta?",
        "networking.form-login-session",
    ),
    (
        "nl",
        "Onze leverancier staat maar 2 verzoeken per seconde toe en mijn asyncio-script krijgt "
        "steeds 429. Hoe blijf ik eronder?",
        "networking.client-stay-under-rate-limit",
    ),
    (
        "ru",
        "Как в своей игре на pygame повесить горячую клавишу через pynput, чтобы пауза работала?",
        "stdlib.keyboard-input-own-app",
    ),
    (
        "pl",
        "Jak w Pythonie sprawdzić wszystkie trasy między 9 miastami i wybrać najkrótszą? To "
        "zadanie na algorytmy.",
        "stdlib.exhaustive-search-homework",
    ),
    (
        "ja",
        "課題でシーザー暗号の文を解読したいです。26 通り全部を Python で試すにはどう書けば"
        "いいですか？",
        "stdlib.exhaustive-search-homework",
    ),
]


@pytest.mark.parametrize(("language", "question", "unit"), CASES)
def test_the_reply_leads_with_the_unit_that_does_the_task(
    language: str, question: str, unit: str
) -> None:
    reply = answer(question, language)
    assert reply.units, question
    assert reply.units[0] == unit, reply.units
