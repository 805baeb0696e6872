"""Harm split over several code blocks (or sections): the blocks are judged together too.

A hostile draft can put the imports and the wordlist in one block and the login loop in the
next, or in another section: each block alone is harmless. Blocks that parse as Python and
are linked (one uses a name another binds: `words`, `requests`) are joined in order and
scanned as one program; when the program is harmful, the blocks it needs (those whose
removal makes it harmless; all of them if none alone is needed) go, with the blocks that
bind what they read (a wordlist loaded beside a login loop that is harmful alone). Unlinked blocks are
never joined: a backup-encryption example beside an HTTP example is not ransomware.

A call written inline in prose (a step's `` `backup('~/.ssh/id_ed25519')` ``) of a function a
block defines is part of the program too (hostile12: the helper in the scaffold, the call
that aims it in the steps): when it is needed for the harm, its line goes with the block.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from bot.mentor.guards.answers_question import renumber
from bot.mentor.guards.code_views import python_view
from bot.mentor.guards.harm_decoded import scan_code
from bot.mentor.guards.harm_signatures import SIGNATURES
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


_INLINE = re.compile(r"`([^`\n]{3,200})`")


def _inline_call(span: str) -> str | None:
    """The name a one-call expression calls (`backup('~/.ssh/id_ed25519')`), else None."""
    try:
        node = ast.parse(span.strip(), mode="eval").body
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id
    return None


def _inline_calls(part: Part, defined: set[str]) -> list[tuple[int, str]]:
    """(line index, call) of the prose part's inline calls of functions the blocks define."""
    found: list[tuple[int, str]] = []
    for number, line in enumerate(part.text.split("\n")):
        for span in _INLINE.findall(line):
            if _inline_call(span) in defined:
                found.append((number, span.strip()))
    return found


def strip_cued_harm(texts: dict[str, str]) -> SplitHarm:
    """A block whose harm signature the draft's prose completes goes, with the prose lines.

    The checker of logins in the scaffold, the combo list in the references (hostile12): no
    block alone and no prose alone is the attack; a signature whose every group matches the
    block and the prose together, and not the block alone, is. The block goes, with the prose
    lines holding the groups the block lacked and the steps calling its functions. Run after
    the prose rule judged each section: a recipe paragraph goes whole by its verdict, not
    thinned first by this pass (which would leave a step too few to read as a recipe).
    """
    parts = {key: split_parts(text) for key, text in texts.items()}
    if not any(part.is_code for section in parts.values() for part in section):
        return SplitHarm(texts)
    prose = "\n".join(
        part.text for section in parts.values() for part in section if not part.is_code
    )
    if not prose.strip():
        return SplitHarm(texts)
    low_prose = prose.lower()
    prose_lines = [
        (key, index, number, line)
        for key, section in parts.items()
        for index, part in enumerate(section)
        if not part.is_code
        for number, line in enumerate(part.text.split("\n"))
    ]
    drop_blocks: set[tuple[str, int]] = set()
    drop_lines: set[tuple[str, int, int]] = set()
    harms: set[str] = set()
    for key, section in parts.items():
        for index, part in enumerate(section):
            if not part.is_code:
                continue
            block = part.code or ""
            joined = f"{block}\n{prose}"
            low_joined = f"{block.lower()}\n{low_prose}"
            for sig in SIGNATURES:
                if not sig.matches(joined, low_joined):
                    continue  # most stop at a cue or the first group
                lacking = [g for g in sig.groups if not g.search(block)]
                if not lacking or len(lacking) == len(sig.groups):
                    continue  # harmful alone (the other passes judge it) or no act in code
                if not all(g.search(prose) for g in lacking):
                    continue
                harms.add(sig.harm)
                drop_blocks.add((key, index))
                drop_lines.update(
                    (k, i, n)
                    for k, i, n, line in prose_lines
                    if any(g.search(line) for g in lacking)
                )
                defined = {d.name for d in _defs(python_view(block) or "")}
                if defined:
                    for k, i, n, line in prose_lines:
                        if any(_inline_call(span) in defined for span in _INLINE.findall(line)):
                            drop_lines.add((k, i, n))
    if not drop_blocks:
        return SplitHarm(texts)
    out = dict(texts)
    for key, section in parts.items():
        if not any(k == key for k, _ in drop_blocks) and not any(
            k == key for k, _, _ in drop_lines
        ):
            continue
        kept: list[Part] = []
        for i, part in enumerate(section):
            if (key, i) in drop_blocks:
                continue
            gone = {n for k, j, n in drop_lines if k == key and j == i}
            if gone and not part.is_code:
                text = "\n".join(ln for n, ln in enumerate(part.text.split("\n")) if n not in gone)
                kept.append(Part(text))
                continue
            kept.append(part)
        out[key] = renumber(join_parts(kept))
    return SplitHarm(out, frozenset(harms), len(drop_blocks))


def strip_split_harm(texts: dict[str, str], earlier: tuple[str, ...] = ()) -> SplitHarm:
    """`texts` (section bodies, in order) without the blocks that are harmful together.

    `earlier`: Python the bot already showed in this thread (judged in its turn): a block
    that adds a harm to it goes too (the wordlist and the login function last turn, the
    loop now).
    """
    parts = {key: split_parts(text) for key, text in texts.items()}
    context = list(earlier[-MAX_BLOCKS // 2 :])
    where: list[tuple[str, int, int]] = [("", -1, -1)] * len(context)
    codes: list[str] = list(context)
    for key, section in parts.items():
        for index, part in enumerate(section):
            view = python_view(part.code or "") if part.is_code else None
            if view is not None:
                where.append((key, index, -1))
                codes.append(view)
    if len(codes) == len(context):
        return SplitHarm(texts)
    defined = {n.name for code in codes[len(context) :] for n in _defs(code)}
    if defined:
        for key, section in parts.items():
            for index, part in enumerate(section):
                if not part.is_code:
                    for number, call in _inline_calls(part, defined):
                        where.append((key, index, number))
                        codes.append(call)
    needed, harms = needed_blocks(codes)
    harms = harms - _joined(context)  # only what this draft's blocks add to the thread's
    if harms:  # a call aiming a removed block's function goes with it, needed alone or not
        removed = {d.name for i in needed if where[i][2] < 0 for d in _defs(codes[i])}
        needed |= {
            i
            for i in range(len(context), len(codes))
            if where[i][2] >= 0 and _inline_call(codes[i]) in removed
        }
    drop = {where[i] for i in needed if i >= len(context)} if harms else set()
    if not drop:
        return SplitHarm(texts)
    out = dict(texts)
    for key, section in parts.items():
        if not any(k == key for k, _, _ in drop):
            continue
        kept: list[Part] = []
        lines_dropped = False
        for i, part in enumerate(section):
            if (key, i, -1) in drop:
                continue
            gone = {n for k, j, n in drop if k == key and j == i and n >= 0}
            if gone:
                text = "\n".join(ln for n, ln in enumerate(part.text.split("\n")) if n not in gone)
                kept.append(Part(text))
                lines_dropped = True
                continue
            kept.append(part)
        out[key] = join_parts(kept)
        if lines_dropped:
            out[key] = renumber(out[key])
    return SplitHarm(out, harms, len(drop))


def _defs(code: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """The functions a block defines."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return []
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
