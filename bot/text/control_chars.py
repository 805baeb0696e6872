r"""Control characters made visible: what a reader sees is what is there (review13 W24).

A model's draft (or a program's output, or a learner's echoed text) can carry terminal
control sequences: an OSC 52 write puts a command in the operator's clipboard, `ESC[2J`
clears the screen, `ESC[8m` conceals a span so a step reads "Replace the inner loop…"
while the text tells to pipe a download into a shell, OSC 8 shows a link whose text is
not its target. Bidi overrides (U+202E) and invisible format characters make what is
shown differ from what is stored. Discord and Slack run no escapes, but hidden text must
still be judged as written.

The choice: every such character is shown, not executed, and not deleted with what follows
it: ESC becomes `␛`, other C0 controls their Unicode control pictures (`␇`, `␈`, `␍`...),
C1 controls `␛` + their 7-bit letter (0x9B CSI -> `␛[`), DEL `␡`; bidi embeddings,
overrides and isolates, direction marks and other invisible format characters are removed
(the text then reads in its stored order, as the guards read it). The zero-width space stays:
the platforms insert it to defuse mentions and fences, after this cleaning. `\n` and `\t` stay; `\r\n` becomes `\n`. The mapping
is per character, so it gives the same text whether applied to a whole draft or to each
streamed delta (a sequence split across deltas is still made visible), and it is idempotent.
"""

from __future__ import annotations

import re

__all__ = ["has_controls", "visible_controls"]

_TABLE: dict[int, str | None] = {c: chr(0x2400 + c) for c in range(0x20) if c not in (9, 10)}
_TABLE[0x1B] = "\u241b"  # ␛
_TABLE[0x7F] = "\u2421"  # ␡
_TABLE.update({c: "\u241b" + chr(c - 0x40) for c in range(0x80, 0xA0)})
_TABLE.update(
    dict.fromkeys(
        (
            *range(0x202A, 0x202F),  # LRE RLE PDF LRO RLO
            *range(0x2066, 0x206A),  # LRI RLI FSI PDI
            0x200E,  # LRM
            0x200F,  # RLM
            0x2060,  # word joiner
            *range(0x2061, 0x2065),  # invisible operators
            0x061C,  # Arabic letter mark
            0x180E,  # Mongolian vowel separator
            0xFEFF,  # zero-width no-break space / BOM
        ),
        None,
    )
)
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f"
    "\u2060-\u2064\u061c\u180e\ufeff]"
)


def has_controls(text: str) -> bool:
    """`text` holds a character `visible_controls` would change."""
    return _CONTROLS.search(text) is not None


def visible_controls(text: str) -> str:
    """`text` with control sequences shown (`␛[2J`) and invisible format characters gone."""
    if text.isascii() and text.isprintable():
        return text
    text = text.replace("\r\n", "\n")
    if not has_controls(text):
        return text
    return text.translate(_TABLE)


_CONCEALS = re.compile(
    "\u241b\\[(?:[\\d;]*;)?(?:8|3(\\d);4\\1|4(\\d);3\\2)(?:;[\\d;]*)?m|"  # concealed, fg = bg
    "\u241b\\]52;"  # a clipboard write
)


def conceals(text: str) -> bool:
    """`text` (made visible) hides part of itself or writes to the clipboard.

    Concealed text (`ESC[8m`, the same colour for letters and background) shows a step
    while the text tells another; OSC 52 sets the reader's clipboard. No mentor reply needs
    either: the text that does is written to deceive whoever reads it.
    """
    return "\u241b" in text and _CONCEALS.search(text) is not None
