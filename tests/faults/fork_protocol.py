"""The fork server's answer lines: a marker, then a number (a PID or an exit status)."""

from __future__ import annotations

REPLY = "forkserver-reply "
"""Starts each answer line, so a line a library or a log prints on stdout is not an answer."""


def answer_line(value: int) -> str:
    """The line the fork server prints for `value`."""
    return f"{REPLY}{value}"


def parse_answer(line: str) -> int | None:
    """The number of an answer line; None for any other line."""
    if not line.startswith(REPLY):
        return None
    return int(line.removeprefix(REPLY))
