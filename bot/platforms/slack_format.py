"""Slack rendering: Markdown -> mrkdwn, escaping, and splitting under Slack's limits.

Pure functions, no slack imports: everything the learner sees passes through `to_mrkdwn`,
which escapes `&<>` first (so `<!channel>`, `<!here>`, `<@U...>` from learner text, code or
program output are shown, never acted on) and only then adds the links we write ourselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

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


def _toggles(line: str) -> bool:
    """A fence line: ``` at the start of a line (not a one-line ```code```)."""
    stripped = line.strip()
    if not stripped.startswith(FENCE):
        return False
    return not (len(stripped) > 2 * len(FENCE) and stripped.endswith(FENCE))


def to_mrkdwn(markdown: str) -> str:
    """Markdown as the mentor writes it -> Slack mrkdwn, everything escaped.

    Line by line: fence lines (``` at a line start) open and close code blocks, whose
    language tag Slack would show, so it is dropped; an unterminated block is closed at the
    end. Prose gets mrkdwn syntax except inside `inline code`.
    """
    out: list[str] = []
    inside = False
    for line in markdown.replace(_BOLD_MARK, "").split("\n"):
        if _toggles(line):
            out.append(line[: line.index(FENCE)] + FENCE if not inside else escape(line))
            inside = not inside
        elif inside:
            out.append(escape(line))
        else:
            parts = _INLINE_CODE.split(line)
            out.append(
                "".join(_prose(escape(p)) if i % 2 == 0 else escape(p) for i, p in enumerate(parts))
            )
    if inside:
        out.append(FENCE)
    return "\n".join(out)


def _hard_wrap(line: str, width: int) -> list[str]:
    """Cut an over-long line, at a space when one is near the end."""
    parts = []
    while len(line) > width:
        cut = line.rfind(" ", width // 2, width)
        cut = cut + 1 if cut > 0 else width
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
    if limit < 4 * len(FENCE) + 8:
        raise ValueError(f"limit {limit} is too small to split with balanced fences")
    if not text.strip():
        return []
    reopen, close = FENCE + "\n", "\n" + FENCE
    budget = limit - len(reopen) - len(close)
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(_hard_wrap(line, budget))

    chunks: list[str] = []
    current: list[str] = []
    size = 0
    opened = False  # the current chunk starts inside a fence (reopened)

    def flush(upto: int) -> None:
        nonlocal current, size, opened
        head, tail = current[:upto], current[upto:]
        state = opened
        for line in head:
            state ^= _toggles(line)
        body = "\n".join(head)
        if body.strip():
            chunks.append((reopen if opened else "") + body + (close if state else ""))
        opened = state
        current = tail
        size = len("\n".join(tail))

    for line in lines:
        added = len(line) + (1 if current else 0)
        if current and size + added > budget:
            # cut at the last blank line outside a fence in the second half, else right here
            cut = len(current)
            state = opened
            for idx, prev in enumerate(current):
                state ^= _toggles(prev)
                if not prev.strip() and not state and idx >= len(current) // 2:
                    cut = idx
            flush(cut)
            while current and not current[0].strip():
                current.pop(0)
                size = len("\n".join(current))
            added = len(line) + (1 if current else 0)
            if current and size + added > budget:
                flush(len(current))
                added = len(line)
        current.append(line)
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
    return messages(to_mrkdwn(markdown), limits)


def preview(text: str, limits: SlackLimits = LIMITS) -> str:
    """A one-line, escaped excerpt of a question for the visible channel post."""
    flat = " ".join(text.replace(FENCE, " ").split())
    if len(flat) > limits.preview_chars:
        flat = flat[: limits.preview_chars - 1] + "…"
    return escape(flat)
