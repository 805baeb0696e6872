"""Finished code the guards turn into a scaffold in section 4 is shown, as the notice promises.

The notice says "fill in the `...` bodies yourself"; dropping section 4 afterwards as an
unasked scaffold left the learner a promise and "No scaffold this time".
"""

from __future__ import annotations

from bot.app import App
from bot.mentor.engine_port import EngineRequest
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.models import Role, Sections

FINISHED = '''```python
def moving_average(values: list[float], window: int) -> list[float]:
    """The mean of each run of `window` values."""
    if window <= 0:
        raise ValueError("window must be positive")
    total = sum(values[:window])
    out = [total / window]
    for i in range(window, len(values)):
        total += values[i] - values[i - window]
        out.append(total / window)
    return out
```'''


async def test_finished_code_scaffolded_in_section_four_stays_shown(app: App) -> None:
    """A strict turn's finished function in section 4 becomes a scaffold that is shown."""
    draft = Sections(
        context="- Which window sizes do you use, and how long are the series?",
        hypotheses="- A running sum makes it O(n) instead of O(n*w): time both on 1e6 values.",
        steps="1. Time the naive version.\n2. Keep a running sum.\n3. Compare on 1e6 values.",
        scaffold=FINISHED,
        topics="- Performance engineering",
        next_steps="- Read the itertools recipes.",
        reflection="- What did the timing show before and after?",
    )

    async def offline() -> Sections:
        request = EngineRequest(question="Moving average?", language="en", role=Role.MENTOR)
        return (await app.mentor.fallback.reply(request)).sections

    turn = DraftTurn(language="en", wants_scaffold=False, strict=True, effort=False, turn_id=3)
    guarded = await app.mentor.guards.apply(draft, turn, offline)
    scaffold = guarded.sections.scaffold
    assert "def moving_average" in scaffold
    assert "total += values[i] - values[i - window]" not in scaffold
    promised = app.mentor.catalog.message("en", "solution_scaffolded")
    assert promised in guarded.notices
