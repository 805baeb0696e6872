"""Whether a turn says it continues the previous request.

Right after a refusal, "finish the decryption, please" or "go on, the rest" has no subject of
its own: it asks for the refused thing. Read alone it passes, so the guard reads it with the
refused message. Only a said continuation counts ("finish it", "the rest", "допиши", 14
languages in config/guards/continuations.toml): any other turn after a refusal is judged
alone, so a new question, or the learner's explanation after a wrong refusal, is never held
against them.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from bot.mentor.codeblocks import strip_blocks

CONTINUATIONS = Path("guards") / "continuations.toml"
MAX_CONTINUATION_WORDS = 14
"""Longer turns ask something of their own even when they say "continue"."""


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
