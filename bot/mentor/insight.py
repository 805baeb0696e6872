"""One turn read for what it says: facts of the message, notes on the evidence, findings."""

from __future__ import annotations

from dataclasses import dataclass

from bot.mentor import reasoning, understanding
from bot.mentor.facts import QuestionFacts, ThreadMemory
from bot.mentor.i18n import Catalog
from bot.sandbox.report import SandboxReport


@dataclass(frozen=True, slots=True)
class Insight:
    """What the engine request carries besides the question (see EngineRequest)."""

    facts: QuestionFacts
    notes: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    reported: bool = False
    """The learner reported a measurement or a test result (counts as competence evidence)."""


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
    facts = understanding.extract(text, code or "")
    if refuse:
        return Insight(facts=facts)
    return Insight(
        facts=facts,
        notes=reasoning.evidence_notes(facts, memory, language, catalog, text),
        findings=reasoning.findings(report, code or "", language, catalog),
        reported=reasoning.evidence_reported(facts, text),
    )
