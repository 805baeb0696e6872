"""A direct question about the change ("is it ok now?") answered first: yes or not yet, and why.

The method's mentor answers THIS question. A follow-up that reports a fix and asks whether it is
right now gets its answer before anything else, decided by the measurements the turn brings:
the sandbox run against the thread's previous run of the same code, else the learner's own
before/after numbers (a gain under 10%, or one they call "barely better", is no yes), and a goal
stated in the thread that the new number still misses. The reason is the line that decided it.
"""

from __future__ import annotations

from bot.mentor.facts import Quantity, QuestionFacts, ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.judgement import asks_evaluation, small_gain
from bot.mentor.reasoning_verdicts import direction, kind_family, percentile, turn_pairs
from bot.mentor.sandbox_compare import remembered_run, same_program
from bot.sandbox.report import RunStatus, SandboxReport


def _run_gain(report: SandboxReport | None, code: str, memory: ThreadMemory) -> float | None:
    """The relative wall-time gain of this run over the thread's previous run of the same code."""
    if report is None or report.status is not RunStatus.OK or not report.wall_ms:
        return None
    earlier = remembered_run(memory.sandbox)
    if earlier is None or not earlier.wall_ms or not same_program(memory.code or "", code):
        return None
    return (earlier.wall_ms - report.wall_ms) / earlier.wall_ms


def _misses_goal(after: Quantity, facts: QuestionFacts, memory: ThreadMemory) -> bool:
    """The new number is still on the wrong side of a goal of its kind stated in the thread."""
    goals = [q for q in (*memory.evidence, *facts.quantities) if "goal" in q.label.split()]
    for goal in reversed(goals):
        same = kind_family(goal) == kind_family(after) and goal.unit == after.unit
        if same and percentile(goal) in ("", percentile(after)):
            return direction(goal, after) < 0
    return False


def verdict(
    text: str,
    facts: QuestionFacts,
    memory: ThreadMemory,
    report: SandboxReport | None = None,
    code: str = "",
) -> bool | None:
    """True (yes), False (not yet) or None (no such question, or nothing measured to decide)."""
    if not memory.turns or not asks_evaluation(text):
        return None
    gain = _run_gain(report, code, memory)
    if gain is not None:
        return gain > 0 and not small_gain(gain, text)
    pairs = turn_pairs(facts, memory)
    if not pairs:
        return None
    before, after = pairs[0]
    if direction(before, after) <= 0:
        return False
    change = abs(after.value - before.value) / before.value
    return not small_gain(change, text) and not _misses_goal(after, facts, memory)


def answered_first(
    notes: tuple[str, ...],
    yes: bool | None,
    language: str,
    catalog: Catalog,
) -> tuple[str, ...]:
    """The notes with the answer first; the note that decided it becomes the answer's reason."""
    if yes is None or not notes:
        return notes
    key = "reasoning_answer_yes" if yes else "reasoning_answer_no"
    return (catalog.message(language, key, reason=notes[0]), *notes[1:])
