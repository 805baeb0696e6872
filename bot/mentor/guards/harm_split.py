"""Harm split over several code blocks (or sections): the blocks are judged together too.

A hostile draft can put the imports and the wordlist in one block and the login loop in the
next, or in another section: each block alone is harmless. The blocks that parse as Python
are joined in order and scanned as one program; when the program is harmful, the blocks it
needs (those whose removal makes it harmless; all of them if none alone is needed) go.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.mentor.guards.code_views import python_view
from bot.mentor.guards.harm_decoded import scan_code
from bot.mentor.guards.markdown import Part, join_parts, split_parts

MAX_BLOCKS = 12
"""Blocks considered together (a draft rarely has more; beyond, each is judged alone)."""


@dataclass(frozen=True, slots=True)
class SplitHarm:
    """What the joined scan dropped, per section."""

    texts: dict[str, str]
    harms: frozenset[str] = frozenset()
    blocks: int = 0


def _joined(codes: list[str]) -> frozenset[str]:
    return scan_code("\n\n".join(codes)) if codes else frozenset()


def needed_blocks(codes: list[str]) -> tuple[set[int], frozenset[str]]:
    """Indices of `codes` that together implement a harm none implements alone."""
    if len(codes) < 2 or len(codes) > MAX_BLOCKS:
        return set(), frozenset()
    harms = _joined(codes)
    if not harms:
        return set(), frozenset()
    needed = {
        i for i in range(len(codes)) if not _joined([c for j, c in enumerate(codes) if j != i])
    }
    return (needed or set(range(len(codes)))), harms


def strip_split_harm(texts: dict[str, str]) -> SplitHarm:
    """`texts` (section bodies, in order) without the blocks that are harmful together."""
    parts = {key: split_parts(text) for key, text in texts.items()}
    where: list[tuple[str, int]] = []
    codes: list[str] = []
    for key, section in parts.items():
        for index, part in enumerate(section):
            view = python_view(part.code or "") if part.is_code else None
            if view is not None:
                where.append((key, index))
                codes.append(view)
    needed, harms = needed_blocks(codes)
    if not needed:
        return SplitHarm(texts)
    drop = {where[i] for i in needed}
    out = dict(texts)
    for key, section in parts.items():
        if any(k == key for k, _ in drop):
            kept: list[Part] = [p for i, p in enumerate(section) if (key, i) not in drop]
            out[key] = join_parts(kept)
    return SplitHarm(out, harms, len(needed))
