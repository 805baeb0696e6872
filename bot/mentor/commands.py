"""`/mca <subcommand> ...` text commands, as typed in the console and in Slack."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PREFIX = re.compile(r"^\s*/mca(?:\s+|$)", re.I)


@dataclass(frozen=True, slots=True)
class Command:
    """A parsed command: `name` is lowercase ('' for a plain follow-up line), `rest` verbatim."""

    name: str
    rest: str = ""


def is_command(text: str) -> bool:
    """Tell whether the line starts with `/mca`."""
    return bool(_PREFIX.match(text))


def parse_command(text: str, *, prefixed: bool = True) -> Command:
    """Split `/mca ask how ...` into Command('ask', 'how ...').

    With `prefixed=False` the text is the command's argument already (Slack's `text` field).
    A plain line (no `/mca`) is Command('', text): a follow-up in the current thread.
    """
    if prefixed:
        match = _PREFIX.match(text)
        if not match:
            return Command("", text)
        text = text[match.end() :]
    stripped = text.lstrip()
    if not stripped:
        return Command("help")
    head, _, rest = stripped.partition(" ")
    if "\n" in head:
        head, _, more = head.partition("\n")
        rest = more + (" " + rest if rest else "")
    return Command(head.lower(), rest.strip())
