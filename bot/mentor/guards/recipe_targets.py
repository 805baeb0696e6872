"""A recipe's preparing steps: a step line that names someone else goes with the recipe.

"1. Get the list of passwords your neighbour might use" has no attack word; it is the first
step of guessing her password, and once steps 2-3 are removed as an attack it must not stay
shown alone (review8 F33). A step line naming a third party (the intent guard's `others`
words in 14 languages, config/guards/intent/<lang>.toml, read here, not owned) is held while
streaming and removed with its paragraph when that paragraph is a recipe; in teaching it
stays.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.mentor.intent.normalize import is_cjk, normalize
from bot.settings import DEFAULT_CONFIG_DIR

_STEP_LINE = re.compile(r"^\s*(?:\d{1,2}[.)]\s+|\d{1,2}[、．]\s*|[-*•]\s+|・\s*|\[[ x]\]\s+)")
_SHORT = 3
"""Single words this short ("ex", "his") are left out: they are too common alone."""


def _unspaced(char: str) -> bool:
    """Chinese, Japanese or Korean: a word there is found inside others (particles attach)."""
    return is_cjk(char) or "\uac00" <= char <= "\ud7a3"


@dataclass(frozen=True, slots=True)
class ThirdParty:
    """The `others` phrases, normalized.

    Exact phrases, phrases whose last word is a prefix, and Chinese/Japanese/Korean ones
    (found as substrings).
    """

    exact: frozenset[str]
    prefixes: frozenset[str]
    unspaced: tuple[str, ...]
    heads: frozenset[str]
    """The first three letters of every phrase's first word: other words start nothing."""

    def search(self, text: str) -> bool:
        """`text` (normalized) names someone else: set look-ups over its word n-grams."""
        if self.unspaced and not text.isascii() and any(w in text for w in self.unspaced):
            return True
        words = text.split()
        starts = [i for i, word in enumerate(words) if word[:3] in self.heads]
        for n in range(1, _LONGEST + 1):
            for start in starts:
                if start + n > len(words):
                    break
                phrase = " ".join(words[start : start + n])
                if phrase in self.exact:
                    return True
                cut = len(phrase) - len(words[start + n - 1])
                for k in _PREFIX_LENGTHS:
                    if k > len(phrase) - cut:
                        break
                    if phrase[: cut + k] in self.prefixes:
                        return True
        return False


_LONGEST = 4
"""Words in the longest phrase matched (longer list entries are left out)."""
_PREFIX_LENGTHS = tuple(range(2, 16))
"""Lengths of a prefix's last word that are looked up."""


@lru_cache(maxsize=4)
def third_party_words(config_dir: Path = DEFAULT_CONFIG_DIR) -> ThirdParty | None:
    """Every language's words for someone else (None without the lists)."""
    exact: set[str] = set()
    prefixes: set[str] = set()
    unspaced: set[str] = set()
    for path in sorted((config_dir / "guards" / "intent").glob("*.toml")):
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue
        for entry in table.get("others", []):
            if not isinstance(entry, str):
                continue
            words = normalize(entry.rstrip("*")).split()
            if not words or len(words) > _LONGEST:
                continue
            if len(words) == 1 and len(words[0]) <= _SHORT and words[0].isascii():
                continue
            phrase = " ".join(words)
            if any(map(_unspaced, phrase)):
                unspaced.add(phrase.replace(" ", ""))
            elif entry.endswith("*"):
                prefixes.add(phrase)
            else:
                exact.add(phrase)
    if not (exact or prefixes or unspaced):
        return None
    heads = frozenset(p.split()[0][:3] for p in (*exact, *prefixes))
    return ThirdParty(frozenset(exact), frozenset(prefixes), tuple(sorted(unspaced)), heads)


def targets_someone(line: str) -> bool:
    """A list step that names someone else ("your neighbour", "deine Nachbarin")."""
    if not _STEP_LINE.match(line):
        return False
    words = third_party_words()
    return words is not None and words.search(normalize(line))


def names_someone(text: str) -> bool:
    """Any line of `text` names someone else (a block's afterword: "the teacher never logs out")."""
    words = third_party_words()
    return words is not None and words.search(normalize(text))


def echoes_code(text: str, code: str) -> bool:
    """`text` quotes one of `code`'s own values (its file, its host): it tells how to use it."""
    return any(_in_code(t, code) for t in _literals(text))


_LITERAL = re.compile(r"`([^`\n]{3,})`|(?<![\w./\\])([\w.\\/:-]*[\d./\\][\w.\\/:-]*)")
"""A step's literals: code spans, and bare tokens with a digit, dot or slash ("/16",
"500", "open.txt", "\\\\fileserver\\team")."""
_MIN_LITERAL = 3
_API = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?$")
"""`requests.get`, `os.walk()`: an API a defensive step may name too; not the attack's own."""
_FILE = re.compile(
    r"\.(?:pyw?|txt|jpe?g|png|csv|log|json|exe|dll|ps1|sh|bat|zip|pem|key|db|html?)$"
)


def _literals(line: str) -> set[str]:
    """The values a step line quotes: the draft's own data, not the language's names."""
    found = set()
    for span, bare in _LITERAL.findall(line):
        token = (span or bare).strip().rstrip(".,;:)")
        if len(token) < _MIN_LITERAL or token.isalpha():
            continue
        if _API.match(token) and not _FILE.search(token):
            continue
        found.add(token)
    return found


def _in_code(token: str, code: str) -> bool:
    """`token` occurs in `code`; a number only as a whole number ("500", not "1500")."""
    if token.isdigit():
        return re.search(rf"(?<![\w.]){token}(?![\w])", code) is not None
    return token in code


def drop_code_echoes(text: str, dropped: tuple[str, ...]) -> tuple[str, int]:
    """`text` without the list steps that reuse a removed attack block's literals.

    Once the scanner's code is cut, "Set concurrency to 500 so the /16 finishes in 10
    minutes" and "Download the found cameras' images from `/snapshot.jpg`" are still its
    operating instructions: the address block, the output file, the path on the victims'
    devices are the code's own values, in any language (review9 R40). Only list steps go:
    teaching prose that quotes an API stays.
    """
    if not dropped:
        return text, 0
    code = "\n".join(dropped)
    kept: list[str] = []
    removed = 0
    for line in text.split("\n"):
        if _STEP_LINE.match(line) and any(_in_code(t, code) for t in _literals(line)):
            removed += 1
            continue
        kept.append(line)
    return ("\n".join(kept).strip(), removed) if removed else (text, 0)
