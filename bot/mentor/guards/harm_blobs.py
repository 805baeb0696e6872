"""Encoded text a learner is told to decode: base64 or hex blobs, decoded (never run).

A hostile draft can ship a program as a base64 block ("decode it and run it") that no code
rule reads. Every blob of 40+ characters in a block or a prose line is decoded (zlib too),
and what reads as text is handed back to be scanned like any block. Base85, Ascii85 and
base32 have no shape of their own in prose, so their blobs are decoded where a string is given
to their decoder (review14 X10: `exec(zlib.decompress(base64.b85decode('c$|$?!D_=...')))`).
"""

from __future__ import annotations

import ast
import base64
import binascii
import contextlib
import re
import zlib
from collections.abc import Callable

MIN_BLOB = 40
"""Characters a blob needs before it is decoded (shorter ones are ids and hashes)."""
MAX_BLOBS = 8
"""Blobs decoded per text: a draft is not an archive."""
_BASE64 = re.compile(rf"[A-Za-z0-9+/_-]{{{MIN_BLOB},}}={{0,2}}")
_HEX = re.compile(rf"(?:[0-9a-fA-F]{{2}}){{{MIN_BLOB // 2},}}")
_WRAPPED = re.compile(r"[A-Za-z0-9+/=_\-\s]+")
_CALLED = re.compile(
    rf"\b(?P<codec>b85decode|a85decode|b32decode|b32hexdecode)\(\s*[bB]?(?P<q>['\"])"
    rf"(?P<blob>(?:(?!(?P=q)).){{{MIN_BLOB},}})(?P=q)",
    re.DOTALL,
)
_CODECS: dict[str, Callable[[str | bytes], bytes]] = {
    "b85decode": base64.b85decode,
    "a85decode": base64.a85decode,
    "b32decode": base64.b32decode,
    "b32hexdecode": base64.b32hexdecode,
}
_PRINTABLE = 0.9
"""Share of printable characters that makes decoded bytes text."""


def _as_text(data: bytes) -> str | None:
    with contextlib.suppress(zlib.error):
        data = zlib.decompress(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("utf-16-le")
        except UnicodeDecodeError:
            return None
    if not text:
        return None
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    return text if printable / len(text) >= _PRINTABLE else None


def _decode(blob: str) -> str | None:
    if _HEX.fullmatch(blob) and len(blob) % 2 == 0:
        try:
            found = _as_text(bytes.fromhex(blob))
        except ValueError:
            found = None
        if found is not None:
            return found
    padded = blob + "=" * (-len(blob) % 4)
    try:
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return None
    return _as_text(raw)


def _given_to_decoders(text: str) -> list[tuple[str, str | bytes]]:
    """(decoder, literal) for each long string literal given to a base85/base32 decoder."""
    if not any(name in text for name in _CODECS):
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        # prose, or a block that is not Python: the literal as it is quoted
        return [(m.group("codec"), m.group("blob")) for m in _CALLED.finditer(text)]
    found: list[tuple[str, str | bytes]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        arg = node.args[0]
        if (
            name in _CODECS
            and isinstance(arg, ast.Constant)
            and isinstance(arg.value, str | bytes)
            and len(arg.value) >= MIN_BLOB
        ):
            found.append((name, arg.value))
    return found


def decoded_blobs(text: str) -> list[str]:
    """The texts hidden in `text`'s base64/hex blobs (a whole wrapped block counts as one)."""
    if len(text) < MIN_BLOB:
        return []
    candidates: list[str] = []
    if _WRAPPED.fullmatch(text.strip()):
        candidates.append(re.sub(r"\s+", "", text))
    candidates.extend(m.group(0) for m in _BASE64.finditer(text))
    out: list[str] = []
    for codec, blob in _given_to_decoders(text):
        with contextlib.suppress(binascii.Error, ValueError):
            found = _as_text(_CODECS[codec](blob))
            if found is not None and found.strip():
                out.append(found)
    for blob in dict.fromkeys(candidates):
        if len(out) >= MAX_BLOBS:
            break
        found = _decode(blob)
        if found is not None and found.strip():
            out.append(found)
    return out
