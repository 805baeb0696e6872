"""Slack rendering: mrkdwn conversion, escaping of everything shown, splitting under limits."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.platforms.slack_format import (
    LIMITS,
    SlackLimits,
    escape,
    from_slack,
    preview,
    render,
    split_text,
    to_mrkdwn,
)
from bot.text import markdown


def _balanced(text: str) -> bool:
    """Every code block the Markdown reader finds is closed in `text`."""
    return all(block.closed for block in markdown.code_blocks(text))


def _content(text: str) -> str:
    """What a reader sees, ignoring whitespace and fence markers."""
    return re.sub(r"[\s`]", "", text)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("**bold**", "*bold*"),
        ("__bold__", "*bold*"),
        ("*it*", "_it_"),
        ("~~gone~~", "~gone~"),
        ("[docs](https://docs.python.org/3/)", "<https://docs.python.org/3/|docs>"),
        ("## Heading", "*Heading*"),
        ("- item", "• item"),
        ("- [ ] task", "- [ ] task"),
        ("```python\nx = 1\n```", "```\nx = 1\n```"),
        ("`a**b**c`", "`a**b**c`"),
    ],
)
def test_markdown_becomes_mrkdwn(markdown: str, expected: str) -> None:
    """The mentor's Markdown is shown with Slack's own syntax, code left as written."""
    assert to_mrkdwn(markdown) == expected


@pytest.mark.parametrize(
    "hostile",
    [
        "<!channel>",
        "<!here>",
        "<!everyone>",
        "<@U0123ABC>",
        "<#C0123|general>",
        "<https://evil.example|click me>",
        "a & b > c",
    ],
)
@pytest.mark.parametrize("where", ["{}", "`{}`", "```\n{}\n```", "**{}**", "[{}](https://x.org)"])
def test_mentions_and_links_from_learners_are_neutralized(hostile: str, where: str) -> None:
    """Text from learners, code or program output can never ping a channel or fake a link."""
    shown = to_mrkdwn(where.format(hostile))
    for token in ("<!", "<@", "<#", "<https://evil"):
        assert token not in shown
    assert "&lt;" in shown or "&amp;" in shown or "&gt;" in shown


def test_unterminated_fence_is_closed() -> None:
    """A reply cut inside a code block still renders the rest as code, balanced."""
    shown = to_mrkdwn("see:\n```python\nprint(1)")
    assert shown == "see:\n```\nprint(1)\n```"


def test_backticks_mid_line_are_not_a_fence() -> None:
    """'a ``` block' in prose (as in the help text) does not turn the rest into code."""
    shown = to_mrkdwn("code in a ``` block\n**bold**")
    assert shown == "code in a ``` block\n*bold*"


def test_preview_is_one_escaped_line() -> None:
    """The channel post quotes the question briefly, escaped, on one line."""
    shown = preview("why <!here> is\n```py\nslow()\n```" + "x" * 500)
    assert "\n" not in shown
    assert "<!here>" not in shown
    assert len(shown) <= LIMITS.preview_chars + 20


@settings(max_examples=150, deadline=None)
@given(
    text=st.lists(
        st.sampled_from([*"ab \n`*_<>&", "```", "```python\n", "\n\n", "word ", "x" * 70]),
        max_size=400,
    ).map("".join),
    limit=st.integers(min_value=40, max_value=400),
)
def test_split_respects_limit_and_balances_fences(text: str, limit: int) -> None:
    """Every chunk of a rendered reply fits, has balanced fences, and keeps all the content."""
    mrkdwn = to_mrkdwn(text)  # what split_text is given: the reply as Slack mrkdwn
    chunks = split_text(mrkdwn, limit)
    assert all(len(c) <= limit for c in chunks)
    assert all(_balanced(c) for c in chunks)
    assert _content("".join(chunks)) == _content(mrkdwn)


def test_a_long_code_line_is_never_cut_into_a_fence() -> None:
    """A wrapped code line is cut away from its backticks, so no piece reads as a fence."""
    text = "```python\naaaaaaa``````" + "x" * 70 + "```python\n"
    chunks = split_text(text, 94)
    assert all(_balanced(c) for c in chunks)
    assert _content("".join(chunks)) == _content(text)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=2000))
def test_render_never_exceeds_slack_limits(markdown: str) -> None:
    """Any reply becomes messages Slack accepts: blocks <= 3000 chars, <= 50 blocks, bounded."""
    limits = SlackLimits(section_chars=200, blocks_per_message=3, message_chars=500)
    for message in render(markdown, limits):
        assert len(message.blocks) <= limits.blocks_per_message
        assert len(message.text) <= limits.message_chars
        assert all(len(b["text"]["text"]) <= limits.section_chars for b in message.blocks)


def test_forty_thousand_char_reply_is_split() -> None:
    """A 40,000-char reply with code arrives whole, in several messages within every limit."""
    para = "Measure first, then optimise: " + "profile " * 40
    code = "```python\n" + "\n".join(f"total += compute({i})" for i in range(200)) + "\n```"
    markdown = "\n\n".join([para, code] * 20)
    markdown = (markdown + "\n\n" + para * 30)[:40000]
    assert len(markdown) == 40000
    parts = render(markdown)
    assert len(parts) >= 4
    for part in parts:
        assert len(part.blocks) <= LIMITS.blocks_per_message
        assert len(part.text) <= LIMITS.message_chars
        for block in part.blocks:
            assert len(block["text"]["text"]) <= LIMITS.section_chars
            assert _balanced(block["text"]["text"])
    assert _content("".join(p.text for p in parts)) == _content(to_mrkdwn(markdown))


def test_escape_is_slack_escaping() -> None:
    """Only &, < and > are escaped, as Slack specifies."""
    assert escape("<&>'\"") == "&lt;&amp;&gt;'\""


@pytest.mark.parametrize(
    ("delivered", "typed"),
    [
        ("while len(self._data) &gt; self.capacity:", "while len(self._data) > self.capacity:"),
        ("p99 &gt; 800 ms &amp; queue &lt; 1.000", "p99 > 800 ms & queue < 1.000"),
        ("literal &amp;lt; stays", "literal &lt; stays"),
        ("see <https://docs.python.org/3/|the docs>", "see the docs"),
        ("mail <mailto:ana@example.org|ana@example.org>", "mail ana@example.org"),
        ("bare <https://example.org/a?b=1&amp;c=2>", "bare https://example.org/a?b=1&c=2"),
        ("in <#C0123|general> ask <@U0BOT>", "in #general ask <@U0BOT>"),
    ],
)
def test_text_slack_delivers_is_read_as_the_learner_typed_it(delivered: str, typed: str) -> None:
    """review10 T38: Slack escapes `&<>` and wraps links; the mentor reads what was typed."""
    assert from_slack(delivered) == typed
