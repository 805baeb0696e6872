"""What a follow-up reports: the units its finding is about and the verdict it decides.

A follow-up read with the thread's first question drifts to the topic's next unit; read alone,
its own words name the finding ("f-strings building dicts in debug calls"). The verdict says
in one line whether the tested hypothesis holds, falls, or a new one takes over.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.engine.ruled_out import affirmed, negates
from bot.mentor.constraints import Held
from bot.mentor.courtesy import thanks_in
from bot.mentor.engine_port import EngineRequest
from bot.mentor.i18n import Catalog
from bot.mentor.judgement import called_worse, says_solved
from bot.mentor.memory import held_constraints
from bot.mentor.quantities import measured
from bot.mentor.reasoning_verdicts import (
    before_after_pairs,
    direction,
    finding_names,
    improved,
    refuted,
    verdicts,
)
from bot.mentor.result_change import changed_output
from bot.mentor.retrieval import UnitIndex
from bot.mentor.tradeoffs import after_contrast, contrast_at
from bot.mentor.unit_fit import MIN_WORDS
from bot.mentor.units import Unit, UnitBase

FINDING_SCORE = 6.0
"""A follow-up's own words must match a unit this well to decide the subject (not noise)."""
FINDING_SHARE = 0.5
"""Units a finding is about score at least this share of its best match (no loose fillers)."""


MAX_FOUND_NUMBERS = 3
"""Numbers named when a finding is told back by its measurements."""


def found_names(request: EngineRequest) -> str:
    """What the learner's message found: the APIs it names, else its numbers, else its stack.

    The stack was known before the finding ("redis", "postgresql"); the numbers measured
    ("1 мс", "61") say what was found, so they come before it.
    """
    facts = request.facts
    names = finding_names(request.question, facts)
    own = [n for n in names if n not in facts.stack]
    if own:
        return ", ".join(f"`{n}`" for n in own)
    pairs = before_after_pairs(facts.quantities)
    if pairs:
        return ", ".join(f"{b.text} → {a.text}" for b, a in pairs[:2])
    numbers = [q.text for q in facts.quantities if measured(q)][:MAX_FOUND_NUMBERS]
    if numbers:
        return ", ".join(numbers)
    return ", ".join(f"`{n}`" for n in names)


def traded(request: EngineRequest) -> bool:
    """A worse number said after "but" is the price of what the change fixed, not a refutation.

    "No task lost any more, but throughput fell from 5000 to 3100/min": keep the fix. The fix
    is said before the "but" as a failure that stopped (a negation: "no ... any more", "keine");
    "I deferred the imports, but the import got worse: 2.1 s to 2.6 s" fixed nothing.
    """
    facts, text, lang = request.facts, request.question, request.language
    at = contrast_at(text, lang)
    if at <= 0 or not negates(text[:at], lang):
        return False
    return any(
        direction(b, a) < 0 and after_contrast(a, text, lang)
        for b, a in before_after_pairs(facts.quantities)
    )


def refutes(request: EngineRequest) -> bool:
    """The turn's numbers refute the tested change (worse, nothing better, not a trade-off).

    The learner's own "piorou" / "got worse" outranks the arithmetic: with no number better,
    it refutes even when no pair was read.
    """
    facts, memory = request.facts, request.memory
    worse = refuted(facts, memory) or (
        called_worse(request.question) and not any(v > 0 for v in verdicts(facts, memory))
    )
    return worse and not traded(request)


CLOSING_WORDS = 30
"""A closing turn is short: "Thanks, that worked! Now it is 0.2 s." """


def closes(request: EngineRequest) -> bool:
    """The learner says the thread's problem is solved and asks nothing new.

    "Thanks, that worked! Now it is 0.2 s." gets the verdict and a short closing reply, not a
    fresh plan on the next unit; "it worked, but the memory doubled" is a trade-off to work on,
    and "it worked, why?" asks something.
    """
    text = request.question
    if len(text.split()) > CLOSING_WORDS or "?" in text or "？" in text or request.code:
        return False
    if called_worse(text) or changed_output(text):
        return False
    facts, memory = request.facts, request.memory
    # a thank-you beside a number clearly better than the thread's closes too ("只要 0.6 秒了，
    # 谢谢！" after 9 s, review12 V5): the comparison and a short closing, no fresh plan
    thanked = thanks_in(text) and improved(facts, memory, text)
    if not (says_solved(text) or thanked):
        return False
    return not any(v < 0 for v in verdicts(facts, memory))


def mixed(request: EngineRequest) -> bool:
    """One number better and another worse this turn: a trade-off, said once by its line."""
    found = set(verdicts(request.facts, request.memory))
    return {1, -1} <= found


def ruled_out(index: UnitIndex, request: EngineRequest, units: list[Unit]) -> set[str]:
    """Units the follow-up names only to exclude them ("the loop is not blocked").

    A unit the message matches on several words, none of them outside its negated clauses,
    is what the learner ruled out; "the write is not idempotent; 500 duplicate rows per restart"
    still matches the idempotency unit outside the negation, so it stays.
    """
    said = affirmed(request.question, request.language)
    if said == request.question or not units:
        return set()
    lang, code = request.language, request.code
    whole = index.words_matched(request.question, lang, units, code=code)
    kept = index.words_matched(said, lang, units, code=code)
    return {u.id for u in units if whole[u.id] >= MIN_WORDS and kept[u.id] == 0}


def finding_units(
    index: UnitIndex,
    request: EngineRequest,
    first: list[tuple[Unit, float]],
    named: set[str],
    thread: tuple[str, ...],
) -> list[Unit]:
    """The units a follow-up's own words are about (what was measured, what it showed).

    Read alone, the new message names the finding ("f-strings building dicts in debug
    calls", "240 queries, one per order"); read with the thread's first question it is
    drowned by the topic's words and the reply drifts to the topic's next unit. A unit
    counts when it matches several distinct words of the message, not one incidental one.
    """
    if not (request.memory.units or request.history) or not first:
        return []
    words = index.words_matched(
        request.question, request.language, [u for u, _ in first], code=request.code
    )
    top = first[0][1]
    about = [
        (u, s)
        for u, s in first
        if words[u.id] >= MIN_WORDS and s >= max(FINDING_SCORE, FINDING_SHARE * top)
    ]
    found = index.focused(about, stack=named, topics=thread, matched=words)
    # Each subject the finding is about, whole: `focused` lets a second subject join with one
    # unit ("-X importtime" brings import-time, and lazy imports is the same finding).
    subjects = {u.topic for u in found}
    return [*found, *(u for u, _ in about if u.topic in subjects and u not in found)]


def asks(request: EngineRequest) -> bool:
    """The message asks rather than reports (a question mark, no numbers)."""
    return request.question.rstrip().endswith(("?", "？")) and not request.facts.quantities


def new_question(
    request: EngineRequest, first: list[tuple[Unit, float]], words: dict[str, int]
) -> bool:
    """A follow-up that asks something of its own: its best match takes several of its words.

    "Why does my asyncio service stall when the loop is blocked?" after a cache question is a
    new subject; "and uvloop?" is not (one word): it stays in the thread.
    """
    if not asks(request) or not first or not (request.memory.units or request.history):
        return False
    best = first[0][0]
    return best.id not in request.memory.units and words.get(best.id, 0) >= MIN_WORDS


def verdict(
    units: UnitBase,
    catalog: Catalog,
    request: EngineRequest,
    chosen: tuple[Unit, ...],
    finding: tuple[Unit, ...],
) -> str:
    """What the new finding decides: the tested hypothesis holds, falls, or a new one.

    The method's loop (hypothesis, measure, decide) said in one line, naming what the
    learner found by its objects (APIs, tools, numbers), not by quoting their sentence.
    """
    lang = request.language
    memory = request.memory
    if not memory.units or not chosen or request.facts.environment:
        return ""  # unchanged code measured elsewhere decides nothing about a hypothesis
    tested = [u for u in units.units if u.id in memory.units]
    if refutes(request) and tested:
        last = max(tested, key=lambda u: memory.units.index(u.id))
        title = last.in_language(lang).title
        # the next hypothesis is another one: never the refuted unit, nor one of its title
        after = [u.in_language(lang).title for u in chosen if u.id != last.id]
        following = next((t for t in after if t != title), "")
        if not following:
            return catalog.message(lang, "followup_refuted_alone", title=title)
        return catalog.message(lang, "followup_refuted", title=title, next=following)
    found = found_names(request)
    if mixed(request) or called_worse(request.question):
        return ""  # the trade-off line, or the learner's own verdict, is the one verdict
    if changed_output(request.question):
        return ""  # faster but another output: the output line decides, nothing is confirmed
    if not found or not finding or asks(request):
        # A follow-up question ("and uvloop?") reports nothing to confirm.
        return ""
    about = finding[0]
    key = "followup_confirmed" if about.id in memory.units else "followup_points_to"
    if key == "followup_confirmed" and not improved(request.facts, memory, request.question):
        if verdicts(request.facts, memory):
            # a change measured before and after that did not clearly help: its own line
            # ("25 s → 24 s: only 4%") is the verdict, never also "the cause is found" (V4)
            return ""
        key = "followup_diagnosed"  # a measurement located the cause; nothing was changed yet
    if key == "followup_points_to" and improved(request.facts, memory, request.question):
        return ""  # a change that worked is its own verdict, not "a hypothesis not tested yet"
    if key == "followup_points_to" and held(request).breaks(about.in_language(lang).hypothesis):
        return ""  # it points to what the learner already tried, or a constraint forbids
    return catalog.message(lang, key, found=found, title=about.in_language(lang).title)


def topic_of(unit_id: str) -> str:
    """'logging.lazy-args' -> 'logging'."""
    return unit_id.partition(".")[0]


def thread_topics(request: EngineRequest) -> tuple[str, ...]:
    """The thread's topics, the first one first (what the thread is about)."""
    ordered = [*(topic_of(u) for u in request.memory.units), *request.thread_topics]
    return tuple(dict.fromkeys(ordered))


def spent(
    units: UnitBase, request: EngineRequest, tested: Iterable[Unit] | None = None
) -> set[str]:
    """Units the thread has fully given: every step shown.

    All used units count when the thread kept no step record. When this turn's numbers refute
    the change being tested, the units the finding speaks of (`tested`) are done: the thread's
    other hypotheses, not tested yet, carry forward with their remaining steps. Without such
    units every used unit is done (the next reply moves to another hypothesis).
    """
    memory = request.memory
    done = {u.id for u in tested or () if u.id in memory.units}
    if not memory.steps or (refutes(request) and not done):
        return set(memory.units)
    shown = set(memory.steps)
    by_id = {u.id: u for t in {topic_of(i) for i in memory.units} for u in units.of_topic(t)}
    given: set[str] = set(done) if refutes(request) else set()
    for unit_id in memory.units:
        unit = by_id.get(unit_id)
        count = len(unit.in_language(request.language).steps) if unit else 0
        if all(f"{unit_id}#{i}" in shown for i in range(count)):
            given.add(unit_id)
    return given


def still_open(units: UnitBase, request: EngineRequest, tested: Iterable[Unit]) -> list[Unit]:
    """The thread's earlier hypotheses left untested when this turn refutes the tested one.

    "uvloop made p99 worse" settles uvloop, not the slow-callback or blocking-call hypotheses
    of turn 1: they are carried forward, named again, so the learner measures them next.
    """
    if not refutes(request):
        return []
    done = {u.id for u in tested}
    by_id = {u.id: u for u in units.units}
    return [by_id[i] for i in request.memory.units if i in by_id and i not in done]


def held(request: EngineRequest) -> Held:
    """The thread's constraints and what was tried, this turn's included: steps honour them."""
    facts, memory = request.facts, request.memory
    return Held(
        constraints=held_constraints((*memory.constraints, *facts.constraints)),
        tried=tuple(dict.fromkeys((*memory.tried, *facts.tried))),
        stack=tuple(dict.fromkeys((*memory.stack, *facts.stack))),
    )


def kept_line(catalog: Catalog, request: EngineRequest, kept: Held) -> str:
    """One line naming back what the thread holds the reply to (so the learner sees it kept)."""
    lang = request.language
    parts = kept.labels(lang)
    if kept.tried:
        tried = ", ".join(f"`{t}`" for t in kept.tried)
        parts.append(catalog.message(lang, "offline_kept_tried", tried=tried))
    if not parts:
        return ""
    return catalog.message(lang, "offline_kept", items="; ".join(parts))


DEEPER = "d"
"""A deeper step's id is '<unit id>#d<index>' (regular steps are '<unit id>#<index>')."""


def unit_steps(unit: Unit, language: str, *, deeper: bool = False) -> list[tuple[str, str]]:
    """A unit's steps with their ids; its deeper steps first when the evidence confirmed it."""
    text = unit.in_language(language)
    regular = [(f"{unit.id}#{i}", step) for i, step in enumerate(text.steps)]
    if not deeper:
        return regular
    return [(f"{unit.id}#{DEEPER}{i}", step) for i, step in enumerate(text.deeper)] + regular


CONFIRM_SHARE = 0.7
"""The thread's lead hypothesis is what a finding speaks of when the finding alone still ranks it
this close to its best match (the finding's own words need not repeat the unit's terms)."""


def confirmed_units(
    request: EngineRequest, finding: list[Unit], first: list[tuple[Unit, float]]
) -> list[Unit]:
    """The thread's hypotheses this turn's finding speaks of, the likeliest first.

    A finding unit the thread already proposed; else any unit the thread proposed that the
    new message alone still ranks near its best match: "2,000 concurrent requests for the same
    products went straight to Postgres" is the cache stampede proposed before, even though the
    learner does not say "stampede", and "prefetch_multiplier=4, short tasks wait behind 8-minute
    ones" is the prefetch hypothesis of turn 1 though the thread's lead was another unit.
    """
    memory = request.memory
    proposed = [u for u in finding if u.id in memory.units]
    if proposed or not memory.units or not first:
        return proposed
    top = first[0][1]
    return [u for u, s in first if u.id in memory.units and s >= CONFIRM_SHARE * top]


def deeper_unit(
    request: EngineRequest, confirmed: list[Unit], kept: Held, finding: Iterable[Unit] = ()
) -> Unit | None:
    """The unit whose hypothesis this turn's finding confirms, when it has a deeper rung left.

    Confirmed: the finding speaks of a unit the thread already proposed (`confirmed_units`),
    the numbers do not refute it and the message reports (names what it found or gives
    numbers) rather than asks.
    """
    memory = request.memory
    if not confirmed or confirmed[0].id not in memory.units or refutes(request):
        return None
    if asks(request) or not found_names(request):
        return None
    shown = set(memory.steps)
    # The likeliest confirmed hypothesis first, then the next ones ("GPU at 25%, 70 ms
    # decoding per batch" confirms batching, but the loader has the rung); never one a new
    # hypothesis of the finding outranks (two coroutines waiting on each other's Lock is a
    # deadlock, not the blocking call proposed before).
    found = list(finding)
    for unit in (u for u in confirmed if u.id in memory.units):
        above = found[: found.index(unit)] if unit in found else found
        if unit is not confirmed[0] and any(u.id not in memory.units for u in above):
            break
        left = [
            step
            for step_id, step in unit_steps(unit, request.language, deeper=True)
            if DEEPER in step_id.rpartition("#")[2] and step_id not in shown
        ]
        if [s for s in left if not kept.breaks(s)]:
            return unit
    return None


CARRIED_SHARE = 0.3
"""An earlier unit the thread's problem and this message rank this close to their best match
is still carried by them."""
FRAME_LIMIT = 40
"""Units the thread's frame (its problem and this message) is scored against."""


def frame(index: UnitIndex, request: EngineRequest) -> dict[str, float]:
    """Units the thread's problem (first question) and this message speak of, by share of best.

    Empty before the third turn: a second turn is read with its thread as before.
    """
    earlier = [t.text for t in request.history if t.author == "learner"]
    if len(earlier) < 2:
        return {}
    scored = index.search(
        " ".join((earlier[0], request.question)),
        request.language,
        code=request.code,
        limit=FRAME_LIMIT,
    )
    top = scored[0][1] if scored else 0.0
    return {u.id: s / top for u, s in scored if top > 0}


def not_carried(request: EngineRequest, framed: dict[str, float]) -> set[str]:
    """Earlier units neither the thread's problem nor this message speaks of: not continued.

    A third turn reports the result of the second turn's step. The thread's problem (its first
    question) frames the reply and this message's finding is its subject; a unit a word of the
    second turn pulled in ("loop" in a multiprocessing thread) that neither carries is done,
    whatever steps it has left.
    """
    if not framed:
        return set()
    return {i for i in request.memory.units if framed.get(i, 0.0) < CARRIED_SHARE}
