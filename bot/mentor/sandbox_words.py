"""The sandbox's own words (limits, pass names, statuses) in the learner's language.

The sandbox report is a JSON contract in English: its reasons ("wall-clock limit reached",
"too short to sample (3 samples, one per ms)") and pass names ("plain") were put as they are
into Spanish or German lines (review10 T24). Known reasons map to catalog texts; an unknown
reason (a future sandbox, a worker's free text) is still shown, as the sandbox wrote it.
"""

from __future__ import annotations

import re

from bot.mentor.i18n import Catalog

_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), key)
    for pattern, key in (
        (r"stopped at the wall-clock limit|wall-clock limit reached", "wall"),
        (r"memory limit reached", "memory"),
        (r"CPU time limit reached", "cpu"),
        (r"output limit reached: the run was stopped", "output"),
        (r"the run was killed", "killed"),
        (r"the sandbox failed to start the run", "start"),
        (r"not reached", "not_reached"),
        (r"ended by signal (?P<signal>\d+)", "signal"),
        (r"exited with (?P<code>-?\d+|None)", "exited"),
        (r"too short to sample \((?P<samples>\d+) samples, one per ms\)", "short"),
        (r"too short to (?:trace|profile)", "short_trace"),
        (r"the program ended its own process before the profile was sent", "own_exit"),
    )
)
PASSES = frozenset({"plain", "profile", "tracemalloc"})
STATUSES = frozenset(
    {"ok", "error", "timeout", "memory_limit", "output_limit", "killed", "rejected"}
)


def reason_text(reason: str, language: str, catalog: Catalog) -> str:
    """A sandbox reason in the learner's language; an unknown one as the sandbox wrote it."""
    for pattern, key in _REASONS:
        match = pattern.fullmatch(reason.strip())
        if match:
            return catalog.message(language, f"sandbox_{key}", **match.groupdict())
    return reason


def pass_name(name: str, language: str, catalog: Catalog) -> str:
    """A measuring pass's name ("plain", "profile") as the learner's language says it."""
    return catalog.message(language, f"sandbox_pass_{name}") if name in PASSES else name


def status_text(status: str, language: str, catalog: Catalog) -> str:
    """How a run ended ("timeout") as the learner's language says it."""
    return catalog.message(language, f"sandbox_status_{status}") if status in STATUSES else status
