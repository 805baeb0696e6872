"""The offline reply's 7 sections written from the chosen units (bot/engine/offline.py chooses).

Context questions the learner has not answered yet, the reasoned findings and evidence first
and then the units' measurable hypotheses, 3-6 steps never repeated in the thread, a scaffold
only when asked, the topics practiced, one or two vetted references and a reflection asking for
before/after numbers and the decision taken.
"""

from __future__ import annotations

from bot.engine import followup
from bot.engine.advice import advice
from bot.engine.choice import Choice, interleaved
from bot.engine.measure_asks import already_measured, before_and_after, timed, unmeasured
from bot.mentor import step_settings, step_twins
from bot.mentor.engine_port import EngineRequest
from bot.mentor.evidence import evidence_lines, hotspot_hypothesis
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.models import Role, Sections
from bot.mentor.sandbox_next import next_measurement
from bot.mentor.specifics import own_step, performance
from bot.mentor.unit_fit import MIN_WORDS
from bot.mentor.units import Unit

STEPS_BY_SUPPORT = {"guided": 6, "standard": 5, "advanced": 3}
"""Hint depth: a learner with evidenced competence gets fewer steps, from deeper units."""
MIN_STEPS = 3
MAX_STEPS = 6
"""The method's 3-6 actionable steps."""
MAX_REFERENCES = 2
MAX_QUESTIONS = 2
HYPOTHESES = 3
"""One per unit used, as the method's example lists several hypotheses to test."""
OPEN_HYPOTHESES = 2
"""Earlier hypotheses still untested, carried forward after a refuted change."""
ANSWER_KEYS = (
    "reasoning_answer_yes",
    "reasoning_answer_no",
    "measured_explains_yes",
    "measured_explains_partly",
    "measured_explains_no",
    "measured_concept",
)
"""Notes that answer the learner's yes/no question: said first in a follow-up's context."""


def is_cython(code: str) -> bool:
    """A Cython scaffold (fenced as such: it is not Python and must not be parsed as it)."""
    return code.lstrip().startswith("# cython:") or "cdef " in code


def _bullets(items: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _numbered(items: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


_TOKEN_CHARS = frozenset(chr(c) for c in range(0x21, 0x7F))
"""Printable ASCII: the characters of a key, a password or a URL."""


def _snippet(text: str, limit: int = 90) -> str:
    """The learner's words quoted back, cut before a token the limit would split.

    A key or password cut in half is no longer the value the output guard redacts, so the
    cut never lands inside a run of printable ASCII (CJK prose may still be cut anywhere).
    """
    flat = " ".join(text.replace("`", "'").split())
    if len(flat) <= limit:
        return flat
    cut = limit - 1
    while cut > 0 and flat[cut - 1] in _TOKEN_CHARS and flat[cut] in _TOKEN_CHARS:
        cut -= 1
    return flat[:cut].rstrip() + "…"


class SectionWriter:
    """Writes each section of an offline reply in the learner's language."""

    def __init__(self, *, knowledge: KnowledgeBase, catalog: Catalog) -> None:
        self._kb = knowledge
        self._catalog = catalog

    def _msg(self, lang: str, key: str, /, **params: object) -> str:
        return self._catalog.message(lang, key, **params)

    def off_topic(self, lang: str, notice: str = "") -> Sections:
        """A polite redirect for a message with no engineering signal.

        A greeting or a thank-you is welcomed (nothing was practised yet); a traceback cut
        after its first line is asked for in full, since its last line names the error; a
        question in a language the offline mentor cannot read asks for one it can (R44).
        """
        titles = [self._kb.units.topic_title(t, lang) for t in self._kb.core_topics()]
        opening = {
            "greeting": "offline_greeting",
            "thanks": "offline_thanks",
            "traceback_cut": "offline_traceback_cut",
            "unreadable": "offline_unreadable",
        }.get(notice, "offline_off_topic")
        steps = [self._msg(lang, "offline_off_topic_step")]
        if notice == "traceback_cut":
            steps = [self._msg(lang, "offline_traceback_step")]
        elif notice == "unreadable":
            steps = [self._msg(lang, "offline_unreadable_step")]
        topics = [self._msg(lang, "offline_courtesy_topics")] if notice else titles[:4]
        return Sections(
            context=self._msg(lang, opening),
            hypotheses=_bullets([self._msg(lang, "offline_off_topic_hypothesis")]),
            steps=_numbered(steps),
            scaffold="",
            topics=_bullets(topics),
            next_steps=_bullets([self._msg(lang, "offline_off_topic_next")]),
            reflection=_bullets([self._msg(lang, "offline_off_topic_reflection")]),
        )

    def closing(self, request: EngineRequest) -> Sections:
        """A solved problem: the verdict its numbers give, a closing line, one step to keep it.

        The thread's topics stay named; no new hypotheses, no next unit (review9 R49).
        """
        lang = request.language
        topics = followup.thread_topics(request)
        # alone (a learner back to say it worked), a number is no baseline to measure against
        notes = request.evidence_notes[:2] if request.history or topics else ()
        verdict = [n for n in notes if n.strip()]
        titles = [self._kb.units.topic_title(t, lang) for t in topics[:2]]
        return Sections(
            context="\n".join([*verdict, self._msg(lang, "offline_closing")]),
            hypotheses=_bullets([self._msg(lang, "offline_closing_hypothesis")]),
            steps=_numbered([self._msg(lang, "offline_closing_step")]),
            scaffold="",
            topics=_bullets(titles or [self._msg(lang, "offline_courtesy_topics")]),
            next_steps=_bullets([self._msg(lang, "offline_thanks")]),
            reflection=_bullets([self._msg(lang, "offline_closing_reflection")]),
        )

    def context(self, request: EngineRequest, choice: Choice) -> str:
        """Context and constraints: the thread's verdict, what is kept, questions not yet answered."""
        lang = request.language
        lines: list[str] = []
        if request.refuse:
            lines.append(request.refusal or self._msg(lang, "refusal"))
        previous = [t.text for t in request.history if t.author == "learner"]
        thread = followup.thread_topics(request)
        if previous and not request.refuse and (thread or choice.units):
            # The thread's subject, which a follow-up continues (not this turn's best unit).
            topic = self._kb.units.topic_title(thread[0] if thread else choice.units[0].topic, lang)
            lines.append(self._msg(lang, "followup", topic=topic, previous=_snippet(previous[-1])))
            answer = advice(self._kb.index, self._catalog, request)
            if answer:
                lines.append(answer)  # the learner's direct question, answered first
            answered = self._answered(request)
            if answered:
                # "is it ok now?", "does that explain it?": the answer the numbers give comes
                # first and is the turn's verdict (review11 U21), not a line after another one
                lines.append(answered)
            verdict = followup.verdict(
                self._kb.units, self._catalog, request, choice.units, choice.finding
            )
            if verdict and not answered:
                lines.append(verdict)
        kept = followup.kept_line(self._catalog, request, choice.held)
        if kept and not request.refuse:
            lines.append(kept)
        if request.sandbox_note:
            lines.append(request.sandbox_note)
        questions: list[str] = [n for n in request.evidence_notes if n not in lines]
        given = request.facts.given | request.memory.given
        if unmeasured(request, given):
            # "Make it faster", "it uses too much memory", no number: the measurement comes
            # before any mechanism (review10 T8), asked first.
            questions.append(self._msg(lang, "offline_ask_measurement"))
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
            unit_questions = unit_questions[: max(1, limit - len(questions))]
            if not unit_questions:
                # Every unit's question was answered already: still one real question, about
                # a constraint the learner did not state (a noted number is no question: F2).
                unit_questions = [self._unstated(request, given)]
        questions.extend(unit_questions)
        body = _bullets(questions)
        return "\n".join([*lines, body]) if lines else body

    def _answered(self, request: EngineRequest) -> str:
        """The turn's first note when it answers the learner's yes/no question, else ''."""
        if not request.evidence_notes:
            return ""
        first = request.evidence_notes[0]
        lang = request.language
        for key in ANSWER_KEYS:
            opening = self._msg(lang, key, reason="\x00", pct="\x00", answer="\x00")
            head = opening.split("\x00")[0].strip()
            if head and first.startswith(head):
                return first
        return ""

    def _unstated(self, request: EngineRequest, given: frozenset[str]) -> str:
        """A question about a constraint the learner has not stated yet.

        The target comes first for a question about time or memory (when to stop), then where
        it runs, then the scale; with all of them stated, how it should fail.
        """
        order = [*(("goal",) if performance(request.facts) else ()), "environment", "scale"]
        stated = {
            "goal": {"goal"},
            "environment": {"environment", "version"},
            "scale": {"size", "throughput", "concurrency"},
        }
        for slot in order:
            if not stated[slot] & given:
                return self._msg(request.language, f"offline_ask_{slot}")
        return self._msg(request.language, "offline_failure_question")

    def hypotheses(self, request: EngineRequest, choice: Choice) -> str:
        """Measurable hypotheses: the evidence's findings first, then the units'."""
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
        # A stated constraint rules a hypothesis out; one that names a tried fix beside others
        # still explains the symptom (its step repeating the tried fix is left out below).
        fresh = [u for u in fresh if not choice.held.forbids(u.in_language(lang).hypothesis)]
        # After a refuted change the thread's untested hypotheses come first: still open.
        still = [u for u in choice.still_open if not choice.held.breaks(u.in_language(lang).title)]
        items.extend(
            self._msg(lang, "followup_still_open", text=u.in_language(lang).hypothesis)
            for u in still[:OPEN_HYPOTHESES]
        )
        count = 1 if request.findings or still else HYPOTHESES
        for unit in fresh[:count]:
            text = unit.in_language(lang).hypothesis
            if stack and not set(unit.stack) & set(learner_stack) and not named:
                # The unit does not speak of the learner's stack: put it in their terms.
                text = self._msg(lang, "offline_in_your_stack", stack=stack, text=text)
                named = True
            items.append(text)
        if not items and choice.units:
            # every unit's hypothesis broke a stated constraint: never an empty section (T32)
            items.append(self._msg(lang, "offline_hypothesis_fallback"))
        if request.support_level == "advanced" and choice.units:
            items.append(self._msg(lang, "offline_falsify"))
        return _bullets(items)

    def steps(self, request: EngineRequest, choice: Choice) -> tuple[str, tuple[str, ...]]:
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
        elif guided and not already_measured(request) and timed(request, choice):
            # A baseline only where something is timed: a type checker's error count or a
            # trace id's propagation has no scenario to run five times (review F8).
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
        set_to: dict[str, str] = {}
        said = [step_twins.words(step, lang) for step in steps]
        for step_id, text in interleaved(pending):
            if choice.held.breaks(text):
                continue  # against a stated constraint, or what the learner already tried
            if step_settings.contradicts(text, set_to):
                continue  # another unit set this setting otherwise: one value per reply
            if step_twins.is_twin(text, lang, said):
                continue  # another unit's step already says it (review9 R6)
            if text not in steps and len(steps) < depth:
                ids.append(step_id)
                steps.append(text)
                set_to.update(step_settings.settings(text))
                said.append(step_twins.words(text, lang))
        own = "" if request.refuse else self._own_step(request)
        if own and len(steps) < MAX_STEPS:  # the learner's own case (bot/mentor/specifics.py)
            steps.append(own)
        if len(steps) < MIN_STEPS and self._on_question(request, choice.following):
            # Short of three: the next hypothesis of the same subject gives its first step,
            # an action on this question, rather than a generic measurement sentence.
            assert choice.following is not None
            for step_id, text in followup.unit_steps(choice.following, lang, deeper=False):
                if len(steps) >= MIN_STEPS:
                    break
                if step_id in choice.shown or text in steps or choice.held.breaks(text):
                    continue
                if not step_settings.contradicts(text, set_to):
                    ids.append(step_id)
                    steps.append(text)
        if len(steps) < MIN_STEPS:
            steps.append(self._msg(lang, "offline_measure_step"))
        if request.role is Role.AGENT:
            return "\n".join(f"- [ ] {step}" for step in steps), tuple(ids)
        return _numbered(steps), tuple(ids)

    def _on_question(self, request: EngineRequest, unit: Unit | None) -> bool:
        """The unit speaks of this question (several of its words), not only of its topic."""
        if unit is None or request.refuse:
            return False
        words = self._kb.index.words_matched(
            request.question, request.language, [unit], code=request.code
        )
        return words.get(unit.id, 0) >= MIN_WORDS

    def _own_step(self, request: EngineRequest) -> str:
        lang = request.language
        return own_step(
            request.question, request.code, request.facts, lambda k, **kw: self._msg(lang, k, **kw)
        )

    def scaffold(self, request: EngineRequest, choice: Choice) -> str:
        """A scaffold only when asked: the best unit's, else a neighbour's."""
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
                code = self._kb.units.scaffold(unit, request.language)
                return f"```{fence}\n{code.strip()}\n```"
        return ""

    def topics(self, lang: str, choice: Choice) -> str:
        """The topics practiced, each with the units' titles."""
        by_topic: dict[str, list[str]] = {}
        for unit in choice.units:
            by_topic.setdefault(unit.topic, []).append(unit.in_language(lang).title)
        lines = [
            f"{self._kb.units.topic_title(topic, lang)}: {'; '.join(titles)}"
            for topic, titles in by_topic.items()
        ]
        return _bullets(lines)

    def next_steps(self, lang: str, choice: Choice) -> str:
        """The next hypothesis to test and one or two vetted references."""
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

    def reflection(self, request: EngineRequest) -> str:
        """Asks for before/after numbers and the decision taken (and why, past guided).

        A thread that already reported its before and after (a result) is not asked for them
        again: the question moves to the next change's number.
        """
        lang = request.language
        reported = before_and_after(request)
        items = [
            self._msg(
                lang, "offline_reflection_next" if reported else "offline_reflection_numbers"
            ),
            self._msg(lang, "offline_reflection_decision"),
        ]
        if request.support_level != "guided":
            items.append(self._msg(lang, "offline_reflection_why"))
        return _bullets(items)
