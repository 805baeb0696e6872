"""Every one of the 14 languages: detected, answered offline in it, and by an LLM in any other."""

from __future__ import annotations

import re

import pytest

from bot.app import App, open_app
from bot.mentor.i18n import Catalog
from bot.mentor.language import LanguageDetector
from bot.mentor.models import MentorRequest
from bot.mentor.units import LANGUAGES, UnitBase
from bot.settings import DEFAULT_CONFIG_DIR, Settings
from tests.fakes.openai_server import DRAFT_BODIES, FakeOpenAI, compose, error, reply
from tests.mentor.conftest import llm_settings

QUESTIONS = {
    "en": "Why does my asyncio service stall when the event loop is blocked by a slow call?",
    "pt": "Por que meu serviço asyncio trava quando o event loop fica bloqueado por uma chamada lenta?",
    "es": "¿Por qué mi servicio asyncio se congela cuando el bucle de eventos queda bloqueado?",
    "fr": "Pourquoi mon service asyncio se fige quand la boucle d'événements est bloquée ?",
    "de": "Warum hängt mein asyncio-Dienst, wenn die Ereignisschleife durch einen Aufruf blockiert?",
    "it": "Perché il mio servizio asyncio si blocca quando l'event loop resta bloccato?",
    "nl": "Waarom loopt mijn asyncio-service vast als de event loop door een trage aanroep blokkeert?",
    "pl": "Dlaczego mój serwis asyncio się zawiesza, gdy pętla zdarzeń jest zablokowana?",
    "tr": "Olay döngüsü yavaş bir çağrıyla bloklandığında asyncio servisim neden donuyor?",
    "ru": "Почему мой сервис на asyncio зависает, когда цикл событий заблокирован медленным вызовом?",
    "uk": "Чому мій сервіс на asyncio зависає, коли цикл подій заблокований повільним викликом?",
    "ja": "イベントループが遅い呼び出しでブロックされると、asyncio のサービスが止まるのはなぜですか？",
    "zh": "为什么事件循环被慢调用阻塞时，我的 asyncio 服务会卡住？",
    "ko": "이벤트 루프가 느린 호출로 막히면 asyncio 서비스가 멈추는 이유가 뭔가요?",
}
OFF_TOPIC = {
    "en": "Can you recommend a good restaurant for dinner in Lisbon tonight?",
    "pt": "Você pode me recomendar um bom restaurante para jantar em Lisboa hoje?",
    "de": "Wie wird das Wetter morgen in Berlin, brauche ich einen Regenschirm?",
    "ja": "東京でおすすめのレストランを教えてください",
    "ru": "Напиши мне стихотворение про осенний лес и дождь",
    "es": "Escríbeme un poema sobre el mar y la luna, por favor",
    "zh": "明天北京的天气怎么样？",
    "ko": "서울에서 맛있는 식당 추천해 주세요",
    "it": "Qual è la ricetta della carbonara?",
    "pl": "Jaka będzie jutro pogoda w Warszawie?",
}
ON_TOPIC_WITHOUT_LIBRARIES = [
    ("en", "My tests fail randomly in CI but pass on my laptop"),
    ("en", "Why is my loop so slow?"),
    ("en", "Is SQLite fine for a small internal tool?"),
    ("pt", "Meu serviço consome cada vez mais memória até cair"),
    ("de", "Mein Dienst wird unter Last langsam und die Latenz steigt"),
    ("de", "Wie partitioniere ich eine Tabelle mit 2 Milliarden Zeilen ohne Hotspot?"),
    ("fr", "Comment structurer le déploiement de mon application en production ?"),
    ("fr", "Comment indexer une table de 500 millions de lignes ?"),
    ("pl", "Jak zmniejszyć zużycie pamięci przez mój program?"),
    ("tr", "Sunucum yük altında yavaşlıyor, gecikme artıyor"),
    ("zh", "我的程序内存一直增长，怎么排查？"),
    ("ko", "테스트가 CI에서만 가끔 실패해요"),
    ("uk", "Мій сервіс повільно відповідає під навантаженням"),
    ("ja", "ループが遅いのはなぜ？"),
    ("es", "Mi aplicación se cae por la noche"),
    ("it", "Perché il mio ciclo è così lento?"),
    ("nl", "Waarom is mijn lus zo traag?"),
    ("ru", "Как ускорить обработку файла?"),
]
FORMAL_GERMAN = re.compile(r"\b(Ihnen|Ihre[nmrs]?|Ihr)\b|(?<![.!?:]\s)(?<!^)\bSie\b", re.M)


def ask(text: str, **kw: object) -> MentorRequest:
    return MentorRequest(platform="console", user="u", text=text, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_is_detected(language: str) -> None:
    """A realistic question in each of the 14 languages is recognised as that language."""
    assert LanguageDetector(list(LANGUAGES)).detect(QUESTIONS[language]).language == language


@pytest.mark.parametrize("language", LANGUAGES)
async def test_offline_reply_is_written_in_the_learners_language(app: App, language: str) -> None:
    """Offline, the 7 headings and the composer's own texts are in the learner's language."""
    result = await app.mentor.handle(ask(QUESTIONS[language]))
    assert result.language == language
    assert result.sections.missing() == []
    for heading in app.catalog.headings(language).values():
        assert heading in result.text
    expected = app.catalog.message(language, "offline_reflection_numbers")
    assert expected in result.sections.reflection
    if language != "en":
        assert expected != app.catalog.message("en", "offline_reflection_numbers")


@pytest.mark.parametrize("language", sorted(OFF_TOPIC))
async def test_off_topic_message_gets_a_polite_redirect(app: App, language: str) -> None:
    """Restaurants, weather and poems get a short redirect in the learner's language."""
    result = await app.mentor.handle(ask(OFF_TOPIC[language]))
    assert result.language == language
    assert result.sections.context == app.catalog.message(language, "offline_off_topic")


@pytest.mark.parametrize(("language", "text"), ON_TOPIC_WITHOUT_LIBRARIES)
async def test_real_question_is_never_called_off_topic(app: App, language: str, text: str) -> None:
    """An engineering question without a library name still gets mentoring, not the redirect."""
    result = await app.mentor.handle(ask(text))
    redirect = app.catalog.message(result.language, "offline_off_topic")
    assert redirect not in result.text
    assert result.topics


def test_german_texts_use_du_consistently() -> None:
    """German is informal (du) everywhere: the catalog and every unit's German text."""
    catalog = Catalog.load(DEFAULT_CONFIG_DIR)
    texts = [str(v) for v in catalog.languages["de"]["messages"].values()]
    for unit in UnitBase.load(DEFAULT_CONFIG_DIR / "knowledge").units:
        german = unit.text.get("de")
        if german is not None:
            texts += [german.title, german.question, german.hypothesis, *german.steps]
    formal = [t for t in texts if FORMAL_GERMAN.search(t.replace("`", " "))]
    assert formal == []


SWEDISH = "Varför blir min asyncio-tjänst långsam när händelseloopen blockeras av ett anrop?"
SWEDISH_BODIES = (
    "- Hur stor är lasten när tjänsten blir långsam, och vilket mål har du för p99?",
    "- Ett synkront anrop blockerar loopen: med `loop.slow_callback_duration = 0.05` visar "
    "loggen varje anrop som tar mer än 50 ms.",
    "1. Kör med `python -X dev app.py` och läs varningarna.\n"
    "2. Flytta det blockerande anropet med `asyncio.to_thread` och mät p99 före och efter.",
    "",
    "- asyncio och samtidighet",
    "- Läs dokumentationen om utveckling med asyncio.",
    "- Vad mätte du före och efter ändringen, och vilket beslut tog du?",
)


async def test_llm_answers_a_language_outside_the_catalog_in_that_language(
    settings: Settings, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """With an LLM, a Swedish learner gets Swedish: the prompt asks for it, the check accepts it.

    A language the rules do not read reaches the drafter once a safety model apart from it
    cleared the question (review11 U31): the fake's safety answer clears it here.
    """
    fake_openai.reset(default=reply(compose(list(catalog.headings("en").values()), SWEDISH_BODIES)))
    configured = llm_settings(settings, fake_openai.base_url).model_copy(
        update={"safety_model": "guard-model"}
    )
    async with open_app(configured) as app:
        result = await app.mentor.handle(ask(SWEDISH))
    assert result.engine == "llm"
    assert result.language == "sv"
    assert "Vad mätte du" in result.sections.reflection
    assert app.catalog.message("en", "unsupported_language", language="sv") not in result.text
    assert "language code sv" in str(fake_openai.requests[0])


async def test_offline_engine_answers_other_languages_in_english_with_a_notice(app: App) -> None:
    """Without an LLM, a language outside the catalog gets English and an apology naming it."""
    result = await app.mentor.handle(ask(SWEDISH))
    assert result.language == "en"
    assert "(sv)" in result.notice


@pytest.mark.parametrize("language", ["pl", "ja", "uk"])
async def test_llm_failure_is_announced_in_the_learners_language(
    settings: Settings, fake_openai: FakeOpenAI, language: str
) -> None:
    """When the LLM fails and the offline engine answers, one line says so, in their language."""
    fake_openai.reset(default=error(500))
    async with open_app(llm_settings(settings, fake_openai.base_url)) as app:
        result = await app.mentor.handle(ask(QUESTIONS[language]))
        notice = app.catalog.message(language, "fallback_engine")
    assert result.engine == "offline"
    assert notice in result.text
    assert notice != app.catalog.message("en", "fallback_engine")


def test_draft_bodies_exist_for_the_first_six_languages() -> None:
    """The fake LLM's good drafts cover the languages the guard tests compose with."""
    assert {"en", "pt", "es", "fr", "de", "it"} <= set(DRAFT_BODIES)
