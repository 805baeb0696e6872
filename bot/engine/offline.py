"""The offline engine: the method's 7 sections composed from the knowledge units, no network.

Each reply is built from the units that best match THIS question (bot/mentor/retrieval.py):
context questions the learner has not answered yet, the reasoned findings and evidence first
and then the units' measurable hypotheses, 3-6 steps from the units that answer the question
(only those close to the best match: fewer relevant steps beat filler from another subject;
never from a unit the thread already used: a follow-up, read with the thread's question,
moves on to the next hypothesis of the thread's subject), a scaffold only
when asked, the topics practiced, one or two vetted references and a reflection asking for
before/after numbers and the decision taken. Deterministic, so the bot always has an answer
(no LLM configured, or the LLM failed) and tests can assert on it. A message with no
engineering signal at all gets a short, polite redirect instead of a Python template.
"""

from __future__ import annotations

from bot.engine import followup
from bot.engine.choice import Choice, interleaved
from bot.engine.followup import finding_units
from bot.mentor.engine_port import DeltaCallback, EngineReply, EngineRequest
from bot.mentor.evidence import evidence_lines, hotspot_hypothesis
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.models import SECTION_KEYS, Role, Sections
from bot.mentor.retrieval import MIN_WORDS, SURE_SCORE
from bot.mentor.sandbox_next import next_measurement
from bot.mentor.specifics import own_step
from bot.mentor.units import Unit

STEPS_BY_SUPPORT = {"guided": 6, "standard": 5, "advanced": 3}
"""Hint depth: a learner with evidenced competence gets fewer steps, from deeper units."""
UNITS_PER_REPLY = 3
MIN_STEPS = 3
MAX_STEPS = 6
"""The method's 3-6 actionable steps."""
MAX_REFERENCES = 2
MAX_QUESTIONS = 2
HYPOTHESES = 3
"""One per unit used, as the method's example lists several hypotheses to test."""
BASELINE_SLOTS = frozenset({"baseline", "result", "latency", "throughput"})
"""Given slots that mean the learner measured something already."""
MEASURED_KINDS = frozenset({"latency", "duration", "throughput", "memory", "ratio"})
"""Quantity kinds that are a measurement (a count or a size alone is not)."""
SECURITY = "security"
REFUSAL_SHARE = 0.6
"""After a refusal only units close to the offered alternative teach (not any defensive unit)."""
SEARCH_LIMIT = 12
"""Units a question is focused from (bot/mentor/retrieval.py's default)."""
THREAD_CANDIDATES = 40
"""Units scored for a follow-up: enough to rank the thread's unused units by relevance."""
MEASURE_TOPIC = "profiling"
"""Where a question with an engineering signal but no matching unit starts: measure first."""


def is_cython(code: str) -> bool:
    """A Cython scaffold (fenced as such: it is not Python and must not be parsed as it)."""
    return code.lstrip().startswith("# cython:") or "cdef " in code


def _bullets(items: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _numbered(items: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def _snippet(text: str, limit: int = 90) -> str:
    flat = " ".join(text.replace("`", "'").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class OfflineEngine:
    """Composes replies from config/knowledge/units; never raises for any request."""

    name = "offline"

    def __init__(self, *, knowledge: KnowledgeBase, catalog: Catalog) -> None:
        self._kb = knowledge
        self._catalog = catalog

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
            # The alternative the refusal offers is what the sections teach.
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
        thread = self._thread_topics(request)
        in_thread = bool(request.history or thread)
        first = index.search(request.question, request.language, code=request.code)
        base = (
            index.search(request.question, request.language, code=request.code, local=False)
            if index.has_local(request.language)
            else first
        )
        best = base[0][1] if base else 0.0
        signal = index.has_signal(request.question, request.language, code=request.code, best=best)
        question = request.question
        if in_thread:
            # A follow-up is read with the thread's question: "reverted", "holding" or
            # "DataFrame" in a report of results must not flip the thread to another subject.
            earlier = [t.text for t in request.history if t.author == "learner"]
            question = " ".join([*dict.fromkeys([*earlier[:1], *earlier[-1:]]), question])
        code = request.code or request.memory.code or None
        if question == request.question and code == request.code and not stack:
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
            return Choice((), off_topic=True)
        named = {name.lower() for name in stack}
        matched = index.words_matched(question, request.language, [u for u, _ in scored], code=code)
        ranked = index.focused(scored, stack=named, topics=thread, matched=matched)
        if in_thread:
            # What the learner now reports decides first: the units their finding is about
            # (the message alone, several of its words), before the thread's neighbours.
            out = followup.ruled_out(index, request, [*(u for u, _ in first), *ranked])
            finding = [
                u for u in finding_units(index, request, first, named, thread) if u.id not in out
            ]
            kept = [(u, s) for u, s in first if u.id not in out]
            confirmed = followup.confirmed_units(request, finding, kept)
            ranked = [*finding, *ranked]
            # Then the rest of the thread's topics, best match first: a follow-up moves on to
            # their next units.
            fresh = [(u, s) for u, s in scored if u.topic in thread and u.id not in used]
            ranked.extend(index.focused(fresh, stack=named, topics=thread, matched=matched))
            if not [u for u in ranked if u.id not in used]:
                # The thread's matching units are all used: what this message alone is about
                # (92% CPU per worker: right-sizing) beats the next unit in file order.
                words = index.words_matched(
                    request.question, request.language, [u for u, _ in first]
                )
                alone = [(u, s) for u, s in first if u.id not in used and words[u.id] >= MIN_WORDS]
                ranked.extend(index.focused(alone, stack=named, matched=words))
            if not [u for u in ranked if u.id not in used]:
                # Still nothing new: the thread's unused units by score, before file order.
                ranked.extend(u for u, _ in candidates if u.topic in thread and u.id not in used)
            ranked.extend(u for t in thread for u in self._kb.units.of_topic(t))
            if finding:
                # A finding was reported: units that speak of it (several of its words) go
                # before the thread's other neighbours, which answer the topic, not the finding.
                words = index.words_matched(
                    request.question, request.language, ranked, code=request.code
                )
                ranked = sorted(ranked, key=lambda u: words[u.id] < MIN_WORDS)
            # What the learner ruled out ("the loop is not blocked") goes last.
            ranked = sorted(ranked, key=lambda u: u.id in out)
        if not ranked:
            ranked = list(self._kb.units.of_topic(MEASURE_TOPIC)) or list(self._kb.units.units)
        return self._pick(
            ranked, used, request.support_level, request, finding=finding, confirmed=confirmed
        )

    def _thread_topics(self, request: EngineRequest) -> tuple[str, ...]:
        """The thread's topics, the first one first (what the thread is about)."""
        ordered = [*(self._topic_of(u) for u in request.memory.units), *request.thread_topics]
        return tuple(dict.fromkeys(ordered))

    def _topic_of(self, unit_id: str) -> str:
        return followup.topic_of(unit_id)

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
        if held:  # a unit whose hypothesis breaks a constraint (or was tried) goes last
            lang = request.language
            fresh.sort(key=lambda u: held.breaks(u.in_language(lang).hypothesis))
        if support == "advanced":
            fresh = [u for u in fresh if not u.basic] + [u for u in fresh if u.basic]
        chosen = tuple(fresh[:UNITS_PER_REPLY])
        rung = followup.deeper_unit(request, confirmed or [], held)
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
        if held:
            later = [u for u in later if not held.breaks(u.in_language(request.language).title)]
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
        if choice.off_topic:
            sections = self._off_topic(request.language)
        else:
            steps, given = self._steps(request, choice)
            sections = Sections(
                context=self._context(request, choice),
                hypotheses=self._hypotheses(request, choice),
                steps=steps,
                scaffold=self._scaffold(request, choice),
                topics=self._topics(request.language, choice),
                next_steps=self._next_steps(request.language, choice),
                reflection=self._reflection(request),
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

    def _msg(self, lang: str, key: str, /, **params: object) -> str:
        return self._catalog.message(lang, key, **params)

    def _off_topic(self, lang: str) -> Sections:
        titles = [self._kb.units.topic_title(t, lang) for t in self._kb.core_topics()]
        return Sections(
            context=self._msg(lang, "offline_off_topic"),
            hypotheses=_bullets([self._msg(lang, "offline_off_topic_hypothesis")]),
            steps=_numbered([self._msg(lang, "offline_off_topic_step")]),
            scaffold="",
            topics=_bullets(titles[:4]),
            next_steps=_bullets([self._msg(lang, "offline_off_topic_next")]),
            reflection=_bullets([self._msg(lang, "offline_off_topic_reflection")]),
        )

    def _context(self, request: EngineRequest, choice: Choice) -> str:
        lang = request.language
        lines: list[str] = []
        if request.refuse:
            lines.append(request.refusal or self._msg(lang, "refusal"))
        previous = [t.text for t in request.history if t.author == "learner"]
        thread = self._thread_topics(request)
        if previous and not request.refuse and (thread or choice.units):
            # The thread's subject, which a follow-up continues (not this turn's best unit).
            topic = self._kb.units.topic_title(thread[0] if thread else choice.units[0].topic, lang)
            lines.append(self._msg(lang, "followup", topic=topic, previous=_snippet(previous[-1])))
            verdict = followup.verdict(
                self._kb.units, self._catalog, request, choice.units, choice.finding
            )
            if verdict:
                lines.append(verdict)
        kept = followup.kept_line(self._catalog, request, choice.held)
        if kept and not request.refuse:
            lines.append(kept)
        if request.sandbox_note:
            lines.append(request.sandbox_note)
        questions: list[str] = list(request.evidence_notes)
        given = request.facts.given | request.memory.given
        asked: set[str] = set()
        unit_questions: list[str] = []
        for unit in choice.units:
            if unit.asks in given or unit.asks in asked or choice.continued(unit):
                continue
            asked.add(unit.asks)
            unit_questions.append(unit.in_language(lang).question)
        if request.support_level == "advanced":
            # Deeper, not only shorter: one unit question, then the trade-off it implies.
            unit_questions = [*unit_questions[:1], self._msg(lang, "offline_tradeoff_question")]
        else:
            limit = MAX_QUESTIONS if request.role is Role.MENTOR else 1
            unit_questions = unit_questions[:limit]
            if not unit_questions and not questions:
                # Only when nothing better is asked: no unit question fits, no evidence noted.
                unit_questions = [self._msg(lang, "offline_failure_question")]
        questions.extend(unit_questions)
        body = _bullets(questions)
        return "\n".join([*lines, body]) if lines else body

    def _hypotheses(self, request: EngineRequest, choice: Choice) -> str:
        lang = request.language
        items: list[str] = list(request.findings)
        if request.sandbox is not None and not request.refuse:
            reasoned = bool(request.findings)  # the reading already names the hotspot
            items.extend(evidence_lines(request.sandbox, lang, self._catalog, reasoned=reasoned))
            if not request.findings:
                measured = hotspot_hypothesis(request.sandbox, lang, self._catalog)
                if measured:
                    items.append(measured)
        learner_stack = [
            s for s in request.facts.stack or request.memory.stack if s not in choice.held.tried
        ]
        stack = ", ".join(learner_stack)
        named = False
        # Evidence-backed findings lead; then fewer generic hypotheses, which could contradict them.
        fresh = [u for u in choice.units if not choice.continued(u)] or list(choice.units[:1])
        fresh = [u for u in fresh if not choice.held.breaks(u.in_language(lang).hypothesis)]
        for unit in fresh[: 1 if request.findings else HYPOTHESES]:
            text = unit.in_language(lang).hypothesis
            if stack and not set(unit.stack) & set(learner_stack) and not named:
                # The unit does not speak of the learner's stack: put it in their terms.
                text = self._msg(lang, "offline_in_your_stack", stack=stack, text=text)
                named = True
            items.append(text)
        if request.support_level == "advanced" and choice.units:
            items.append(self._msg(lang, "offline_falsify"))
        return _bullets(items)

    def _steps(self, request: EngineRequest, choice: Choice) -> tuple[str, tuple[str, ...]]:
        """The numbered steps and their ids ('<unit id>#<index>').

        Steps the thread already gave are never repeated.
        """
        lang = request.language
        depth = STEPS_BY_SUPPORT.get(request.support_level, 5)
        steps: list[str] = []
        # What the sandbox run calls for next comes first: the reading turned into a measurement.
        measure = "" if request.refuse else next_measurement(request.sandbox, lang, self._catalog)
        guided = request.support_level == "guided" and not request.refuse
        if measure:
            steps.append(measure)
        elif guided and not self._measured(request):
            steps.append(self._msg(lang, "offline_baseline_step"))
        # The best unit first and in depth, the next units' first steps after it, so even a
        # short list draws on several hypotheses.
        ids: list[str] = []
        pending = [
            [
                (step_id, text)
                for step_id, text in followup.unit_steps(u, lang, deeper=u is choice.deeper)
                if step_id not in choice.shown
            ]
            for u in choice.units
        ]
        for step_id, text in interleaved(pending):
            if choice.held.breaks(text):
                continue  # against a stated constraint, or what the learner already tried
            if text not in steps and len(steps) < depth:
                ids.append(step_id)
                steps.append(text)
        own = "" if request.refuse else self._own_step(request)
        if own and len(steps) < MAX_STEPS:  # the learner's own case (bot/mentor/specifics.py)
            steps.append(own)
        if len(steps) < MIN_STEPS:
            steps.append(self._msg(lang, "offline_measure_step"))
        if request.role is Role.AGENT:
            return "\n".join(f"- [ ] {step}" for step in steps), tuple(ids)
        return _numbered(steps), tuple(ids)

    def _own_step(self, request: EngineRequest) -> str:
        lang = request.language
        return own_step(
            request.question, request.code, request.facts, lambda k, **kw: self._msg(lang, k, **kw)
        )

    @staticmethod
    def _measured(request: EngineRequest) -> bool:
        """The learner already gave a measurement: asking for a baseline again is noise."""
        given = request.facts.given | request.memory.given
        kinds = {q.kind for q in request.facts.quantities}
        return bool(given & BASELINE_SLOTS or kinds & MEASURED_KINDS)

    def _scaffold(self, request: EngineRequest, choice: Choice) -> str:
        if request.refuse or not request.wants_scaffold:
            return ""
        # The best unit's scaffold; else the nearest one in the same topics (asked = given).
        neighbours = [
            u
            for t in dict.fromkeys(u.topic for u in choice.units)
            for u in self._kb.units.of_topic(t)
        ]
        candidates = [*choice.units, *([choice.following] if choice.following else []), *neighbours]
        for unit in candidates:
            if unit.scaffold.strip():
                fence = "cython" if is_cython(unit.scaffold) else "python"
                return f"```{fence}\n{unit.scaffold.strip()}\n```"
        return ""

    def _topics(self, lang: str, choice: Choice) -> str:
        by_topic: dict[str, list[str]] = {}
        for unit in choice.units:
            by_topic.setdefault(unit.topic, []).append(unit.in_language(lang).title)
        lines = [
            f"{self._kb.units.topic_title(topic, lang)}: {'; '.join(titles)}"
            for topic, titles in by_topic.items()
        ]
        return _bullets(lines)

    def _next_steps(self, lang: str, choice: Choice) -> str:
        items: list[str] = []
        if choice.following is not None:
            title = choice.following.in_language(lang).title
            items.append(self._msg(lang, "offline_next_hypothesis", title=title))
        urls: set[str] = set()
        for unit in choice.units:
            for title, url in unit.refs:
                if url not in urls and len(urls) < MAX_REFERENCES:
                    urls.add(url)
                    items.append(f"[{title}]({url})")
        return _bullets(items)

    def _reflection(self, request: EngineRequest) -> str:
        lang = request.language
        items = [
            self._msg(lang, "offline_reflection_numbers"),
            self._msg(lang, "offline_reflection_decision"),
        ]
        if request.support_level != "guided":
            items.append(self._msg(lang, "offline_reflection_why"))
        return _bullets(items)
