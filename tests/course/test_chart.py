"""The progress chart: every learner's name drawn, words in their language, readable on a phone."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from bot.course.chart import (
    CJK_FONT,
    LATIN_FONT,
    WIDTH,
    ChartData,
    ChartLabels,
    _font,
    _runs,
    render_png,
)
from bot.course.content import Course
from bot.settings import DEFAULT_CONFIG_DIR

FONTS = DEFAULT_CONFIG_DIR / "fonts"
LANGUAGES = ("en", "pt", "es", "fr", "de", "it", "nl", "pl", "tr", "ru", "uk", "ja", "zh", "ko")


def _glyph(name: str, ch: str) -> bytes:
    font = _font(FONTS, name, 22)
    mask = font.getmask(ch)
    return bytes(mask)


@pytest.mark.parametrize(
    "name",
    [
        "João Conceição",
        "Łukasz Żółć",
        "Ольга Петренко",
        "Çağrı Öztürk",
        "田中 さくら",
        "王小明",
        "김민준",
    ],
)
def test_every_letter_of_a_name_has_a_real_glyph(name: str) -> None:
    """No letter falls back to the font's empty box: 'João Conceição' is not 'JO O CONCEI O'."""
    for cjk, chunk in _runs(name):
        font = CJK_FONT if cjk else LATIN_FONT
        missing = _glyph(font, "\ue000")  # a private-use code point: the .notdef box
        for ch in chunk.replace(" ", ""):
            assert _glyph(font, ch) != missing, f"{ch!r} has no glyph in {font}"


def _png(data: ChartData) -> Image.Image:
    return Image.open(io.BytesIO(render_png(data, FONTS)))


def _data(title: str = "Ana", labels: ChartLabels | None = None, topics: int = 10) -> ChartData:
    return ChartData(
        title=title,
        bars=(("Sessions", 3, 8), ("Tasks", 2, 5), ("Indicators", 0, 6)),
        topics=tuple((f"topic{i}", i % 2 == 0) for i in range(topics)),
        labels=labels or ChartLabels(),
    )


def test_chart_is_a_phone_sized_png_that_grows_with_the_topics() -> None:
    """720 px wide (readable on a phone); more topics make it taller, never cut off."""
    small, large = _png(_data(topics=2)), _png(_data(topics=10))
    assert small.format == "PNG"
    assert small.width == large.width == WIDTH
    assert large.height > small.height


def test_name_and_legend_words_change_the_picture() -> None:
    """The learner's name and the legend's words are drawn (a different name, a different PNG)."""
    base = _png(_data("Ana"))
    assert ImageChops.difference(base, _png(_data("João"))).getbbox() is not None
    other_legend = ChartLabels(practiced="geübt", todo="noch zu üben")
    assert ImageChops.difference(base, _png(_data("Ana", other_legend))).getbbox() is not None


@pytest.mark.parametrize("language", LANGUAGES)
def test_chart_words_exist_in_every_language_of_the_mentor(language: str) -> None:
    """Title, bars, legend and topic heading are translated for all 14 languages."""
    course = Course.load(DEFAULT_CONFIG_DIR)
    keys = ("title", "sessions", "tasks", "indicators", "topics", "practiced", "todo")
    words = [course.chart_word(language, k) for k in keys]
    assert all(words)
    for word in words:
        test_every_letter_of_a_name_has_a_real_glyph(word)
    if language != "en":
        assert words != [course.chart_word("en", k) for k in keys]


def test_unknown_language_falls_back_to_english_words() -> None:
    """A language without chart words gets English, not raw keys."""
    course = Course.load(DEFAULT_CONFIG_DIR)
    assert course.chart_word("xx", "practiced") == "practiced"
    assert course.fonts_dir == Path(DEFAULT_CONFIG_DIR / "fonts")
