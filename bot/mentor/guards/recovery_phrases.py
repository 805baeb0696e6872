"""Wallet recovery phrases found by what they are, not by the words that introduce them.

Why: review14 X15 -- "Моя seed-фраза гаманця: legal winner thank ..." was stored verbatim, as
every introduction the context patterns (secret_contexts.py) do not list would be. A BIP-39
phrase is 12, 15, 18, 21 or 24 words of one 2048-word list whose last word carries a checksum:
a run of list words whose checksum holds is a wallet (1 in 16 for 12 random list words, 1 in
256 for 24), and whoever reads it owns the funds. The word lists and the checksum come from
the reference implementation's package (`mnemonic`), not from our own copy.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from mnemonic import Mnemonic

LENGTHS = (24, 21, 18, 15, 12)
"""The phrase lengths BIP-39 defines, longest first (a 24-word phrase holds 12-word runs)."""
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")
"""Letters, and the combining accents of a decomposed word (the lists are stored NFKD)."""
_LISTS = ("english", "spanish", "french", "italian", "portuguese", "czech", "turkish")
"""The Latin-script lists: a phrase is written with spaces between its words."""


@lru_cache(maxsize=1)
def _lists() -> tuple[dict[str, int], tuple[Mnemonic, ...]]:
    """Each list word -> a bit per list holding it; the lists' checkers in the same order."""
    masks: dict[str, int] = {}
    checkers = []
    for bit, name in enumerate(_LISTS):
        checker = Mnemonic(name)
        checkers.append(checker)
        for word in checker.wordlist:
            key = unicodedata.normalize("NFKD", word)
            masks[key] = masks.get(key, 0) | 1 << bit
    return masks, tuple(checkers)


def recovery_phrases(text: str) -> list[str]:
    """Each BIP-39 phrase in `text` whose checksum holds, as it is written there."""
    masks, checkers = _lists()
    found: list[str] = []
    run: list[re.Match[str]] = []
    common = 0
    for word in [*_WORD.finditer(text), None]:
        mask = masks.get(_key(word.group(0)), 0) if word is not None else 0
        joined = word is not None and run and _adjacent(text, run[-1], word)
        if mask and joined and mask & common:
            run.append(word)  # type: ignore[arg-type]
            common &= mask
            continue
        if len(run) >= LENGTHS[-1]:
            for bit, checker in enumerate(checkers):
                if common >> bit & 1:
                    found += _phrases(text, run, checker)
        run, common = ([word], mask) if word is not None and mask else ([], 0)
    return found


def _key(word: str) -> str:
    low = word.lower()
    return low if low.isascii() else unicodedata.normalize("NFKD", low)


def _adjacent(text: str, last: re.Match[str], word: re.Match[str]) -> bool:
    """Only spaces (or one line break) between the run's last word and this one."""
    gap = text[last.end() : word.start()]
    return gap.isspace() and gap.count("\n") <= 1


def _phrases(text: str, run: list[re.Match[str]], checker: Mnemonic) -> list[str]:
    out: list[str] = []
    start = 0
    while len(run) - start >= LENGTHS[-1]:
        for n in LENGTHS:
            window = run[start : start + n]
            if len(window) == n and checker.check(" ".join(_key(w.group(0)) for w in window)):
                out.append(text[window[0].start() : window[-1].end()])
                start += n
                break
        else:
            start += 1
    return out
