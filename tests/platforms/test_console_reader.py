"""The console chat's line reader: fenced messages, bad bytes and size limits (review8 F23, F24)."""

from __future__ import annotations

import io

import pytest

from bot.platforms import console_reader
from bot.platforms.console_reader import BadLine, read_messages
from bot.text import markdown


def script(data: bytes) -> io.TextIOWrapper:
    """Scripted console input (not a TTY), as `mca-bot chat < file` reads it."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")


async def messages(
    data: bytes, max_bytes: int = console_reader.MAX_MESSAGE_BYTES
) -> list[str | BadLine]:
    return [m async for m in read_messages(script(data), max_bytes)]


async def test_bad_bytes_inside_a_fence_refuse_that_message_once_and_keep_the_next_command() -> (
    None
):
    """F24: a non-UTF-8 line inside a fence refuses the whole message with one notice; the
    closing fence still closes it, so the next line runs as a command."""
    data = (
        b"/mca ask Pourquoi mon code est lent ? \xe9t\xe9 \xff\xfe\n"
        b"/mca submit thread-safe-cache ```python\n"
        b"print('\xe9')\n"
        b"```\n"
        b"/mca progress\n"
    )
    got = await messages(data)
    assert len(got) == 3
    first, submit, progress = got
    assert isinstance(first, BadLine)
    assert first.where == "[line 1]"
    assert isinstance(submit, BadLine)
    assert submit.key == "invalid_utf8"
    assert submit.where == "[lines 2-4]"  # the submission is named whole, not lost silently
    assert progress == "/mca progress"


async def test_a_fenced_message_stays_one_message_and_prose_lines_stay_apart() -> None:
    """Lines inside a ``` fence form one message; lines outside are one message each."""
    data = b"/mca ask why slow?\n```python\nx = 1\n\ny = 2\n```\nthanks\n"
    got = await messages(data)
    assert got == ["/mca ask why slow?\n```python\nx = 1\n\ny = 2\n```", "thanks"]


@pytest.mark.parametrize(
    ("opener", "body", "closer"),
    [
        ("> ```python", "> x = 1", "> ```"),  # a fence in a quote
        ("~~~", "x = '```'", "~~~"),  # backticks inside a tilde fence do not close it
        ("````", "```", "````"),  # a shorter run does not close a longer fence
        ("```python print(1)", "x = 2", "x = 3```"),  # chat style: code on the fence lines
    ],
)
async def test_fence_state_follows_markdown_line_by_line(
    opener: str, body: str, closer: str
) -> None:
    """The reader's fence state agrees with the Markdown reader on the whole message."""
    text = f"{opener}\n{body}\n{closer}"
    assert not markdown.ends_inside_block(text)
    got = await messages(f"{text}\nnext\n".encode())
    assert got == [text, "next"]


@pytest.mark.parametrize(
    "text",
    [
        "> ```python\n> x = 1\nplain\nmore",
        "- item\n  ```\n  code\n  ```\nafter",
        "/mca ask why?```python\nx = 1```\n```\ny```\nz",
        "````\n```\n````\n```py\na\n```",
        "~~~\n```\n~~~~\ntext",
        "```python print(1)\nx = `a`\n```\nq",
    ],
)
def test_line_by_line_fence_state_agrees_with_the_markdown_reader(text: str) -> None:
    """After every line, the reader's own fence state is what Markdown says of the whole text."""
    fence = console_reader._Fence()
    lines = text.split("\n")
    for n, line in enumerate(lines, 1):
        assert fence.feed(line) == markdown.ends_inside_block("\n".join(lines[:n])), n


async def test_a_message_past_the_limit_is_refused_at_once_and_the_rest_of_its_fence_dropped() -> (
    None
):
    """F23: past the size limit the message is refused with one notice while it is read; the
    lines after its closing fence are read as usual."""
    body = b"x = 1\n" * 2000  # 12 KB
    data = b"/mca submit thread-safe-cache ```python\n" + body + b"```\n/mca progress\n"
    got = await messages(data, max_bytes=4096)
    assert len(got) == 2
    refused, progress = got
    assert isinstance(refused, BadLine)
    assert refused.key == "too_long"
    assert refused.params["limit"] == 4096
    assert progress == "/mca progress"


async def test_a_message_under_the_limit_reaches_the_bot_whole() -> None:
    """A paste just under the limit is one message, every line kept."""
    body = "x = 1\n" * 600
    text = f"/mca submit thread-safe-cache ```python\n{body}```"
    got = await messages((text + "\n").encode(), max_bytes=len(text.encode()) + 1)
    assert got == [text]


async def test_an_unclosed_fence_past_the_limit_still_ends_with_one_notice() -> None:
    """A fence never closed and past the limit: one refusal, not one per line, no hang."""
    data = b"/mca ask ```python\n" + b"x = 1\n" * 5000
    got = await messages(data, max_bytes=4096)
    assert len(got) == 1
    assert isinstance(got[0], BadLine)
    assert got[0].key == "too_long"
