"""Competence per learner, across threads, raised only by measured evidence.

Evidence is what the sandbox measured on the learner's own code (a run that completed, tests
that ran, a benchmark, a profile with hotspots) and measurements the learner reports from their
own runs (a before/after pair, a test result: `reports`). What a learner says about themselves
("I'm an expert") never counts. The score sets the support level, i.e. how deep the hints go.
Stored as JSON in learners.competence (Store.set_competence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.sandbox.report import RunStatus, SandboxReport

POINTS = {"runs": 1, "tests": 2, "benchmarks": 2, "profiles": 1, "reports": 2}
LEVELS = ((0, "guided"), (4, "standard"), (12, "advanced"))
"""(minimum score, support level), ascending."""
MAX_TOPICS = 30

_TESTS = re.compile(r"^\s*(?:async\s+)?def\s+test_\w*|\bunittest\b|\bpytest\b|^\s*assert\b", re.M)
_BENCH = re.compile(r"\btimeit\b|\bperf_counter\b|\bprocess_time\b|\bpyperf\b|\bbenchmark\b")


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one turn proved by measurement."""

    runs: int = 0
    tests: int = 0
    benchmarks: int = 0
    profiles: int = 0
    reports: int = 0
    """Turns where the learner reported a measured before/after or a test result."""

    @property
    def points(self) -> int:
        """The score this evidence adds."""
        return sum(getattr(self, kind) * weight for kind, weight in POINTS.items())


def evidence_from(
    report: SandboxReport | None, code: str | None, *, reported: bool = False
) -> Evidence:
    """Evidence from a sandbox run of the learner's code and from measurements they reported."""
    reports = 1 if reported else 0
    if report is None or code is None or report.status is not RunStatus.OK:
        return Evidence(reports=reports)
    return Evidence(
        reports=reports,
        runs=1,
        tests=1 if _TESTS.search(code) else 0,
        benchmarks=1 if _BENCH.search(code) else 0,
        profiles=1 if report.hotspots else 0,
    )


def score(record: dict[str, Any]) -> int:
    """The learner's evidence score."""
    counts = record.get("evidence", {})
    if not isinstance(counts, dict):
        return 0
    total = 0
    for kind, weight in POINTS.items():
        value = counts.get(kind, 0)
        total += weight * (value if isinstance(value, int) and value > 0 else 0)
    return total


def support_level(record: dict[str, Any]) -> str:
    """The support level (guided, standard, advanced) the score earns."""
    points = score(record)
    level = LEVELS[0][1]
    for minimum, name in LEVELS:
        if points >= minimum:
            level = name
    return level


def updated(record: dict[str, Any], evidence: Evidence, topics: tuple[str, ...]) -> dict[str, Any]:
    """A new record with `evidence` added (per kind and per topic practiced)."""
    counts = dict(record.get("evidence", {})) if isinstance(record.get("evidence"), dict) else {}
    for kind in POINTS:
        current = counts.get(kind, 0)
        counts[kind] = (current if isinstance(current, int) else 0) + getattr(evidence, kind)
    per_topic = dict(record.get("topics", {})) if isinstance(record.get("topics"), dict) else {}
    for topic in topics:
        value = per_topic.get(topic, 0)
        per_topic[topic] = (value if isinstance(value, int) else 0) + evidence.points
    if len(per_topic) > MAX_TOPICS:
        per_topic = dict(sorted(per_topic.items(), key=lambda kv: -kv[1])[:MAX_TOPICS])
    new = dict(record)
    new["evidence"] = counts
    new["topics"] = per_topic
    new["score"] = score(new)
    new["level"] = support_level(new)
    return new
