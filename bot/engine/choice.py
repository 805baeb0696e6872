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
    shown: frozenset[str] = frozenset()
    """Steps the thread already gave ('<unit id>#<index>'): continued units skip them."""
    finding: tuple[Unit, ...] = ()
    """In a follow-up: the units the learner's new finding is about, best first."""
    held: Held = field(default_factory=Held)
    deeper: Unit | None = None
    """The unit the learner's evidence confirmed: its deeper steps lead this reply."""
    """The thread's constraints and what was tried: no step or hypothesis breaks them."""

    def continued(self, unit: Unit) -> bool:
        """The unit was used earlier in the thread: its hypothesis and question were given."""
        return any(step.startswith(f"{unit.id}#") for step in self.shown)
