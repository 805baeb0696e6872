"""A new number is compared with the thread's latest state: the last turn's result, not its 'before'.

"now 0.06 s instead of 2.1 s" is stored in the order written; "back to 1.9 s" next turn was
compared with the 2.1 s and told "1.1x faster: the change worked".
"""

from __future__ import annotations

import pytest

from bot.mentor.facts import ThreadMemory
from bot.mentor.quantities import quantities
from bot.mentor.reasoning_verdicts import earlier_number

TURNS = {
    "en": (
        "I replaced time.sleep with await asyncio.sleep: the 40 calls now take 0.06 s instead of 2.1 s.",
        "In production with the real requests.get call it's back to 1.9 s.",
    ),
    "es": (
        "Cambié time.sleep por await asyncio.sleep: las 40 llamadas ahora tardan 0,06 s en vez de 2,1 s.",
        "En producción, con la llamada real a requests.get, vuelve a tardar 1,9 s.",
    ),
}


@pytest.mark.parametrize("lang", sorted(TURNS))
def test_back_to_a_slow_number_is_compared_with_the_last_result(lang: str) -> None:
    """The 1.9 s is set against the 0.06 s the last turn reached."""
    said, now = TURNS[lang]
    memory = ThreadMemory(evidence=quantities(said))
    latest = earlier_number(next(q for q in quantities(now) if q.kind == "latency"), memory)
    assert latest is not None
    assert latest.value == pytest.approx(0.06)


def test_a_before_alone_is_still_the_latest_state() -> None:
    """With no result beside it, the reported number itself is what came before."""
    memory = ThreadMemory(evidence=quantities("The import takes 2.1 s."))
    latest = earlier_number(quantities("Now it takes 0.4 s.")[0], memory)
    assert latest is not None
    assert latest.value == pytest.approx(2.1)
