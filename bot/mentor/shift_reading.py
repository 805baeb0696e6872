"""Readings that give no verdict: unchanged code measured elsewhere, a first turn's symptom.

A pair of numbers is not always a tested change. Around unchanged code in another environment
(bot/mentor/environment_shift.py names what moved) it is compared like with like, no "revert
it"; in a thread's first message it is the regression the learner asks about. Both were part
of bot/mentor/reasoning.py; its `evidence_notes` calls them.
"""

from __future__ import annotations

from bot.mentor import constraints, environment_shift
from bot.mentor.facts import Quantity, QuestionFacts, ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.judgement import PART, WHOLE
from bot.mentor.reasoning_verdicts import (
    before_after_pairs,
    earlier_number,
    kind_family,
    percentile,
    side,
)
from bot.mentor.value_format import format_value


def first_turn_symptom(memory: ThreadMemory, text: str) -> bool:
    """A thread's first message that names no change of the learner's own.

    "p99 went from 40 ms to 900 ms" in a first question is the symptom, not a tested change:
    no "the change did not help, revert it".
    """
    if memory.turns or memory.evidence:
        return False
    lower = text.lower()
    cues = environment_shift.cues()
    return not cues.changed.search(lower) and not constraints.rules().attempted.search(lower)


def regressed(before: Quantity, after: Quantity, language: str, catalog: Catalog) -> str:
    """A first question's worse number read as the regression to explain, not a verdict."""
    return _pair_note("reasoning_regressed", before, after, language, catalog)


def variants(before: Quantity, after: Quantity, language: str, catalog: Catalog) -> str:
    """A first question's better pair: two variants compared, no change tested yet.

    "210 s, and the same logic with agg() 9 s" is never "the change worked, it holds".
    """
    return _pair_note("reasoning_variants", before, after, language, catalog)


def _pair_note(key: str, before: Quantity, after: Quantity, language: str, catalog: Catalog) -> str:
    """The catalog's `key` note on a pair: its percentile, both values and their ratio."""
    low, high = sorted((before.value, after.value))
    label = percentile(after) or percentile(before)
    return catalog.message(
        language,
        key,
        label=f"{label} " if label else "",
        before=format_value(before, after),
        after=format_value(after, before),
        ratio=f"{high / low:.1f}" if low > 0 else "∞",
    )


_NOT_RUNS = frozenset({"goal", "expected", "setting", "range", PART, WHOLE})
"""Labels of numbers that are no run of the code (a held load still is: "sunucuda 140 s")."""


def _own_pair(items: tuple[Quantity, ...]) -> list[tuple[Quantity, Quantity]]:
    """'41 s on the laptop, 140 s on the server': the message's own two runs, in order.

    Compared with each other, not with the thread's older number (the laptop's 41 s is the
    reference for the server's 140 s; "dropped to 0.9 s, but in production 6 s" is 0.9 vs 6).
    """
    runs = [
        q
        for q in items
        if q.kind in environment_shift.NUMBERS and not _NOT_RUNS & set(q.label.split())
    ]
    if len(runs) < 2:
        return []
    first, second = runs[-2], runs[-1]
    if kind_family(first) != kind_family(second) or first.unit != second.unit:
        return []
    return [(first, second)]


MAX_VARIABLES = 2
"""Environment variables named with their measurement: the two the message names first."""


def environment_notes(
    facts: QuestionFacts, memory: ThreadMemory, language: str, catalog: Catalog
) -> tuple[str, ...]:
    """Numbers measured around unchanged code elsewhere: like with like, no verdict, no revert.

    The pair is read as a ratio only; then what changed (where it runs, the data, a real
    network call, the Python version, the load, a limit) with the measurement that separates
    the code's cost from the environment's.
    """
    pairs = before_after_pairs(facts.quantities) or _own_pair(facts.quantities)
    if not pairs:
        pairs = [
            (old, q)
            for q in facts.quantities
            if q.kind in environment_shift.NUMBERS and side(q) != "before"
            for old in [earlier_number(q, memory, as_result=False)]
            if old is not None
        ][:1]
    notes: list[str] = []
    for before, after in pairs[:1]:
        low, high = sorted((before.value, after.value))
        label = percentile(after) or percentile(before)
        notes.append(
            catalog.message(
                language,
                "reasoning_env_compare",
                label=f"{label} " if label else "",
                before=format_value(before, after),
                after=format_value(after, before),
                ratio=f"{high / low:.1f}" if low > 0 else "∞",
            )
        )
    if not notes:
        notes.append(catalog.message(language, "reasoning_env_nopair"))
    notes.extend(
        catalog.message(language, f"reasoning_env_{name}")
        for name in facts.environment[:MAX_VARIABLES]
    )
    return tuple(notes)
