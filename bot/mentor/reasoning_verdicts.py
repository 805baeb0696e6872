"""What the learner's numbers decide: better or worse, the hypothesis refuted, evidence given.

Shared by the reasoning lines (bot/mentor/reasoning.py) and the follow-up verdict
(bot/engine/followup.py): a before/after pair is read the same way everywhere.
"""

from __future__ import annotations

import re

from bot.mentor.facts import Quantity, QuestionFacts, ThreadMemory
from bot.mentor.growth_by_age import different_ages
from bot.mentor.judgement import small_gain
from bot.mentor.measures import apart, head, same_measure
from bot.mentor.per_item import per_item
from bot.mentor.quantities import RANGE, measured

NOISE = 0.03
"""Relative changes under 3% are noise, not an effect."""
MAX_TURN_RATIO = 1000.0
"""Numbers from different turns further apart than this are not compared."""
SAME_TURN = 3
"""A 'before' and an 'after' this close in the thread's evidence were written in one turn."""
LOWER_IS_BETTER = {"latency", "duration", "memory"}
HIGHER_IS_BETTER = {"throughput"}
TIME_KINDS = {"latency", "duration"}


def kind_family(q: Quantity) -> str:
    """Latency and duration are one family: both are time, compared with each other."""
    return "time" if q.kind in TIME_KINDS else q.kind


def percentile(q: Quantity) -> str:
    """'p99' from the label: a p99 is only compared with a p99."""
    return next((w for w in q.label.split() if w.startswith("p") and w[1:].isdigit()), "")


def side(q: Quantity) -> str:
    """'before', 'after' or '' from the label: which side of a change the number is."""
    words = q.label.split()
    return "before" if "before" in words else "after" if "after" in words else ""


def before_after_pairs(items: tuple[Quantity, ...]) -> list[tuple[Quantity, Quantity]]:
    """(before, after) pairs within one message, per kind family and percentile."""
    pairs: list[tuple[Quantity, Quantity]] = []
    used: set[int] = set()
    for i, first in enumerate(items):
        if i in used or side(first) != "before" or not is_comparable(first):
            continue
        for j, second in enumerate(items):
            if j in used or j == i or side(second) != "after" or not measured(second):
                continue
            if percentile(second) and percentile(first) != percentile(second):
                continue
            if _two_operations(first, second):
                continue  # "the query fell to 100 ms, the page is still 1.6 s": two measures
            if kind_family(second) == kind_family(first) and second.unit == first.unit:
                pairs.append((first, second))
                used.update((i, j))
                break
    return pairs


def _two_operations(first: Quantity, second: Quantity) -> bool:
    """Two numbers naming two different operations (a query, a page), no code variants.

    "json.dumps 120 ms, orjson.dumps 18 ms" names two variants of one step (read as variants
    by `apart`); "the query 100 ms, the page 1.6 s" names a part and its total.
    """
    a, b = head(first), head(second)
    return bool(a) and bool(b) and a != b and a.isalpha() and b.isalpha()


def is_comparable(q: Quantity) -> bool:
    """A measured number of a kind with a direction (time, memory, throughput, a speed-up)."""
    kind_ok = q.kind in LOWER_IS_BETTER | HIGHER_IS_BETTER or (q.kind == "ratio" and q.unit == "x")
    return kind_ok and measured(q)


def earlier_number(q: Quantity, memory: ThreadMemory, *, as_result: bool = True) -> Quantity | None:
    """The latest number of the same kind (and percentile) that measured what `q` measures.

    `as_result`: `q` is read as the result of a change, so it must not be what a profile or a
    log shows, and it must measure the same thing (bot/mentor/measures.py); without it (a
    number measured again elsewhere) only the second holds.
    """
    if RANGE in q.label.split():
        return None  # a spread observed now ("10-15 min") is no change from before
    same = [
        (i, old)
        for i, old in enumerate(memory.evidence)
        if measured(old)  # a goal, a load held constant, an expectation or a range is no 'before'
        and RANGE not in old.label.split()
        and kind_family(old) == kind_family(q)  # "95 s" then "2.1 s": both are times
        and old.unit == q.unit
    ]
    same = _same_role(q, same)
    found = [(i, old) for i, old in same if percentile(old) == percentile(q)]
    if not found and percentile(q):
        # "900 ms at p99 with 200 req/s" may leave the p99 on the rate; the thread's one
        # unlabelled number of that kind is what "now the p99 is 250 ms" is read against
        # (not the search's 700 ms when the p50 names nothing and the 700 ms named the search)
        found = [(i, old) for i, old in same if not percentile(old) and old.of in ("", q.of)]
    if as_result and q.finding and not (side(q) == "after" or percentile(q)):
        # what a profile or a log shows ("took 0.350 seconds" in a debug warning) is a finding,
        # not a result, unless said as one ("now", "after") or its metric named ("p99 600 ms")
        return None
    found = _same_thing(q, found)
    if not found:
        return None
    at, old = found[-1]
    # "now 0.06 s instead of 2.1 s" is stored in the order written: the latest state of the
    # thread is the turn's result ('after'), not the 'before' written after it
    if "before" in old.label.split():
        # "p95 went from 120 ms to 900 ms": the pair's after may not repeat the p95; it is the
        # same measure, written beside its before (never the before itself)
        after = [
            o
            for i, o in same
            if "after" in o.label.split()
            and abs(at - i) <= SAME_TURN
            and percentile(o) in ("", percentile(old))
        ]
        old = after[-1] if after else old
    if different_ages(old, q):
        return None  # "6 GB after a week", "3 GB after two days": read per day (growth_by_age)
    low, high = sorted((old.value, q.value))
    # a 1000x jump between turns is another quantity (a job vs a request), not a change
    return old if low > 0 and high / low <= MAX_TURN_RATIO else None


def _same_role(q: Quantity, same: list[tuple[int, Quantity]]) -> list[tuple[int, Quantity]]:
    """The earlier numbers in `q`'s role: one item's time against one item's, a total against a total.

    "9 s in all; each API ~3 s" then "now 3.2 s": the 3.2 s is the total's result, never 3 s →
    3.2 s (review12 V18). A thread that only ever gave one item's time ("each request takes
    800 ms", then "now 200 ms") is read against it, and the other way round.
    """
    alike = [(i, old) for i, old in same if per_item(old) == per_item(q)]
    # a role the thread never gave ("each batch takes 0.4 s" after "40 s per batch") is read
    # against what it gave
    return alike or same


def _same_thing(q: Quantity, found: list[tuple[int, Quantity]]) -> list[tuple[int, Quantity]]:
    """The earlier numbers that measured what `q` measures.

    Those naming the same thing first; else, when `q` names nothing (or the learner changed
    something, whose name may stand in the clause), the thread's main measure: the numbers that
    name nothing or what the thread's first number named. "The merge takes 30 s" with no change
    is another operation than the groupby's 12 s: nothing.
    """
    if not found:
        return []
    named = [(i, old) for i, old in found if same_measure(q, old)]
    if named:
        return named
    if head(q) and not q.changed:
        return []
    first = set(found[0][1].of.split())
    return [(i, old) for i, old in found if not old.of or first & set(old.of.split())]


def direction(before: Quantity, after: Quantity) -> int:
    """+1 when `after` is better, -1 when worse, 0 for noise or no better side.

    Less time or memory is better; more throughput or a higher speed-up is better.
    """
    if before.value <= 0 or after.value <= 0:
        return 0
    change = (after.value - before.value) / before.value
    if abs(change) < NOISE:
        return 0
    if before.kind in LOWER_IS_BETTER:
        return 1 if change < 0 else -1
    if before.kind in HIGHER_IS_BETTER or (before.unit == "x" == after.unit):
        return 1 if change > 0 else -1
    return 0


MAX_FINDING_NAMES = 4
"""Objects of a finding named back (`json.dumps`, py-spy): its substance, never the sentence."""
_NAMED = re.compile(r"`([^`\n]{1,60})`|\b([A-Za-z_]\w{0,40}(?:\.[A-Za-z_]\w{0,40}){1,4}(?:\(\))?)")


def finding_names(text: str, facts: QuestionFacts) -> tuple[str, ...]:
    """The objects a learner's report names: quoted code, dotted APIs, then the stack named."""
    names: list[str] = []
    for quoted, dotted in _NAMED.findall(text[:4000]):
        name = (quoted or dotted).strip()
        if name and not name[0].isdigit():
            names.append(name)
    names.extend(facts.stack)
    return tuple(dict.fromkeys(names))[:MAX_FINDING_NAMES]


def refuted(facts: QuestionFacts, memory: ThreadMemory | None = None) -> bool:
    """The turn's numbers say the change made things worse and nothing better.

    The hypothesis being tested is refuted, so the thread moves to another one. With the
    thread's `memory`, a lone number is compared with the one reported earlier ("p99 went to
    950 ms" after "p99 800 ms").
    """
    found = verdicts(facts, memory)
    return any(v < 0 for v in found) and not any(v > 0 for v in found)


def improved(facts: QuestionFacts, memory: ThreadMemory | None = None, text: str = "") -> bool:
    """The turn reports a change that made a number clearly better (not only a diagnosis).

    A gain too small to be the fix (under 10%, or "barely better" in `text`) is not one.
    """
    return any(
        direction(b, a) > 0 and not small_gain(abs(a.value - b.value) / b.value, text)
        for b, a in turn_pairs(facts, memory)
    )


def verdicts(facts: QuestionFacts, memory: ThreadMemory | None = None) -> list[int]:
    """Each before/after pair of the turn read as better (+1), worse (-1) or noise (0).

    With the thread's `memory`, a lone number is paired with the one reported earlier. Numbers
    measured around unchanged code in another environment decide nothing about a change.
    """
    return [direction(b, a) for b, a in turn_pairs(facts, memory)]


def turn_pairs(
    facts: QuestionFacts, memory: ThreadMemory | None = None
) -> list[tuple[Quantity, Quantity]]:
    """The turn's (before, after) pairs; a lone number paired with the thread's earlier one."""
    if facts.environment:
        return []
    pairs = [(b, a) for b, a in before_after_pairs(facts.quantities) if not apart(b, a)]
    if not pairs and memory is not None:
        for q in facts.quantities:
            earlier = (
                earlier_number(q, memory) if is_comparable(q) and side(q) != "before" else None
            )
            if earlier is not None:
                pairs.append((earlier, q))
    return pairs


def evidence_reported(facts: QuestionFacts, text: str = "") -> bool:
    """The learner reported a measurement or a test result this turn (counts as evidence)."""
    measured = (
        any(side(q) for q in facts.quantities) or len(before_after_pairs(facts.quantities)) > 0
    )
    return measured or ("result" in facts.given and bool(text.strip()))
