"""Question understanding: stack, numbers with units, symptom, goal and given slots, no LLM.

One regex pass per concern over the learner's text (never their code, except for the stack and
the "code" slot), with bounded quantifiers and no nested repetition, so hostile input stays
linear. Words per language are data: config/knowledge/lexicon/stack.toml (what is named) and
config/knowledge/lexicon/understanding.toml (labels, symptoms, goals, slot cues). Numbers are
read by bot/mentor/quantities.py; the lexicon is loaded by bot/mentor/lexicon.py.
"""

from __future__ import annotations

import re

from bot.mentor.facts import QuestionFacts
from bot.mentor.lexicon import Lexicon, lexicon
from bot.mentor.quantities import BASELINE_KINDS, measured, parse_number, quantities
from bot.text import markdown

__all__ = ["Lexicon", "extract", "lexicon", "measured", "parse_number", "quantities", "stack_names"]

_ERRORS = re.compile(
    r"\b(?:[A-Z][A-Za-z0-9]{0,40}(?:Error|Exception|Warning|Timeout|Exit)|KeyboardInterrupt"
    r"|StopIteration|OOMKilled|CancelledError)\b"
)
_TRACEBACK = re.compile(r"Traceback \(most recent call last\)|Segmentation fault|core dumped")
_WORD = re.compile(r"[a-z0-9][a-z0-9_+\-]{0,40}(?:\.[a-z0-9_]{1,40}){0,3}", re.I)
_IMPORT = re.compile(r"^[ \t]{0,16}(?:from|import)[ \t]{1,8}([\w.]{1,80})", re.M)
MAX_CODE_SCAN = 100_000


def stack_names(
    text: str, lex: Lexicon | None = None, *, imported: bool = False
) -> tuple[str, ...]:
    """Canonical names of the libraries, servers and tools named in `text`, first seen first.

    `imported`: `text` lists imported module names, so an ordinary-word name is a library.
    """
    lex = lex or lexicon()
    seen: dict[str, None] = {}
    previous = ""
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        for candidate in (f"{previous} {word}", word, word.split(".")[0]):
            name = lex.aliases.get(candidate)
            if name is not None:
                if imported or name not in lex.ambiguous or _as_library(text, match, previous, lex):
                    seen.setdefault(name, None)
                break
        previous = word
    return tuple(seen)


_NEXT_WORD = re.compile(r"[`'\"]?[ \u00a0]{0,3}(\w{1,30})")


def _as_library(text: str, match: re.Match[str], previous: str, lex: Lexicon) -> bool:
    """`requests.get`, `import requests`, the `requests` library: not '2000 HTTP requests'."""
    if "." in match.group(0) or previous in {"import", "from", "install", "add"}:
        return True
    if text[max(0, match.start() - 1) : match.start()] == "`":
        return True
    following = _NEXT_WORD.match(text, match.end())
    return following is not None and following.group(1).lower() in lex.library_words


def _first_key(table: tuple[tuple[str, re.Pattern[str]], ...], lower: str) -> str:
    best = ""
    best_at = len(lower) + 1
    for key, pattern in table:
        match = pattern.search(lower)
        if match is not None and match.start() < best_at:
            best, best_at = key, match.start()
    return best


def extract(
    text: str, code: str = "", lex: Lexicon | None = None, language: str = ""
) -> QuestionFacts:
    """What one learner message states: stack, quantities, symptom, goal, errors, given slots.

    `language` reads its numbers as that language writes them ("1.000" is a thousand in pt).
    """
    lex = lex or lexicon()
    prose, fenced = markdown.prose_and_code(text)  # fenced code is read as code, not prose
    lower = prose.lower()
    found = quantities(prose, lex, language)
    stack = stack_names(prose, lex)
    code = f"{code}\n{fenced}" if fenced else code
    if code:  # in code only imports name a library (a variable called `pod` does not)
        imported = " ".join(m.group(1) for m in _IMPORT.finditer(code[:MAX_CODE_SCAN]))
        stack = tuple(dict.fromkeys((*stack, *stack_names(imported, lex, imported=True))))
    errors = tuple(dict.fromkeys(m.group(0) for m in _ERRORS.finditer(text)))[:8]
    symptom = _first_key(lex.symptoms, lower)
    goal = _first_key(lex.goals, lower)
    given: set[str] = set()
    for q in found:
        words = q.label.split()
        if "goal" in words:
            given.add("goal")
            continue
        given.add(
            q.kind
            if q.kind in ("latency", "throughput", "memory", "size", "concurrency")
            else "latency"
            if q.kind == "duration"
            else ""
        )
        if not measured(q):
            continue
        if "before" in words or q.kind in BASELINE_KINDS:
            # a measured latency, rate or memory figure is the baseline the next change
            # is compared with: do not ask for it again
            given.add("baseline")
        if "after" in words:
            given.update(("result", "baseline"))
    if stack:
        given.add("stack")
    if any(name in lex.environment for name in stack):
        given.add("environment")
    if errors or _TRACEBACK.search(text):
        given.add("error")
    if code.strip():
        given.add("code")
    for slot, pattern in lex.slot_cues:
        if pattern.search(lower) and (slot != "result" or lex.tests.search(lower)):
            given.add(slot)
    if goal:
        given.add("goal")
    given.discard("")
    return QuestionFacts(
        stack=stack,
        quantities=found,
        symptom=symptom,
        goal=goal,
        errors=errors,
        given=frozenset(given),
    )
