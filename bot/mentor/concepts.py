"""Short conceptual yes/no questions answered first: "is dict order guaranteed in 3.7+?".

Such a first question asks for a fact, not a plan: the reply opens with the direct answer, its
reason and its caveat, then the method's sections (review11 U33). A concept is asked when the
question says one word of every one of its groups (in any language; code names count); the
answers are data in 14 languages: config/knowledge/concepts.toml. A version named in such a
question ("3.7+") is what is asked about, not a constraint the steps must hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.mentor.facts import QuestionFacts, ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.quantities import measured
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.toml_files import read_toml

MAX_CHARS = 420
"""A question of a few sentences: a longer one describes a problem the method's plan answers.

The facts asked often come with their context ("one producer, four consumers share a deque:
thread-safe without a lock?"): the answer first, then the plan of the same subject."""
STEM = 5
"""Terms this long or longer match as stems ("thread" in "threading", "стабил" in "стабильна")."""
RUN_KINDS = frozenset({"latency", "duration", "throughput", "ratio"})
"""Numbers that measure a run: a question beside them reports a problem, it asks no fact."""
_PYTHON_VERSION = "python:"
"""How a held Python version reads (bot/mentor/constraints.py)."""


_SET_VERB = r"(?!\s+(?:the|a|an|up|to|it|my|your|this|that|of|them)\b)"
""""set the order" is a verb: only the type counts ("is a set ordered?", "ли set порядок")."""


def _term(word: str) -> str:
    """A term as a regex: whole word, a stem when long, "set" only as the type."""
    if word == "set":
        return rf"(?<![\w.])set{_SET_VERB}(?!\w)"
    body = re.escape(word)
    if not (word[0].isalnum() and ord(word[0]) < 0x3000):
        return body
    start = r"(?<![\w.])"
    if not (word[-1].isalnum() and ord(word[-1]) < 0x3000):
        return start + body
    return start + body + (r"\w*" if len(word) >= STEM else r"(?!\w)")


@dataclass(frozen=True)
class Concept:
    """One fact: the word groups a question must all say, and the answer per language."""

    id: str
    groups: tuple[re.Pattern[str], ...]
    text: dict[str, str]
    units: tuple[str, ...] = ()
    """The knowledge units of the same subject: the steps after the answer come from them."""


@lru_cache(maxsize=2)
def concepts(config_dir: Path | None = None) -> tuple[Concept, ...]:
    """The concepts of config_dir/knowledge/concepts.toml, loaded once."""
    data = read_toml((config_dir or DEFAULT_CONFIG_DIR) / "knowledge" / "concepts.toml")
    out = []
    for item in data.get("concepts", []):
        groups = tuple(
            re.compile("|".join(_term(str(w).lower()) for w in group if str(w).strip()))
            for group in item.get("groups", [])
            if group
        )
        units = tuple(str(u) for u in item.get("units", []))
        out.append(Concept(str(item["id"]), groups, dict(item.get("text", {})), units))
    return tuple(out)


def asked_concept(text: str, facts: QuestionFacts, memory: ThreadMemory) -> Concept | None:
    """The concept a short question asks about, or None.

    A short message asking (a question mark), with no code and no time or rate measured: "is
    list.append thread-safe?" beside a profile is a problem to work on. In a thread too ("new
    subject: does open() in a coroutine block the loop? yes or no first").
    """
    if len(text) > MAX_CHARS or "```" in text:
        return None
    if "?" not in text and "？" not in text:
        return None
    if any(measured(q) and q.kind in RUN_KINDS for q in facts.quantities):
        return None
    lower = text.lower()
    for concept in concepts():
        if concept.groups and all(g.search(lower) for g in concept.groups):
            return concept
    return None


def answer(concept: Concept, language: str, catalog: Catalog) -> str:
    """The direct answer first, in the learner's language (English when none is written)."""
    said = concept.text.get(language) or concept.text.get("en", "")
    return catalog.message(language, "measured_concept", answer=said) if said else ""


def without_version(constraints: tuple[str, ...]) -> tuple[str, ...]:
    """The constraints but a Python version: in a concept question it is what is asked about."""
    return tuple(c for c in constraints if not c.startswith(_PYTHON_VERSION))
