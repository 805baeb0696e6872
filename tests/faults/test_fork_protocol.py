"""The fork server's answers survive other lines on its stdout (a log line, a warning)."""

from __future__ import annotations

import io

import pytest

from tests.faults.fork_protocol import answer_line, parse_answer
from tests.faults.harness import ForkServer


def stdout_of(*lines: str) -> io.BytesIO:
    """A finished stdout stream carrying `lines`."""
    return io.BytesIO("".join(line + "\n" for line in lines).encode())


def test_lines_printed_before_an_answer_are_kept_and_not_parsed() -> None:
    """A log line or a warning before the answer is skipped; the answer is the marked line."""
    server = ForkServer()
    noise = ['{"event": "storage.migrated", "level": "info"}', "12345", "DeprecationWarning: x"]
    stdout = stdout_of(*noise, answer_line(4242), answer_line(-9))
    assert server.read_answer(stdout) == 4242
    assert server.read_answer(stdout) == -9
    assert server.printed == noise


def test_server_gone_before_answering_fails_with_what_it_printed() -> None:
    """End of stdout without an answer raises, naming the lines it printed instead."""
    server = ForkServer()
    with pytest.raises(RuntimeError, match="Traceback"):
        server.read_answer(stdout_of("Traceback (most recent call last):"))


@pytest.mark.parametrize("value", [0, 1, 70, -9, 4_194_304])
def test_answer_lines_round_trip_every_exit_status_and_pid(value: int) -> None:
    """What the server prints for a number parses back to that number."""
    assert parse_answer(answer_line(value)) == value
