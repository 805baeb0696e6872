"""Whether a turn continues the previous request or asks something of its own.

Right after a refusal, "finish the decryption, please" or "and now without her noticing" has
no subject of its own: it asks for the refused thing. Read alone it passes, so the guard reads
it with the refused message. A new question after a refusal ("how do I profile asyncio?")
must not be: that would hold the refusal against the learner. A turn continues when it is
short and says so ("finish it", "the rest", 14 languages in config/guards/continuations.toml),
or when it is short and names what the refused message named ("she blocked me on that
number": `shares_subject`).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from bot.mentor.codeblocks import strip_blocks

CONTINUATIONS = Path("guards") / "continuations.toml"
MAX_CONTINUATION_WORDS = 14
"""Longer turns ask something of their own even when they say "continue"."""
MAX_DETAIL_WORDS = 25
"""A turn that adds a detail to the refused request ("it's my ex's number") is short; a longer
one is a question of its own (on 700 legitimate questions asked right after a refusal, judging
long ones with it refused 87 more)."""


@lru_cache(maxsize=4)
def continuation_cues(config_dir: Path) -> tuple[str, ...]:
    """Every language's continuation phrases, lowercased (none when the file is missing)."""
    path = config_dir / CONTINUATIONS
    if not path.exists():
        return ()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(
        dict.fromkeys(str(cue).lower() for cues in data.get("cues", {}).values() for cue in cues)
    )


def says_continue(text: str, cues: tuple[str, ...]) -> bool:
    """A short turn that asks to go on with what came before."""
    prose = " ".join(strip_blocks(text).lower().split())
    words = len(prose.split())
    if not prose or (words > MAX_CONTINUATION_WORDS and not _unspaced(prose)):
        return False
    if _unspaced(prose) and len(prose) > 3 * MAX_CONTINUATION_WORDS:
        return False
    padded = f" {prose} "
    return any(cue in prose if _unspaced(cue) else _has_phrase(padded, cue) for cue in cues)


def _has_phrase(padded: str, cue: str) -> bool:
    """`cue` at a word start (inflected endings allowed: "termina" in "terminá")."""
    at = padded.find(cue)
    while at != -1:
        if not padded[at - 1].isalnum():
            return True
        at = padded.find(cue, at + 1)
    return False


def _unspaced(text: str) -> bool:
    """Written without spaces between words (Japanese, Chinese; Korean counts as spaced)."""
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


_WORD = re.compile(r"[^\W\d_]{5,}")
"""Content words of spaced scripts: five letters or more (articles and pronouns are shorter)."""
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]{2,}")
_COMMON = frozenset(
    [
        "about",
        "after",
        "again",
        "could",
        "would",
        "should",
        "there",
        "their",
        "these",
        "those",
        "which",
        "where",
        "while",
        "being",
        "other",
        "python",
        "script",
        "scripts",
        "código",
        "codigo",
        "programa",
        "programm",
        "programme",
        "program",
        "please",
        "favor",
        "bitte",
        "meine",
        "meines",
        "meinen",
        "meiner",
        "meinem",
        "deine",
        "deinen",
        "seine",
        "seinen",
        "ihren",
        "ihrem",
        "nicht",
        "warum",
        "wieder",
        "einen",
        "einem",
        "einer",
        "keine",
        "immer",
        "schon",
        "nuestro",
        "nuestra",
        "porque",
        "cuando",
        "donde",
        "tengo",
        "tiene",
        "puedo",
        "puede",
        "hacer",
        "quiero",
        "nosso",
        "nossa",
        "quando",
        "tenho",
        "posso",
        "fazer",
        "quero",
        "minha",
        "notre",
        "votre",
        "leurs",
        "quand",
        "parce",
        "comment",
        "pourquoi",
        "faire",
        "nostro",
        "nostra",
        "perché",
        "posso",
        "voglio",
        "waarom",
        "wanneer",
        "kunnen",
        "maken",
        "moje",
        "mojego",
        "mojej",
        "dlaczego",
        "kiedy",
        "zrobić",
        "chcę",
        "почему",
        "когда",
        "можно",
        "сделать",
        "чтобы",
        "этого",
        "моего",
        "моей",
        "чому",
        "можна",
        "зробити",
        "цього",
        "мого",
        "моєї",
        "neden",
        "zaman",
        "yapmak",
        "istiyorum",
        "benim",
    ]
)
"""Words every request shares: sharing them is no shared subject."""


def shares_subject(text: str, refused: str) -> bool:
    """The turn names something the refused message named (its target, its object)."""
    mine, theirs = _subject_words(text), _subject_words(refused)
    return bool(mine & theirs)


def _subject_words(text: str) -> set[str]:
    prose = strip_blocks(text).lower()
    words = {w for w in _WORD.findall(prose) if w not in _COMMON}
    for run in _CJK_RUN.findall(prose):
        words.update(run[i : i + 2] for i in range(len(run) - 1))
    return words


def short_turn(text: str) -> bool:
    """Short enough to be a detail added to the previous request rather than a new question."""
    prose = strip_blocks(text)
    if _unspaced(prose):
        return len("".join(prose.split())) <= 2 * MAX_DETAIL_WORDS
    return len(prose.split()) <= MAX_DETAIL_WORDS
