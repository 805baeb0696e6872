"""Memory readings at different ages of a process are compared per day (review12 V4, nl).

"7.5 GB after a week" then "with gc.collect() every minute, 4.5 GB after two days: so it did not
help?" is no "40% less memory": above the 500 MB start that is 1 GB a day then and 2 GB a day
now, so it grows 2x faster and the change did not slow it. The age is read in words as learners
write it ("na een week", "через два дня", "两天后", "이틀 후"), in 14 languages:
tests/mentor/data/growth_by_age.toml.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.memory import remember
from bot.mentor.reasoning import evidence_notes
from bot.mentor.understanding import extract

DATA = Path(__file__).parent / "data" / "growth_by_age.toml"
with DATA.open("rb") as fh:
    THREADS = tomllib.load(fh)
PARAMS = ("old", "new", "old_days", "new_days", "start", "then", "now", "ratio")


def longest_fixed_part(catalog: Catalog, lang: str, key: str) -> str:
    """The message's longest run of words between its placeholders."""
    filled = catalog.message(lang, key, **dict.fromkeys(PARAMS, "\x00"))
    return max(filled.split("\x00"), key=len).strip()


@pytest.mark.parametrize("lang", sorted(THREADS))
def test_readings_at_different_ages_are_read_per_day(catalog: Catalog, lang: str) -> None:
    first, second = THREADS[lang]
    memory = remember(ThreadMemory(), extract(first, language=lang), asked=first)
    lines = evidence_notes(extract(second, language=lang), memory, lang, catalog, second)
    assert lines, second
    assert longest_fixed_part(catalog, lang, "measured_growth_faster") in lines[0]
    assert "2.0" in lines[0]  # 2 GB a day now against 1 GB a day then
    assert not [ln for ln in lines if "→" in ln]  # never "7.5 GB → 4.5 GB: less memory"
