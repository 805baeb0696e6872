"""A knowledge unit's scaffold in the reply's language: its comments and docstrings translated.

Scaffolds are stored once, in English, while every other field of a unit has 14 translations;
shown inside a Portuguese reply their comments were the only English lines (review F9). The
code stays as written (identifiers are the API the learner will type); the prose the learner
reads, comments and docstrings, comes from config/knowledge/scaffold_prose.toml, keyed by the
English text. A phrase with no translation for the reply's language is left out rather than
shown in English: one register, no mixed-language lines. A leading `TODO:` stays as it is (a
marker editors search for, not prose).
"""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from bot.text.toml_files import read_toml

ENGLISH = "en"
LANGUAGES = ("pt", "es", "fr", "de", "it", "nl", "pl", "tr", "ru", "uk", "ja", "zh", "ko")
"""The languages a scaffold is translated into (English is the scaffold itself)."""
TODO = "TODO:"
HEADERS = ("cython:", "type:", "noqa", "pragma")
"""Comments that are directives to a tool, not prose: kept verbatim in every language."""


@dataclass(frozen=True)
class Prose:
    """One piece of prose in a scaffold: where it is, its English key, how it is written."""

    start: int
    end: int
    """Character offsets in the scaffold (the span replaced)."""
    key: str
    kind: str
    """"block" (full-line comments), "trailing" (a comment after code) or "doc" (docstring)."""
    indent: str
    todo: bool


def _key(text: str) -> tuple[str, bool]:
    flat = " ".join(text.split())
    if flat.startswith(TODO):
        return flat[len(TODO) :].strip(), True
    return flat, False


def prose_of(code: str) -> list[Prose]:
    """The comments (consecutive full-line ones as one block) and docstrings of `code`."""
    lines = code.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def at(row: int, col: int) -> int:
        return offsets[row - 1] + col

    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    found: list[Prose] = []
    previous = tokenize.NEWLINE
    for index, tok in enumerate(tokens):
        if tok.type == tokenize.COMMENT:
            text = tok.string.lstrip("#").strip()
            if not text or text.startswith(HEADERS):
                continue
            full_line = not tok.line[: tok.start[1]].strip()
            last = found[-1] if found else None
            if (
                full_line
                and last is not None
                and last.kind == "block"
                and last.indent == tok.line[: tok.start[1]]
                and code[last.end : at(*tok.start)].strip() == ""
                and code[last.end : at(*tok.start)].count("\n") == 1
            ):
                key, _ = _key(f"{last.key} {text}")
                found[-1] = Prose(last.start, at(*tok.end), key, "block", last.indent, last.todo)
                continue
            key, todo = _key(text)
            if full_line:
                found.append(
                    Prose(
                        at(*tok.start), at(*tok.end), key, "block", tok.line[: tok.start[1]], todo
                    )
                )
            else:
                column = " " * tok.start[1]
                between = code[last.end : at(*tok.start)] if last else ""
                if (
                    last is not None
                    and last.kind == "trailing"
                    and last.indent == column
                    and not todo
                    and between.strip() == "..."
                    and between.count("\n") == 1
                ):
                    # A comment continued on the next `...` line: one sentence, one line.
                    merged, _ = _key(f"{last.key} {text}")
                    found[-1] = Prose(
                        last.start, at(*tok.end), merged, "trailing", column, last.todo
                    )
                    continue
                start = at(*tok.start)
                while start > 0 and code[start - 1] in " \t":
                    start -= 1
                found.append(Prose(start, at(*tok.end), key, "trailing", column, todo))
        elif tok.type == tokenize.STRING and tok.string.startswith(('"""', "'''")):
            following = tokens[index + 1].type if index + 1 < len(tokens) else tokenize.ENDMARKER
            if previous in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT) and following in (
                tokenize.NEWLINE,
                tokenize.ENDMARKER,
            ):
                key, todo = _key(tok.string[3:-3])
                indent = tok.line[: tok.start[1]]
                found.append(Prose(at(*tok.start), at(*tok.end), key, "doc", indent, todo))
        if tok.type not in (tokenize.NL, tokenize.COMMENT):
            previous = tok.type
    return found


def _written(piece: Prose, text: str) -> str:
    said = f"{TODO} {text}" if piece.todo else text
    if piece.kind == "doc":
        return f'"""{said}"""'
    return f"# {said}" if piece.kind == "block" else f"  # {said}"


def _dropped(code: str, piece: Prose) -> tuple[int, int, str]:
    """The span and replacement that leave an untranslated piece out, the code still valid."""
    if piece.kind == "trailing":
        return piece.start, piece.end, ""
    line_start = code.rfind("\n", 0, piece.start) + 1
    line_end = code.find("\n", piece.end)
    line_end = len(code) if line_end < 0 else line_end + 1
    if piece.kind == "doc":
        # A body may hold only its docstring: `...` keeps it a body.
        return piece.start, piece.end, "..."
    return line_start, line_end, ""


def localized(code: str, language: str, phrases: dict[str, str]) -> str:
    """`code` with its prose in `language` (English: unchanged)."""
    if language == ENGLISH or not code.strip():
        return code
    out = code
    for piece in reversed(prose_of(code)):
        text = phrases.get(piece.key)
        if text:
            out = out[: piece.start] + _written(piece, text) + out[piece.end :]
        else:
            start, end, replacement = _dropped(code, piece)
            out = out[:start] + replacement + out[end:]
    return out


@dataclass(frozen=True)
class ScaffoldProse:
    """Translations of scaffold prose: language -> English key -> text."""

    phrases: dict[str, dict[str, str]] = field(default_factory=dict)
    _done: dict[tuple[str, str], str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, path: Path) -> ScaffoldProse:
        """Read config/knowledge/scaffold_prose.toml (`[[phrase]]` tables: en + languages)."""
        if not path.is_file():
            return cls()
        phrases: dict[str, dict[str, str]] = {}
        for entry in read_toml(path).get("phrase", ()):
            english, _ = _key(str(entry.get("en", "")))
            # Code written as a comment (SQL, a call, `keep`): the same in every language.
            texts = {lang: english for lang in LANGUAGES} if entry.get("keep") else entry
            for language, text in texts.items():
                if language in LANGUAGES and str(text).strip():
                    phrases.setdefault(str(language), {})[english] = " ".join(str(text).split())
        return cls(phrases)

    def scaffold(self, code: str, language: str) -> str:
        """The scaffold as a reply in `language` shows it (computed once per scaffold)."""
        done = self._done.get((code, language))
        if done is None:
            done = localized(code, language, self.phrases.get(language, {}))
            self._done[(code, language)] = done
        return done
