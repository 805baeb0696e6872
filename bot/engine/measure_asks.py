"""When the offline reply asks for a measurement, and which one.

A first question about time or memory with no number is asked for the number first (review10
T8); a baseline step only where there is a scenario to time (an error count, a version or a
bug the code shows has none: review F8) and the learner has not measured already; the
reflection asks for the next change's number once the thread holds a before and an after.
"""

from __future__ import annotations

from bot.engine.choice import Choice
from bot.mentor.code_words import prose_and_code, scanned
from bot.mentor.engine_port import EngineRequest
from bot.mentor.quantities import measured
from bot.mentor.reasoning_verdicts import side, verdicts
from bot.mentor.specifics import performance

BASELINE_SLOTS = frozenset({"baseline", "result", "latency", "throughput"})
"""Given slots that mean the learner measured something already."""
MEASURED_KINDS = frozenset({"latency", "duration", "throughput", "memory", "ratio"})
"""Quantity kinds that are a measurement (a count or a size alone is not)."""
UNTIMED_SYMPTOMS = frozenset({"error", "crash", "flaky"})
UNTIMED_GOALS = frozenset({"correctness", "security", "ship"})
UNTIMED_ASKS = frozenset({"version", "error"})
"""A question of these (and no time or memory words) has no scenario to time."""
CORRECTNESS_KINDS = frozenset({"mutable_default", "bare_except_pass", "set_order"})
"""Code-scan findings that are bugs, not costs: nothing to time five times."""


def unmeasured(request: EngineRequest, given: frozenset[str]) -> bool:
    """A first question about time or memory with no number, code or run to start from."""
    if request.history or request.code or request.sandbox is not None or request.refuse:
        return False
    if given & (BASELINE_SLOTS | {"memory"}):
        return False
    facts = request.facts
    if any(q.kind in MEASURED_KINDS for q in facts.quantities):
        return False
    return performance(facts)


def timed(request: EngineRequest, choice: Choice) -> bool:
    """The question has a scenario to time, unless it is about an error, a version or code.

    A type checker's 12,000 errors, a wheel that will not import or a trace id that does
    not propagate have nothing to run five times for a median (review F8); a question
    about time, memory or throughput always has.
    """
    facts = request.facts
    if performance(facts):
        return True
    lead = choice.units[0].asks if choice.units else ""
    mined = prose_and_code(request.question, request.code)[1]
    untimed = (
        bool(facts.errors)
        # a bug the code shows (a shared mutable default) is fixed by a test, not a median
        or any(f.kind in CORRECTNESS_KINDS for f in scanned(mined))
        or facts.symptom in UNTIMED_SYMPTOMS
        or facts.goal in UNTIMED_GOALS
        or lead in UNTIMED_ASKS
    )
    return not untimed


def already_measured(request: EngineRequest) -> bool:
    """The learner already gave a measurement, this turn or earlier in the thread.

    Asking for a baseline again after "the import takes 2.1 s" is noise.
    """
    given = request.facts.given | request.memory.given
    earlier = (q for q in request.memory.evidence if measured(q))
    kinds = {q.kind for q in (*request.facts.quantities, *earlier)}
    return bool(given & BASELINE_SLOTS or kinds & MEASURED_KINDS)


def before_and_after(request: EngineRequest) -> bool:
    """The thread holds a measured 'after' number, or this turn's number has a 'before'."""
    numbers = (*request.facts.quantities, *request.memory.evidence)
    after = any(measured(q) and side(q) == "after" for q in numbers)
    return after or bool(verdicts(request.facts, request.memory))
