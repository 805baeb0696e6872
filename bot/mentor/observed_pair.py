"""Two readings with nothing changed between them: evidence for the question, not a fix.

"Сначала да или нет: после `del big_list` память возвращается ОС?", then "В htop RSS почти не
падает, 3,9 ГБ -> 3,6 ГБ. Это утечка?" was read "only 8% better, too little to call it the
fix: the change did not reach the main cost" (threads15, ru). The learner changed nothing: the
pair is what the program does after freeing, the evidence for the yes/no question they ask.
A pair inside one asking message that reports no change of the learner's own, and moved too
little to be a fix, is said as an observation: the readings and their difference, no verdict.
A clear gain or loss keeps its verdict (a change the change words miss still shows in it).
"""

from __future__ import annotations

from bot.mentor.facts import Quantity
from bot.mentor.i18n import Catalog
from bot.mentor.judgement import small_gain
from bot.mentor.measures import reports_change
from bot.mentor.reasoning_verdicts import percentile
from bot.mentor.value_format import format_value

MAX_TEXT = 4000
_ASKS = ("?", "？")


def observed(before: Quantity, after: Quantity, text: str) -> bool:
    """The pair is an observation: asked about, no change reported, too small a move to judge.

    Only a pair written in this message (`text`) is read so: a number set against the thread's
    earlier one is the result of the step that turn suggested.
    """
    said = text[:MAX_TEXT]
    if not any(mark in said for mark in _ASKS) or reports_change(said):
        return False
    if before.value <= 0 or after.value <= 0:
        return False
    change = abs(after.value - before.value) / before.value
    return change == 0 or small_gain(change, said)


def observation(
    before: Quantity, after: Quantity, text: str, language: str, catalog: Catalog
) -> str:
    """'3,9 ГБ → 3,6 ГБ (−8%)': the readings as written and how far apart, '' when no observation."""
    if not observed(before, after, text):
        return ""
    label = percentile(after) or percentile(before)
    change = (after.value - before.value) / before.value * 100
    return catalog.message(
        language,
        "reasoning_observed",
        label=f"{label} " if label else "",
        before=before.text or format_value(before, after),
        after=after.text or format_value(after, before),
        change=f"{change:+.0f}%".replace("-", "−"),
    )
