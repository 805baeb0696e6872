"""The console's line reader: messages from stdin, a ``` fence kept whole, bad input refused.

Split from the console platform so the chat loop and the reader each stay small: the reader
knows bytes, lines, fences and limits; the chat knows commands and replies.
"""

from __future__ import annotations

import asyncio
import os
import stat
import sys
from collections.abc import AsyncIterator
from typing import TextIO

from bot.text import markdown

PROMPT = "you> "
CONTINUATION = "...> "


class BadLine:
    """Input we cannot take (not UTF-8, or too long), with the message key to show.

    `number` is its first line and `last` its last: a refused message spans its lines.
    `text` is the line decoded with replacement characters, read only to follow fences.
    `head` is the start of a refused message, read only for its language: a message refused
    as too long is told so in the language it is written in, not the last thread's
    (review10 T20).
    """

    def __init__(
        self, number: int, key: str = "invalid_utf8", *, text: str = "", **params: object
    ) -> None:
        self.number = number
        self.last = number
        self.key = key
        self.text = text
        self.params = params
        self.head = ""

    @property
    def where(self) -> str:
        """`[line 3]`, or `[lines 2-4]` for a message of several lines."""
        if self.last > self.number:
            return f"[lines {self.number}-{self.last}]"
        return f"[line {self.number}]"


class _TooLong(Exception):
    """A line longer than MAX_LINE_BYTES (dropped up to its newline)."""


MAX_LINE_BYTES = 1024 * 1024
"""A longer line is refused (the mentor's own limit is far lower) instead of buffered whole."""

MAX_MESSAGE_BYTES = 128 * 1024
"""A longer message is refused as soon as it passes this, not buffered to its closing fence.

`ConsoleChat` lowers it to what its commands accept (questions, submissions).
"""

MESSAGE_MARGIN_BYTES = 4 * 1024
"""Room above a command's own limit for the command line and the fences around the code."""


async def _pipe_reader(src: TextIO) -> asyncio.StreamReader | None:
    """An asyncio reader on stdin when it is a pipe, socket or terminal; None otherwise.

    Reading there through a thread would pin the process at exit: `asyncio.run` joins its
    executor, and a daemon thread blocked in the buffered reader aborts interpreter shutdown.
    Regular files and in-memory streams never block for long, so they keep a thread.
    """
    try:
        fd = src.fileno()
        mode = os.fstat(fd).st_mode
    except (OSError, ValueError):
        return None
    if not (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or os.isatty(fd)):
        # /dev/null and other character devices cannot be watched by epoll (EPERM): the
        # thread reader gets their end of input at once.
        return None
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=MAX_LINE_BYTES)
    try:
        if stat.S_ISCHR(mode) and os.isatty(fd):
            # A terminal's stdin and stdout usually share one open file description: asyncio
            # sets O_NONBLOCK on what it reads, so open the terminal afresh for reading, or
            # long prints to stdout could fail with EAGAIN.
            own = os.open(os.ttyname(fd), os.O_RDONLY | os.O_NOCTTY)
        else:
            own = os.dup(fd)
    except OSError:
        return None
    pipe = os.fdopen(own, "rb", buffering=0)
    try:
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), pipe)
    except (OSError, ValueError):
        pipe.close()
        return None
    return reader


class _Lines:
    """Input lines with one line of lookahead (scripts put code fences after the question)."""

    LOOKAHEAD_S = 0.25
    """How long a script's next line may take to count as part of the same message."""

    def __init__(self, src: TextIO) -> None:
        self._src = src
        self.interactive = src.isatty()
        self.number = 0
        self._pending: asyncio.Task[str | BadLine | None] | None = None
        self._reader: asyncio.StreamReader | None = None
        self._opened = False

    async def _raw_line(self, prompt: str) -> bytes:
        if not self._opened:
            self._opened = True
            self._reader = await _pipe_reader(self._src)
        if self.interactive and prompt:
            sys.stdout.write(prompt)
            sys.stdout.flush()
        if self._reader is None:
            return await asyncio.to_thread(self._src.buffer.readline)
        try:
            return await self._reader.readuntil(b"\n")
        except asyncio.IncompleteReadError as exc:  # end of input without a final newline
            return exc.partial
        except asyncio.LimitOverrunError as exc:
            await self._skip_line(exc.consumed)
            raise _TooLong from None

    async def _skip_line(self, consumed: int) -> None:
        """Drop an over-long line up to and including its newline, keeping the next line."""
        assert self._reader is not None
        while True:
            await self._reader.read(consumed)  # bytes of this line already in the buffer
            try:
                await self._reader.readuntil(b"\n")  # the line's tail fits: done
            except asyncio.IncompleteReadError:
                return
            except asyncio.LimitOverrunError as exc:
                consumed = exc.consumed
                continue
            return

    async def _read(self, prompt: str) -> str | BadLine | None:
        try:
            raw = await self._raw_line(prompt)
        except _TooLong:
            self.number += 1
            return BadLine(
                self.number, "too_long", size=f"> {MAX_LINE_BYTES}", limit=MAX_LINE_BYTES
            )
        if not raw:
            return None
        self.number += 1
        try:
            return raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            return BadLine(self.number, text=raw.decode("utf-8", "replace").rstrip("\r\n"))

    async def next(self, prompt: str) -> str | BadLine | None:
        if self._pending is not None:
            task, self._pending = self._pending, None
            return await task
        return await self._read(prompt)

    async def next_opens_fence(self) -> bool:
        """Tell whether, in a script, the next line opens a ``` block of this message.

        Waits only briefly: a live pipe must not hold a message back until the next line.
        """
        if self.interactive:
            return False
        if self._pending is None:
            self._pending = asyncio.ensure_future(self._read(""))
        done, _ = await asyncio.wait({self._pending}, timeout=self.LOOKAHEAD_S)
        if not done:
            return False
        upcoming = self._pending.result()
        return isinstance(upcoming, str) and markdown.opens_block(upcoming)


class _Fence:
    """Whether the lines read so far end inside a ``` fence, followed one line at a time.

    After a line, the state depends only on the line that opened the fence (with its
    container: a quote or list marker) and the new line, so each line costs a parse of two
    lines. Parsing the whole buffer again for every line made a 36 KB paste take 63 s.
    """

    def __init__(self) -> None:
        self.opener: str | None = None
        """The open fence's first line, None outside a fence."""

    def feed(self, line: str) -> bool:
        """Take the next line; True when the text now ends inside a fence."""
        top_level = self.opener is not None and markdown.opens_block(self.opener.lstrip(" \t"))
        if top_level and "`" not in line and "~" not in line:
            return True  # a top-level fence closes only on a fence line
        probe = line if self.opener is None else f"{self.opener}\n{line}"
        found = markdown.code_blocks(probe)
        self.opener = found[-1].opener if found and not found[-1].closed else None
        return self.opener is not None


HEAD_CHARS = 2000
"""The start of a refused message kept to read its language (the rest is dropped)."""


class _Message:
    """The message being read: its lines, its size, and the first reason to refuse it."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.fence = _Fence()
        self.lines: list[str] = []
        self.size = 0
        self.first = 0
        self.last = 0
        self.refused: BadLine | None = None
        self.told = False
        """The refusal was already yielded (a too long message is told at once)."""

    @property
    def started(self) -> bool:
        """True once a line belongs to this message."""
        return self.first > 0

    def add(self, number: int, line: str | BadLine) -> bool:
        """Take a line; True while a fence stays open (the message goes on)."""
        self.first = self.first or number
        self.last = number
        text = line.text if isinstance(line, BadLine) else line
        inside = self.fence.feed(text)
        if self.refused is not None:
            return inside
        if isinstance(line, BadLine):
            self.refused = line
        else:
            self.size += len(line.encode()) + 1
            if self.size <= self.max_bytes:
                self.lines.append(line)
            else:
                self.refused = BadLine(
                    self.first, "too_long", size=f"> {self.max_bytes}", limit=self.max_bytes
                )
                self.refused.head = "\n".join(self.lines)[:HEAD_CHARS]
        if self.refused is not None:
            self.lines.clear()  # nothing of a refused message is kept or sent
        return inside

    def outcome(self) -> str | BadLine | None:
        """The whole message, or ONE refusal naming its lines; None when nothing to say."""
        if self.refused is not None:
            if self.told:
                return None
            refusal = self.refused
            refusal.number, refusal.last = self.first, self.last
            return refusal
        text = "\n".join(self.lines)
        return text if text.strip() else None


async def read_messages(
    stream: TextIO | None = None, max_bytes: int = MAX_MESSAGE_BYTES
) -> AsyncIterator[str | BadLine]:
    """Messages from stdin: lines, or several lines while a ``` fence is open.

    Nothing is dropped silently: a message with a line that is not UTF-8 (or too long) is
    refused whole with one BadLine naming its lines, and its fence still closes where it
    closes, so the next command stays a command. A message past `max_bytes` is refused as
    soon as it passes it; the rest of its fence is read and dropped.
    """
    lines = _Lines(stream or sys.stdin)
    message = _Message(max_bytes)
    while True:
        line = await lines.next(CONTINUATION if message.started else PROMPT)
        if line is None:
            end = message.outcome()
            if end is not None:
                yield end
            return
        inside = message.add(lines.number, line)
        if message.refused is not None and message.refused.key == "too_long" and inside:
            if not message.told:
                message.told = True
                yield message.refused  # tell now: the rest may be long, or never come
            continue
        if inside or (message.refused is None and await lines.next_opens_fence()):
            continue  # inside a code fence, or one follows: keep reading
        end = message.outcome()
        message = _Message(max_bytes)
        if end is not None:
            yield end
