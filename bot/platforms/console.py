"""The console platform: `mca-bot chat`, the same `/mca` commands as Slack, in a terminal.

One thread per session (`/mca new` starts another); plain lines continue it. Scripted input
(stdin not a TTY) is read line by line; a message may span lines inside a ``` fence
(console_reader.py reads them).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import TextIO

import structlog

from bot.errors import InputError, RateLimited, UserFacingError
from bot.mentor.commands import Command, is_command, parse_command
from bot.mentor.models import MentorReply, MentorRequest
from bot.mentor.service import MentorService, new_thread_id
from bot.platforms.console_reader import (
    MESSAGE_MARGIN_BYTES,
    BadLine,
    read_messages,
)
from bot.platforms.delivery import Delivery
from bot.platforms.streaming import Marker
from bot.storage.store import Store
from bot.text.control_chars import visible_controls

log = structlog.get_logger()

PLATFORM = "console"

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
        return [visible_controls(markdown)] if markdown.strip() else []

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
        self.turned_down: list[str] = []
        """Messages refused or not taken (`#3 /mca session`): `mca-bot chat` names them, exit 1."""
        self.messages = 0
        self.rate_limited = False
        """A question was held for the allowance; `mca-bot chat` exits 75 (review10 T31)."""
        self.failed = False
        """An internal error happened (told with a reference); `mca-bot chat` exits 70."""
        self._extra = extra_commands or []
        self._closed = False

    @property
    def bad_input(self) -> bool:
        """Some message was refused or not taken."""
        return bool(self.turned_down)

    def turn_down(self, what: str) -> None:
        """Count the current message as refused or not taken (`what`: its command or kind)."""
        self.turned_down.append(f"#{max(self.messages, 1)} {what}")

    def turned_down_line(self) -> str:
        """One line for the end of a script: which messages were refused or not taken.

        review12 V17: a course script exited 1 and nothing said which message it was for.
        """
        return (
            f"mca-bot: {len(self.turned_down)} of {max(self.messages, 1)} messages refused or "
            f"not taken ({', '.join(self.turned_down)}): exit 1."
        )

    def say(self, text: str) -> None:
        """Print a bot message."""
        self.out.write(visible_controls(text).rstrip() + "\n\n")  # no escape reaches the tty
        self.out.flush()

    async def run(self) -> None:
        """Serve until end of input."""
        interactive = (self._stream or sys.stdin).isatty()
        if interactive:
            self.say(self.mentor.message(self.language, "help"))
        async for message in read_messages(self._stream, self.max_message_bytes):
            if self._closed:
                break
            self.messages += 1
            if isinstance(message, BadLine):
                self.turn_down("a message")
                lang = self.mentor.language_hint(None, message.head, fallback=self.language)
                self.say(
                    f"{message.where} " + self.mentor.message(lang, message.key, **message.params)
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
            self.turn_down(f"/mca {command.name}")
            self.say(self.mentor.message(self.language, "unknown_command", command=command.name))

    async def ask(self, text: str) -> None:
        """Send a question (or follow-up) to the mentor and print the reply."""
        if self.thread is None:
            self.thread = new_thread_id()
        request = MentorRequest(platform=PLATFORM, user=self.user, text=text, thread=self.thread)
        try:
            reply = await self.delivery.answer(ConsoleSink(self), request)
        except Exception as exc:  # the one table's text (an internal error: a logged ref)
            if isinstance(exc, InputError):
                self.turn_down("a question")
            self.rate_limited = self.rate_limited or isinstance(exc, RateLimited)
            self.failed = self.failed or not isinstance(exc, UserFacingError)
            lang = self.mentor.language_hint(None, text) if text.strip() else self.language
            self.say(self.delivery.errors.text_for(exc, lang, thread=self.thread))
            return
        if reply is not None:
            self.language = reply.language
            if reply.refused:
                self.turn_down("a question (refused)")
