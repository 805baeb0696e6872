"""Both splitters (Discord 2,000 chars, Slack sections) keep every line, and code stays code."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.platforms.discord_render import neutralize, split_message
from bot.platforms.slack_format import split_text, to_mrkdwn
from bot.text import markdown

FENCES = [("```python", "```"), ("```", "```"), ("~~~py", "~~~"), ("````", "````")]


@st.composite
def replies(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A reply of prose paragraphs and code blocks; its lines are tagged p<n> (prose), c<n> (code)."""
    lines: list[str] = []
    tagged: list[str] = []
    words = st.text(alphabet="abcdefgh ", max_size=60)
    for n, kind in enumerate(draw(st.lists(st.sampled_from(["prose", "code"]), max_size=12))):
        count = draw(st.integers(1, 12))
        if kind == "prose":
            body = [f"p{n}.{i} {draw(words)}".rstrip() for i in range(count)]
            lines += [*body, ""]
        else:
            opener, closer = draw(st.sampled_from(FENCES))
            body = [f"c{n}.{i} = {draw(words)!r}" for i in range(count)]
            gap = [""] if draw(st.booleans()) else []  # a blank line inside the code
            lines += [opener, *body[:1], *gap, *body[1:], closer, ""]
        tagged += body
    return "\n".join(lines), tagged


def _discord(text: str, limit: int) -> list[str]:
    return split_message(neutralize(text), limit)


def _slack(text: str, limit: int) -> list[str]:
    return split_text(to_mrkdwn(text), limit)


SPLITTERS: dict[str, Callable[[str, int], list[str]]] = {"discord": _discord, "slack": _slack}


@pytest.mark.parametrize("name", SPLITTERS)
@settings(max_examples=150, deadline=None)
@given(reply=replies(), limit=st.integers(min_value=120, max_value=600))
def test_split_then_join_keeps_every_line_and_code_stays_code(
    name: str, reply: tuple[str, list[str]], limit: int
) -> None:
    """Each part fits and closes its blocks; joined, the lines come back in order, code as code."""
    text, tagged = reply
    parts = SPLITTERS[name](text, limit)
    seen: list[str] = []
    for part in parts:
        assert len(part) <= limit
        assert all(block.closed for block in markdown.code_blocks(part))
        for line in markdown.read_lines(part):
            if line.text[:1] in ("p", "c") and line.text[1:2].isdigit():
                expected = "code" if line.text.startswith("c") else "prose"
                assert line.role == expected, (line.text, part)
                seen.append(line.text)
    assert seen == tagged
