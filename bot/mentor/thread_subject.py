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
from bot.mentor.facts import Quantity, QuestionFacts, ThreadMemory
from bot.mentor.judgement import asks_evaluation
from bot.mentor.measures import reports_change
from bot.mentor.over_time import asks_explains
from bot.mentor.per_item import per_item
from bot.mentor.quantity_labels import side_of
from bot.mentor.reasoning_verdicts import is_comparable, kind_family
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.toml_files import read_toml

MIN_WORDS = 15
"""Shorter turns ("and uvloop?", "now 0.4 s") continue the thread."""
MIN_SHARED = 2
"""Words of substance a follow-up shares with the thread's earlier messages at least."""
MAX_TEXT = 4000
MIN_WORD_CHARS = 5
"""Words this long count as substance (short ones are grammar in most languages)."""
_WORD = re.compile(r"[^\W\d_]{5,}")
_HAN = re.compile(r"[\u3400-\u9fff]{2,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,}")


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(said new question, reports a measurement): config/knowledge/lexicon/thread_subject.toml."""
    data = read_toml(DEFAULT_CONFIG_DIR / "knowledge" / "lexicon" / "thread_subject.toml")
    said = tuple(str(c).lower() for c in data.get("new", {}).get("cues", []))
    report = tuple(str(c).lower() for c in data.get("report", {}).get("cues", []))
    return said, report


@lru_cache(maxsize=1)
def _aside() -> tuple[str, ...]:
    """Words saying another matter ("outra coisa, sem relação", "别件"): new unless shared."""
    data = read_toml(DEFAULT_CONFIG_DIR / "knowledge" / "lexicon" / "thread_subject.toml")
    return tuple(str(c).lower() for c in data.get("aside", {}).get("cues", []))


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    """Words any question may hold ("how", "takes", "faster"): shared, they say nothing."""
    data = read_toml(DEFAULT_CONFIG_DIR / "knowledge" / "lexicon" / "thread_subject.toml")
    return frozenset(str(w).lower() for w in data.get("generic", {}).get("words", []))


def reports_measurement(text: str) -> bool:
    """The message reports a profile or a measurement ("py-spy shows", "I measured")."""
    lower = text.lower()
    return any(cue in lower for cue in _cues()[1])


def _words(text: str) -> set[str]:
    """Words of substance: long words and CJK runs, without the generic ones of any question."""
    lower = text.lower()
    # a run of Han characters holds several words: its two-character pieces meet another
    # run's ("显存只用了" and "显存24GB"); kana and hangul runs are words with their endings
    pieces = {run[i : i + 2] for run in _HAN.findall(lower) for i in range(len(run) - 1)}
    return {*_WORD.findall(lower), *pieces} - _generic()


def _long_enough(text: str) -> bool:
    """A full question: enough words, or enough characters in a language written without spaces."""
    spaced = len(text.split())
    return spaced >= MIN_WORDS or sum(len(run) for run in _CJK.findall(text)) >= MIN_WORDS * 2


def _thread_text(memory: ThreadMemory) -> str:
    """What the thread said so far: the learner's questions and the hypotheses proposed."""
    return " ".join((*memory.asked, *memory.hypotheses)).lower()


_CODE_NAME = re.compile(
    r"`([^`\n]{1,60})`"
    r"|(?<![\w.])([A-Za-z_][A-Za-z0-9_]{0,40}(?:\.[A-Za-z_][A-Za-z0-9_]{0,40}){1,4})"
    r"|(?<![\w.])([A-Za-z_][A-Za-z0-9_]{1,40})\("
    r"|(?<![\w.])([a-z][a-z0-9]{0,20}(?:_[a-z0-9]{1,20}){1,6})(?!\w)"
)


def _code_names(text: str) -> set[str]:
    """Code the message names: quoted, dotted (`json.loads`), called (`Pool(`), snake_case."""
    found: set[str] = set()
    for match in _CODE_NAME.finditer(text[:MAX_TEXT]):
        name = next(g for g in match.groups() if g).strip().lower()
        if len(name) > 2:
            found.add(name)
    return found


MIN_NAME_END = 5
"""A code name's last part this long is named by itself ("utcnow" of `datetime.utcnow()`)."""
_BARE = re.compile(r"(?<![\w.])[A-Za-z_][A-Za-z0-9_]{4,40}(?![\w])")


def _name_ends(text: str) -> set[str]:
    """The last parts of the code names `text` holds: `datetime.utcnow()` -> utcnow."""
    ends = (name.rstrip("()").rsplit(".", 1)[-1] for name in _code_names(text))
    return {end for end in ends if len(end) >= MIN_NAME_END}


def _bare_names(text: str) -> set[str]:
    """Latin words written bare ("O que substitui o utcnow?"): a code name said in prose."""
    return {w.lower() for w in _BARE.findall(text[:MAX_TEXT])}


def _objects(text: str, facts: QuestionFacts) -> set[str]:
    """The things the message names: its libraries and its code names (`json.loads`, `Pool(`)."""
    return {*(s.lower() for s in facts.stack), *_code_names(text)}


def _refers_back(text: str, facts: QuestionFacts, memory: ThreadMemory) -> bool:
    """The message reports on the thread's problem, or asks about it.

    A result or a before/after ("now 3.2 s"), a change of the learner's ("I switched to
    orjson"), a new place, "does that explain it?", or something tried that the thread named.
    What a new question says it already tried is its own context (review12 V20: "I already
    created an index on created_at" after a CSV question).
    """
    if facts.environment or any(side_of(q.label) for q in facts.quantities):
        return True
    if asks_explains(text) or asks_evaluation(text):
        return True  # "does that explain it?", "is it ok now?": about the thread's problem
    if environment_shift.cues().changed.search(text.lower()) or reports_change(text):
        return True
    if not (facts.tried or constraints.rules().attempted.search(text.lower())):
        return False
    thread = _thread_text(memory)
    named = {*_objects(text, facts), *(t.lower() for t in facts.tried)}
    return not named or any(n in thread for n in named)


def _shares(text: str, facts: QuestionFacts, memory: ThreadMemory) -> bool:
    """An object, a library, a number or words of substance in common with the thread."""
    if {s.lower() for s in facts.stack} & {s.lower() for s in memory.stack}:
        return True
    thread = _thread_text(memory)
    if any(name in thread for name in _objects(text, facts)):
        return True
    if _bare_names(text) & _name_ends(" ".join(memory.asked)):
        return True  # "what replaces utcnow?" after `datetime.utcnow()`: the thread's code
    written = {q.text for q in memory.evidence}
    if any(q.text in written for q in facts.quantities):
        return True  # "2.1 s of the 2.4 s": the thread's own number again
    if any(is_comparable(q) and not _far(q, memory) for q in facts.quantities):
        return True  # a number of the thread's kind and size: its problem measured again
    return len(_words(text) & _words(" ".join(memory.asked))) >= MIN_SHARED


FAR = 3.0
"""A new question's own number is at least this factor from the thread's numbers of its kind."""


def _far(q: Quantity, memory: ThreadMemory) -> bool:
    """A measured number of the message's own, unlike any of its kind the thread reported."""
    if not is_comparable(q) or side_of(q.label):
        return False
    if per_item(q):
        return True  # one task's 40 s is no measure of the thread's total
    for old in memory.evidence:
        if kind_family(old) != kind_family(q) or old.unit != q.unit or old.value <= 0:
            continue
        if 1 / FAR < q.value / old.value < FAR:
            return False
    return True


def new_subject(text: str, facts: QuestionFacts, memory: ThreadMemory) -> bool:
    """The turn asks a new question: nothing of the thread's subject carries into it.

    A full question of its own (long enough, asking) that names something (a library or code)
    and shares no object, library, number or words of substance with the thread, and does not
    report on the thread's problem (a result, a profile, a change on what the thread named).
    What the new question says it already tried is its own context, not a report (review12
    V20: "I already created an index on created_at" after a CSV question is a new question).
    """
    if not memory.turns or not memory.asked:
        return False
    lower = text.lower()
    said, report = _cues()
    if any(cue in lower for cue in said):
        return True
    if any(cue in lower for cue in _aside()) and not _shares(text, facts, memory):
        return True  # "another matter" and nothing of the thread's in it
    if not _long_enough(text) or not ("?" in text or "？" in text):
        return False
    if _refers_back(text, facts, memory) or _shares(text, facts, memory):
        return False  # a result or a change on the thread's problem, or something in common
    if any(cue in lower for cue in report):
        # what a profile or EXPLAIN shows reports on the thread's problem, unless the message
        # states a problem of its own: a library beside the tools, and a measured number of
        # its own far from every number of its kind the thread gave
        tools = {
            n for n in (s.lower() for s in facts.stack) if any(n in c or c in n for c in report)
        }
        own = {s.lower() for s in facts.stack} - tools
        return bool(own) and any(_far(q, memory) for q in facts.quantities)
    return bool(_objects(text, facts))


def fresh_memory(memory: ThreadMemory) -> ThreadMemory:
    """The thread's memory for a new question: the guard's context only.

    The numbers, the stack, the units, the hypotheses, the constraints and what was tried of
    the earlier subject do not carry ("without pandas" held from a CSV question is not a rule
    for a Postgres index question, review12 V20). `asked` and `refused` stay: the intent guard
    reads a request split over turns whole, whatever its subject.
    """
    return ThreadMemory(asked=memory.asked, refused=memory.refused)
