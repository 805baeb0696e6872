"""The progress chart as a PNG: Pillow with bundled Unicode fonts, labels in the learner's language.

Drawn at phone-friendly sizes (720 px wide, 20-26 px text): a title with the learner's name,
one bar per measure with its count and percentage, a grid of the core topics, and a legend.
Latin, Greek and Cyrillic come from DejaVu Sans; CJK from Droid Sans Fallback (config/fonts),
chosen per run of characters, so "João Conceição", "Ольга" and "田中" all render.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
INK: RGB = (33, 37, 41)
MUTED: RGB = (108, 117, 125)
GREY: RGB = (222, 226, 230)
GREEN: RGB = (47, 158, 68)
BLUE: RGB = (28, 126, 214)
AMBER: RGB = (240, 140, 0)
BAR_COLORS = (GREEN, BLUE, AMBER)

WIDTH = 720
MARGIN = 28
TITLE_PX, TEXT_PX, SMALL_PX = 28, 22, 19
BAR_H, ROW_H, TOPIC_ROW_H = 26, 68, 40
CJK_FROM = 0x2E80
"""Code points from here on (CJK radicals, kana, ideographs, Hangul) use the CJK font."""

LATIN_FONT, LATIN_BOLD, CJK_FONT = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DroidSansFallback.ttf",
)


@dataclass(frozen=True)
class ChartLabels:
    """The chart's words in the learner's language."""

    title: str = "MCA progress"
    practiced: str = "practiced"
    todo: str = "to practice"
    topics: str = "Core topics"


@dataclass(frozen=True)
class ChartData:
    """What the chart shows."""

    title: str
    """Usually the learner's name."""
    bars: tuple[tuple[str, int, int], ...]
    """(label, done, total) progress bars, labels already localized."""
    topics: tuple[tuple[str, bool], ...]
    """(topic name, practiced) squares."""
    labels: ChartLabels = ChartLabels()


@functools.cache
def _font(fonts_dir: Path, name: str, size: int) -> ImageFont.FreeTypeFont:
    """Fonts are parsed once per process (a few ms each) and shared by every chart."""
    return ImageFont.truetype(str(fonts_dir / name), size)


def _runs(text: str) -> Iterator[tuple[bool, str]]:
    """Split text into (is_cjk, chunk) runs, so each run is drawn with a font that has it."""
    chunk, cjk = "", False
    for ch in text:
        this = ord(ch) >= CJK_FROM
        if chunk and this != cjk:
            yield cjk, chunk
            chunk = ""
        chunk, cjk = chunk + ch, this
    if chunk:
        yield cjk, chunk


class _Painter:
    def __init__(self, fonts_dir: Path, height: int) -> None:
        self.fonts_dir = fonts_dir
        self.image = Image.new("RGB", (WIDTH, height), WHITE)
        self.draw = ImageDraw.Draw(self.image)

    def text(
        self, x: float, y: float, text: str, *, size: int, color: RGB = INK, bold: bool = False
    ) -> float:
        """Draw text with per-script fonts; return the x after it."""
        for cjk, chunk in _runs(text):
            name = CJK_FONT if cjk else (LATIN_BOLD if bold else LATIN_FONT)
            font = _font(self.fonts_dir, name, size)
            self.draw.text((x, y), chunk, font=font, fill=color)
            x += self.draw.textlength(chunk, font=font)
        return x

    def width(self, text: str, *, size: int, bold: bool = False) -> float:
        """Width of text as `text` would draw it."""
        total = 0.0
        for cjk, chunk in _runs(text):
            name = CJK_FONT if cjk else (LATIN_BOLD if bold else LATIN_FONT)
            total += self.draw.textlength(chunk, font=_font(self.fonts_dir, name, size))
        return total

    def fit(self, text: str, *, size: int, max_w: float, bold: bool = False) -> str:
        """Text shortened with an ellipsis to fit max_w pixels."""
        if self.width(text, size=size, bold=bold) <= max_w:
            return text
        while text and self.width(text + "…", size=size, bold=bold) > max_w:
            text = text[:-1]
        return text + "…"

    def png(self) -> bytes:
        out = io.BytesIO()
        self.image.save(out, format="PNG", optimize=True)
        return out.getvalue()


def render_png(data: ChartData, fonts_dir: Path) -> bytes:
    """Title, one bar per measure, the topic grid and its legend, as PNG bytes."""
    topic_rows = (len(data.topics) + 1) // 2
    height = MARGIN * 2 + 48 + ROW_H * len(data.bars) + 44 + TOPIC_ROW_H * topic_rows + 44
    p = _Painter(fonts_dir, height)
    inner = WIDTH - 2 * MARGIN
    title = f"{data.labels.title} · {data.title}" if data.title else data.labels.title
    p.text(
        MARGIN,
        MARGIN,
        p.fit(title, size=TITLE_PX, max_w=inner, bold=True),
        size=TITLE_PX,
        bold=True,
    )
    y = MARGIN + 48
    for (label, done, total), color in zip(data.bars, BAR_COLORS * 2, strict=False):
        share = 0 if total <= 0 else min(done, total) / total
        count = f"{done}/{total} · {round(share * 100)}%"
        p.text(MARGIN, y, p.fit(label, size=TEXT_PX, max_w=inner * 0.6), size=TEXT_PX)
        p.text(WIDTH - MARGIN - p.width(count, size=TEXT_PX), y, count, size=TEXT_PX, color=MUTED)
        top = y + 28
        p.draw.rounded_rectangle((MARGIN, top, WIDTH - MARGIN, top + BAR_H), 8, fill=GREY)
        if share > 0:
            right = MARGIN + max(16, round(inner * share))
            p.draw.rounded_rectangle((MARGIN, top, right, top + BAR_H), 8, fill=color)
        y += ROW_H
    y += 12
    p.text(MARGIN, y, data.labels.topics, size=TEXT_PX, bold=True)
    y += 36
    col_w = inner // 2
    for i, (topic, practiced) in enumerate(data.topics):
        x = MARGIN + (i % 2) * col_w
        yy = y + (i // 2) * TOPIC_ROW_H
        p.draw.rounded_rectangle((x, yy + 2, x + 22, yy + 24), 5, fill=GREEN if practiced else GREY)
        p.text(
            x + 32,
            yy,
            p.fit(topic, size=TEXT_PX, max_w=col_w - 40),
            size=TEXT_PX,
            color=INK if practiced else MUTED,
        )
    y += TOPIC_ROW_H * topic_rows + 8
    legend_x = float(MARGIN)
    for color, word in ((GREEN, data.labels.practiced), (GREY, data.labels.todo)):
        p.draw.rounded_rectangle((legend_x, y + 3, legend_x + 18, y + 21), 4, fill=color)
        legend_x = p.text(legend_x + 26, y, word, size=SMALL_PX, color=MUTED) + 28
    return p.png()
