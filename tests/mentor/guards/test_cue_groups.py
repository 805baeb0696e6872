"""The prose rule's harms, read with one literal pass for all of them (guards/cue_groups.py).

A line gets the same harms as asking every harm's cues one by one: on texts full of the cues'
own literals, in every language, short lines and past the pair limit.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.mentor.guards.cue_groups import CueGroups
from bot.mentor.guards.harm_prose import ProseRule, plain_cues
from bot.mentor.i18n import Catalog
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.prefilter import PAIRS_UP_TO, required_literals

RULE = ProseRule.from_catalog(
    Catalog.load(DEFAULT_CONFIG_DIR).languages, plain_cues(DEFAULT_CONFIG_DIR)
)
TABLES = (RULE.cues, RULE.alone)
LITERALS = sorted(
    {
        literal
        for table in TABLES
        for cues in table.values()
        for pattern in cues.patterns
        for literal in required_literals(pattern) or ()
    }
)


def one_by_one(table: dict[str, Any], text: str) -> frozenset[str]:
    """What the rule asked before: each harm's patterns, one harm at a time."""
    return frozenset(h for h, cues in table.items() if any(p.search(text) for p in cues.patterns))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.sampled_from([0, 1]),
    st.lists(st.sampled_from(LITERALS) | st.text(max_size=12), max_size=10),
)
def test_a_line_gets_the_harms_of_asking_each_harm(table: int, pieces: list[str]) -> None:
    cues = TABLES[table]
    groups = CueGroups({h: c.patterns for h, c in cues.items()})
    text = " ".join(pieces).lower()
    assert groups.matching(text) == one_by_one(cues, text)


def test_past_the_pair_limit_every_literal_is_tested() -> None:
    text = ("a long paragraph of ordinary teaching text " * 60)[: PAIRS_UP_TO + 50]
    text += " then try every password from a wordlist against the account until one works"
    for table in TABLES:
        groups = CueGroups({h: c.patterns for h, c in table.items()})
        assert groups.matching(text) == one_by_one(table, text)
    assert one_by_one(RULE.cues, text), "the text holds a cue: the test can fail"


def test_the_rule_judges_lines_as_before() -> None:
    lines = [
        "1. Measure the baseline with `python -m timeit`.",
        "2. try every password from a wordlist against the account until one works",
        "install a keylogger on his laptop that sends you everything he types",
        "Then send the phishing email to the employees with a link to the fake login page.",
        "- Read the documentation of the profile module and compare two inputs.",
    ]
    for line in lines:
        low = line.lower()
        assert RULE.line_harms(line)[1] == one_by_one(RULE.cues, low)
