"""The regex prefilter: a pattern is left out only when it cannot match, so answers never change."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.mentor.guards.harm_prose import ProseRule
from bot.mentor.i18n import Catalog
from bot.settings import DEFAULT_CONFIG_DIR
from bot.text.prefilter import PAIRS_UP_TO, PatternIndex, required_literals

RULE = ProseRule.from_catalog(Catalog.load(DEFAULT_CONFIG_DIR).languages)
GROUPS = [group.patterns for group in (*RULE.cues.values(), *RULE.alone.values())]
PATTERNS = [pattern for group in GROUPS for pattern in group]
LITERALS = sorted({lit for p in PATTERNS for lit in required_literals(p) or ()})


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        ("abc(d|ef)", {"abc"}),
        ("a?bc", {"bc"}),
        ("(foo|ba)r", {"foo", "ba"}),
        ("x{0,3}yz", {"yz"}),
        ("(?:steal|grab)+ the", {"steal", "grab"}),
        (r"\bpass\w* list", {" list"}),
    ],
)
def test_required_literals_are_what_every_match_contains(pattern: str, literals: set[str]) -> None:
    """The literals read from a pattern are the longest strings one of which each match holds."""
    assert required_literals(re.compile(pattern)) == literals


@pytest.mark.parametrize(
    "pattern", ["(?i)steal", "(?i:steal)", "a|", "x*", r"\w+\d", "(ab)?c", "(ab|c)d"]
)
def test_a_pattern_without_a_proof_is_always_searched(pattern: str) -> None:
    """Case-insensitive flags, optional parts and one-letter literals prove nothing: no filter."""
    compiled = re.compile(pattern)
    assert required_literals(compiled) is None
    assert PatternIndex([compiled]).candidates("") == (compiled,)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.data())
def test_every_match_of_a_guard_cue_holds_one_of_its_literals(data: st.DataObject) -> None:
    """Texts the cue itself generates (every language's) always hold one of its literals."""
    pattern = data.draw(st.sampled_from(PATTERNS))
    literals = required_literals(pattern)
    if literals is None:
        return
    text = data.draw(st.from_regex(pattern))
    match = pattern.search(text)
    assert match is not None
    assert any(literal in text for literal in literals), (pattern.pattern, text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.integers(0, len(GROUPS) - 1),
    st.lists(st.sampled_from(LITERALS) | st.text(max_size=12), max_size=8),
)
def test_the_index_answers_as_searching_every_pattern(group: int, pieces: list[str]) -> None:
    """search and candidates agree with trying each pattern in turn, on texts full of literals."""
    patterns = GROUPS[group]
    text = " ".join(pieces).lower()
    index = PatternIndex(patterns)
    assert index.search(text) == any(p.search(text) for p in patterns)
    matching = [p for p in patterns if p.search(text)]
    assert [p for p in index.candidates(text) if p.search(text)] == matching


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.integers(0, len(GROUPS) - 1),
    st.lists(st.sampled_from(LITERALS) | st.text(max_size=12), min_size=1, max_size=8),
)
def test_the_index_answers_the_same_past_the_pair_limit(group: int, pieces: list[str]) -> None:
    """A text longer than PAIRS_UP_TO (each literal tested) gets the answers of trying every pattern."""
    patterns = GROUPS[group]
    text = " ".join(pieces).lower()
    text = (text + " ") * (PAIRS_UP_TO // (len(text) + 1) + 1)
    assert len(text) > PAIRS_UP_TO
    index = PatternIndex(patterns)
    assert index.search(text) == any(p.search(text) for p in patterns)
    matching = [p for p in patterns if p.search(text)]
    assert [p for p in index.candidates(text) if p.search(text)] == matching

