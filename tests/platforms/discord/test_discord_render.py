"""Splitting, neutralizing and the sandbox summary: Discord's limits hold for any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.platforms.discord_render import (
    FENCE,
    MESSAGE_LIMIT,
    REPORT_TOP_HOTSPOTS,
    THREAD_NAME_LIMIT,
    fences_balanced,
    neutralize,
    render_report,
    split_message,
    thread_name,
)
from bot.sandbox.report import Hotspot, RunStatus, SandboxReport

# Text built from the pieces that make splitting hard: fences, blank lines, long lines.
_pieces = st.sampled_from(
    ["```", "```python", "```py extra", "\n", "\n\n", "word ", "x" * 300, "`", "@everyone ", "é"]
)
markdownish = st.lists(st.one_of(_pieces, st.text(max_size=50)), max_size=80).map("".join)


def _content(text: str) -> str:
    """Non-whitespace characters outside fence lines (what the learner must not lose)."""
    lines = [line for line in text.split("\n") if not line.startswith(FENCE)]
    return "".join("".join(lines).split())


@settings(max_examples=300, deadline=None)
@given(text=markdownish, limit=st.integers(min_value=120, max_value=MESSAGE_LIMIT))
def test_split_message_fits_balances_and_keeps_everything(text: str, limit: int) -> None:
    """Every part fits the limit, has balanced fences, and no text is lost or reordered."""
    parts = split_message(neutralize(text), limit)
    for part in parts:
        assert len(part) <= limit
        assert fences_balanced(part)
        assert part.strip()
    assert _content("\n".join(parts)) == _content(neutralize(text))


def test_ten_thousand_char_reply_is_split_at_paragraphs() -> None:
    """A 10,000-char reply of paragraphs: ~5 parts, each ending at a paragraph boundary."""
    paragraph = ("The event loop is blocked by a synchronous call. " * 9).strip()
    text = "\n\n".join(f"{i}. {paragraph}" for i in range(23))
    assert len(text) >= 10_000
    parts = split_message(text)
    assert len(parts) == 6  # 23 paragraphs of ~450 chars: 4 per message
    for part in parts:
        assert len(part) <= MESSAGE_LIMIT
        assert part.endswith(paragraph)  # cut between paragraphs, never inside one
    assert "\n\n".join(parts) == text


def test_long_code_block_is_closed_and_reopened_with_its_language() -> None:
    """A fence cut across messages is closed at the cut and reopened as ```python."""
    code = "\n".join(f"total += compute({i})  # step {i}" for i in range(200))
    parts = split_message(f"Try this:\n\n```python\n{code}\n```\n\nThen measure.")
    assert len(parts) >= 3
    for part in parts[1:-1]:
        assert part.startswith("```python\n")
        assert part.endswith("\n```")
    assert all(fences_balanced(p) for p in parts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi @everyone", "hi @\u200beveryone"),
        ("@here now", "@\u200bhere now"),
        ("output: ```rm -rf``` done", "output:\n```\nrm -rf\n```\ndone"),
        ("say `x` or ``` alone", "say `x` or `\u200b`\u200b` alone"),
        ("```python print(1)", "```python\nprint(1)"),
        ("~~~py\nx = '```'\n~~~", "```py\nx = '`\u200b`\u200b`'\n```"),
    ],
)
def test_neutralize_blocks_mass_pings_and_fence_breakouts(text: str, expected: str) -> None:
    """Mass mentions get a zero-width space; ``` only ever opens a fence on its own line.

    A chat-style ```code``` is read as the code block it is (as every reader reads it); a
    ``` that opens nothing, or sits inside code, is broken.
    """
    assert neutralize(text) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("  Why   is\nmy loop slow? ", "Why is my loop slow?"),
        ("@everyone look <@123>", "everyone look 123"),
        ("", "MCA Mentor"),
        ("x" * 300, "x" * (THREAD_NAME_LIMIT - 1) + "…"),
    ],
)
def test_thread_name_is_one_short_line_without_pings(question: str, expected: str) -> None:
    """Thread names: 1-100 chars, whitespace collapsed, no mention syntax."""
    assert thread_name(question) == expected
    assert 1 <= len(thread_name(question)) <= THREAD_NAME_LIMIT


def _report(**kw: object) -> SandboxReport:
    spots = tuple(Hotspot(f"f{i}", "main.py", i + 1, 10 * (i + 1), 5.0 - i, 6.0) for i in range(5))
    base: dict[str, object] = {
        "status": RunStatus.OK,
        "wall_ms": 12.5,
        "cpu_ms": 10.0,
        "peak_memory_bytes": 3 * 1024 * 1024,
        "hotspots": spots[:2],
    }
    base.update(kw)
    return SandboxReport(**base)  # type: ignore[arg-type]


def test_report_summary_is_compact_and_complete_reports_become_a_file() -> None:
    """Status, times, peak memory and top hotspots inline; output and extra hotspots as a file."""
    short = render_report(_report())
    assert "**ok**" in short.summary
    assert "12.5 ms" in short.summary
    assert "3.0 MiB" in short.summary
    assert "`f0` (line 1)" in short.summary
    assert short.attachment is None
    long = render_report(
        _report(
            stdout="```\n@everyone\n" * 50,
            hotspots=tuple(Hotspot(f"f{i}", "m.py", i, 1, 1.0, 1.0) for i in range(6)),
        )
    )
    assert long.attachment is not None
    assert "@everyone" in long.attachment  # a plain text file: shown, never parsed
    assert long.summary.count("🔥") == REPORT_TOP_HOTSPOTS
    assert fences_balanced(long.summary)
    assert len(long.summary) <= MESSAGE_LIMIT


def test_the_summary_shows_only_the_learners_own_functions_as_hotspots() -> None:
    """review9 R20: import machinery and the standard library are never shown as their code."""
    imports = (
        Hotspot("_compile_bytecode", "<frozen importlib._bootstrap_external>", 727, 0, 3.0, 3.0),
        Hotspot("EnumType.__getattr__", "/usr/lib/python3.11/enum.py", 775, 0, 2.0, 2.0),
        Hotspot("get", "/tmp/main.py", 17, 0, 1.0, 1.0),
    )
    view = render_report(_report(hotspots=imports, peak_memory_bytes=None, max_rss_bytes=None))
    assert "_compile_bytecode" not in view.summary
    assert "EnumType" not in view.summary
    assert "🔥 `get` (line 17): 1.0 ms self" in view.summary
    assert "0 calls" not in view.summary  # a sampled profile counts no calls
    assert "peak ?" not in view.summary
    assert view.attachment is not None
    assert "_compile_bytecode" in view.attachment
    rss = render_report(_report(peak_memory_bytes=None, max_rss_bytes=8 * 1024 * 1024))
    assert "peak 8.0 MiB" in rss.summary
