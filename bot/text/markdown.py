"""The one reader of Markdown code fences: every parser, guard and splitter asks this module.

markdown-it-py tokenizes (CommonMark's fence, list, quote and paragraph rules, no inline
pass): it is the maintained CommonMark implementation in Python, pure Python and linear on
hostile input, and it knows what hand-written recognisers kept getting wrong (``` vs ~~~,
longer closing runs, indented and nested fences, info strings, CRLF, an unterminated fence
running to the end). Before tokenizing, `normalize` rewrites what chat adds to Markdown and
CommonMark does not know (Slack and Discord habits) into plain fences:

    ```print(1)```            one-line block        -> ```  /  print(1)  /  ```
    ```def f():  ...  x```     code on a fence line  -> the code moves to its own lines
    my code:```  ...  ```      a fence after prose   -> the prose, then the fence line

Everything here is pure and never raises.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from markdown_it import MarkdownIt

PYTHON_TAGS = frozenset({"", "py", "python", "python3", "py3", "pycon"})
"""Info words that mean Python ("" too: an untagged block is Python when it parses)."""

_RUN = re.compile(r"`{3,}+|~{3,}+")
"""A fence marker: a run of 3+ backticks or tildes (possessive: linear on any input)."""
_TAG = re.compile(r"[\w+#.-]{1,30}+")
"""An info word (```py, ``` python3, ```c++): anything else after a fence is code."""

_QUOTES = ("'", '"')
LANGUAGES = PYTHON_TAGS | {
    "text",
    "txt",
    "plaintext",
    "output",
    "console",
    "pytb",
    "log",
    "bash",
    "sh",
    "shell",
    "json",
    "toml",
    "yaml",
    "yml",
    "ini",
    "sql",
    "diff",
    "rust",
    "rs",
    "c",
    "cpp",
    "c++",
    "cython",
    "pyx",
    "js",
    "javascript",
    "ts",
    "html",
    "css",
    "markdown",
    "md",
    "go",
    "java",
}
"""Info words known to be a language: ```python print(1) is Python code print(1)."""

Role = Literal["prose", "open", "code", "close"]


@functools.cache
def _parser() -> MarkdownIt:
    """Block rules only: fences (in lists and quotes too, at any indentation).

    CommonMark's indented code blocks are off: in chat, four spaces are a pasted indent, and
    with them off, a fence indented four spaces is still a fence (as Discord shows it).
    """
    return MarkdownIt("zero").enable(["fence", "blockquote", "list", "paragraph"]).disable("inline")


@dataclass(frozen=True, slots=True)
class Block:
    """A prose paragraph, or a fenced code block with its fence lines, from `normalize(text)`."""

    text: str
    """The block as written (fence lines included for code)."""
    code: str | None = None
    """The code of a fenced block (container indentation removed); None for prose."""
    language: str = ""
    """The info string's first word, lower case ("" when untagged)."""
    closed: bool = True
    """False for a last fence that runs to the end of the text."""
    first_line: int = 0
    end_line: int = 0
    """Lines [first_line, end_line) of the normalized text (0, 0 for a block made by hand)."""

    @property
    def is_code(self) -> bool:
        """True for a fenced block."""
        return self.code is not None

    @property
    def opener(self) -> str:
        """The opening fence line as written (a code block's first line)."""
        return self.text.split("\n", 1)[0]

    @property
    def marker(self) -> str:
        """The fence run that opened a code block (```, ~~~, ````...); "" for prose."""
        return _marker(self.opener) if self.is_code else ""

    @property
    def is_python(self) -> bool:
        """Tagged as Python, or untagged and parses as Python."""
        return self.code is not None and is_python(self.language, self.code)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the normalized text and what it is in the Markdown."""

    text: str
    role: Role
    block: Block | None = None
    """The code block the line belongs to (fence lines included); None for prose."""


def parses(code: str) -> bool:
    """True when `code` is syntactically valid Python."""
    try:
        ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


def is_python(language: str, code: str) -> bool:
    """Python by its tag, or untagged and parsing: the one rule for "this block is Python"."""
    language = language.lower()
    if language not in PYTHON_TAGS:
        return False
    return language != "" or parses(code)


def normalize(text: str) -> str:
    """`text` with LF line ends and chat-style fences rewritten as Markdown fences."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "```" not in text and "~~~" not in text:
        return text
    out: list[str] = []
    open_run: str | None = None
    for line in text.split("\n"):
        if "```" not in line and "~~~" not in line:
            out.append(line)
        elif open_run is None:
            open_run = _outside(line, out)
        else:
            open_run = _inside(line, open_run, out)
    return "\n".join(out)


def _fence_start(line: str) -> re.Match[str] | None:
    """The marker of a line that starts with one (any indentation: chat has no indented code)."""
    stripped = line.lstrip(" \t")
    return _RUN.match(line, len(line) - len(stripped))


def _outside(line: str, out: list[str]) -> str | None:
    """A line outside any fence; returns the fence it leaves open."""
    start = _fence_start(line)
    if start is not None:
        run, rest = start.group(), line[start.end() :]
        tag = rest.strip()
        if not tag or _TAG.fullmatch(tag) or run[0] == "~":
            out.append(line)
            return run
        indent = line[: start.start()]
        word, _, code = tag.partition(" ")
        if word.lower() in LANGUAGES and "`" not in word:
            out.append(indent + run + word)  # ```python print(1): the code goes on
            return _inside(code, run, out)
        return _chat_block(indent + run, rest, out)
    first = next((m for m in _RUN.finditer(line) if m.group()[0] == "`"), None)
    rest = line[first.end() :] if first is not None else ""
    before = line[first.start() - 1 : first.start()] if first is not None else ""
    if first is None or rest[:1].isspace() or before in _QUOTES or rest[:1] in _QUOTES:
        out.append(line)  # ``` in a sentence or a string literal is text
        return None
    out.append(line[: first.start()].rstrip())
    if _TAG.fullmatch(rest.strip()):
        out.append(first.group() + rest.strip())
        return first.group()
    return _chat_block(first.group(), rest, out)


def _chat_block(run: str, rest: str, out: list[str]) -> str | None:
    """A fence with code on its own line: ```code``` (text may follow) or ```code (goes on).

    The block closes where a run at least as long follows (as inside any block); what comes
    after it is read as a line of its own.
    """
    out.append(run)
    marker = run.strip()
    close = next(
        (m for m in _RUN.finditer(rest) if m.group()[0] == "`" and len(m.group()) >= len(marker)),
        None,
    )
    if close is None:
        if rest.strip():
            out.append(rest)
        return marker
    if rest[: close.start()].strip():
        out.append(rest[: close.start()])
    out.append(marker)
    after = rest[close.end() :].strip()
    if "```" in after or "~~~" in after:
        return _outside(after, out)
    if after:
        out.append(after)
    return None


def _inside(line: str, open_run: str, out: list[str]) -> str | None:
    """A line inside a fence; returns the fence still open (None once closed)."""
    start = _fence_start(line)
    if start is not None and not line[start.end() :].strip():
        out.append(line)
        closes = start.group()[0] == open_run[0] and len(start.group()) >= len(open_run)
        return None if closes else open_run
    stripped = line.rstrip()
    last = None
    for last in _RUN.finditer(stripped):  # noqa: B007  # only the last run matters
        pass
    if (
        open_run[0] == "`"
        and last is not None
        and last.end() == len(stripped)
        and stripped[: last.start()].strip()
        and last.group()[0] == "`"
        and len(last.group()) >= len(open_run)
    ):
        out.append(stripped[: last.start()])  # code``` closes a chat-style block
        out.append(open_run)
        return None
    out.append(line)
    return open_run


def blocks(text: str) -> list[Block]:
    """Prose paragraphs (split at blank lines) and fenced blocks of `normalize(text)`, in order."""
    return list(_blocks(text))


TEXT_CACHE = 256
"""Recent texts whose blocks and lines are kept: a turn reads its question, each section and
the draft ~50 times (guards, retrieval, language), several turns at once."""


@functools.lru_cache(maxsize=TEXT_CACHE)
def _blocks(text: str) -> tuple[Block, ...]:
    source = normalize(text)
    lines = source.split("\n")
    out: list[Block] = []
    prose_from: int | None = None

    def prose_until(end: int) -> None:
        nonlocal prose_from
        if prose_from is not None:
            out.append(Block("\n".join(lines[prose_from:end]), first_line=prose_from, end_line=end))
            prose_from = None

    fences = _fences(source)
    next_fence = 0
    i = 0
    while i < len(lines):
        if next_fence < len(fences) and fences[next_fence].first_line == i:
            prose_until(i)
            out.append(fences[next_fence])
            i = fences[next_fence].end_line
            next_fence += 1
            continue
        if lines[i].strip():
            prose_from = i if prose_from is None else prose_from
        else:
            prose_until(i)
        i += 1
    prose_until(len(lines))
    return tuple(out)


PARSE_CACHE = 64
"""Recent texts whose blocks are kept: one draft is read by several guards in one turn."""


@functools.lru_cache(maxsize=PARSE_CACHE)
def _fences(source: str) -> tuple[Block, ...]:
    """The fenced blocks markdown-it finds, with their line spans and whether they close."""
    lines = source.split("\n")
    found: list[Block] = []
    if "```" not in source and "~~~" not in source:
        return ()  # no fence marker, nothing to tokenize
    for token in _parser().parse(source):
        if token.type != "fence" or token.map is None:
            continue
        first, end = token.map
        content = token.content.replace("\ufffd", "\x00") if "\x00" in source else token.content
        body_lines = content.count("\n") + (not content.endswith("\n") and content != "")
        closed = end - first - 1 - body_lines >= 1
        found.append(
            Block(
                text="\n".join(lines[first:end]),
                first_line=first,
                end_line=end,
                code=content.strip("\n"),
                language=(token.info.split() or [""])[0].lower(),
                closed=closed,
            )
        )
    return tuple(found)


def code_blocks(text: str) -> list[Block]:
    """Every fenced block, an unterminated last one included."""
    return [block for block in blocks(text) if block.is_code]


def read_lines(text: str) -> list[Line]:
    """Each line of `normalize(text)` with its role: prose, or a code block's open/code/close."""
    return list(_lines(text))


@functools.lru_cache(maxsize=TEXT_CACHE)
def _lines(text: str) -> tuple[Line, ...]:
    source = normalize(text)
    lines = [Line(line, "prose") for line in source.split("\n")]
    for block in _fences(source):
        last = block.end_line - 1
        for i in range(block.first_line, block.end_line):
            role: Role = "open" if i == block.first_line else "code"
            if block.closed and i == last and i != block.first_line:
                role = "close"
            lines[i] = Line(lines[i].text, role, block)
    return tuple(lines)


def without_code(text: str, replacement: str = " ") -> str:
    """`text` with each fenced block replaced by `replacement` (the prose around the code)."""
    parts: list[str] = []
    for block in blocks(text):
        parts.append(replacement if block.is_code else block.text)
    return "\n\n".join(parts)


def opens_block(text: str) -> bool:
    """True when `text` starts with a fence (what a script's next line may do)."""
    return _first_role(text) == "open"


def ends_inside_block(text: str) -> bool:
    """True when `text` ends inside a code block that has not been closed yet."""
    found = code_blocks(text)
    return bool(found) and not found[-1].closed


def _first_role(text: str) -> Role:
    """The role of the first line of `text`."""
    return read_lines(text)[0].role


def prose_and_code(text: str) -> tuple[str, str]:
    """The prose of `text` (code blocks left out) and the code of all its blocks, joined."""
    parts = blocks(text)
    prose = "\n\n".join(block.text for block in parts if not block.is_code)
    return prose, "\n".join(block.code or "" for block in parts if block.is_code)


def program(text: str) -> str | None:
    """The program a paste is about: its largest Python block, None when it has none.

    `/mca ask` profiles it and `/mca submit` checks it: one rule, so both read a paste alike.
    """
    pool = [block.code for block in code_blocks(text) if block.is_python and block.code]
    pool = [code for code in pool if code.strip()]
    return max(pool, key=len) if pool else None


def join(parts: list[Block]) -> str:
    """Markdown from blocks: paragraphs and code blocks separated by blank lines."""
    return "\n\n".join(p.text for p in parts if p.text.strip())


def paragraphs(text: str) -> list[str]:
    """The prose paragraphs of `text` (code blocks left out)."""
    return [block.text for block in blocks(text) if not block.is_code]


def replace_code(text: str, new_code: Callable[[Block], str | None]) -> str:
    """`normalize(text)` with the code of each block for which `new_code` gives a new body.

    Everything else is kept as written; a replaced block keeps its opening line and gets a
    closing fence (its own, or the opener's marker when it ran to the end).
    """
    source = normalize(text)
    lines = source.split("\n")
    out: list[str] = []
    pos = 0
    for block in _fences(source):
        body = new_code(block)
        if body is None:
            continue
        out.extend(lines[pos : block.first_line])
        closing = lines[block.end_line - 1].strip() if block.closed else block.marker
        out.extend([block.opener, *body.rstrip("\n").split("\n"), closing])
        pos = block.end_line
    out.extend(lines[pos:])
    return "\n".join(out)


def _marker(opener: str) -> str:
    """The fence run of an opening line (```, ~~~~, ...)."""
    found = _RUN.search(opener)
    return found.group() if found else "```"
