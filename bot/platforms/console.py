"""The console platform: `mca-bot chat`, the same `/mca` commands as Slack, in a terminal.

One thread per session (`/mca new` starts another); plain lines continue it. Scripted input
(stdin not a TTY) is read line by line; a message may span lines inside a ``` fence.
"""

from __future__ import annotations

import asyncio
import os
import stat
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TextIO

import structlog

from bot.errors import InputError, UserFacingError
from bot.mentor.commands import Command, is_command, parse_command
from bot.mentor.models import MentorReply, MentorRequest
from bot.mentor.service import MentorService, new_thread_id
from bot.platforms.delivery import Delivery
from bot.platforms.streaming import Marker
from bot.storage.store import Store
from bot.text import markdown

log = structlog.get_logger()

PLATFORM = "console"
PROMPT = "you> "
CONTINUATION = "...> "

CommandHandler = Callable[["ConsoleChat", Command], Awaitable[bool]]
"""Extra `/mca` subcommands (course, practice); returns False when it does not know the name."""


def has_console_input(src: TextIO | None = None) -> bool:
    """True when stdin can carry a chat: a terminal, a pipe or socket, or a non-empty file.

    `mca-bot run` under systemd, `docker run` without `-i` or nohup gets /dev/null (or no
    stdin at all): there the console has nobody to talk to.
    """
    src = sys.stdin if src is None else src
    try:
        fd = src.fileno()
        mode = os.fstat(fd).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    if os.isatty(fd) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return True
    return stat.S_ISREG(mode) and os.fstat(fd).st_size > 0


async def check_thread(store: Store, thread: str | None, user: str) -> None:
    """`ask --thread ID`: only an existing console thread, and only by its learner, continues.

    An unknown id is not a new thread under that name (the learner believes they continue
    one); another user's thread belongs to its learner, as on Discord and Slack. Both are an
    InputError raised before anything is stored, and neither says what the thread holds.
    """
    if thread is None:
        return
    record = await store.get_thread(PLATFORM, thread)
    if record is None:
        raise InputError("There is no thread with that id.", key="unknown_thread")
    if await store.learner_id(PLATFORM, user) != record.learner_id:
        log.info("console.not_thread_owner", thread=record.external_id)
        raise InputError("This thread belongs to another learner.", key="not_your_thread")


class BadLine:
    """Input we cannot take (not UTF-8, or too long), with the message key to show.

    `number` is its first line and `last` its last: a refused message spans its lines.
    `text` is the line decoded with replacement characters, read only to follow fences.
    """

    def __init__(
        self, number: int, key: str = "invalid_utf8", *, text: str = "", **params: object
    ) -> None:
        self.number = number
        self.last = number
        self.key = key
        self.text = text
        self.params = params

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


class ConsoleSink:
    """A `ReplySink` for a terminal: the reply is printed whole, with its thread and engine.

    Previews land in a buffer nobody sees (a terminal cannot edit what it printed).
    """

    placeholder: str | None = None
    channel = PLATFORM

    def __init__(self, chat: ConsoleChat) -> None:
        self._chat = chat
        self.buffer: list[str] = []

    def render(self, markdown: str) -> list[str]:
        """The whole text as one message."""
        return [markdown] if markdown.strip() else []

    async def post(self, part: str, marker: Marker | None = None) -> str:
        """Keep a message (printed once the reply is complete)."""
        self.buffer.append(part)
        return str(len(self.buffer) - 1)

    async def edit(self, ref: str, part: str) -> bool:
        """Replace a kept message."""
        self.buffer[int(ref)] = part
        return True

    async def delete(self, ref: str) -> None:
        """Forget a kept message."""
        self.buffer[int(ref)] = ""

    async def marked(self, turn_id: int) -> dict[int, str]:
        """A terminal keeps nothing to find again."""
        return {}

    async def extras(self, reply: MentorReply) -> list[str]:
        """Print the complete reply under its thread, engine and role."""
        self._chat.say(
            f"[thread {reply.thread} · {reply.engine} · {reply.role.value}]\n{reply.text}"
        )
        return []

    def reply_ref(self, refs: Sequence[str]) -> str | None:
        """No reactions in a terminal."""
        return None

    async def delivered(self, reply_id: int, refs: Sequence[str]) -> None:
        """Nothing to remember: the terminal that asked is the only reader."""


class ConsoleChat:
    """Drives the mentor from a terminal or a script."""

    name = PLATFORM

    def __init__(
        self,
        mentor: MentorService,
        *,
        user: str = "local",
        out: TextIO | None = None,
        stream: TextIO | None = None,
        delivery: Delivery | None = None,
        extra_commands: list[CommandHandler] | None = None,
        max_message_bytes: int | None = None,
    ) -> None:
        self.mentor = mentor
        self.max_message_bytes = max_message_bytes or (
            4 * mentor.settings.max_question_chars + MESSAGE_MARGIN_BYTES
        )
        """Past this a message is refused while it is read (a question is 4 bytes a char at most)."""
        self.delivery = delivery or Delivery(mentor=mentor, platform=PLATFORM, outbox=None)
        """Turns go through the pipeline every platform uses (no outbox: no redelivery here)."""
        self.user = user
        self.out = out or sys.stdout
        self._stream = stream
        self.thread: str | None = None
        self.language = mentor.settings.default_language
        self.bad_input = False
        self.failed = False
        """An internal error happened (told with a reference); `mca-bot chat` exits 70."""
        self._extra = extra_commands or []
        self._closed = False

    def say(self, text: str) -> None:
        """Print a bot message."""
        self.out.write(text.rstrip() + "\n\n")
        self.out.flush()

    async def run(self) -> None:
        """Serve until end of input."""
        interactive = (self._stream or sys.stdin).isatty()
        if interactive:
            self.say(self.mentor.message(self.language, "help"))
        async for message in read_messages(self._stream, self.max_message_bytes):
            if self._closed:
                break
            if isinstance(message, BadLine):
                self.bad_input = True
                self.say(
                    f"{message.where} "
                    + self.mentor.message(self.language, message.key, **message.params)
                )
                continue
            await self.handle_line(message)

    async def close(self) -> None:
        """Stop after the current message."""
        self._closed = True

    async def handle_line(self, text: str) -> None:
        """One message: a `/mca` command or a follow-up in the current thread."""
        command = parse_command(text) if is_command(text) else Command("", text)
        if command.name in ("", "ask"):
            await self.ask(command.rest)
        elif command.name == "help":
            self.say(self.mentor.message(self.language, "help"))
        elif command.name == "new":
            self.thread = None
            self.say(self.mentor.message(self.language, "new_thread"))
        elif command.name == "forget":
            if command.rest.strip().lower() not in ("yes", "--yes", "sim", "si", "oui", "ja", "sì"):
                self.say(
                    self.mentor.message(self.language, "forget_confirm") + "  (/mca forget yes)"
                )
                return
            forgotten = await self.mentor.forget(PLATFORM, self.user)
            self.thread = None
            self.say(self.mentor.message(self.language, "forgot", **forgotten.params()))
        else:
            for handler in self._extra:
                if await handler(self, command):
                    return
            self.bad_input = True
            self.say(self.mentor.message(self.language, "unknown_command", command=command.name))

    async def ask(self, text: str) -> None:
        """Send a question (or follow-up) to the mentor and print the reply."""
        if self.thread is None:
            self.thread = new_thread_id()
        request = MentorRequest(platform=PLATFORM, user=self.user, text=text, thread=self.thread)
        try:
            reply = await self.delivery.answer(ConsoleSink(self), request)
        except Exception as exc:  # the one table's text (an internal error: a logged ref)
            self.bad_input = self.bad_input or isinstance(exc, InputError)
            self.failed = self.failed or not isinstance(exc, UserFacingError)
            lang = self.mentor.language_hint(None, text) if text.strip() else self.language
            self.say(self.delivery.errors.text_for(exc, lang, thread=self.thread))
            return
        if reply is not None:
            self.language = reply.language
