"""Whether a turn continues the thread's subject or asks a new question in the same thread.

A learner who asks a second, unrelated question in the bot's thread (review9 R1: an OOM after
20 hours, then Celery tasks running twice) must not have it judged against the first
question's numbers ("20.0 h → 60:00 min is 20x faster: the change worked"), nor its stack
merged with the first one's. A turn is a new question when it is a full question of its own
that shares nothing with the thread: a library of its own and none of the thread's, no number,
no word of substance, no change of the learner's and no measurement reported (a profile or a
change reported is a follow-up, whatever it names); or the learner says it is another question.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.mentor import constraints, environment_shift
from bot.mentor.facts import QuestionFacts, ThreadMemory
from bot.mentor.quantity_labels import side_of
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.toml_files import read_toml

MIN_WORDS = 15
"""Shorter turns ("and uvloop?", "now 0.4 s") continue the thread."""
MIN_SHARED = 2
"""Words of substance a follow-up shares with the thread's earlier messages at least."""
MIN_WORD_CHARS = 5
"""Words this long count as substance (short ones are grammar in most languages)."""
_WORD = re.compile(r"[^\W\d_]{5,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,}")


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(said new question, reports a measurement): config/knowledge/lexicon/thread_subject.toml."""
    data = read_toml(DEFAULT_CONFIG_DIR / "knowledge" / "lexicon" / "thread_subject.toml")
    said = tuple(str(c).lower() for c in data.get("new", {}).get("cues", []))
    report = tuple(str(c).lower() for c in data.get("report", {}).get("cues", []))
    return said, report


def reports_measurement(text: str) -> bool:
    """The message reports a profile or a measurement ("py-spy shows", "I measured")."""
    lower = text.lower()
    return any(cue in lower for cue in _cues()[1])


def _words(text: str) -> set[str]:
    lower = text.lower()
    return {*_WORD.findall(lower), *_CJK.findall(lower)}


def _long_enough(text: str) -> bool:
    spaced = len(text.split())
    return spaced >= MIN_WORDS or len(_CJK.findall(text)) * 2 >= MIN_WORDS * 2


def new_subject(text: str, facts: QuestionFacts, memory: ThreadMemory) -> bool:
    """The turn asks a new question: nothing of the thread's subject carries into it."""
    if not memory.turns or not memory.asked:
        return False
    lower = text.lower()
    said, report = _cues()
    if any(cue in lower for cue in said):
        return True
    if not _long_enough(text) or any(cue in lower for cue in report):
        return False  # a profile or a measurement of the thread's problem is a follow-up
    if environment_shift.cues().changed.search(lower) or constraints.rules().attempted.search(
        lower
    ):
        return False  # "I switched to orjson ..." reports on the thread's problem
    if facts.tried or facts.environment or any(side_of(q.label) for q in facts.quantities):
        return False  # what was tried, a before/after or a new place: the thread's problem
    named = {s.lower() for s in facts.stack}
    if named & {s.lower() for s in memory.stack}:
        return False
    written = {q.text for q in memory.evidence}
    if any(q.text in written for q in facts.quantities):
        return False  # "2.1 s of the 2.4 s": the thread's own number again
    shared = _words(text) & _words(" ".join(memory.asked))
    if len(shared) >= MIN_SHARED:
        return False
    return bool(named) and ("?" in text or "？" in text)


def fresh_memory(memory: ThreadMemory) -> ThreadMemory:
    """The thread's memory for a new question: its constraints and the guard's context only.

    What the learner said must hold (Windows, Python 3.8) still holds; the numbers, the stack,
    the units and hypotheses of the earlier subject do not carry. `asked` and `refused` stay:
    the intent guard reads a request split over turns whole, whatever its subject.
    """
    return ThreadMemory(constraints=memory.constraints, asked=memory.asked, refused=memory.refused)
