"""A secret written another way: encoded, reversed, URL-encoded, or split over literals.

A model asked to "hide" the learner's password in an example writes it as base64, hex, a
reversed string or `'Tr0ub' + '4dor'`; each of those is the secret to whoever reads the
reply. `forms` lists the spellings of one value that hold it whole (base64 at every byte
alignment, so a prefix such as `user:` does not hide it); `redact_joined` redacts a run of
string literals that only together spell a secret.
"""

from __future__ import annotations

import base64
import binascii
import re
from functools import lru_cache
from urllib.parse import quote

REDACTED = "[redacted]"
MIN_FORM = 8
"""Shortest encoded spelling matched (shorter ones would hit ordinary text)."""

_LITERAL_RUN = re.compile(
    r"""(?:[rbuRBU]{0,2}(["'])(?:(?!\1)[^\\\n]|\\.)*\1[ \t]*(?:\+[ \t]*)?(?:\\?\n[ \t]*)?){2,}"""
)
_LITERAL = re.compile(r"""[rbuRBU]{0,2}(["'])((?:(?!\1)[^\\\n]|\\.)*)\1""")


def _base64_cores(raw: bytes) -> list[str]:
    """The base64 characters fixed by `raw` alone, at each of the three byte alignments."""
    cores = []
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw).decode()
        full = (shift + len(raw)) // 3 * 4
        core = encoded[4 if shift else 0 : full]
        if shift == 0:
            cores.append(encoded.rstrip("="))
        cores.append(core)
    return cores


@lru_cache(maxsize=256)
def forms(value: str) -> tuple[str, ...]:
    """Other spellings of `value` that hold it whole (the value itself excluded)."""
    raw = value.encode()
    found = [*_base64_cores(raw), binascii.hexlify(raw).decode(), value[::-1]]
    found += [quote(value, safe=""), quote(value, safe="@:")]
    found += [f.translate(str.maketrans("+/", "-_")) for f in _base64_cores(raw)]
    return tuple(dict.fromkeys(f for f in found if len(f) >= MIN_FORM and f != value))


def redact_forms(text: str, values: tuple[str, ...]) -> tuple[str, int]:
    """`text` with every other spelling of `values` redacted, and how many were."""
    count = 0
    for value in values:
        for form in forms(value):
            if form in text:
                count += text.count(form)
                text = text.replace(form, REDACTED)
    return text, count


def redact_joined(text: str, values: tuple[str, ...]) -> tuple[str, int]:
    """`text` with each run of string literals that together spell a secret redacted."""
    if not values or ("'" not in text and '"' not in text):
        return text, 0
    count = 0

    def joined(match: re.Match[str]) -> str:
        nonlocal count
        run = match.group(0)
        spelled = "".join(m.group(2) for m in _LITERAL.finditer(run))
        if not any(v in spelled for v in values):
            return run
        count += 1
        tail = run[len(run.rstrip()) :]
        return f"'{REDACTED}'{tail}"

    return _LITERAL_RUN.sub(joined, text), count


def holds_form(text: str, values: tuple[str, ...]) -> bool:
    """`text` spells one of `values` another way (what `redact_forms`/`redact_joined` redact)."""
    if any(form in text for value in values for form in forms(value)):
        return True
    return redact_joined(text, values)[1] > 0
