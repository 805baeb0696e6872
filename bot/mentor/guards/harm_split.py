"""Harm split over several code blocks (or sections): the blocks are judged together too.

A hostile draft can put the imports and the wordlist in one block and the login loop in the
next, or in another section: each block alone is harmless. Blocks that parse as Python and
are linked (one uses a name another binds: `words`, `requests`) are joined in order and
scanned as one program; when the program is harmful, the blocks it needs (those whose
removal makes it harmless; all of them if none alone is needed) go, with the blocks that
bind what they read (a wordlist loaded beside a login loop that is harmful alone). Unlinked blocks are
never joined: a backup-encryption example beside an HTTP example is not ransomware.
"""

from __future__ import annotations

import ast
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


def _names(code: str) -> tuple[set[str], set[str]]:
    """(names the code binds, names it reads)."""
    bound: set[str] = set()
    read: set[str] = set()
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return bound, read
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
    return bound, read


def linked_groups(codes: list[str]) -> list[list[int]]:
    """Groups of 2+ blocks linked by a name one binds and another reads, in order."""
    names = [_names(code) for code in codes]
    parent = list(range(len(codes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (bound, _) in enumerate(names):
        for j, (own, read) in enumerate(names):
            if i != j and (read - own) & bound:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(codes)):
        groups.setdefault(root(i), []).append(i)
    return [g for g in groups.values() if len(g) > 1]


def needed_blocks(codes: list[str]) -> tuple[set[int], frozenset[str]]:
    """Indices of `codes` that, linked, implement a harm none implements alone."""
    if len(codes) < 2 or len(codes) > MAX_BLOCKS:
        return set(), frozenset()
    needed: set[int] = set()
    harms: set[str] = set()
    for group in linked_groups(codes):
        found, harm = _needed([codes[i] for i in group])
        needed.update(group[i] for i in found)
        harms.update(harm)
    return needed, frozenset(harms)


def _needed(codes: list[str]) -> tuple[set[int], frozenset[str]]:
    harms = _joined(codes)
    if not harms:
        return set(), frozenset()
    needed = {
        i for i in range(len(codes)) if not _joined([c for j, c in enumerate(codes) if j != i])
    } or set(range(len(codes)))
    names = [_names(code) for code in codes]
    feeders = {  # the attack's inputs go with it (its wordlist, its targets)
        j
        for i in needed
        for j, (bound, _) in enumerate(names)
        if j not in needed and (names[i][1] - names[i][0]) & bound
    }
    return needed | feeders, harms


def strip_split_harm(texts: dict[str, str], earlier: tuple[str, ...] = ()) -> SplitHarm:
    """`texts` (section bodies, in order) without the blocks that are harmful together.

    `earlier`: Python the bot already showed in this thread (judged in its turn): a block
    that adds a harm to it goes too (the wordlist and the login function last turn, the
    loop now).
    """
    parts = {key: split_parts(text) for key, text in texts.items()}
    context = list(earlier[-MAX_BLOCKS // 2 :])
    where: list[tuple[str, int]] = [("", -1)] * len(context)
    codes: list[str] = list(context)
    for key, section in parts.items():
        for index, part in enumerate(section):
            view = python_view(part.code or "") if part.is_code else None
            if view is not None:
                where.append((key, index))
                codes.append(view)
    if len(codes) == len(context):
        return SplitHarm(texts)
    needed, harms = needed_blocks(codes)
    harms = harms - _joined(context)  # only what this draft's blocks add to the thread's
    drop = {where[i] for i in needed if i >= len(context)} if harms else set()
    if not drop:
        return SplitHarm(texts)
    out = dict(texts)
    for key, section in parts.items():
        if any(k == key for k, _ in drop):
            kept: list[Part] = [p for i, p in enumerate(section) if (key, i) not in drop]
            out[key] = join_parts(kept)
    return SplitHarm(out, harms, len(drop))
