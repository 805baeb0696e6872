"""The text of an attached file: UTF-8, or UTF-16 when its byte-order mark says so.

Windows editors (and PowerShell's `>`) save .py files as UTF-16 with a BOM; such a file is
text, and refusing it as "binary data (NUL bytes)" lost a learner's hand-in (review10 T22).
"""

from __future__ import annotations

import codecs

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


MIN_ASCII_SHARE = 0.5
"""Of a UTF-16 file's characters, at least this share is ASCII: source code and reports are.

Random bytes after a BOM-like `\xff\xfe` decode as UTF-16 too (to CJK-looking noise)."""


def file_text(content: bytes) -> str | None:
    """The file's text; None when it is neither UTF-8 nor BOM-marked UTF-16, or holds NULs."""
    utf16 = content.startswith(_UTF16_BOMS)
    try:
        text = content.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    if utf16 and sum(c.isascii() for c in text) < MIN_ASCII_SHARE * len(text):
        return None
    return text
