"""One turn read for what it says: facts of the message, notes on the evidence, findings."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace

from bot.mentor import (
    concepts,
    constraints,
    direct_answer,
    environment_shift,
    reasoning,
    understanding,
)
from bot.mentor.code_scan import MAX_SOURCE_CHARS
from bot.mentor.facts import QuestionFacts, ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.judgement import called_worse
from bot.mentor.orm_loop import lazy_loop_line
from bot.mentor.reasoning_verdicts import improved, verdicts
from bot.mentor.sandbox_compare import compared_runs
from bot.mentor.sandbox_limits import run_notes
from bot.mentor.sandbox_reasoning import working_top
from bot.mentor.thread_subject import fresh_memory, new_subject
from bot.sandbox.report import SandboxReport
from bot.text import markdown


@dataclass(frozen=True, slots=True)
class Insight:
    """What the engine request carries besides the question (see EngineRequest)."""

    facts: QuestionFacts
    notes: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    reported: bool = False
    """The learner reported a measurement or a test result (counts as competence evidence)."""
    memory: ThreadMemory | None = None
    """The thread's memory the turn was read against (a new question's: the earlier subject's
    numbers, stack and units left out); None: the stored one."""


_CODE_START = re.compile(
    r"^(?:import |from \S{1,80} import |def |async def |class |for |while |with |@)", re.M
)
_STATEMENTS = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Import,
    ast.ImportFrom,
    ast.For,
    ast.While,
    ast.With,
)
MIN_PASTED_LINES = 3


def pasted_code(text: str) -> str:
    """Python pasted without a fence (a Discord habit): from its first statement to the end.

    Only text that parses and defines, imports or loops counts, so prose never does.
    """
    if len(text) > MAX_SOURCE_CHARS or markdown.code_blocks(text):
        return ""
    start = _CODE_START.search(text)
    if start is None:
        return ""
    candidate = text[start.start() :].strip("\n")
    if candidate.count("\n") + 1 < MIN_PASTED_LINES:
        return ""
    try:
        tree = ast.parse(candidate)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ""
    return candidate if any(isinstance(n, _STATEMENTS) for n in tree.body) else ""


def read_turn(
    text: str,
    *,
    code: str | None,
    report: SandboxReport | None,
    memory: ThreadMemory,
    language: str,
    catalog: Catalog,
    refuse: bool = False,
) -> Insight:
    """Facts, evidence notes and findings for one learner message (nothing for a refusal)."""
    code = code or pasted_code(text) or None
    facts = understanding.extract(text, code or "", language=language)
    ruled_out = constraints.excluded(text)
    facts = replace(
        facts,
        stack=tuple(name for name in facts.stack if name not in ruled_out),
        constraints=(
            *constraints.stated(text),
            *(f"{constraints.AVOID}{name}" for name in ruled_out),
        ),
        tried=constraints.tried(text),
        environment=environment_shift.shifted(text, facts.quantities, memory),
    )
    if refuse:
        return Insight(facts=facts)
    # "is dict order guaranteed in 3.7+?": the fact first; the 3.7 is asked about, not held (U33)
    concept = concepts.asked_concept(text, facts, memory)
    if concept is not None:
        facts = replace(facts, constraints=concepts.without_version(facts.constraints))
    if facts.tried and improved(facts, memory, text):
        facts = replace(facts, tried=())  # "tried numba: 95 s -> 2.1 s" is no failed attempt
    apart = new_subject(text, facts, memory)
    if apart:
        memory = fresh_memory(memory)  # a new question is judged on its own numbers
    # The run against the thread's previous run, then the learner's numbers: the lines that
    # decide a direct "is it ok now?", answered first with the line that decided it.
    worse = any(v < 0 for v in verdicts(facts, memory)) or called_worse(text)
    # "why did it get slower?" with a relation read per row: one query per row, the why (U5)
    why = lazy_loop_line(text, code or "", worse, language, catalog)
    decided = (
        *((why,) if why else ()),
        *compared_runs(report, code or "", memory, language, catalog, top=working_top(report)),
        *reasoning.evidence_notes(facts, memory, language, catalog, text),
    )
    yes = direct_answer.verdict(text, facts, memory, report, code or "")
    answered = direct_answer.answered_first(decided, yes, language, catalog)
    limits = run_notes(report, code or "", memory, language, catalog)
    # "does that explain it?": yes, partly or no first, the line that decided it as the reason
    explained = direct_answer.explains(text, facts, memory, decided, language, catalog)
    if explained:
        answered, yes = (explained, *decided[1:]), True
    elif concept is not None:
        answered, yes = (concepts.answer(concept, language, catalog), *decided), True
    notes = (*answered[:1], *limits, *answered[1:]) if yes is not None else (*limits, *decided)
    if apart:
        # said once, so the learner knows nothing of the earlier question was carried over;
        # after the answer to a direct question, which stays first
        at = 1 if yes is not None and notes else 0
        notes = (*notes[:at], catalog.message(language, "reasoning_new_subject"), *notes[at:])
    return Insight(
        facts=facts,
        notes=notes,
        findings=reasoning.findings(report, code or "", language, catalog),
        reported=reasoning.evidence_reported(facts, text),
        memory=memory,
    )
