"""Read a file named on the command line without reading more than the limit allows.

Why: review14 X21 -- `mca-bot ask --code /dev/zero` (or a 5 GB log given by mistake) was read
whole into memory before any size check: 3.6 GB RSS after 90 s, nothing said. A file is read
to one byte past the limit at most, so the size check costs nothing whatever the file is.
"""

from __future__ import annotations

from pathlib import Path


class TooLarge(ValueError):
    """The file holds more than the limit.

    `size` bytes, or at least that many when not `exact` (a device or a pipe has no size).
    """

    def __init__(self, size: int, *, exact: bool) -> None:
        super().__init__(size)
        self.size = size
        self.exact = exact


def read_at_most(path: Path, limit: int) -> bytes:
    """The file's bytes, or TooLarge before reading more than `limit` + 1 of them.

    OSError as open() and read() raise it.
    """
    with path.open("rb") as handle:
        regular = path.is_file()
        if regular and path.stat().st_size > limit:
            raise TooLarge(path.stat().st_size, exact=True)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(len(data), exact=regular)
    return data
