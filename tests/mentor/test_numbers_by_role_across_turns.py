"""One item's time, a part and the total are distinct roles across turns (review12 V18).

"9 s for 3 APIs one after another, each ~3 s", then "with gather: 3.2 s, is this the limit?"
is 9 s → 3.2 s and yes, the slowest call bounds it (never "3 s → 3.2 s is worse: revert it");
"the query is 80% of 1.8 s", then "the query is 90 ms but the endpoint 1.1 s: where did the rest
go?" is the arithmetic of the rest, then and now. One thread per language and kind, each in its
own words: tests/mentor/data/item_and_part_threads.toml.
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

DATA = Path(__file__).parent / "data" / "item_and_part_threads.toml"
with DATA.open("rb") as fh:
    THREADS = tomllib.load(fh)
LANGUAGES = ("en", "pt", "es", "fr", "de", "it", "nl", "pl", "tr", "ru", "uk", "ja", "zh", "ko")


def notes(catalog: Catalog, lang: str, turns: list[str]) -> list[str]:
    """The last turn's evidence lines, the earlier turns remembered as the thread's."""
    memory = ThreadMemory()
    for text in turns[:-1]:
        memory = remember(memory, extract(text, language=lang), asked=text)
    last = turns[-1]
    return list(evidence_notes(extract(last, language=lang), memory, lang, catalog, last))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_total_near_one_items_time_is_the_floor_never_a_regression(
    catalog: Catalog, lang: str
) -> None:
    """The total is read against the total, and "is this the limit?" is answered yes first."""
    case = THREADS["floor"][lang]
    lines = notes(catalog, lang, case["turns"])
    text = "\n".join(lines)
    yes = catalog.message(lang, "reasoning_answer_yes", reason="").strip()
    assert lines, case["turns"]
    assert lines[0].startswith(yes), lines
    assert f"{case['total']} → {case['now']}" in lines[0], lines
    assert f"{case['item']} → {case['now']}" not in text, lines
    slower = catalog.message(
        lang, "reasoning_slower", label="", before="", after="", ratio="", pct=""
    )
    assert slower.split(":")[-1].strip()[:20] not in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_part_that_shrank_while_the_total_did_not_says_where_the_rest_went(
    catalog: Catalog, lang: str
) -> None:
    """The rest outside the part, then and now, is the first line: what the learner asked."""
    case = THREADS["rest"][lang]
    lines = notes(catalog, lang, case["turns"])
    assert lines, case["turns"]
    assert case["rest_before"] in lines[0], lines
    assert case["rest_after"] in lines[0], lines
    # the part and the total are never one before/after pair ("100 ms → 1.6 s: worse")
    assert not [ln for ln in lines if "100 ms → 1.6 s" in ln]


@pytest.mark.parametrize("lang", sorted(THREADS["same"]))
def test_a_part_whose_rest_did_not_move_took_the_whole_gain(catalog: Catalog, lang: str) -> None:
    """'800 ms, of which 600 ms rendering', then 'rendering 90 ms; endpoint 290 ms': the 200 ms
    outside it did not move, so the gain is the part's and what is left is outside it."""
    case = THREADS["same"][lang]
    lines = notes(catalog, lang, case["turns"])
    assert lines, case["turns"]
    assert lines[0].count(case["rest"]) >= 2, lines  # the rest then and now, the same
