"""Learner input checked before any jail starts: file names, sizes and stdin."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath

MAX_FILES = 32
MAX_FILE_NAME = 100
RESERVED_NAMES = frozenset({"main.py"})


def validate_input(
    code: str,
    files: Mapping[str, str | bytes] | None,
    stdin: str | None,
    max_bytes: int,
) -> tuple[dict[str, bytes], bytes, str]:
    """Check names and sizes before anything starts; returns (files, stdin, error message)."""
    untrusted: object = code  # remote callers may send anything
    if not isinstance(untrusted, str):
        return {}, b"", "code must be text"
    total = len(code.encode("utf-8", "surrogatepass"))
    out: dict[str, bytes] = {}
    for name, content in (files or {}).items():
        path = PurePosixPath(name)
        if (
            not name
            or len(name) > MAX_FILE_NAME
            or path.is_absolute()
            or ".." in path.parts
            or "\x00" in name
            or str(path) in RESERVED_NAMES
            or str(path) != name
        ):
            return {}, b"", "file names must be short relative paths (not main.py)"
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        out[name] = data
        total += len(data)
    if len(out) > MAX_FILES:
        return {}, b"", "too many files"
    stdin_bytes = (stdin or "").encode("utf-8", "replace")
    total += len(stdin_bytes)
    if total > max_bytes:
        return {}, b"", "code too large"
    return out, stdin_bytes, ""
