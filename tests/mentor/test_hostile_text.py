"""Untrusted text never makes the bot's parsers backtrack: every entry point stays linear.

Each of these inputs once took from seconds to minutes (quadratic regexes on runs of `<`,
`[`, word characters or backticks). The timeout below is a hang detector with a 100x margin,
not a speed claim: linear code handles 200,000 characters in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.mentor import codeblocks, language, solution
from bot.mentor.i18n import Catalog
from bot.mentor.method import MethodRules
from bot.mentor.sections import SectionParser
from bot.platforms import discord_render, slack_format
from bot.sandbox import render

CONFIG = Path(__file__).resolve().parents[2] / "config"
SIZE = 200_000
UNITS = ["a", "<", "[", "`", "~", "@", "<@", "a.", "a_", "```\n", "**a", "# ", "\n", " ", "(", "{"]
HOSTILE = [unit * (SIZE // len(unit)) for unit in UNITS]


def _entry_points() -> dict[str, Callable[[str], object]]:
    rules = MethodRules.load(CONFIG)
    parser = SectionParser.load(CONFIG, Catalog.load(CONFIG))
    return {
        "strip_code": language.strip_code,
        "extract_blocks": codeblocks.extract_blocks,
        "strip_blocks": codeblocks.strip_blocks,
        "guard_text": lambda s: solution.guard_text(s, strict=True),
        "is_misuse": rules.is_misuse,
        "role_for": rules.role_for,
        "parse_sections": parser.parse,
        "to_mrkdwn": slack_format.to_mrkdwn,
        "discord_split": discord_render.split_message,
        "discord_neutralize": discord_render.neutralize,
        "sandbox_neutralize": render.neutralize,
    }


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(_entry_points()))
def test_hostile_input_is_processed_without_backtracking(name: str) -> None:
    """Runs of one character (200k) go through each parser and renderer without hanging."""
    func = _entry_points()[name]
    for text in HOSTILE:
        func(text)
