"""Strict, bounded JSON for data that crossed a trust boundary (a pass child, a worker)."""

from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 16
"""Deeper nesting than any honest payload needs; also keeps json's recursion far away."""


class PayloadError(ValueError):
    """The data is not one bounded, finite JSON value; the message says why (no data in it)."""


def _reject_constant(name: str) -> float:
    raise PayloadError(f"non-finite number {name}")


def _depth(text: str) -> int:
    """Deepest [ / { nesting outside strings (a linear scan, no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def strict_loads(data: bytes | str, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> Any:
    """Parse exactly ONE JSON value: size-capped, depth-capped, no NaN/Infinity, finite floats.

    Raises PayloadError for anything else (trailing data, bad UTF-8, huge numbers included).
    """
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > max_bytes:
        raise PayloadError(f"{size} bytes, over the {max_bytes} byte cap")
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise PayloadError("not UTF-8") from None
    if _depth(text) > max_depth:
        raise PayloadError(f"nested deeper than {max_depth}")
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except PayloadError:
        raise
    except (ValueError, RecursionError) as exc:
        raise PayloadError(f"not one JSON value ({type(exc).__name__})") from None
    _check_finite(value)
    return value


def _check_finite(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise PayloadError("non-finite number")  # e.g. 1e999 parses as inf
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def finite(value: object, *, low: float, high: float) -> float:
    """A real number within [low, high] (bools and non-numbers refused)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PayloadError("not a number")
    number = float(value)
    if not (math.isfinite(number) and low <= number <= high):
        raise PayloadError("number out of range")
    return number


def whole(value: object, *, low: int, high: int) -> int:
    """An integer within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise PayloadError("not an integer in range")
    return value


def text(value: object, *, max_chars: int) -> str:
    """A string of at most max_chars characters."""
    if not isinstance(value, str) or len(value) > max_chars:
        raise PayloadError("not a short string")
    return value


def rows(value: object, *, max_rows: int, width: int) -> list[list[Any]]:
    """A list of at most max_rows lists of exactly `width` items."""
    if not isinstance(value, list) or len(value) > max_rows:
        raise PayloadError("not a short list")
    out = []
    for row in value:
        if not isinstance(row, list) or len(row) != width:
            raise PayloadError("a row has the wrong shape")
        out.append(row)
    return out
