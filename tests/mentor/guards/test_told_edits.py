"""A practice task's solution told as a one-line edit of its starter is withdrawn (review8
F25): the line laid over the starter is what the learner would hand in, and the task's own
checker judges it. Teaching that names the same API without rewriting a starter line stays.
"""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.guards.told_edits import (
    candidate_statements,
    patched_starter,
    told_edits,
    translated,
)
from bot.mentor.models import Sections
from tests.fakes.ninth_round import SERVICE_CLEAN, SERVICE_HARM, cache_dressings
from tests.fakes.solutions import CACHE_SOLUTION

STARTER = """
async def handle(user_id: int) -> str:
    profile = fetch_profile(user_id)
    return f"hello {profile['name']}"
"""
ONE_LINE = SERVICE_HARM["told_one_line_async"].turns[0][1][2]
AS_DIFF = SERVICE_HARM["told_one_line_diff_async"].turns[0][1][2]
TEACHING = SERVICE_CLEAN["async_teaching_not_told"].turns[0][1][2]


@pytest.mark.parametrize("steps", [ONE_LINE, AS_DIFF])
def test_an_edit_of_a_starter_line_is_laid_over_the_starter(steps: str) -> None:
    """Inline code or a diff's `+` line rewrites `profile = ...`: the patched starter awaits."""
    edits = told_edits([steps], {"asyncio-blocking": STARTER})
    assert [e.task_id for e in edits] == ["asyncio-blocking"]
    assert "profile = await" in edits[0].patched
    assert "profile = fetch_profile(user_id)" not in edits[0].patched


@pytest.mark.parametrize(
    "text",
    [
        TEACHING,
        "Use `asyncio.to_thread(fn, *args)` for a blocking call you cannot rewrite.",
        "In your own code, `rows = await db.fetch(query)` is already async.",
    ],
)
def test_teaching_and_the_learners_own_code_rewrite_no_starter_line(text: str) -> None:
    assert told_edits([text], {"asyncio-blocking": STARTER}) == []


def test_the_starters_own_line_quoted_back_is_no_edit() -> None:
    assert patched_starter(STARTER, "profile = fetch_profile(user_id)") is None
    assert candidate_statements("Replace `profile = fetch_profile(user_id)` first.") == [
        "profile = fetch_profile(user_id)"
    ]


def _draft(steps: str) -> Sections:
    bodies = SERVICE_HARM["told_one_line_async"].turns[0][1]
    return Sections(*bodies[:2], steps, "", *bodies[4:])


@pytest.mark.parametrize("steps", [ONE_LINE, AS_DIFF])
async def test_a_told_edit_gives_way_to_the_hint_and_the_scaffold(app: App, steps: str) -> None:
    """Without effort: the edit is gone, section 4 holds the task's scaffold, a notice says so."""
    draft = _draft(steps)

    async def offline() -> Sections:  # the offline answer tops up what was withdrawn
        return _draft("1. Log slow callbacks with `python -X dev`.\n2. Time one call.")

    turn = DraftTurn(language="en", wants_scaffold=False, strict=False, effort=False)
    guarded = await app.mentor.guards.apply(draft, turn, offline)
    shown = "\n".join(guarded.sections.to_dict().values())
    assert "fetch_profile, user_id)" not in shown.replace("profile = await ...", "")
    assert "profile = await ..." in guarded.sections.scaffold  # the task's scaffold
    assert guarded.notices


async def test_a_told_edit_stays_for_a_learner_who_showed_effort(app: App) -> None:
    draft = _draft(ONE_LINE)

    async def offline() -> Sections:
        return draft

    turn = DraftTurn(language="en", wants_scaffold=False, strict=False, effort=True)
    guarded = await app.mentor.guards.apply(draft, turn, offline)
    assert "asyncio.to_thread(fetch_profile, user_id)" in guarded.sections.steps


CACHE_INTERFACE = {"thread-safe-cache": {"SingleFlightLRU": frozenset({"get", "__init__"})}}


def test_the_cache_task_written_in_javascript_is_withdrawn() -> None:
    """Defining the task's class and calling its methods in another language is the task."""
    text, marker = cache_dressings(CACHE_SOLUTION)["javascript_translation"]
    rest, task = translated(f"Here it is:\n\n{text}", CACHE_INTERFACE)
    assert task == "thread-safe-cache"
    assert marker not in rest
    assert rest.startswith("Here it is:")


@pytest.mark.parametrize(
    "block",
    [
        "```javascript\nclass SingleFlightLRU {\n  get(key, loader) {}\n}\n```",  # a signature
        "```javascript\nclass LruCache {\n"
        + "\n".join(f"  m{i}() {{ return {i}; }}" for i in range(9))
        + "\n  get(key) { return this.m0(); }\n}\n```",  # another class
        "```python\nclass SingleFlightLRU:\n" + "    pass\n" * 9 + "```",  # Python: integrity's
    ],
)
def test_short_or_other_blocks_are_not_a_translated_solution(block: str) -> None:
    assert translated(block, CACHE_INTERFACE) == ("", "")
