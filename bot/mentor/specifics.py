"""The learner's own specifics (their functions and APIs, error messages, numbers) as one step.

A unit's steps are written for the situation, not for this learner: "measure the hot function"
reads the same to everyone. The step built here names what the learner wrote (the error they
quote, the function or API they are stuck on, the numbers they gave), so even a reply composed
from generic units says what to check on THEIR case: the error becomes the pass/fail check, a
slow function is measured on its own at their scale, and a design change starts by pinning the
current behaviour of their function in a test. Bounded regexes over the prose only (the code
contributes the names it defines), so hostile input stays linear.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.mentor.facts import QuestionFacts
from bot.text import markdown

_BACKTICK = re.compile(r"`([^`\n]{2,60}+)`")
_CALLED = re.compile(r"(?<![\w.])([A-Za-z_]\w{2,40}+)\(\)")
_DEFINED = re.compile(r"^[ \t]{0,16}(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w{0,60}+)", re.M)
_QUOTED = re.compile(r"[\"“«„]([^\"”»“\n]{8,90}+)[\"”»“]")
_MESSAGE_WORD = re.compile(
    r"error|exception|fail|locked|destroyed|denied|refused|timeout|timed out|not exist|"
    r"cannot|can't|unable|invalid|duplicate|warning|closed|killed|unreliable|flaky|deadline|"
    r"exceeded|mismatch|not found|no such|unexpected|overflow|too many",
    re.I,
)
_CALL_SPAN = re.compile(r"([A-Za-z_]\w{0,40}+)\([^()]{0,50}+\)$")
_PERCENTILE = re.compile(r"p\d{2,3}")
_BUILTIN_NAMES = frozenset(dir(builtins))
MAX_NAME = 40
MAX_NAMES = 1
MAX_NUMBERS = 2
MAX_SCAN = 8000
"""Characters of prose read; specifics come early in a question."""
PERFORMANCE_SYMPTOMS = frozenset({"slow", "latency_spike", "memory_growth"})
PERFORMANCE_GOALS = frozenset({"faster", "less_memory", "scale"})
MEASURED_KINDS = frozenset({"latency", "duration", "throughput", "memory"})


@dataclass(frozen=True)
class Specifics:
    """What this learner named: their own names, the error they quote, their numbers."""

    names: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()


def _own_name(candidate: str) -> bool:
    """A name of the learner's own code (`calcola_punteggio`, `ReportBuilder`).

    Not a keyword, a library path (`np.linalg.inv`: the units name those), a command or an
    ordinary word in backticks.
    """
    text = candidate.removesuffix("()")
    if not text.isidentifier() or keyword.iskeyword(text) or keyword.issoftkeyword(text):
        return False
    if len(text) > MAX_NAME or text.isupper() or text in _BUILTIN_NAMES:
        return False
    inner_capital = any(c.isupper() for c in text[1:]) and any(c.islower() for c in text)
    return "_" in text.strip("_") or inner_capital


def read(question: str, code: str | None, facts: QuestionFacts) -> Specifics:
    """The specifics of one message: names from prose and the code's own functions."""
    prose, fenced = markdown.prose_and_code(question)
    prose = prose[:MAX_SCAN]
    source = (code or fenced or "")[: 4 * MAX_SCAN]
    names: dict[str, None] = {}
    errors: dict[str, None] = {}
    for quoted in _QUOTED.findall(prose):
        if quoted.isascii() and _MESSAGE_WORD.search(quoted):
            errors.setdefault(quoted.strip(), None)
    for error in facts.errors:
        if not any(error in e for e in errors):
            errors.setdefault(error, None)
    for raw in _BACKTICK.findall(prose):
        span = raw.strip()
        if _MESSAGE_WORD.search(span) and " " in span and span.isascii():
            errors.setdefault(span, None)
        else:
            called = _CALL_SPAN.match(span)  # `export_report(rows, True)`: the function's name
            name = called.group(1) if called else span.removesuffix("()")
            if _own_name(name):
                names.setdefault(name, None)
    for called in _CALLED.findall(prose):
        if _own_name(called):
            names.setdefault(called, None)
    for defined in _DEFINED.findall(source):
        if not defined.startswith(("test", "_")):
            names.setdefault(defined, None)
    known = set(errors)
    own = [n for n in names if not any(n in e for e in known)]
    numbers = tuple(
        dict.fromkeys(
            f"{q.label} {q.text}"
            if _PERCENTILE.fullmatch(q.label) and q.label not in q.text
            else q.text
            for q in facts.quantities
        )
    )
    return Specifics(tuple(own[:MAX_NAMES]), tuple(list(errors)[:1]), numbers[:MAX_NUMBERS])


def performance(facts: QuestionFacts) -> bool:
    """The question is about time, memory or throughput: something measured by running it."""
    kinds = {q.kind for q in facts.quantities}
    return (
        facts.symptom in PERFORMANCE_SYMPTOMS
        or facts.goal in PERFORMANCE_GOALS
        or bool(kinds & MEASURED_KINDS)
    )


def _quoted(items: tuple[str, ...]) -> str:
    return ", ".join(f"`{item}`" for item in items)


def own_step(
    question: str,
    code: str | None,
    facts: QuestionFacts,
    message: Callable[..., str],
) -> str:
    """One step on the learner's own case, or "" when the message names nothing of its own.

    `message(key, **params)` is the catalog in the learner's language. The quoted error becomes
    the pass/fail check; otherwise a performance question measures the learner's function or
    API on its own at their numbers, and any other question pins its current behaviour first.
    """
    found = read(question, code, facts)
    scale = message("offline_own_scale", numbers=", ".join(found.numbers)) if found.numbers else ""
    if found.errors:
        return message("offline_own_reproduce", error=_quoted(found.errors), scale=scale)
    if not found.names:
        return ""
    if performance(facts):
        return message("offline_own_measure", name=_quoted(found.names), scale=scale)
    return message("offline_own_pin", name=_quoted(found.names))
