"""The jail's pipes read on the event loop: byte budgets, and an end-of-run marker."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable

from bot.sandbox.settings import KiB

READ_CHUNK_BYTES = 64 * KiB


class Budget:
    """A byte budget shared by the pipes it covers (stdout and stderr share one)."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.used = 0
        self.overflow = False


class PipeReader:
    """Reads a non-blocking pipe on the event loop, keeping at most the budget's bytes.

    With a `marker`, `marked` resolves once the data read so far ends with it (pid 1's last
    line): the run is over before bwrap has torn the namespaces down.
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        fd: int,
        budget: Budget,
        on_overflow: Callable[[], None] | None = None,
        marker: bytes = b"",
    ) -> None:
        self._loop = loop
        self._fd = fd
        self._budget = budget
        self._on_overflow = on_overflow
        self._marker = marker
        self.data = bytearray()
        self.eof: asyncio.Future[None] = loop.create_future()
        self.marked: asyncio.Future[None] = loop.create_future()
        os.set_blocking(fd, False)
        loop.add_reader(fd, self._readable)

    def _read(self) -> bool:
        """One read; False when nothing more is there now (or ever)."""
        try:
            chunk = os.read(self._fd, READ_CHUNK_BYTES)
        except BlockingIOError:
            return False
        except OSError:
            chunk = b""
        if not chunk:
            self.close()
            return False
        room = self._budget.cap - self._budget.used
        if len(chunk) > room:
            chunk = chunk[: max(room, 0)]
            if not self._budget.overflow:
                self._budget.overflow = True
                if self._on_overflow is not None:
                    self._on_overflow()
        self._budget.used += len(chunk)
        self.data += chunk
        if self._marker and not self.marked.done() and self.data.endswith(self._marker):
            self.marked.set_result(None)
        return not self._budget.overflow

    def _readable(self) -> None:
        self._read()

    def read_now(self) -> None:
        """Take what the pipe holds now, without waiting."""
        while not self.eof.done() and self._read():
            pass

    def drain(self) -> None:
        """Take what the pipe holds now (its writers are gone), then stop reading."""
        self.read_now()
        self.close()

    def close(self) -> None:
        """Stop reading (idempotent)."""
        if not self.eof.done():
            self._loop.remove_reader(self._fd)
            self.eof.set_result(None)


def read_now(fd: int, cap: int = 16 * KiB) -> bytes:
    """What a pipe holds now, without waiting."""
    os.set_blocking(fd, False)
    chunks: list[bytes] = []
    with contextlib.suppress(OSError):
        while sum(map(len, chunks)) < cap and (chunk := os.read(fd, cap)):
            chunks.append(chunk)
    return b"".join(chunks)
