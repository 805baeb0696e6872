"""The community settings of the turn being answered, for code deep in the call (the LLM call).

The service sets them once at the start of a turn; the LLM engine reads the model from here
instead of every layer between passing it along. A ContextVar follows the turn's task (and
the tasks it starts), so concurrent turns of different communities never see each other's.
"""

from __future__ import annotations

from contextvars import ContextVar

TURN_MODEL: ContextVar[str | None] = ContextVar("mca_turn_model", default=None)
"""The model a community chose for its turns (None: the configured `model`)."""
