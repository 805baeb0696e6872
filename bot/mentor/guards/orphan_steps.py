"""Lines left pointing at a solution the integrity guard withheld (review13 W22).

When finished code is replaced by the task's scaffold, the draft's lines around it still
address that code: its introduction ("Here is the finished version of your file, hand it in
right away:", "Este es el archivo completo; pégalo tal cual:") now stands over nothing; a step
names what only the removed code defined ("Rename `MyCache` to `SingleFlightLRU`"); a step
hands it in ("Submit it with `/mca submit thread-safe-cache`"). The notice already says how
the learner's own attempt is checked, so these lines go, in any language: they are read by
their shape (a closing colon over a removed block, a removed identifier, the submit command),
not by their words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.text import markdown

_DEFINED = re.compile(r"^\s*(?:async\s+def|def|class)\s+([A-Za-z_]\w{3,})", re.M)
_SUBMIT = re.compile(r"/mca\s+submit\b|\bmca-bot\s+practice\s+check\b")
_POINTER = re.compile(
    r"\bthe following (?:code|class|file|script|function|version|solution)\b|"
    r"\b(?:qui )?sopra\b|\bdi seguito\b|\bseguinte (?:código|classe|arquivo)\b|"
    r"\bsiguiente (?:código|clase|archivo)\b|\b(?:código|clase|archivo) siguiente\b|"
    r"\b(?:code|classe|fichier) suivante?\b|\b(?:código|classe|arquivo) a seguir\b|"
    r"\bfolgende[nr]? (?:code|klasse|datei)\b|\bnastępując\w* (?:kod|klas\w*|plik)\b|"
    r"\bследующ\w+ (?:код|класс|файл)|\bнаступн\w+ (?:код|клас|файл)|"
    r"(?:上|下)の(?:コード|クラス|ファイル|関数|スクリプト)|如下(?:代码|类|文件)|"
    r"(?:위|아래) (?:코드|클래스|파일|함수|스크립트)",
    re.I,
)
"""Pointers at a block the safety pointer words miss ("the following class", "上のコード")."""
_TEXT = frozenset({"text", "txt", "markdown", "md", "plain", "plaintext"})
_STEP = re.compile(r"^\s*(?:\d{1,2}[.)]\s+|\d{1,2}[、．]\s*|[-*•]\s+|・\s*)")


def removed_names(removed: str, known: Iterable[str]) -> frozenset[str]:
    """Classes and functions the removed code defined that no kept code defines or calls."""
    names = set(_DEFINED.findall(removed))
    for code in known:
        names = {n for n in names if not re.search(rf"\b{re.escape(n)}\b", code)}
    return frozenset(n for n in names if not n.startswith("__"))


def orphan_intros(before: str, after: str) -> frozenset[str]:
    """Lines of `before` closing with a colon over a block that `after` no longer holds."""
    source = markdown.normalize(before)
    lines = source.split("\n")
    kept = {b.code for b in markdown.code_blocks(markdown.normalize(after))}
    found: set[str] = set()
    drafted = {ln.strip() for ln in lines}
    for block in markdown.code_blocks(source):
        if block.code in kept or not block.end_line:
            continue
        index = block.first_line - 1
        while index >= 0 and not lines[index].strip():
            index -= 1
        if index < 0 or not lines[index].rstrip().endswith((":", "：")):
            continue
        intro = lines[index].strip()
        # a program withheld: its introduction promises it; steps fenced as text are
        # replaced by a hint rung, which the introduction now introduces
        if (block.language or "").lower() not in _TEXT or _over_nothing(intro, after, drafted):
            found.add(intro)
    return frozenset(found)


def _over_nothing(intro: str, after: str, drafted: set[str]) -> bool:
    """In `after`, `intro` closes the section or stands over a line the draft already had.

    What a guard put in the block's place (a hint rung) is what the introduction now
    introduces: it stays.
    """
    rest = after.split("\n")
    for index, line in enumerate(rest):
        if line.strip() == intro:
            following = next((ln.strip() for ln in rest[index + 1 :] if ln.strip()), "")
            return not following or following in drafted
    return False


def orphan_line(line: str, names: frozenset[str], intros: frozenset[str]) -> bool:
    """`line` introduces, names or hands in the withheld code."""
    if line.strip() in intros:
        return True
    if names and any(re.search(rf"\b{re.escape(n)}\b", line) for n in names):
        return True
    return bool(_STEP.match(line) and (_SUBMIT.search(line) or _POINTER.search(line)))
