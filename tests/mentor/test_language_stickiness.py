"""The reply language: detected on prose without code, sticky per thread, locale as a hint."""

from __future__ import annotations

import pytest

from bot.mentor.language import Detection, LanguageDetector, choose_language, strip_code

SUPPORTED = ["en", "pt", "es", "fr", "de", "it"]


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector(SUPPORTED)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Como encontro o que bloqueia meu event loop asyncio?", "pt"),
        ("¿Cómo puedo perfilar la memoria de mi servicio en producción?", "es"),
        ("How do I find what blocks my event loop in production?", "en"),
        ("Comment puis-je mesurer la latence de mon service asynchrone ?", "fr"),
        ("Wie finde ich heraus, was meine Ereignisschleife blockiert?", "de"),
        ("Come posso misurare la memoria usata dal mio servizio?", "it"),
        (
            "Por que isso é lento?\n```python\nfor item in items:\n    result.append(item)\n```",
            "pt",
        ),
    ],
)
def test_detects_the_language_of_the_prose(
    detector: LanguageDetector, text: str, expected: str
) -> None:
    """Each supported language is recognised, code blocks notwithstanding."""
    assert detector.detect(text).language == expected


def test_code_is_stripped_before_detection() -> None:
    """Identifiers and fenced code do not vote on the language."""
    prose = strip_code("Veja `asyncio.gather()` aqui:\n```python\nimport asyncio\n```\nobrigado")
    assert "asyncio" not in prose
    assert "obrigado" in prose


def test_unsupported_language_is_flagged(detector: LanguageDetector) -> None:
    """A learner writing in an unsupported language is told, not misdetected."""
    detection = detector.detect("Как найти утечку памяти в моём асинхронном сервисе?")
    assert detection.unsupported is not None
    language, unsupported = choose_language(
        detection, thread_language=None, locale=None, supported=SUPPORTED, default="en"
    )
    assert (language, unsupported) == ("en", detection.unsupported)


def test_thread_keeps_its_language_on_short_or_ambiguous_followups(
    detector: LanguageDetector,
) -> None:
    """'ok, thanks' in an ongoing Portuguese thread does not switch it to English."""
    for text in ("ok", "thanks!", "e agora?", "```python\nprint(1)\n```"):
        language, _ = choose_language(
            detector.detect(text),
            thread_language="pt",
            locale=None,
            supported=SUPPORTED,
            default="en",
        )
        assert language == "pt", text


def test_thread_switches_when_the_learner_clearly_switches(detector: LanguageDetector) -> None:
    """A full sentence in another supported language switches the thread."""
    detection = detector.detect("Could you please explain this again in English, with more detail?")
    language, _ = choose_language(
        detection, thread_language="pt", locale=None, supported=SUPPORTED, default="en"
    )
    assert language == "en"


@pytest.mark.parametrize(
    ("locale", "expected"), [("pt-BR", "pt"), ("es-ES", "es"), ("ja", "en"), (None, "en")]
)
def test_locale_decides_when_text_is_too_short(locale: str | None, expected: str) -> None:
    """With too little prose, a supported platform locale decides; else the default."""
    language, _ = choose_language(
        Detection(None, 0.0), thread_language=None, locale=locale, supported=SUPPORTED, default="en"
    )
    assert language == expected


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("Por que está lento?", "pt-BR", "pt"),
        ("Por que está lento?", "es-ES", "es"),
        ("How do I profile this?", "pt-BR", "en"),
        ("¿Por qué está lento mi bucle?", "pt-BR", "es"),
    ],
)
def test_locale_breaks_near_ties_but_not_clear_text(
    detector: LanguageDetector, text: str, locale: str, expected: str
) -> None:
    """A close call between neighbour languages follows the client locale; clear text does not."""
    language, _ = choose_language(
        detector.detect(text),
        thread_language=None,
        locale=locale,
        supported=SUPPORTED,
        default="en",
    )
    assert language == expected


def test_warm_up_loads_the_model_before_the_first_turn() -> None:
    """A long-running bot loads the language model at start, not on a learner's first turn."""
    from bot.mentor.language import _load_identifier  # noqa: PLC0415

    _load_identifier.cache_clear()
    LanguageDetector(SUPPORTED).warm_up()
    assert _load_identifier.cache_info().currsize == 1
