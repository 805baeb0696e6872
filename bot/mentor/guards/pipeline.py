"""DraftGuards: the output guards of one turn, in the turn's order.

input intent (before the LLM, bot/mentor/method.py) -> LLM draft (with its language re-ask)
-> output safety -> integrity (integrity_stage.py) -> sections. Each guard counts what it does in
`mca_guard_actions_total{guard,action}` and logs one structured line (`guard.output_safety`,
`guard.integrity`, `guard.sections`) with counts and ids, never the learner's text. Built
once in bot/app.py; MentorService makes one call per turn.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import structlog

from bot.mentor.guards.answers_question import (
    off_subject,
    off_topics,
    renumber,
    without_ruled_out,
)
from bot.mentor.guards.draft_turn import DraftTurn
from bot.mentor.guards.foreign_lines import drop_foreign_lines
from bot.mentor.guards.harm_split import strip_cued_harm, strip_split_harm
from bot.mentor.guards.integrity import IntegrityGuard
from bot.mentor.guards.integrity_stage import IntegrityStage, count_action
from bot.mentor.guards.recipe_targets import drop_code_echoes
from bot.mentor.guards.refusal_text import Facets, load_facets
from bot.mentor.guards.register import drop_formal_lines
from bot.mentor.guards.safety import ProseRule, drop_pointers, strip_harm
from bot.mentor.guards.served_steps import load_served
from bot.mentor.guards.step_numbers import count_steps
from bot.mentor.guards.step_paraphrases import drop_paraphrases
from bot.mentor.guards.substance import SectionRules
from bot.mentor.guards.substance_checks import foreign_prose
from bot.mentor.guards.substance_terms import has_term, list_items
from bot.mentor.guards.task_asks import NO_TASK_ASKS, TaskAsks
from bot.mentor.guards.told_numbers import asked_again
from bot.mentor.guards.told_solution import ToldSolutions
from bot.mentor.guards.twin_paragraphs import drop_twin_paragraphs
from bot.mentor.guards.unsafe_advice import (
    AdviceWords,
    LineKinds,
    guard_advice,
    prose_check,
)
from bot.mentor.i18n import Catalog
from bot.mentor.models import SECTION_KEYS, Sections
from bot.observability import Metrics
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.control_chars import has_controls, visible_controls

log = structlog.get_logger()

__all__ = ["DraftGuards", "DraftTurn", "Guarded", "OfflineSections"]
"""DraftTurn lives in draft_turn.py (the stages share it); importers keep this name."""

FRAMING = ("context", "hypotheses", "topics", "next_steps", "reflection")
"""Sections that carry an attack's target and goal after its steps are removed (R41)."""

OfflineSections = Callable[[], Awaitable[Sections]]
"""The offline engine's sections for THIS turn's request (called at most once, lazily)."""


def _shown_as_stored(sections: Sections) -> Sections:
    """`sections` with terminal control sequences made visible and bidi/zero-width gone.

    Before any guard reads the draft (review13 W24): text concealed by `ESC[8m` or reversed
    by U+202E is judged as it is stored, and no platform or console runs the escapes.
    """
    data = sections.to_dict()
    if not any(has_controls(v) or "\r" in v for v in data.values()):
        return sections
    return Sections.from_dict({k: visible_controls(v) for k, v in data.items()})


def _counted(sections: Sections) -> Sections:
    """The shown sections with every numbered list counted 1..n (review13 W22)."""
    data = sections.to_dict()
    counted = {k: (v if k == "scaffold" else count_steps(v)) for k, v in data.items()}
    return sections if counted == data else Sections.from_dict(counted)


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
    advice: AdviceWords | None = None
    """Unsafe advice and invented runs (config/i18n/unsafeadvice); None: read from `catalog`."""

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

    def advice_check(
        self, language: str, *, measured: bool, kinds: LineKinds | None = None
    ) -> Callable[[str, str, str], bool]:
        """For the streaming gate: whether the unsafe-advice check would change a prose line.

        `kinds`: the turn's line verdicts, handed to `apply` too (each line judged once).
        """
        self.advice = self.advice or AdviceWords.load(self.catalog)
        return prose_check(self.advice, language, measured=measured, kinds=kinds)

    def count(self, guard: str, action: str, amount: int = 1) -> None:
        """One guard action in `mca_guard_actions_total`."""
        count_action(self.metrics, guard, action, amount)

    def integrity_stage(self) -> IntegrityStage:
        """The integrity stage over this turn's guards (built per turn: a test may swap one)."""
        return IntegrityStage(self.catalog, self.metrics, self.integrity, self.told)

    # After the draft ------------------------------------------------------------------------
    async def apply(
        self,
        sections: Sections,
        turn: DraftTurn,
        offline: OfflineSections,
        *,
        kinds: LineKinds | None = None,
    ) -> Guarded:
        """Run the guards in order; returns the sections to show and the notices.

        `kinds`: the line verdicts the stream gate's advice check already made this turn.
        """
        notices: list[str] = []
        sections = _shown_as_stored(sections)
        sections, framed = self._safety(sections, turn, notices)
        if not turn.curated:  # review11 U18, U19: the learner's own program made unsafe
            self.advice = self.advice or AdviceWords.load(self.catalog)
            sections = guard_advice(
                sections,
                turn,
                words=self.advice,
                catalog=self.catalog,
                notices=notices,
                count=self.count,
                kinds=kinds,
            )
        stage = self.integrity_stage()
        sections, keep_scaffold = await stage.apply(sections, turn, notices)
        sections = await self._sections(
            sections, turn, offline, notices, keep_scaffold, framed=framed
        )
        sections = await stage.asked_task(sections, turn, notices)
        return Guarded(sections, tuple(notices))

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
        cued = strip_cued_harm(data)  # a block the prose left completes (hostile12)
        if cued.harms:
            data, blocks = cued.texts, blocks + cued.blocks
            harms.update(cued.harms)
        for key in SECTION_KEYS:  # steps operating the removed code: its targets, its files
            data[key], echoes = drop_code_echoes(data[key], tuple(dropped))
            data[key] = renumber(data[key]) if echoes else data[key]
            paragraphs += echoes
        if blocks and not any("```" in data[k] for k in SECTION_KEYS):
            for key in SECTION_KEYS:  # steps pointing at the removed code go with it
                data[key], pointers = drop_pointers(data[key])
                data[key] = renumber(data[key]) if pointers else data[key]
                paragraphs += pointers
        if blocks or paragraphs:  # steps publishing, sending or running what was removed (W16)
            served = load_served()
            for key in SECTION_KEYS:
                if key != "scaffold":
                    data[key], serving = served.drop(data[key], turn.language)
                    paragraphs += serving
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

    def _answers_turn(
        self, sections: Sections, turn: DraftTurn, notices: list[str]
    ) -> tuple[Sections, tuple[str, ...]]:
        """Sections about another subject are emptied; lines breaking a constraint go.

        Emptied, they are hollow: the offline engine's answer to this request fills them
        (review8 F31). A follow-up repeating an earlier reply (F35) is repaired before the
        guards, by the drafter (`bot/mentor/repeat_check.py`).
        """
        sections, ruled_out = without_ruled_out(
            turn.question, sections, turn.constraints, turn.named
        )
        self.count("sections", "ruled_out_dropped", ruled_out)
        sections, topics = off_topics(turn.question, sections, turn.named)
        self.count("sections", "off_topic_dropped", topics)
        if not (turn.question and off_subject(turn.question, sections, turn.named)):
            # after the subject is read: the answered question said what the draft is about
            sections, again = asked_again(turn.question, sections, turn.language)
            self.count("sections", "answered_question_dropped", again)  # T27
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
        if not turn.curated:  # one step in three wordings is one step, topped up below (W25)
            words = rules.evidence_words.get(turn.language, ()) + rules.evidence_words.get("en", ())
            steps, twins_dropped = drop_paraphrases(
                sections.steps, lambda step: has_term(step, words)
            )
            if twins_dropped:
                sections = Sections.from_dict({**sections.to_dict(), "steps": renumber(steps)})
                self.count("sections", "paraphrase_dropped", twins_dropped)
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
        shown = _counted(shown)
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
