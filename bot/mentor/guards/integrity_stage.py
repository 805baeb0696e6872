"""The integrity stage of the output guards: a practice task's solution is never handed out.

Between output safety and sections (bot/mentor/guards/pipeline.py). A task's solution told in
prose or as an edit of its starter, finished task code without effort, and finished code in a
strict turn give way to the task's scaffold and the learner's next hint rung; a task asked for
in words gets them too. Counted in `mca_guard_actions_total{guard="integrity"}`; logs
`guard.integrity*` lines with counts and ids, never the learner's text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import structlog

from bot.course.hints import MAX_LEVEL, hint_text
from bot.mentor.guards.draft_turn import DraftTurn
from bot.mentor.guards.fix_echoes import drop_fix_echoes
from bot.mentor.guards.integrity import IntegrityGuard
from bot.mentor.guards.thread_code import shown_code
from bot.mentor.guards.told_edits import told_edits, translated, withdraw
from bot.mentor.guards.told_solution import ToldSolutions
from bot.mentor.i18n import Catalog
from bot.mentor.models import SECTION_KEYS, Sections
from bot.mentor.solution import guard_text
from bot.observability import Metrics

log = structlog.get_logger()


def count_action(metrics: Metrics, guard: str, action: str, amount: int = 1) -> None:
    """One guard action in `mca_guard_actions_total` (nothing for a zero amount)."""
    if amount:
        metrics.guard_actions.labels(guard, action).inc(amount)


@dataclass(frozen=True, slots=True)
class IntegrityStage:
    """The integrity guard over a whole draft; built by DraftGuards for each turn."""

    catalog: Catalog
    metrics: Metrics
    integrity: IntegrityGuard
    told: ToldSolutions

    def count(self, guard: str, action: str, amount: int = 1) -> None:
        """One guard action in `mca_guard_actions_total`."""
        count_action(self.metrics, guard, action, amount)

    async def apply(
        self, sections: Sections, turn: DraftTurn, notices: list[str]
    ) -> tuple[Sections, bool]:
        """The draft without a task's solution; and whether section 4 must keep its scaffold."""
        data = sections.to_dict()
        drafted = dict(data)
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
        if replaced or told:
            # the hypothesis, reference and "apply the version below" that tell it (T34)
            shapes = self.integrity.interfaces.shapes
            known = (*(s.task.starter for s in shapes), *(s.task.scaffold for s in shapes))
            echoes = drop_fix_echoes(data, drafted, (*known, *turn.learner_code))
            self.count("integrity", "fix_echo_dropped", echoes)
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

    async def asked_task(self, sections: Sections, turn: DraftTurn, notices: list[str]) -> Sections:
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
        # the reply names the graded task it scaffolds (review9 R20: offline it never did)
        notices.append(self.catalog.message(turn.language, "guardsout_task_named", task=task.id))
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
