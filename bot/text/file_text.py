"""The text of an attached file: UTF-8, or UTF-16 when its byte-order mark says so.

Windows editors (and PowerShell's `>`) save .py files as UTF-16 with a BOM; such a file is
text, and refusing it as "binary data (NUL bytes)" lost a learner's hand-in (review10 T22).
"""

from __future__ import annotations

import codecs

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def file_text(content: bytes) -> str | None:
    """The file's text; None when it is neither UTF-8 nor BOM-marked UTF-16, or holds NULs."""
    encoding = "utf-16" if content.startswith(_UTF16_BOMS) else "utf-8-sig"
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text
