"""DraftGuards: the output guards of one turn, in the turn's order.

input intent (before the LLM, bot/mentor/method.py) -> LLM draft (with its language re-ask)
-> output safety -> integrity -> sections. Each guard counts what it does in
`mca_guard_actions_total{guard,action}` and logs one structured line (`guard.output_safety`,
`guard.integrity`, `guard.sections`) with counts and ids, never the learner's text. Built
once in bot/app.py; MentorService makes one call per turn.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

import structlog

from bot.course.hints import MAX_LEVEL, hint_text
from bot.mentor.guards.answers_question import (
    off_subject,
    off_topics,
    renumber,
    without_ruled_out,
)
from bot.mentor.guards.foreign_lines import drop_foreign_lines
from bot.mentor.guards.harm_split import strip_split_harm
from bot.mentor.guards.integrity import IntegrityGuard
from bot.mentor.guards.recipe_targets import drop_code_echoes
from bot.mentor.guards.refusal_text import Facets, load_facets
from bot.mentor.guards.register import drop_formal_lines
from bot.mentor.guards.safety import ProseRule, drop_pointers, strip_harm
from bot.mentor.guards.substance import SectionRules
from bot.mentor.guards.substance_checks import foreign_prose
from bot.mentor.guards.substance_terms import list_items
from bot.mentor.guards.task_asks import NO_TASK_ASKS, TaskAsks
from bot.mentor.guards.thread_code import shown_code
from bot.mentor.guards.told_edits import told_edits, translated, withdraw
from bot.mentor.guards.told_solution import ToldSolutions
from bot.mentor.guards.twin_paragraphs import drop_twin_paragraphs
from bot.mentor.i18n import Catalog
from bot.mentor.models import SECTION_KEYS, Sections
from bot.mentor.solution import guard_text
from bot.observability import Metrics
from bot.settings import DEFAULT_CONFIG_DIR

log = structlog.get_logger()

FRAMING = ("context", "hypotheses", "topics", "next_steps", "reflection")
"""Sections that carry an attack's target and goal after its steps are removed (R41)."""

OfflineSections = Callable[[], Awaitable[Sections]]
"""The offline engine's sections for THIS turn's request (called at most once, lazily)."""


@dataclass(frozen=True, slots=True)
class DraftTurn:
    """What the guards need to know about the turn (no learner text)."""

    language: str
    wants_scaffold: bool
    strict: bool
    """A graded thread or a "write it for me" request: finished code becomes a scaffold."""
    effort: bool
    learner_code: tuple[str, ...] = ()
    learner_id: int | None = None
    turn_id: int = 0
    shown: tuple[str, ...] = ()
    """Python the bot already showed in this thread (`thread_code.shown_code` of the earlier
    replies): a solution handed out over several turns is judged as one."""
    said: tuple[str, ...] = ()
    """The bot's earlier replies in this thread (the history window): a solution told in
    words over several turns is judged as one."""
    secrets: tuple[str, ...] = ()
    """Secret values in the learner's message (`secrets.learner_secrets`): never quoted back."""
    task: str = ""
    """The practice task the learner asked to have finished, described in words
    (`TaskAsks.asked`): its scaffold and next hint rung answer it ('' for none)."""
    question: str = ""
    """The learner's message: the draft must answer it (`answers_question.off_subject`)."""
    named: tuple[str, ...] | None = None
    """What the question names (understanding's stack), when the turn already read it."""
    ruled_out: tuple[str, ...] | None = None
    """Libraries the thread ruled out ("without Redis"), when the turn already read them."""
    constraints: tuple[str, ...] | None = None
    """The thread's held constraints ('no_deps', 'python:3.8', 'avoid:redis'), when the turn
    already read them: no hypothesis, step or scaffold of the draft may break one (R21, R5)."""
    curated: bool = False
    """Composed by the offline engine from our reviewed knowledge units, not generated: there
    is nothing an attacker or a careless model could have written into it to scan for."""


@dataclass(frozen=True, slots=True)
class Guarded:
    """The guarded sections and the one-line notices to show the learner."""

    sections: Sections
    notices: tuple[str, ...] = ()


@dataclass
class DraftGuards:
    """Output safety, integrity and sections, applied to a draft in that order."""

    catalog: Catalog
    metrics: Metrics
    rules: SectionRules
    integrity: IntegrityGuard
    prose: ProseRule = field(default_factory=ProseRule)
    """The safety guard's prose rule (every language's cues from config/i18n/guardsout)."""
    told: ToldSolutions = field(default_factory=lambda: ToldSolutions(()))
    """The practice tasks' outlines: a solution told in prose (config/guards/outlines)."""
    task_asks: TaskAsks = field(default_factory=lambda: NO_TASK_ASKS)
    """Practice tasks recognised by what a request describes (config/course/task_asks.toml)."""
    refusals: Facets = field(default_factory=lambda: load_facets(DEFAULT_CONFIG_DIR))
    """What a refused request is about within its capability (config/guards/refusal_facets):
    the refusal's reason and alternative fit it (`refusal_text`)."""

    # Used before and during the draft -------------------------------------------------------
    def effort(self, text: str, code: tuple[str, ...], *, says_tried: bool) -> bool:
        """Evidence of effort, measured against the task starters (see integrity)."""
        return self.integrity.interfaces.shows_effort(text, code, says_tried=says_tried)

    def hollow(self, sections: Sections, language: str, *, wants_scaffold: bool) -> tuple[str, ...]:
        """Sections the re-ask must fill with substance."""
        return self.rules.hollow(sections, language, wants_scaffold=wants_scaffold)

    @property
    def prose_rule(self) -> ProseRule:
        """For the streaming gate: the safety guard's prose rule (paragraphs and lines)."""
        return self.prose

    def count(self, guard: str, action: str, amount: int = 1) -> None:
        """One guard action in `mca_guard_actions_total`."""
        if amount:
            self.metrics.guard_actions.labels(guard, action).inc(amount)

    # After the draft ------------------------------------------------------------------------
    async def apply(self, sections: Sections, turn: DraftTurn, offline: OfflineSections) -> Guarded:
        """Run the guards in order; returns the sections to show and the notices."""
        notices: list[str] = []
        sections, framed = self._safety(sections, turn, notices)
        sections, keep_scaffold = await self._integrity(sections, turn, notices)
        sections = await self._sections(
            sections, turn, offline, notices, keep_scaffold, framed=framed
        )
        sections = await self._asked_task(sections, turn)
        return Guarded(sections, tuple(notices))

    async def _asked_task(self, sections: Sections, turn: DraftTurn) -> Sections:
        """A practice task asked for in words: its scaffold and the next hint rung.

        Without effort the scaffold section becomes the task's scaffold and the rung after
        the one the learner earned; with effort (their own code, a failing test) their reply
        keeps its scaffold and gains that rung: the next step for THEIR code.
        """
        task = next(
            (s.task for s in self.integrity.interfaces.shapes if s.task.id == turn.task), None
        )
        if task is None:
            return sections
        rung = await self.integrity.next_rung(task, turn.language, turn.learner_id)
        if turn.effort:
            if rung in sections.scaffold:
                return sections
            scaffold = f"{sections.scaffold}\n\n{rung}".strip()
        else:
            scaffold = f"{hint_text(task, turn.language, MAX_LEVEL)}\n\n{rung}"
        self.count("integrity", "asked_in_words")
        log.info("guard.integrity_asked_in_words", task=task.id, effort=turn.effort)
        return replace(sections, scaffold=scaffold)

    def _safety(
        self, sections: Sections, turn: DraftTurn, notices: list[str]
    ) -> tuple[Sections, tuple[str, ...]]:
        """The draft without harm or secrets; and the sections emptied as the attack's framing.

        When no step of the draft outlived the attack, the plan WAS the attack, and
        its questions, hypotheses, topics, references and reflection were written for it
        ("How long was the shop unreachable?", review9 R41): they are emptied, and the
        offline engine's answer to the learner's own question fills them. An attack cut
        from a defensive answer (its own steps stay) leaves the defence's sections whole.
        """
        data = sections.to_dict()
        paragraphs = secrets = 0
        scrub = self.prose.secrets.with_values(turn.secrets)
        for key in SECTION_KEYS:
            data[key], found = scrub.redact(data[key])  # echoed keys, code too
            secrets += found
        if turn.curated:
            # our own texts hold no harm, but they quote the learner back ("You said: ...")
            self.count("output_safety", "curated")
            self.count("output_safety", "redacted_secret", secrets)
            return (Sections.from_dict(data) if secrets else sections), ()
        split = strip_split_harm(data, turn.shown)  # split over blocks, sections or turns
        data, harms, blocks = split.texts, set(split.harms), split.blocks
        dropped: list[str] = []
        for key in SECTION_KEYS:
            result = strip_harm(data[key], self.prose)
            if result.changed:
                data[key] = result.text
                harms.update(result.harms)
                blocks += result.blocks
                paragraphs += result.paragraphs
                dropped.extend(result.dropped)
        for key in SECTION_KEYS:  # steps operating the removed code: its targets, its files
            data[key], echoes = drop_code_echoes(data[key], tuple(dropped))
            data[key] = renumber(data[key]) if echoes else data[key]
            paragraphs += echoes
        if blocks and not any("```" in data[k] for k in SECTION_KEYS):
            for key in SECTION_KEYS:  # steps pointing at the removed code go with it
                data[key], pointers = drop_pointers(data[key])
                data[key] = renumber(data[key]) if pointers else data[key]
                paragraphs += pointers
        if secrets:
            harms.add("secret_disclosure")
            self.count("output_safety", "redacted_secret", secrets)
        if not (blocks or paragraphs or secrets):
            self.count("output_safety", "passed")
            return sections, ()
        self.count("output_safety", "dropped_code", blocks)
        self.count("output_safety", "dropped_prose", paragraphs)
        log.warning(
            "guard.output_safety",
            turn=turn.turn_id,
            action="dropped",
            harms=sorted(harms),
            blocks=blocks,
            paragraphs=paragraphs,
            secrets=secrets,
        )
        framed: tuple[str, ...] = ()
        if blocks or paragraphs:
            notices.append(self.catalog.message(turn.language, "guardsout_harm_removed"))
            if not list_items(data["steps"]):  # no step outlived the attack: it was the plan
                framed = FRAMING
                data.update(dict.fromkeys(framed, ""))
        if secrets:
            notices.append(self.catalog.message(turn.language, "guardsout_secret_removed"))
        return Sections.from_dict(data), framed

    async def _integrity(
        self, sections: Sections, turn: DraftTurn, notices: list[str]
    ) -> tuple[Sections, bool]:
        data = sections.to_dict()
        told = await self._told(data, turn)  # before any rung is written into the draft
        told += await self._told_edit(data, turn)
        replaced = runs = matched = unverified = allowed = 0
        keep_scaffold = told > 0  # the told task's scaffold stands in section 4
        shown = turn.shown
        for key in SECTION_KEYS:
            result = await self.integrity.guard(
                data[key],
                language=turn.language,
                effort=turn.effort,
                learner_id=turn.learner_id,
                learner_code=turn.learner_code,
                shown=shown,
            )
            data[key] = result.text
            if "```" in result.text:  # later sections build on this one's code (and the thread's)
                shown = (*shown, *shown_code((result.text,)))
            replaced += result.replaced
            runs += result.runs
            matched += result.matched
            unverified += result.unverified
            allowed += result.allowed
            keep_scaffold |= key == "scaffold" and result.replaced > 0
        if not (replaced or turn.effort) and all("```" in data[k] for k in ("scaffold", "steps")):
            # the scaffold's skeleton filled in by the steps' methods (read after it)
            result = await self.integrity.guard(
                data["steps"],
                language=turn.language,
                effort=turn.effort,
                learner_id=turn.learner_id,
                learner_code=turn.learner_code,
                shown=(*turn.shown, *shown_code((data["scaffold"],))),
            )
            data["steps"] = result.text
            replaced, runs, matched = (
                replaced + result.replaced,
                runs + result.runs,
                matched + result.matched,
            )
            unverified += result.unverified
        if replaced:
            keep_scaffold |= self._scaffold_to_section_4(data, turn.language)
        if not matched:
            self.count("integrity", "no_interface")
        self.count("integrity", "checked", runs)
        self.count("integrity", "replaced", replaced - unverified)
        self.count("integrity", "withheld_unverified", unverified)
        self.count("integrity", "allowed_effort", allowed)
        before = data["scaffold"]
        scaffolded = self._solution(data, turn)
        # finished code made a scaffold in section 4 stays shown: the notice tells the learner
        # to fill in its bodies, so dropping it as unasked would promise what is not there
        keep_scaffold |= data["scaffold"] != before
        if matched or scaffolded:
            log.info(
                "guard.integrity",
                turn=turn.turn_id,
                matched=matched,
                runs=runs,
                replaced=replaced,
                unverified=unverified,
                allowed=allowed,
                scaffolded=scaffolded,
            )
        if replaced or told:
            # the learner's evidence ran on the unchanged starter: it is the task's own (F43)
            notice = "guardsout_turnkey_replaced_starter" if turn.learner_code else ""
            notices.append(
                self.catalog.message(turn.language, notice or "guardsout_turnkey_replaced")
            )
        elif scaffolded:
            notices.append(self.catalog.message(turn.language, "solution_scaffolded"))
        return Sections.from_dict(data), keep_scaffold

    def _scaffold_to_section_4(self, data: dict[str, str], language: str) -> bool:
        """A task's scaffold the integrity guard put where the solution was moves to section 4.

        The rung stays where the solution stood; the scaffold is section 4's, which would
        otherwise say "No scaffold this time" under a scaffold in section 3 (review8 F43).
        """
        moved = False
        for shape in self.integrity.interfaces.shapes:
            scaffold = hint_text(shape.task, language, MAX_LEVEL)
            for key in SECTION_KEYS:
                if key == "scaffold" or scaffold not in data[key]:
                    continue
                data[key] = data[key].replace(scaffold, "").strip()
                if "```" not in data["scaffold"]:
                    data["scaffold"] = scaffold
                moved = True
        return moved

    async def _told(self, data: dict[str, str], turn: DraftTurn) -> int:
        """A task's solution told in prose, without effort: its lines give way to a hint rung."""
        if turn.effort or turn.curated:
            return 0
        found = self.told.tasks(data, turn.language, turn.said)
        if not found:
            return 0
        tasks = {s.task.id: s.task for s in self.integrity.interfaces.shapes}
        rungs = {
            task_id: await self.integrity.next_rung(tasks[task_id], turn.language, turn.learner_id)
            for task_id in found
            if task_id in tasks
        }
        result = self.told.withdraw(data, turn.language, rungs, turn.said)
        data.update(result.texts)
        # the notice promises the task's scaffold: section 4 holds it (review8 F26)
        first = next((tasks[t] for t in result.tasks if t in tasks), None)
        if first is not None and "```" not in data["scaffold"]:
            data["scaffold"] = hint_text(first, turn.language, MAX_LEVEL)
        self.count("integrity", "told_withdrawn", len(result.tasks))
        log.info(
            "guard.integrity_told", turn=turn.turn_id, tasks=list(result.tasks), lines=result.lines
        )
        return len(result.tasks)

    async def _told_edit(self, data: dict[str, str], turn: DraftTurn) -> int:
        """A task's solution told as an edit of its starter (review8 F25), without effort.

        The statements that rewrite a starter line, laid over it, are run by the task's
        checker; when it passes (or cannot run: an unverified solution is still one) they
        give way to the next hint rung, and section 4 holds the task's scaffold.
        """
        if turn.effort or turn.curated:
            return 0
        shapes = {s.task.id: s for s in self.integrity.interfaces.shapes if not s.tests_only}
        starters = {task_id: shape.task.starter for task_id, shape in shapes.items()}
        keys = [k for k in SECTION_KEYS if k != "scaffold" or "```" in data[k]]
        for edit in told_edits([data[k] for k in keys], starters):
            shape = shapes[edit.task_id]
            verdict, _ = await self.integrity.solves(shape, edit.patched)
            if verdict is False:
                continue
            for key in keys:
                data[key], removed = withdraw(data[key], {edit.statement})
                if removed and key == "steps":
                    rung = await self.integrity.next_rung(
                        shape.task, turn.language, turn.learner_id
                    )
                    data[key] = f"{data[key]}\n\n{rung}".strip()
            if "```" not in data["scaffold"]:
                data["scaffold"] = hint_text(shape.task, turn.language, MAX_LEVEL)
            self.count("integrity", "told_edit_withdrawn")
            log.info("guard.integrity_told_edit", turn=turn.turn_id, task=shape.task.id)
            return 1
        interfaces = {
            t: {name: sig[2] for name, sig in shape.interface.items()}
            for t, shape in shapes.items()
        }
        for key in keys:
            text, task_id = translated(data[key], interfaces)
            if not task_id:
                continue
            task = shapes[task_id].task
            rung = await self.integrity.next_rung(task, turn.language, turn.learner_id)
            data[key] = f"{text}\n\n{rung}".strip()
            if "```" not in data["scaffold"]:
                data["scaffold"] = hint_text(task, turn.language, MAX_LEVEL)
            self.count("integrity", "translated_withdrawn")
            log.info("guard.integrity_translated", turn=turn.turn_id, task=task_id)
            return 1
        return 0

    def _solution(self, data: dict[str, str], turn: DraftTurn) -> int:
        """Finished code that is no practice task's still becomes a scaffold when strict."""
        replaced = 0
        for key in SECTION_KEYS:
            check = guard_text(
                data[key], strict=turn.strict, learner_code=turn.learner_code, allow=turn.effort
            )
            data[key] = check.text
            replaced += check.replaced
            if check.finished_blocks and turn.effort:
                self.metrics.guardrails.labels("solution", "allowed_effort").inc()
        if replaced:
            self.metrics.guardrails.labels("solution", "scaffolded").inc()
            self.count("integrity", "scaffolded", replaced)
        return replaced

    def _answers_turn(
        self, sections: Sections, turn: DraftTurn, notices: list[str]
    ) -> tuple[Sections, tuple[str, ...]]:
        """Sections about another subject are emptied; lines breaking a constraint go.

        Emptied, they are hollow: the offline engine's answer to this request fills them
        (review8 F31). A follow-up repeating an earlier reply (F35) is repaired before the
        guards, by the drafter (`bot/mentor/repeat_check.py`).
        """
        sections, ruled_out = without_ruled_out(
            turn.question, sections, turn.ruled_out, turn.constraints, turn.named
        )
        self.count("sections", "ruled_out_dropped", ruled_out)
        sections, topics = off_topics(turn.question, sections, turn.named)
        self.count("sections", "off_topic_dropped", topics)
        if not (turn.question and off_subject(turn.question, sections, turn.named)):
            return sections, ()
        stale = tuple(k for k in SECTION_KEYS if k != "scaffold")
        self.count("sections", "off_subject")
        notices.append(self.catalog.message(turn.language, "guardsout_sections_off_subject"))
        log.info("guard.sections_stale", turn=turn.turn_id, sections=list(stale))
        data = sections.to_dict()
        data.update(dict.fromkeys(stale, ""))
        return Sections.from_dict(data), stale

    async def _sections(
        self,
        sections: Sections,
        turn: DraftTurn,
        offline: OfflineSections,
        notices: list[str],
        keep_scaffold: bool,
        *,
        framed: tuple[str, ...] = (),
    ) -> Sections:
        spare: Sections | None = None
        rules = self.rules.same_language() if turn.curated else self.rules
        stale: tuple[str, ...] = ()
        if not turn.curated:
            sections, foreign = drop_foreign_lines(sections, turn.language)
            if foreign:
                self.count("sections", "foreign_line_dropped", foreign)
                notices.append(self.catalog.message(turn.language, "guardsout_lines_language"))
            # R42: a "Sie" line in a "du" reply reads as two people talking
            sections, formal = drop_formal_lines(sections, turn.language)
            self.count("sections", "formal_line_dropped", formal)
            sections, stale = self._answers_turn(sections, turn, notices)
        stale = (*stale, *framed)  # emptied with the attack: the safety notice tells it
        states = {
            key: rules.state(
                key, body, turn.language, wants_scaffold=turn.wants_scaffold or keep_scaffold
            )
            for key, body in rules.dedupe(sections)[0].to_dict().items()
        }
        if any(state != "ok" for state in states.values()):
            spare = await offline()
        repair = rules.repair(
            sections,
            spare or sections,
            turn.language,
            wants_scaffold=turn.wants_scaffold,
            keep_scaffold=keep_scaffold,
        )
        shown, twins = drop_twin_paragraphs(
            repair.sections,
            lambda key, body: rules.state(key, body, turn.language, wants_scaffold=True) == "ok",
        )
        self.count("sections", "twin_paragraph_dropped", len(twins))
        if not repair.changed:
            if not twins:
                self.count("sections", "passed")
            return shown
        self.count("sections", "filled", len(repair.filled))
        self.count("sections", "topped_up", len(repair.topped_up))
        self.count("sections", "trimmed", len(repair.trimmed))
        self.count("sections", "deduped", len(repair.deduped))
        self.count("sections", "scaffold_dropped", int(repair.dropped_scaffold))
        if repair.filled:
            self.metrics.guardrails.labels("structure", "filled").inc()
            body = sections.to_dict()
            foreign = all(
                foreign_prose(body[key], turn.language, rules.detector) for key in repair.filled
            )  # full sections in another language are not "empty" (review8 F28)
            if not set(repair.filled) <= set(stale):  # those have their own notice
                notices.append(
                    self.catalog.message(
                        turn.language,
                        "guardsout_sections_language" if foreign else "guardsout_sections_repaired",
                    )
                )
        log.info(
            "guard.sections",
            turn=turn.turn_id,
            filled=list(repair.filled),
            topped_up=list(repair.topped_up),
            trimmed=list(repair.trimmed),
            deduped=list(repair.deduped),
            scaffold_dropped=repair.dropped_scaffold,
            twin_paragraphs=list(twins),
        )
        return shown
