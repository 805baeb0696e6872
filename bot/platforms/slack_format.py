"""Slack rendering: Markdown -> mrkdwn, escaping, and splitting under Slack's limits.

Pure functions, no slack imports: everything the learner sees passes through `to_mrkdwn`,
which escapes `&<>` first (so `<!channel>`, `<!here>`, `<@U...>` from learner text, code or
program output are shown, never acted on) and only then adds the links we write ourselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.text import markdown
from bot.text.control_chars import visible_controls

FENCE = "```"


@dataclass(frozen=True, slots=True)
class SlackLimits:
    """Slack's limits, in one place (see FIELD-NOTES, Slack)."""

    section_chars: int = 3000
    """A section block's text (Slack rejects longer)."""
    blocks_per_message: int = 50
    message_chars: int = 12000
    """Our ceiling per message: Slack truncates text past 40,000; shorter reads better."""
    preview_chars: int = 160
    """The visible channel post that opens a thread quotes this much of the question."""


LIMITS = SlackLimits()

_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_INLINE_CODE = re.compile(r"(`[^`\n]+`)")
# "[" is excluded from the link text so a run of "[" cannot backtrack quadratically.
_LINK = re.compile(r"\[([^\[\]\n]++)\]\(((?:https?://|mailto:)[^)\s]++)\)")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
_BULLET = re.compile(r"^([ \t]*)[*-][ \t]+(?!\[)", re.M)
_BOLD_MARK = "\ue000"
_BACKTICK_RUN = re.compile(r"`{3,}")
_ZWSP = "\u200b"
"""Breaks ``` inside code: Slack would read it as the block's end."""


_SLACK_LINK = re.compile(r"<((?:https?|mailto|ftp):[^|>\s]+)(?:\|([^>]*))?>")
_SLACK_CHANNEL = re.compile(r"<#[A-Z0-9]+\|([^>]*)>")


def from_slack(text: str) -> str:
    """What the learner typed, from the text Slack sends an app.

    Slack escapes `&`, `<` and `>` in every message and slash-command text it delivers and
    wraps links as `<url|label>` (review10 T38: `while n &gt; cap:` made a correct hand-in
    "not valid Python", and questions read `p99 &gt; 800 ms`). Links become what was typed,
    channel references `#name`; user mentions (`<@U...>`) stay for the mention check.
    """
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1).removeprefix("mailto:"), text)
    text = _SLACK_CHANNEL.sub(lambda m: f"#{m.group(1)}", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def escape(text: str) -> str:
    """Escape Slack's control characters so text is shown verbatim (no mentions, no links)."""
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text


def _prose(text: str) -> str:
    """Markdown prose (already escaped) -> mrkdwn."""
    text = _HEADING.sub(lambda m: f"{_BOLD_MARK}{m.group(1)}{_BOLD_MARK}", text)
    text = _BOLD.sub(lambda m: f"{_BOLD_MARK}{m.group(2)}{_BOLD_MARK}", text)
    text = _ITALIC.sub(r"_\1_", text)
    text = _STRIKE.sub(r"~\1~", text)
    text = _BULLET.sub(r"\1• ", text)
    text = _LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1).replace('|', '¦')}>", text)
    return text.replace(_BOLD_MARK, "*")


def to_mrkdwn(markdown_text: str) -> str:
    """Markdown as the mentor writes it -> Slack mrkdwn, everything escaped.

    Code blocks are the ones bot.text.markdown reads (``` or ~~~, chat-style too); each
    becomes a bare ``` block (Slack would show a language tag as code), an unterminated one
    closed at the end. Prose gets mrkdwn syntax except inside `inline code`.
    """
    out: list[str] = []
    unclosed = False
    for line in markdown.read_lines(markdown_text.replace(_BOLD_MARK, "")):
        if line.block is not None:
            unclosed = not line.block.closed
        if line.role in ("open", "close"):
            out.append(line.text[: len(line.text) - len(line.text.lstrip())] + FENCE)
        elif line.role == "code":
            out.append(_BACKTICK_RUN.sub(lambda m: _ZWSP.join(m.group()), escape(line.text)))
        else:
            parts = _INLINE_CODE.split(line.text)
            out.append(
                "".join(_prose(escape(p)) if i % 2 == 0 else escape(p) for i, p in enumerate(parts))
            )
    if unclosed:
        out.append(FENCE)
    return "\n".join(out)


def _hard_wrap(line: str, width: int) -> list[str]:
    """Cut an over-long line, at a space when one is near the end.

    Never where a piece would end with a backtick or start with a fence character: re-read on
    its own, such a piece is a fence and unbalances the chunk it lands in.
    """

    def clean(cut: int) -> bool:
        return not line[:cut].rstrip().endswith("`") and line[cut:].lstrip()[:1] not in ("`", "~")

    parts = []
    while len(line) > width:
        cut = line.rfind(" ", width // 2, width)
        cut = cut + 1 if cut > 0 else width
        cut = next((c for c in range(cut, 0, -1) if clean(c)), cut)
        parts.append(line[:cut])
        line = line[cut:]
    parts.append(line)
    return parts


def split_text(text: str, limit: int) -> list[str]:
    """Split mrkdwn into chunks of at most `limit` chars, code fences balanced in each.

    Prefers paragraph breaks, then line breaks, then spaces. A fence open at a cut is closed
    at the end of the chunk and reopened at the start of the next. Never returns an empty list
    for non-blank text; blank text gives [].
    """
    if not text.strip():
        return []
    read = markdown.read_lines(text)
    longest = max((len(r.block.marker) for r in read if r.role == "open" and r.block), default=3)
    budget = limit - 2 * (max(longest, len(FENCE)) + 1)  # room to close and reopen a block
    if budget < 8 + 2 * len(FENCE):
        raise ValueError(f"limit {limit} is too small to split with balanced fences")
    rows: list[tuple[str, str | None]] = []  # each line; a fence line with its block's marker
    for each in read:
        wrapped = _hard_wrap(each.text, budget)
        fence = each.block.marker if each.role in ("open", "close") and each.block else None
        rows.extend([(wrapped[0], fence), *((w, None) for w in wrapped[1:])])

    chunks: list[str] = []
    current: list[tuple[str, str | None]] = []
    size = 0
    opened: str | None = None  # the fence the current chunk starts inside (reopened)

    def after(state: str | None, fence: str | None) -> str | None:
        return state if fence is None else (None if state else fence)

    def flush(upto: int) -> None:
        nonlocal current, size, opened
        head, tail = current[:upto], current[upto:]
        state = opened
        for _, fence in head:
            state = after(state, fence)
        body = "\n".join(line for line, _ in head)
        if body.strip():
            reopen = opened + "\n" if opened else ""
            chunks.append(reopen + body + ("\n" + state if state else ""))
        opened = state
        current = tail
        size = len("\n".join(line for line, _ in tail))

    for line, fence in rows:
        added = len(line) + (1 if current else 0)
        if current and size + added > budget:
            # cut at the last blank line outside a fence in the second half, else right here
            cut = len(current)
            state = opened
            for idx, (prev, prev_fence) in enumerate(current):
                state = after(state, prev_fence)
                if not prev.strip() and not state and idx >= len(current) // 2:
                    cut = idx
            flush(cut)
            while current and not current[0][0].strip():
                current.pop(0)
                size = len("\n".join(line for line, _ in current))
            added = len(line) + (1 if current else 0)
            if current and size + added > budget:
                flush(len(current))
                added = len(line)
        current.append((line, fence))
        size += added
    flush(len(current))
    return chunks


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """One chat.postMessage/chat.update payload: mrkdwn text and its section blocks."""

    text: str
    blocks: tuple[dict[str, Any], ...] = field(default=())

    def kwargs(self) -> dict[str, Any]:
        """Arguments for the Web API call."""
        return {"text": self.text, "blocks": list(self.blocks)}


def section(text: str) -> dict[str, Any]:
    """A mrkdwn section block."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def messages(mrkdwn: str, limits: SlackLimits = LIMITS) -> list[SlackMessage]:
    """Split mrkdwn into messages of section blocks, within every limit."""
    parts = split_text(mrkdwn, limits.section_chars)
    out: list[SlackMessage] = []
    batch: list[str] = []
    size = 0
    for part in parts:
        full = len(batch) >= limits.blocks_per_message
        if batch and (full or size + len(part) + 1 > limits.message_chars):
            out.append(SlackMessage("\n".join(batch), tuple(section(p) for p in batch)))
            batch, size = [], 0
        batch.append(part)
        size += len(part) + 1
    if batch:
        out.append(SlackMessage("\n".join(batch), tuple(section(p) for p in batch)))
    return out


def render(markdown: str, limits: SlackLimits = LIMITS) -> list[SlackMessage]:
    """A mentor reply (Markdown) as the Slack messages that carry it."""
    return messages(to_mrkdwn(visible_controls(markdown)), limits)


def preview(text: str, limits: SlackLimits = LIMITS) -> str:
    """A one-line, escaped excerpt of a question for the visible channel post."""
    flat = " ".join(visible_controls(text).replace(FENCE, " ").split())
    if len(flat) > limits.preview_chars:
        flat = flat[: limits.preview_chars - 1] + "…"
    return escape(flat)
