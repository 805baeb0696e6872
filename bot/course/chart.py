"""The progress chart as a PNG, written with zlib + struct (no imaging dependency).

A progress chart is a few bars and labels: a 5x7 bitmap font and a PNG encoder are ~100
lines, where Pillow or matplotlib would add megabytes and import time to every bot start.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
INK: RGB = (33, 37, 41)
GREY: RGB = (206, 212, 218)
GREEN: RGB = (47, 158, 68)
BLUE: RGB = (28, 126, 214)
AMBER: RGB = (240, 140, 0)

# 5x7 glyphs (HD44780 style): 7 rows, 5 bits each, most significant bit on the left.
_FONT: dict[str, str] = {
    "A": "0E1111111F1111",
    "B": "1E11111E11111E",
    "C": "0E11101010110E",
    "D": "1C12111111121C",
    "E": "1F10101E10101F",
    "F": "1F10101E101010",
    "G": "0E11101711110F",
    "H": "1111111F111111",
    "I": "0E04040404040E",
    "J": "0702020202120C",
    "K": "11121418141211",
    "L": "1010101010101F",
    "M": "111B1515111111",
    "N": "11111915131111",
    "O": "0E11111111110E",
    "P": "1E11111E101010",
    "Q": "0E11111115120D",
    "R": "1E11111E141211",
    "S": "0F10100E01011E",
    "T": "1F040404040404",
    "U": "1111111111110E",
    "V": "11111111110A04",
    "W": "1111111515150A",
    "X": "11110A040A1111",
    "Y": "1111110A040404",
    "Z": "1F01020408101F",
    "0": "0E11131519110E",
    "1": "040C040404040E",
    "2": "0E11010204081F",
    "3": "1F02040201110E",
    "4": "02060A121F0202",
    "5": "1F101E0101110E",
    "6": "0608101E11110E",
    "7": "1F010204080808",
    "8": "0E11110E11110E",
    "9": "0E11110F01020C",
    "/": "00010204081000",
    "-": "0000001F000000",
    ":": "000C0C000C0C00",
    "%": "18190204081303",
    ".": "00000000000C0C",
    " ": "00000000000000",
}
GLYPH_W, GLYPH_H = 5, 7


@dataclass(frozen=True)
class ChartData:
    """What the chart shows (labels are drawn upper-case, ASCII only)."""

    title: str
    bars: tuple[tuple[str, int, int], ...]
    """(label, done, total) progress bars."""
    topics: tuple[tuple[str, bool], ...]
    """(topic id, practiced) squares."""


class _Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.pixels = bytearray(bytes(WHITE) * (width * height))

    def rect(self, x: int, y: int, w: int, h: int, color: RGB) -> None:
        row = bytes(color) * max(0, min(w, self.width - x))
        for yy in range(max(0, y), min(self.height, y + h)):
            start = (yy * self.width + x) * 3
            self.pixels[start : start + len(row)] = row

    def text(self, x: int, y: int, text: str, color: RGB = INK, scale: int = 2) -> None:
        for ch in text.upper():
            glyph = _FONT.get(ch, _FONT[" "])
            for r in range(GLYPH_H):
                bits = int(glyph[2 * r : 2 * r + 2], 16)
                for c in range(GLYPH_W):
                    if bits & (1 << (GLYPH_W - 1 - c)):
                        self.rect(x + c * scale, y + r * scale, scale, scale, color)
            x += (GLYPH_W + 1) * scale

    def png(self) -> bytes:
        raw = bytearray()
        stride = self.width * 3
        for y in range(self.height):
            raw.append(0)  # filter: none
            raw += self.pixels[y * stride : (y + 1) * stride]

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + chunk(b"IEND", b"")
        )


def render_png(data: ChartData) -> bytes:
    """Bars for sessions/tasks/indicators, then one square per core topic."""
    width, margin, line = 560, 16, 30
    height = margin * 2 + line * (1 + len(data.bars)) + 24 * ((len(data.topics) + 1) // 2) + 8
    canvas = _Canvas(width, height)
    canvas.text(margin, margin, data.title[:40])
    y = margin + line
    bar_x, bar_w = 200, width - 200 - margin - 70
    for (label, done, total), color in zip(data.bars, (GREEN, BLUE, AMBER, GREEN), strict=False):
        canvas.text(margin, y + 2, label[:14])
        canvas.rect(bar_x, y, bar_w, 18, GREY)
        filled = 0 if total <= 0 else round(bar_w * min(done, total) / total)
        canvas.rect(bar_x, y, filled, 18, color)
        canvas.text(bar_x + bar_w + 8, y + 2, f"{done}/{total}")
        y += line
    col_w = (width - 2 * margin) // 2
    for i, (topic, practiced) in enumerate(data.topics):
        x = margin + (i % 2) * col_w
        yy = y + (i // 2) * 24
        canvas.rect(x, yy, 16, 16, GREEN if practiced else GREY)
        canvas.text(x + 24, yy + 1, topic[:18])
    return canvas.png()
