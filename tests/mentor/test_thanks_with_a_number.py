"""A thank-you with a number clearly better than the thread's closes the thread (review12 V5).

"Avec httpx, c'est 4 minutes. Merci, c'est parfait !" after 50 minutes got the right ratio and
then a whole new plan. A thank-you (or "perfect" beside it) with a measured gain is the learner
saying the problem is solved: the comparison and the short closing reply, as a thank-you with
"it worked" already gets."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest


def ask(text: str, thread: str) -> MentorRequest:
    return MentorRequest(platform="console", user="u", text=text, thread=thread)


@pytest.mark.parametrize(
    ("lang", "first", "closing", "ratio"),
    [
        (
            "fr",
            "Ma requête de rapport sur PostgreSQL prend 6 s pour 200 000 lignes.",
            "Avec un index composite, c'est 0,3 s maintenant. Merci beaucoup, c'est parfait !",
            "20.0x",
        ),
        (
            "zh",
            "我的接口用 json 序列化一个大列表要 3 秒。",
            "换成 orjson 以后只要 0.2 秒了，谢谢！",
            "15.0x",
        ),
        (
            "de",
            "Mein Export-Skript für 50.000 Rechnungen braucht 40 Minuten.",
            "Mit Bulk-Inserts sind es jetzt 2 Minuten. Danke, perfekt!",
            "20.0x",
        ),
        (
            "ko",
            "주문 목록 API가 응답하는 데 4초 걸립니다.",
            "select_related를 넣었더니 0.4초가 나옵니다. 감사합니다!",
            "10.0x",
        ),
        (
            "es",
            "Mi script que procesa 10.000 imágenes con Pillow tarda 30 minutos.",
            "Con un Pool de 8 procesos ahora tarda 5 minutos. ¡Muchas gracias!",
            "6.0x",
        ),
        (
            "ru",
            "Мой парсер логов обрабатывает файл на 2 ГБ за 90 с.",
            "Перешёл на чтение большими блоками, теперь 15 с. Спасибо, отлично!",
            "6.0x",
        ),
    ],
)
async def test_thanks_beside_a_clear_gain_gets_the_comparison_and_a_closing(
    app: App, catalog: Catalog, lang: str, first: str, closing: str, ratio: str
) -> None:
    await app.mentor.handle(ask(first, f"thanks-{lang}"))
    reply = await app.mentor.handle(ask(closing, f"thanks-{lang}"))
    assert reply.language == lang
    assert ratio in reply.text
    assert catalog.message(lang, "offline_closing") in reply.text
    # the closing's one step (keep the measurement as a benchmark), not a fresh plan
    assert catalog.message(lang, "offline_closing_step") in reply.text
