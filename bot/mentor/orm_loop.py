"""A related object read in a loop over a query: one query per row, told as the why (U5).

"I moved the totals into the template loop and the page went from 200 ms to 3 s: why slower?"
with `for order in Order.objects.all(): order.customer.name` asks for the mechanism, and the
code holds it: the ORM loads `customer` lazily, so each row runs its own query (N+1 round
trips). The reply says so and names the count to take (queries per request) and the eager load
that removes it. Read from the code (a loop over a query whose body reads `row.relation.x`) or
from the message's own words (an ORM, a loop and a lazy relation named). Words per language:
config/knowledge/lexicon/orm_loop.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.mentor.i18n import Catalog
from bot.mentor.lexicon import lexicon_file, phrases
from bot.settings import DEFAULT_CONFIG_DIR

MAX_TEXT = 8000
MAX_BODY_LINES = 30
_FOR = re.compile(r"^([ \t]*)(?:async\s+)?for\s+(\w{1,40})\s+in\s+([^\n]{1,200}):[ \t]*$", re.M)
_QUERY = re.compile(
    r"objects\.|\.query\(|\.scalars\(|\.execute\(|select\(|\.filter\(|\.all\(\)|queryset", re.I
)
_DOTTED = re.compile(r"\b[a-z_]\w{0,30}\.[a-z_]\w{0,30}\.[a-z_]\w{0,30}\b")


@dataclass(frozen=True)
class Cues:
    """The ORM, loop, lazy-loading and slower words, loaded once."""

    orm: re.Pattern[str]
    loop: re.Pattern[str]
    lazy: re.Pattern[str]
    slower: re.Pattern[str]

    @classmethod
    def load(cls, config_dir: Path) -> Cues:
        """Read config_dir/knowledge/lexicon/orm_loop.toml."""
        data = lexicon_file(config_dir, "orm_loop")

        def cue(name: str) -> re.Pattern[str]:
            """Names and code fragments: a plain word whole ("orm", not "format")."""
            words = sorted({str(w).lower() for w in data.get(name, {}).get("cues", [])}, key=len)
            return re.compile(
                "|".join(
                    rf"\b{re.escape(w)}\b" if w.isalnum() else re.escape(w) for w in reversed(words)
                )
            )

        return cls(
            orm=cue("orm"),
            loop=phrases(data.get("loop", {}).get("cues", []), particles=True),
            lazy=phrases(data.get("lazy", {}).get("cues", []), stem=True),
            slower=phrases(data.get("slower", {}).get("cues", []), stem=True),
        )


@lru_cache(maxsize=2)
def cues(config_dir: Path | None = None) -> Cues:
    """The cues of `config_dir` (the repository's config by default), cached."""
    return Cues.load(config_dir or DEFAULT_CONFIG_DIR)


def relation_in_loop(code: str) -> str:
    """`row.relation` read in the body of a loop over a query ('' when none): the N+1 shape."""
    source = code[:MAX_TEXT]
    for loop in _FOR.finditer(source):
        indent, name, iterable = loop.groups()
        if not _QUERY.search(iterable) and not cues().orm.search(source.lower()):
            continue
        body: list[str] = []
        for line in source[loop.end() + 1 :].splitlines()[:MAX_BODY_LINES]:
            if line.strip() and len(line) - len(line.lstrip()) <= len(indent):
                break
            body.append(line)
        # `order.customer.name`, `order.items.all()`, `order.customer` passed on
        found = re.search(
            rf"\b{re.escape(name)}\.([a-z_]\w{{0,30}})\.(?:[a-z_]\w{{0,30}})", "\n".join(body)
        )
        if found:
            return f"{name}.{found.group(1)}"
    return ""


def said_in_words(text: str) -> str:
    """The message names an ORM, a loop and a lazy relation ("order.customer in a loop")."""
    lower = text[:MAX_TEXT].lower()
    words = cues()
    if not (words.orm.search(lower) and words.loop.search(lower)):
        return ""
    dotted = _DOTTED.search(text[:MAX_TEXT])
    if words.lazy.search(lower):
        return dotted.group(0).rsplit(".", 1)[0] if dotted else "N+1"
    return ""


def asks_why_slower(text: str, worse: bool) -> bool:
    """A question about why it got slower: a worse number read, or the word "slower" itself."""
    asks = "?" in text or "？" in text
    return asks and (worse or bool(cues().slower.search(text[:MAX_TEXT].lower())))


def lazy_loop_line(text: str, code: str, worse: bool, language: str, catalog: Catalog) -> str:
    """The N+1 mechanism when the learner asks why it got slower and a relation is read per row."""
    if not asks_why_slower(text, worse):
        return ""
    relation = relation_in_loop(code) if code else ""
    relation = relation or relation_in_loop(text) or said_in_words(text)
    if not relation:
        return ""
    return catalog.message(language, "measured_orm_lazy_loop", relation=relation)
