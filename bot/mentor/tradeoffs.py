"""Trade-offs in a learner's report: a gain bought with a cost is not a change to revert.

"p99 dropped from 900 to 120 ms but CPU went to 95%", "no more lost tasks, but throughput
fell from 5000 to 3100 per minute": the number after the contrast word ("but", "aber",
"но", "が、") is the price of what came before it. Which side of a pair is better is known
for times, memory and throughput; for a share (error rate, flaky tests, CPU) only its place
after the contrast word says it is the cost.
"""

from __future__ import annotations

import re

from bot.mentor.facts import Quantity

_WORDS: dict[str, str] = {
    "en": r"but|however|though|although",
    "pt": r"mas|porém|contudo|entretanto",
    "es": r"pero|sin embargo|aunque",
    "fr": r"mais|cependant|pourtant|toutefois",
    "de": r"aber|jedoch|allerdings|dafür",
    "it": r"ma|però|tuttavia",
    "nl": r"maar|echter",
    "pl": r"ale|jednak|lecz",
    "tr": r"ama|fakat|ancak|ne var ki",
    "ru": r"но|однако|зато",
    "uk": r"але|проте|однак|зате",
}
_CJK: dict[str, str] = {
    "ja": r"が、|けど|けれど|しかし|ただし|一方",
    "zh": r"但是|但|不过|可是|然而",
    "ko": r"지만|하지만|그러나|그런데|반면",
}
_CPU = re.compile(r"cpu|процессор|处理器|プロセッサ", re.I)
SATURATED = 85.0
"""A CPU share from this percent leaves no headroom: compute is the next limit."""
CPU_WINDOW = 32
"""Characters before a share searched for the word CPU."""


def _contrast(language: str) -> re.Pattern[str]:
    if language in _CJK:
        return re.compile(_CJK[language])
    words = _WORDS.get(language, _WORDS["en"])
    return re.compile(rf"(?<![\w])(?:{words})(?![\w])", re.I)


def contrast_at(text: str, language: str) -> int:
    """Where the first contrast word ("but", "aber", "が、") of the message is; -1 if none."""
    match = _contrast(language).search(text)
    if match is None and language != "en":
        match = _contrast("en").search(text)  # learners mix English into every language
    return match.start() if match is not None else -1


def position(q: Quantity, text: str) -> int:
    """Where a quantity was written in the message (its first occurrence); -1 if not found."""
    if not q.text:
        return -1
    where = text.find(q.text)
    if where < 0 and q.text.endswith("%"):
        where = text.find("%" + q.text[:-1])  # Turkish "%95"
    return where


def after_contrast(q: Quantity, text: str, language: str) -> bool:
    """The quantity comes after a contrast word that follows some report: it is a cost."""
    at = contrast_at(text, language)
    where = position(q, text)
    return at > 0 and where > at


def cpu_saturation(quantities: tuple[Quantity, ...], text: str) -> Quantity | None:
    """A CPU share of SATURATED% or more the learner just measured ("CPU went to 95%")."""
    for q in quantities:
        if q.unit != "%" or q.value < SATURATED or q.value > 100 or "before" in q.label.split():
            continue
        where = position(q, text)
        if where >= 0 and _CPU.search(text[max(0, where - CPU_WINDOW) : where]):
            return q
    return None
