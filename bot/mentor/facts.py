"""What a learner's message says and what a thread remembers: the facts replies are built from.

The question-understanding step fills `QuestionFacts` from one message; the thread memory
(`ThreadMemory`) is persisted per thread and carried into the next turn. Engines read both:
the offline engine to skip context questions already answered and to move past steps already
given, the LLM prompt to carry the thread's state. Kept dependency-free so every layer can
import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

QUANTITY_KINDS = (
    "latency",  # a response/step time: "p99 800 ms", "takes 2.1 s"
    "duration",  # a job's total time: "14 min", "3:40"
    "throughput",  # "1200 req/s", "50k rows/s"
    "memory",  # "512 MB", "RSS 2 GiB"
    "size",  # data size or counts of records: "10M rows", "2 GB file"
    "concurrency",  # connections, workers, threads, tasks, users
    "ratio",  # "3.8x", "40 %"
    "count",  # anything else counted
)
"""What a number measures; `Quantity.kind` is one of these."""

SLOTS = (
    "latency",  # latency numbers or an SLO were given
    "throughput",
    "memory",
    "size",  # data size / workload size
    "concurrency",
    "baseline",  # a measured 'before' number exists
    "result",  # a measured 'after' number or a test result exists
    "stack",  # libraries / frameworks / servers were named
    "environment",  # where it runs: container, k8s, VM, serverless, OS
    "version",  # Python or library version
    "error",  # an exception or error message was given
    "code",  # code was attached or pasted
    "goal",  # the target was stated
)
"""Context a reply may ask for; `QuestionFacts.given` holds those the learner already gave."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number with its unit, as the learner wrote it and normalized."""

    kind: str
    """One of QUANTITY_KINDS."""
    value: float
    """Normalized: seconds for time, bytes for memory/size in bytes, 1.0 = 1x for ratios."""
    unit: str
    """The normalized unit: 's', 'B', 'req/s', 'x', '%', '' (a plain count)."""
    text: str
    """Exactly as written, e.g. '2.1 s' or '3:40'."""
    label: str = ""
    """What it is when the message says so: 'p99', 'p50', 'before', 'after', 'import'..."""
    of: str = ""
    """What it measures, as its clause names it ('merge', 'json.dumps'; first is the main one)."""
    changed: bool = False
    """Its message says the learner changed something (bot/mentor/measures.py)."""
    finding: bool = False
    """Its message reports what a profile or a log shows, and no change: no result of one."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (thread memory is stored as JSON)."""
        data: dict[str, Any] = {
            "kind": self.kind,
            "value": self.value,
            "unit": self.unit,
            "text": self.text,
            "label": self.label,
        }
        if self.of:
            data["of"] = self.of
        if self.changed:
            data["changed"] = True
        if self.finding:
            data["finding"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quantity:
        """Inverse of to_dict; tolerant of missing keys."""
        return cls(
            kind=str(data.get("kind", "count")),
            value=float(data.get("value", 0.0)),
            unit=str(data.get("unit", "")),
            text=str(data.get("text", "")),
            label=str(data.get("label", "")),
            of=str(data.get("of", "")),
            changed=bool(data.get("changed", False)),
            finding=bool(data.get("finding", False)),
        )


@dataclass(frozen=True, slots=True)
class QuestionFacts:
    """What one learner message states, extracted without an LLM."""

    stack: tuple[str, ...] = ()
    """Canonical lowercase names of what was named: 'django', 'uvicorn', 'postgresql'."""
    quantities: tuple[Quantity, ...] = ()
    symptom: str = ""
    """e.g. 'slow', 'latency_spike', 'memory_growth', 'error', 'hang', 'flaky', 'crash'."""
    goal: str = ""
    """e.g. 'faster', 'less_memory', 'scale', 'reliability', 'correctness', 'security', 'ship'."""
    errors: tuple[str, ...] = ()
    """Exception or error names quoted: 'TimeoutError', 'MemoryError'."""
    given: frozenset[str] = field(default_factory=frozenset)
    """SLOTS the message already answers: replies never ask for these again."""
    constraints: tuple[str, ...] = ()
    """What must hold, as stated: 'no_deps', 'windows', 'python:3.8' (bot/mentor/constraints.py)."""
    tried: tuple[str, ...] = ()
    """What the learner says they already tried: 'uvloop', 'lru_cache'."""
    environment: tuple[str, ...] = ()
    """What changed around unchanged code since the last number ('place', 'data'...): the new
    numbers are no verdict on a change (bot/mentor/environment_shift.py)."""


@dataclass(frozen=True, slots=True)
class ThreadMemory:
    """A thread's state across turns, persisted with the thread."""

    units: tuple[str, ...] = ()
    """Knowledge-unit ids already used in replies (their hypotheses and steps were given)."""
    hypotheses: tuple[str, ...] = ()
    """Hypotheses proposed so far (short text or ids), oldest first."""
    evidence: tuple[Quantity, ...] = ()
    """Numbers the learner reported, oldest first (bounded)."""
    stack: tuple[str, ...] = ()
    """Everything the learner named in the thread."""
    given: frozenset[str] = field(default_factory=frozenset)
    """SLOTS answered anywhere in the thread."""
    code: str = ""
    """The code under discussion (the latest block or attachment; bounded)."""
    sandbox: str = ""
    """A compact line of the last sandbox evidence (status, wall/CPU, top hotspot)."""
    turns: int = 0
    """Learner turns seen in the thread."""
    steps: tuple[str, ...] = ()
    """Steps already given, as '<unit id>#<index>': a follow-up continues a unit with the
    steps it has not shown yet, never the same ones."""
    constraints: tuple[str, ...] = ()
    """Constraints stated anywhere in the thread: every later step honours them."""
    tried: tuple[str, ...] = ()
    """What the learner reported trying: never proposed to them again."""
    asked: tuple[str, ...] = ()
    """The learner's latest messages that were answered (prose, bounded): the intent guard
    reads a new turn with them, so a request split over turns is judged whole."""
    refused: str = ""
    """The last message when it was refused (its words and its code's comments, bounded); ''
    once a later turn is answered. "Finish it" right after a refusal continues THAT request."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "units": list(self.units),
            "hypotheses": list(self.hypotheses),
            "evidence": [q.to_dict() for q in self.evidence],
            "stack": list(self.stack),
            "given": sorted(self.given),
            "code": self.code,
            "sandbox": self.sandbox,
            "turns": self.turns,
            "steps": list(self.steps),
            "constraints": list(self.constraints),
            "tried": list(self.tried),
            "asked": list(self.asked),
            "refused": self.refused,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ThreadMemory:
        """Inverse of to_dict; unknown or missing keys give an empty memory, never an error."""
        return cls(
            units=tuple(str(u) for u in data.get("units", ())),
            hypotheses=tuple(str(h) for h in data.get("hypotheses", ())),
            evidence=tuple(Quantity.from_dict(q) for q in data.get("evidence", ())),
            stack=tuple(str(s) for s in data.get("stack", ())),
            given=frozenset(str(g) for g in data.get("given", ())),
            code=str(data.get("code", "")),
            sandbox=str(data.get("sandbox", "")),
            turns=int(data.get("turns", 0)),
            steps=tuple(str(s) for s in data.get("steps", ())),
            constraints=tuple(str(c) for c in data.get("constraints", ())),
            tried=tuple(str(t) for t in data.get("tried", ())),
            asked=tuple(str(a) for a in data.get("asked", ())),
            refused=str(data.get("refused", "")),
        )
