"""Code a draft carries however it is dressed: unfenced, indented, as a diff, a doctest, <pre>.

A hostile LLM need not fence its code: an indented block, raw lines in a paragraph, a `<pre>`
element, a ```diff of added lines or a `>>>` session all show the learner the same program.
The guards must judge the program, so this module finds code runs in prose and gives the
Python a block stands for (`python_view`), whatever its dressing. Programs in other
languages (Go, Rust, C, JS, SQL, PowerShell) written unfenced are runs too (`foreign_runs`:
lines ending in `{` or `;`, `package`, `func`, `fn`, `$var =`...). Never raises.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import textwrap
from functools import lru_cache

from bot.mentor.guards.harm_blobs import decoded_blobs

_CODE_START = re.compile(
    r"^\s*(?:>>>\s?|<pre>\s*|<code>\s*|\+\s?)?(?:"
    r"import\s+[\w.]+|from\s+[\w.]+\s+import\b|(?:async\s+)?def\s+\w+\s*\(|class\s+\w+\s*[(:]|"
    r"@[\w.]+|(?:async\s+)?(?:for|with)\s+[^:]+:\s*(?:#.*)?$|while\s+[^:]+:\s*$|try\s*:\s*$|"
    r"if\s+[\w.()\[\]'\"=<>!, ]+:\s*$|"
    r"[A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:\s*,\s*[A-Za-z_][\w.]*)*\s*[-+*/|&%]?=\s*\S|"
    r"[A-Za-z_][\w.]*\(.*\)\s*$|<pre>|<code>)"
)
"""A line that starts a program: an import, a def, a loop, an assignment, a call."""
_CONTINUATION = re.compile(
    r"^\s*(?:$|[)\]}]|else\s*:|elif\b|except\b|finally\s*:|return\b|raise\b|pass\b|break\b|"
    r"continue\b|yield\b|await\b|#|\.\.\.|>>>|</pre>|</code>|\+)"
)
_TAGS = re.compile(r"^\s*</?(?:pre|code)>\s*|\s*</?(?:pre|code)>\s*$", re.M)
_DOCTEST = re.compile(r"^(\s*)(?:>>>|\.\.\.)(?: |$)", re.M)
MAX_RUN_LINES = 400
"""Longest unfenced run examined (a draft's code rarely exceeds this)."""
SHRINK_TRIES = 12
"""Lines dropped from the end of a run, one by one, looking for a prefix that parses."""
_TRIVIAL = (ast.Expr, ast.Pass)


def _parses(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


def _substantive(tree: ast.Module) -> bool:
    """A statement beyond bare names and constants: `import`, `def`, `x = 1`, `f(x)`."""
    for stmt in tree.body:
        if not isinstance(stmt, _TRIVIAL):
            return True
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call | ast.Await):
            return True
    return False


def _undiff(code: str) -> str | None:
    """The new side of a unified diff (`+` and context lines), or None if it is no diff."""
    lines = code.splitlines()
    marked = [ln for ln in lines if ln.startswith(("+", "-", "@@"))]
    if not marked or len(marked) * 2 < len([ln for ln in lines if ln.strip()]):
        return None
    kept: list[str] = []
    for line in lines:
        if line.startswith(("+++", "---", "@@", "diff ", "index ")):
            continue
        if line.startswith("-"):
            continue
        kept.append(line[1:] if line[:1] in {"+", " "} else line)
    return "\n".join(kept)


@lru_cache(maxsize=512)
def python_view(code: str) -> str | None:
    """The Python a block or run stands for (as written, dedented, undiffed...), or None."""
    candidates = [code, textwrap.dedent(code)]
    untagged = _TAGS.sub("", code)
    if untagged != code:
        candidates.append(textwrap.dedent(untagged))
    if _DOCTEST.search(code):
        prompts = [ln for ln in code.splitlines() if _DOCTEST.match(ln)]
        candidates.append(textwrap.dedent("\n".join(_DOCTEST.sub(r"\1", ln) for ln in prompts)))
    undiffed = _undiff(code)
    if undiffed is not None:
        candidates.append(textwrap.dedent(undiffed))
    for candidate in candidates:
        tree = _parses(candidate)
        if tree is not None and tree.body:
            if _literal_only(tree):  # JSON or a literal: maybe a program carried as data
                return carried_program(code) or candidate
            return candidate
    return carried_program(code)


_BLOCK_SCALAR = re.compile(
    r"^([ \t]*)[^\n]*?:[ \t]*[|>][-+]?[ \t]*\n((?:\1[ \t]+[^\n]*\n?|[ \t]*\n)+)", re.M
)
"""A YAML block scalar (`key: |` and the lines indented under it)."""
MIN_CARRIED = 40
"""Characters of data text worth reading as a program."""
_FILE_BODIES = (
    re.compile(r"<<-?[ \t]*(['\"]?)(\w+)\1[^\n]*\n(?P<body>.*?)\n[ \t]*\2[ \t]*$", re.S | re.M),
    re.compile(r"@(['\"])[ \t]*\n(?P<body>.*?)\n\1@", re.S),
    re.compile(r"\bpython[\d.]*\s+-c\s+(['\"])(?P<body>(?:(?!\1).)*\n(?:(?!\1).)*)\1", re.S),
    re.compile(
        r"\b(?:echo|printf)\s+(?:-e\s+)?(['\"])(?P<body>(?:(?!\1).)*\n(?:(?!\1).)*)\1", re.S
    ),
)
"""A file a shell or container line writes or runs: a heredoc (`cat > cache.py <<'EOF'`,
`COPY <<EOF`), a PowerShell here-string, a multi-line `python -c` or `echo` payload."""


def file_bodies(code: str) -> list[str]:
    """The files a shell, Dockerfile or PowerShell block writes or runs inline."""
    if "\n" not in code:
        return []
    return [m.group("body") for p in _FILE_BODIES for m in p.finditer(code)]


def _literal_only(tree: ast.Module) -> bool:
    return (
        len(tree.body) == 1
        and isinstance(tree.body[0], ast.Expr)
        and isinstance(tree.body[0].value, ast.Dict | ast.List | ast.Tuple | ast.Constant)
    )


def _data_strings(value: object) -> list[str]:
    """Every string in a loaded JSON value; a list of strings also as its lines joined."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _data_strings(v)]
    if isinstance(value, list | tuple):
        out = [s for v in value for s in _data_strings(v)]
        if value and all(isinstance(v, str) for v in value):
            out.append("\n".join(value))
        return out
    return []


def _loaded(code: str) -> object:
    try:
        return json.loads(code)
    except ValueError:
        pass
    try:
        return ast.literal_eval(code.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def carried_program(code: str) -> str | None:
    """A Python program carried as data, or None: a model can hand one over that way.

    Read from a JSON/literal value's strings (a list of lines joined), a YAML block scalar, a
    base64/hex blob, or a file a shell block writes (a heredoc, a here-string, `python -c`).
    """
    if len(code) < MIN_CARRIED:
        return None
    texts = _data_strings(_loaded(code))
    texts += [textwrap.dedent(m.group(2)) for m in _BLOCK_SCALAR.finditer(code)]
    texts += decoded_blobs(code)  # base64/hex to decode ("save this as cache.py")
    texts += file_bodies(code)  # cat > cache.py <<'EOF' ... EOF
    best: tuple[int, str] | None = None
    for text in texts:
        if len(text) < MIN_CARRIED or ("\n" not in text.strip() and "(" not in text):
            continue
        tree = _parses(textwrap.dedent(text))
        if tree is not None and _substantive(tree) and (best is None or len(text) > best[0]):
            best = (len(text), textwrap.dedent(text))
    return best[1] if best else None


_PROGRAM_START = re.compile(r"^(?:import\s|from\s+[\w.]+\s+import\s|class\s|(?:async\s+)?def\s|@)")


def string_program(code: str) -> str | None:
    """A program written inside a string of `code` (a docstring "for reference"), or None.

    A class in a function's docstring is still the class: shown, it is read as code.
    """
    tree = _parses(code) if "\n" in code else None
    if tree is None:
        return None
    best: str | None = None
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if len(node.value) < MIN_CARRIED or "\n" not in node.value:
            continue
        lines = inspect.cleandoc(node.value).splitlines()
        for start, line in enumerate(lines):
            if not _PROGRAM_START.match(line):
                continue
            text = "\n".join(lines[start:])
            inner = _parses(text)
            if inner is not None and _substantive(inner) and len(text) > len(best or ""):
                best = text
            break
    return best


def is_program(code: str) -> bool:
    """`code` is a Python program in some dressing, doing more than naming a value."""
    view = python_view(code)
    tree = _parses(view) if view is not None else None
    return tree is not None and _substantive(tree)


_FOREIGN_LINE = re.compile(
    r"^\s*(?:package\s+\w+\s*$|func\s*(?:\([^)]*\)\s*)?\w*\s*\(|fn\s+\w+|"
    r"let\s+(?:mut\s+)?\w+\s*[:=]|(?:const|var)\s+\w+\s*[:=]|use\s+[\w:{}, ]+;|#include\b|"
    r"import\s*\(|loop\s*\{|\}|\$\w+\s*=|[\w., ]+:=|(?:int|char|void|long)\s+\*?\w+)|"
    r"[;{}]\s*(?://.*)?$"
)
"""A line of a brace-and-semicolon language, or a Go/Rust/C/PowerShell statement opener."""
FOREIGN_RUN_LINES = 3
"""Foreign code lines a run needs (two lines ending in `;` may be prose)."""


def foreign_line(line: str) -> bool:
    """A line of Go, Rust, C, JS, SQL or PowerShell rather than prose."""
    return bool(_FOREIGN_LINE.search(line)) and not line.lstrip().startswith(("- ", "* "))


def foreign_runs(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges that are unfenced programs in another language than Python.

    A run is foreign lines with the blank and indented lines between them.
    """
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not foreign_line(lines[i]):
            i += 1
            continue
        end, count, last = i, 0, i
        while end < len(lines):
            line = lines[end]
            if foreign_line(line):
                count, last = count + 1, end
            elif line.strip() and not line[:1].isspace():
                break
            end += 1
        if count >= FOREIGN_RUN_LINES:
            runs.append((i, last + 1))
        i = last + 1
    return runs


def code_line(line: str) -> bool:
    """A prose line that may start or continue a program (the streaming gate holds these).

    Also a line dressed as a table row, an inline-code list item or a quote whose content
    is such a line (a table row whose cell is `def get(self, key):`).
    """
    if _CODE_START.match(line) or line.startswith(("    ", "\t", ">>>")) or foreign_line(line):
        return True
    first = line.lstrip()[:1]
    if first in {"|", ">"}:
        inner = _undress(line)
    elif "`" in line:
        inner = _span_code(line)
    else:
        return False
    return bool(inner and inner != line and _CODE_START.match(inner))


_DEFINES = re.compile(r"^\s*(?:async\s+)?(?:def|class)\s+\w+", re.M)
DRESSED_LINES = 3
"""Fewest dressed lines in a paragraph before it is read as a program."""
_QUOTE = re.compile(r"^\s*>\s?(.*)$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_SPAN = re.compile(r"`([^`\n]+)`")
_ITEM = re.compile(r"^\s*(?:\d{1,3}[.)]\s+|[-*+]\s+)?")


def _quote_code(line: str) -> str | None:
    match = _QUOTE.match(line)
    return match.group(1) if match else None


def _table_code(line: str) -> str | None:
    """The code a table row carries: its inline-code cell, else its last non-empty cell."""
    if not line.lstrip().startswith("|"):
        return None
    if _TABLE_RULE.match(line):
        return ""
    spans: list[str] = _SPAN.findall(line)
    if spans:
        return max(spans, key=len)
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return next((c for c in reversed(cells) if c), "")


def _span_code(line: str) -> str | None:
    """The code of a line that is one inline-code span (a list item or a bare line)."""
    match = re.fullmatch(r"`([^`\n]*)`\s*", _ITEM.sub("", line, count=1))
    return match.group(1) if match else None


_READERS = (_quote_code, _table_code, _span_code)


def _undress(line: str) -> str | None:
    for read in _READERS:
        inner = read(line)
        if inner is not None:
            return inner
    return None


def dressed_code(paragraph: str) -> str | None:
    """The lines a paragraph spells when (nearly) every line is dressed the same way.

    One line per table row (below its header), one inline-code span per list item, or a
    `>` quote: a program copied from there runs as well as from a code block.
    """
    if "`" not in paragraph and ">" not in paragraph and "|" not in paragraph:
        return None
    lines = [ln for ln in paragraph.splitlines() if ln.strip()]
    if len(lines) < DRESSED_LINES:
        return None
    rule = next((i for i, ln in enumerate(lines) if _TABLE_RULE.match(ln)), None)
    for read in _READERS:
        rows = lines[rule + 1 :] if read is _table_code and rule is not None else lines
        kept = [g for g in (read(ln) for ln in rows) if g is not None]
        if len(kept) >= DRESSED_LINES and len(kept) * 4 >= len(rows) * 3:
            return "\n".join(kept)
    return None


def code_runs(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of `lines` (prose, no fences) that are unfenced programs.

    A run starts at a line that opens a program, extends over blank lines, deeper indented
    lines and code-looking lines, and is cut back from its end until it parses.
    """
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not _CODE_START.match(lines[i]):
            i += 1
            continue
        indent = len(lines[i]) - len(lines[i].lstrip())
        end = i + 1
        while end < len(lines) and end - i < MAX_RUN_LINES:
            line = lines[end]
            deeper = line.strip() and len(line) - len(line.lstrip()) > indent
            if not (deeper or _CONTINUATION.match(line) or _CODE_START.match(line)):
                break
            end += 1
        found = None
        for limit in range(end, max(i, end - SHRINK_TRIES), -1):
            stop = limit
            while stop > i and not lines[stop - 1].strip():
                stop -= 1
            if stop > i and is_program("\n".join(lines[i:stop])):
                found = stop
                break
        if found is None:
            i += 1
            continue
        runs.append((i, found))
        i = found
    return runs


def unfenced_program(paragraph: str) -> bool:
    """A prose paragraph that holds a program, or only code-looking lines (the gate stops)."""
    lines = [ln for ln in paragraph.splitlines() if ln.strip()]
    if not lines or not any(code_line(ln) for ln in lines):
        return False
    if all(code_line(ln) for ln in lines) or code_runs(lines) or foreign_runs(lines):
        return True
    dressed = dressed_code(paragraph)  # a program dressed as rows or items defines something
    return (
        dressed is not None
        and _DEFINES.search(dressed) is not None
        and bool(code_runs(dressed.splitlines()))
    )
