"""Shipped TOML read fast: a parsed copy of a config tree, built once, keyed by file content.

    python -m bot.text.toml_files CONFIG_DIR

Parsing the ~150 shipped TOML files (4 MB, mostly the knowledge units) takes about a second
at each start. `make setup` and the Dockerfile write CONFIG_DIR/.parsed-toml: every file's
parse, keyed by the SHA-256 of its bytes. `read_toml` returns the same dict as tomllib for
any file; a file whose bytes are not in the copy (edited since, or outside the tree) is
parsed as before, so a stale or missing copy costs only time. The copy is a build product,
not a source file (it is not in git).
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import sys
import tomllib
from pathlib import Path
from typing import Any

COPY_NAME = ".parsed-toml"
FORMAT = (1, marshal.version, sys.version_info[:2])
"""A copy written by another format or Python is ignored (marshal is per version)."""


COPIES_KEPT = 2
"""Parsed copies kept in memory (one per config tree in use; each ~7 MB of marshal data)."""
FOLDERS_KEPT = 256
"""Folders whose nearest copy is remembered (a path each)."""


def read_toml(path: Path) -> dict[str, Any]:
    """`tomllib.load` of `path`, from the tree's parsed copy when it holds these bytes."""
    raw = path.read_bytes()  # each call gets a fresh dict, as from tomllib
    copy = _copy_above(path.resolve().parent)
    blob = _entries(copy).get(hashlib.sha256(raw).digest()) if copy is not None else None
    if blob is not None:
        parsed: dict[str, Any] = marshal.loads(blob)  # noqa: S302 - see _read_copy
        return parsed
    return tomllib.loads(raw.decode())


@functools.lru_cache(maxsize=FOLDERS_KEPT)
def _copy_above(folder: Path) -> Path | None:
    """The parsed copy in `folder` or the nearest folder above it, if any."""
    for candidate in (folder, *folder.parents):
        copy = candidate / COPY_NAME
        if copy.is_file():
            return copy
    return None


@functools.lru_cache(maxsize=COPIES_KEPT)
def _entries(copy: Path) -> dict[bytes, bytes]:
    """A copy's entries (empty when not usable), read once per tree.

    Not once per folder of it: cached per folder, 16 folders held 16 copies, ~110 MB.
    """
    return _read_copy(copy)


def _read_copy(copy: Path) -> dict[bytes, bytes]:
    try:
        # Our own build product, beside the config it was built from and as
        # trusted as that config; marshal builds data (and code objects) but runs nothing.
        header, entries = marshal.loads(copy.read_bytes())  # noqa: S302
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return entries if header == FORMAT and isinstance(entries, dict) else {}


def write_copy(config_dir: Path) -> int:
    """Write `config_dir`'s parsed copy; returns how many files it holds.

    A file tomllib cannot parse, or whose values marshal cannot keep, is left out (it is
    parsed, and its error raised, where it is read).
    """
    entries: dict[bytes, bytes] = {}
    for path in sorted(config_dir.rglob("*.toml")):
        raw = path.read_bytes()
        try:
            entries[hashlib.sha256(raw).digest()] = marshal.dumps(tomllib.loads(raw.decode()))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError):
            continue
    target = config_dir / COPY_NAME
    partial = target.with_suffix(".partial")
    partial.write_bytes(marshal.dumps((FORMAT, entries)))
    partial.replace(target)
    return len(entries)


if __name__ == "__main__":
    root = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "config"
    )
    print(f"{root / COPY_NAME}: {write_copy(root)} files")
