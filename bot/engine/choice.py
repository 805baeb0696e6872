"""The units one offline reply is composed from, and what the thread holds it to."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.mentor.constraints import Held
from bot.mentor.units import Unit


@dataclass(frozen=True, slots=True)
class Choice:
    """The units a reply is composed from, best first, and the next one to suggest."""

    units: tuple[Unit, ...]
    following: Unit | None = None
    off_topic: bool = False
    notice: str = ""
    """With `off_topic`: "greeting", "thanks" or "traceback_cut" get their own short reply."""
    shown: frozenset[str] = frozenset()
    """Steps the thread already gave ('<unit id>#<index>'): continued units skip them."""
    finding: tuple[Unit, ...] = ()
    """In a follow-up: the units the learner's new finding is about, best first."""
    held: Held = field(default_factory=Held)
    """The thread's constraints and what was tried: no step or hypothesis breaks them."""
    deeper: Unit | None = None
    """The unit the learner's evidence confirmed: its deeper steps lead this reply."""
    still_open: tuple[Unit, ...] = ()
    """After a refuted change: the thread's earlier hypotheses nobody has tested yet."""

    def continued(self, unit: Unit) -> bool:
        """The unit was used earlier in the thread: its hypothesis and question were given."""
        return any(step.startswith(f"{unit.id}#") for step in self.shown)


def interleaved(pending: list[list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """The best unit's first two steps, then the others' first steps, then the rest in turns.

    The best match answers THE question in depth (its steps come first and most often are
    all shown); the next units add one hypothesis each before their own second steps.
    """
    if not pending:
        return []
    best, others = pending[0], pending[1:]
    order = list(best[:2])
    order.extend(unit[0] for unit in others if unit)
    order.extend(best[2:3])
    for round_ in range(1, 3):
        order.extend(unit[round_] for unit in others if round_ < len(unit))
    return order
