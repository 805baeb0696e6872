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
from bot.mentor.over_time import asks_explains
from bot.mentor.quantities import measured
from bot.mentor.reasoning_verdicts import direction, kind_family, percentile, turn_pairs
from bot.mentor.result_change import reads_changed_output
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
    if reads_changed_output(text, memory, True):
        return False  # faster but computing something else: not yet, whatever the timing
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


EXPLAINS_MOST = 0.8
"""A change that removed this share of the problem explains it ("yes, largely")."""
EXPLAINS_SOME = 0.2
"""From this share on it explains part of it; under it, no."""
GAIN_MOST = 0.5
"""With no reference to measure the problem against: a gain of half the number is most of it."""


def _reference(before: Quantity, memory: ThreadMemory) -> Quantity | None:
    """The thread's earliest number of this measure better than `before`: where the problem began.

    "200 MB at start, 1.1 GB after 6 h" then "900 MB after 6 h": the problem is the 900 MB of
    growth above the start's 200 MB, so removing 200 MB of it explains about 22%.
    """
    for old in memory.evidence:
        if old is before or not measured(old) or old.unit != before.unit:
            continue
        if kind_family(old) != kind_family(before) or percentile(old) != percentile(before):
            continue
        if direction(before, old) > 0:
            return old
    return None


def explains(  # noqa: PLR0917  # the turn, its thread, its notes and how to say it
    text: str,
    facts: QuestionFacts,
    memory: ThreadMemory,
    notes: tuple[str, ...],
    language: str,
    catalog: Catalog,
) -> str:
    """'Does that explain it?' answered first: yes, partly (with the share) or no, and why.

    The share is what the change removed of the problem: of the distance to where the thread's
    number began when it reported one (the start's RSS, the p99 before a regression), else of
    the number itself. A worse or unchanged number explains nothing.
    """
    if not asks_explains(text):
        return ""
    pairs = turn_pairs(facts, memory)
    if not pairs:
        return ""
    before, after = pairs[0]
    reason = notes[0] if notes else ""
    gain = abs(after.value - before.value) / before.value if before.value else 0.0
    if direction(before, after) <= 0 or small_gain(gain, text):
        return catalog.message(language, "measured_explains_no", reason=reason)
    ref = _reference(before, memory)
    if ref is not None and ref.value != before.value:
        share = min(abs(before.value - after.value) / abs(before.value - ref.value), 1.0)
        most, some = EXPLAINS_MOST, EXPLAINS_SOME
    else:
        share, most, some = min(gain, 1.0), GAIN_MOST, 0.0
    if share >= most:
        return catalog.message(language, "measured_explains_yes", reason=reason)
    if share >= some:
        pct = f"{share * 100:.0f}"
        return catalog.message(language, "measured_explains_partly", pct=pct, reason=reason)
    return catalog.message(language, "measured_explains_no", reason=reason)
