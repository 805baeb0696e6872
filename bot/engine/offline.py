"""The offline engine: the units a reply is composed from, chosen without network.

Each reply is built from the units that best match THIS question (bot/mentor/retrieval.py),
only those close to the best match (fewer relevant steps beat filler from another subject);
never from a unit the thread already used: a follow-up, read with the thread's question,
moves on to the next hypothesis of the thread's subject. bot/engine/sections.py writes the
method's 7 sections from them. Deterministic, so the bot always has an answer (no LLM
configured, or the LLM failed) and tests can assert on it. A message with no engineering
signal at all gets a short, polite redirect instead of a Python template.
"""

from __future__ import annotations

from dataclasses import replace

from bot.engine import followup
from bot.engine.choice import Choice
from bot.engine.followup import finding_units
from bot.engine.sections import SectionWriter, is_cython
from bot.mentor import courtesy, tracebacks
from bot.mentor.concepts import asked_concept
from bot.mentor.constraints import in_place, without_tried
from bot.mentor.engine_port import DeltaCallback, EngineReply, EngineRequest
from bot.mentor.exclusions import without_excluded
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.models import SECTION_KEYS, Sections
from bot.mentor.retrieval import SURE_SCORE
from bot.mentor.unit_fit import MIN_WORDS
from bot.mentor.units import Unit
from bot.mentor.unreadable import readable_part

__all__ = ["OfflineEngine", "is_cython"]

UNITS_PER_REPLY = 3
SECURITY = "security"
REFUSAL_SHARE = 0.6
"""After a refusal only units close to the offered alternative teach (not any defensive unit)."""
SEARCH_LIMIT = 12
"""Units a question is focused from (bot/mentor/retrieval.py's default)."""
THREAD_CANDIDATES = 40
"""Units scored for a follow-up: enough to rank the thread's unused units by relevance."""
MEASURE_TOPIC = "profiling"
"""Where a question with an engineering signal but no matching unit starts: measure first."""


def _about(unit: Unit, name: str) -> bool:
    """The unit's subject is the API `name` ("functools.lru_cache" -> "profiling.lru-cache")."""
    last = name.rsplit(".", 1)[-1].replace("_", "-").lower()
    return len(last) >= MIN_SUBJECT and unit.subtopic.lower() in {last, name.replace("_", "-")}


MIN_SUBJECT = 4
"""Letters from which a tried API's name may be a unit's whole subject."""


class OfflineEngine:
    """Composes replies from config/knowledge/units; never raises for any request."""

    name = "offline"

    def __init__(self, *, knowledge: KnowledgeBase, catalog: Catalog) -> None:
        self._kb = knowledge
        self._catalog = catalog
        self._write = SectionWriter(knowledge=knowledge, catalog=catalog)

    @property
    def catalog(self) -> Catalog:
        """The headings and messages this engine writes with."""
        return self._catalog

    async def aclose(self) -> None:
        """Nothing to release."""

    # Choosing units ------------------------------------------------------------------
    def choose(self, request: EngineRequest) -> Choice:
        """The units for this turn: retrieved for the question, minus those already used.

        A unit used earlier whose steps were not all given may continue (its remaining steps),
        unless this turn's numbers refute the change the thread was testing.
        """
        used = followup.spent(self._kb.units, request)
        stack = (*request.facts.stack, *request.memory.stack)
        index = self._kb.index
        if request.refuse:
            # The alternative the refusal offers is what the sections teach: the units its
            # text names, else the defensive units nearest its words.
            by_id = self._kb.units.by_id
            offered = [by_id[i] for i in request.refusal_units if i in by_id]
            if offered:
                return self._pick(offered, used, request.support_level, request)
            query = request.refusal or request.question
            scored = [
                (u, s) for u, s in index.search(query, request.language) if u.topic == SECURITY
            ]
            top = scored[0][1] if scored else 0.0
            pool = [u for u, s in scored if s >= REFUSAL_SHARE * top] or list(
                self._kb.units.of_topic(SECURITY)
            )
            return self._pick(pool, used, request.support_level, request)
        finding: list[Unit] = []
        confirmed: list[Unit] = []
        framed: dict[str, float] = {}
        thread = followup.thread_topics(request)
        in_thread = bool(request.history or thread)
        if request.unreadable and not in_thread:
            # A language the mentor cannot read: only its code and named APIs say anything.
            readable = readable_part(request.question, request.code)
            if not readable:
                return Choice((), off_topic=True, notice="unreadable")
            request = replace(request, question=readable)
        if not in_thread and not request.code and tracebacks.is_cut(request.question):
            # "Traceback (most recent call last):" and nothing after: ask for the rest.
            return Choice((), off_topic=True, notice="traceback_cut")
        polite = courtesy.kind_of(request.question) if not request.code else ""
        if (in_thread and polite) or followup.closes(request):
            # "hello" in a thread, "Thanks, that worked! Now 0.2 s." in a thread or alone (a
            # learner back in a new thread to say so, review10 T23): no fresh plan
            return Choice((), off_topic=True, notice=polite if polite else "closing")
        subject = request.question
        if not in_thread:
            # What the learner lacks or may not use ("GPU немає", "ops won't run Redis") is no
            # subject: the units are retrieved by the rest of the question (review12 V1).
            subject = without_excluded(subject)
        first = index.search(subject, request.language, code=request.code)
        if not in_thread and request.facts.tried and first:
            # What the learner already has in place ("I already use lru_cache") is their
            # state: when the best match is the unit about that very thing, the units are
            # chosen by the rest of the question (a select_related tried on an N+1 leaves the
            # N+1 unit standing: its other steps still apply).
            placed = set(in_place(request.question))
            held_names = tuple(n for n in request.facts.tried if n in placed)
            if any(_about(first[0][0], name) for name in held_names):
                rest = without_tried(subject, held_names)
                again = index.search(rest, request.language, code=request.code)
                if again:
                    subject, first = rest, again
        base = (
            index.search(request.question, request.language, code=request.code, local=False)
            if index.has_local(request.language)
            else first
        )
        best = base[0][1] if base else 0.0
        signal = index.has_signal(request.question, request.language, code=request.code, best=best)
        question = subject
        if in_thread:
            # A follow-up is read with the thread's question: "reverted", "holding" or
            # "DataFrame" in a report of results must not flip the thread to another subject.
            earlier = [t.text for t in request.history if t.author == "learner"]
            question = " ".join([*dict.fromkeys([*earlier[:1], *earlier[-1:]]), question])
        code = request.code or request.memory.code or None
        if question == subject and code == request.code and not stack:
            scored = first
        else:
            scored = index.search(
                question, request.language, code=code, stack=stack, limit=THREAD_CANDIDATES
            )
        candidates, scored = scored, scored[:SEARCH_LIMIT]
        sure = best >= SURE_SCORE or (
            bool(scored) and scored is not first and scored[0][1] >= SURE_SCORE
        )
        if not (signal or in_thread or sure or request.facts.stack):
            return Choice((), off_topic=True, notice=courtesy.kind_of(request.question))
        named = {name.lower() for name in stack}
        matched = index.words_matched(question, request.language, [u for u, _ in scored], code=code)
        # A first question's units must fit it (one of their terms said), not share a word.
        fits = (
            None
            if in_thread
            else index.fitting(question, request.language, [u for u, _ in scored], code=code)
        )
        ranked = index.focused(scored, stack=named, topics=thread, matched=matched, fits=fits)
        if not in_thread and scored is not first:
            # Beside the best unit, one the question's own words did not find (only the library
            # names added to the query did: "docker" brings PID 1 signals to a locale question).
            # Not when that leaves only units about a library the learner ruled out.
            found = {u.id for u, _ in first}
            own = [u for n, u in enumerate(ranked) if n == 0 or u.id in found]
            holds = followup.held(request)
            if any(not holds.rules_out(u.stack) for u in own):
                ranked = own
        if not in_thread:
            # A concept question answered first ("is deque thread-safe?"): the steps after the
            # answer are its subject's units, never another subject's (review12 V2).
            ranked = self._concept_units(request, ranked, fits.said if fits else frozenset())
        if not in_thread:
            # A culprit the scan found in the learner's own code leads (evidence first).
            explaining = index.explaining(request.question, request.code)
            if explaining:
                # The culprit outranks identifier words: beside it, a unit matching one word
                # of the question ("append" in a pickle buffer's step) is incidental (R47).
                ranked = [u for u in ranked if matched.get(u.id, 0) >= MIN_WORDS]
            ranked = [*explaining, *(u for u in ranked if u not in explaining)]
        if in_thread:
            # What the learner now reports decides first: the units their finding is about
            # (the message alone, several of its words), before the thread's neighbours.
            out = followup.ruled_out(index, request, [*(u for u, _ in first), *ranked])
            kept = [(u, s) for u, s in first if u.id not in out]
            alone_words = index.words_matched(
                request.question, request.language, [u for u, _ in kept], code=request.code
            )
            finding = [
                u for u in finding_units(index, request, first, named, thread) if u.id not in out
            ]
            confirmed = followup.confirmed_units(request, finding, kept)
            # Numbers that refute the tested change retire the units the finding speaks of;
            # the thread's other hypotheses, untested, carry forward.
            used = followup.spent(self._kb.units, request, tested=confirmed or finding)
            framed = followup.frame(index, request)
            used |= followup.not_carried(request, framed)
            asked = followup.new_question(request, kept, alone_words)
            if asked:
                # A new question of its own ("and why does the loop stall?"): its subject
                # leads, the thread's subject follows.
                ranked = [*index.focused(kept, stack=named, topics=thread, matched=alone_words)]
                ranked.extend(u for u, _ in scored if u not in ranked)
            ranked = [*finding, *ranked]
            # Then the rest of the thread's topics, best match first: a follow-up moves on to
            # their next units.
            fresh = [(u, s) for u, s in scored if u.topic in thread and u.id not in used]
            ranked.extend(index.focused(fresh, stack=named, topics=thread, matched=matched))
            if not [u for u in ranked if u.id not in used]:
                # The thread's matching units are all used: what this message alone is about
                # (92% CPU per worker: right-sizing) beats the next unit in file order.
                alone = [
                    (u, s) for u, s in kept if u.id not in used and alone_words[u.id] >= MIN_WORDS
                ]
                ranked.extend(index.focused(alone, stack=named, matched=alone_words))
            if not [u for u in ranked if u.id not in used]:
                # Still nothing new: the thread's unused units by score, before file order.
                ranked.extend(u for u, _ in candidates if u.topic in thread and u.id not in used)
            # Last, the thread's topics in file order; from the third turn, those its problem
            # and this message speak of first (not "loop" units in a multiprocessing thread).
            # Only units the thread's words match at all: a topic's other units in file order
            # are filler from another subject (a pool's start-up cost in an ORM thread).
            matched_ids = {u.id for u, _ in candidates}
            topical = [u for t in thread for u in self._kb.units.of_topic(t) if u.id in matched_ids]
            ranked.extend(sorted(topical, key=lambda u: u.id not in framed) if framed else topical)
            if finding or asked:
                # The message has a subject of its own: units that speak of it (several of its
                # words) go before the thread's other neighbours, which answer the topic, not
                # the finding; an earlier unit it does not speak of does not continue first.
                words = index.words_matched(
                    request.question, request.language, ranked, code=request.code
                )
                spoken = {u.id for u in confirmed}
                told = set(request.memory.units) - spoken
                ranked = sorted(
                    ranked,
                    key=lambda u: (words[u.id] < MIN_WORDS, u.id in told and words[u.id] == 0),
                )
            # What the learner ruled out ("the loop is not blocked") goes last.
            ranked = sorted(ranked, key=lambda u: u.id in out)
        if not in_thread and ranked:
            holds = followup.held(request)
            if all(holds.rules_out(u.stack) for u in ranked):
                # Every focused unit is about a library the learner ruled out ("nada de polars
                # ni dask"): the next matches that are not come before them (review10 T4).
                ranked.extend(u for u, _ in scored if not holds.rules_out(u.stack))
        if not ranked:
            ranked = list(self._kb.units.of_topic(MEASURE_TOPIC)) or list(self._kb.units.units)
        choice = self._pick(
            ranked, used, request.support_level, request, finding=finding, confirmed=confirmed
        )
        if in_thread:
            tested = confirmed or finding
            left = followup.still_open(self._kb.units, request, tested)
            choice = replace(choice, still_open=tuple(u for u in left if u not in choice.units))
        return choice

    def _concept_units(
        self, request: EngineRequest, ranked: list[Unit], said: frozenset[str]
    ) -> list[Unit]:
        """The concept's own units, then those of their topics whose terms the question says.

        "Does `async def` alone make it faster?" is about the event loop: its units, not the
        Django async-views unit that shares the topic but not the question (review12 V2).
        """
        concept = asked_concept(request.question, request.facts, request.memory)
        if concept is None or not concept.units:
            return ranked
        by_id = {u.id: u for u in self._kb.units.units}
        own = [by_id[i] for i in concept.units if i in by_id]
        topics = {u.topic for u in own}
        kin = [u for u in ranked if u.topic in topics and u.id in said and u not in own]
        return [*own, *kin] or ranked

    def _pick(
        self,
        ranked: list[Unit],
        used: set[str],
        support: str,
        request: EngineRequest,
        *,
        finding: list[Unit] | None = None,
        confirmed: list[Unit] | None = None,
    ) -> Choice:
        shown = frozenset(request.memory.steps)
        fresh = list(dict.fromkeys(u for u in ranked if u.id not in used))
        if not fresh:
            fresh = list(dict.fromkeys(ranked))
        held = followup.held(request)
        lang = request.language
        # A unit about a library the learner ruled out (or a rival of the one they work with),
        # or whose hypothesis a stated constraint forbids ("Linux, fork" -> the spawn reading),
        # goes, unless nothing else is left.
        fresh = [u for u in fresh if not held.rules_out(u.stack)] or fresh
        fresh = [u for u in fresh if not held.forbids(u.in_language(lang).hypothesis)] or fresh
        if held.tried:
            # A unit with nothing left to propose but what the learner already tried goes last.
            # One whose hypothesis merely names the tried fix beside others still explains the
            # symptom ("1,240 -> 1,239 queries with select_related": the N+1 is real, the step
            # to take is another one; review9 R3).
            fresh.sort(key=lambda u: all(held.repeats(step) for step in u.in_language(lang).steps))
        if support == "advanced":
            fresh = [u for u in fresh if not u.basic] + [u for u in fresh if u.basic]
        chosen = tuple(fresh[:UNITS_PER_REPLY])
        rung = followup.deeper_unit(request, confirmed or [], held, finding or ())
        if rung is not None:
            # The evidence confirmed the tested hypothesis: the next rung is the same problem,
            # deeper (the unit's own follow-up steps), not a neighbouring unit.
            chosen = (rung,)
            finding = [rung, *(u for u in finding or () if u is not rung)]
        # The next hypothesis stays on the subject: the best unit's topic, a unit not yet used.
        topic = chosen[0].topic if chosen else ""
        later = [u for u in fresh[UNITS_PER_REPLY:] if u.topic == topic]
        later += [u for u in self._kb.units.of_topic(topic) if u.id not in used and u not in chosen]
        earlier = set(request.memory.units)
        later = [u for u in later if u.id not in earlier] or later
        later = [
            u
            for u in later
            if not held.breaks(u.in_language(request.language).title)
            and not held.rules_out(u.stack)
        ]
        return Choice(
            chosen,
            later[0] if later else None,
            shown=shown,
            finding=tuple(finding or ()),
            deeper=rung,
            held=held,
        )

    # The reply -----------------------------------------------------------------------
    async def reply(
        self,
        request: EngineRequest,
        on_delta: DeltaCallback | None = None,
    ) -> EngineReply:
        """Compose the 7 sections; stream them section by section."""
        choice = self.choose(request)
        if choice.notice == "closing":
            sections = self._write.closing(request)
        elif choice.off_topic:
            sections = self._write.off_topic(request.language, choice.notice)
        else:
            write = self._write
            steps, given = write.steps(request, choice)
            sections = Sections(
                context=write.context(request, choice),
                hypotheses=write.hypotheses(request, choice),
                steps=steps,
                scaffold=write.scaffold(request, choice),
                topics=write.topics(request.language, choice),
                next_steps=write.next_steps(request.language, choice),
                reflection=write.reflection(request),
            )
        if on_delta is not None:
            body = sections.to_dict()
            for key in SECTION_KEYS:
                heading = self._catalog.heading(request.language, key)
                await on_delta(f"**{heading}**\n{body[key]}\n\n")
        topics = tuple(dict.fromkeys(u.topic for u in choice.units))
        return EngineReply(
            sections=sections,
            engine=self.name,
            topics=topics,
            units=tuple(u.id for u in choice.units),
            steps=() if choice.off_topic else given,
        )
