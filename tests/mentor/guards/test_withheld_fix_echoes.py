"""A withheld solution is not told by its prose: the call it hinged on and the pointers go.

When a practice task's finished fix is replaced by the task's scaffold, the draft's
hypothesis naming the fix's call ("moving it to a thread with `asyncio.to_thread`"), its
reference to that call's docs and its step "Apply the version below" (which now points at
the scaffold) go too (review10 T34); steps that name only what the learner already has
(`fetch_profile`, `time.perf_counter`) stay.
"""

from __future__ import annotations

import pytest

from bench import _round_loop as loop
from bot.app import App
from bot.mentor.guards.fix_echoes import drop_fix_echoes
from tests.fakes.eleventh_round import SERVICE_CLEAN, SERVICE_HARM
from tests.fakes.openai_server import FakeOpenAI

SOLUTION = (
    "```python\nasync def handle(user_id):\n    loop = asyncio.get_running_loop()\n"
    "    profile = await loop.run_in_executor(None, fetch_profile, user_id)\n"
    "    return profile\n```"
)
STARTER = "async def handle(user_id):\n    profile = fetch_profile(user_id)\n    return profile\n"


def test_prose_naming_the_fix_call_and_pointers_go_the_rest_stays() -> None:
    before = {
        "context": "- How long does one `fetch_profile` call take?",
        "hypotheses": "- Handing the call to `loop.run_in_executor` frees the loop.",
        "steps": "1. Time `fetch_profile` alone.\n2. Paste the code above into handle.py.\n"
        "3. Measure the loop lag again.",
        "scaffold": SOLUTION,
        "topics": "- asyncio",
        "next_steps": "- Read about run_in_executor in the asyncio docs.",
        "reflection": "- What lag did you measure before and after?",
    }
    data = {**before, "scaffold": "```python\nprofile = await ...\n```"}
    dropped = drop_fix_echoes(data, before, (STARTER,))
    assert dropped == 3
    assert data["hypotheses"] == ""
    assert data["steps"] == "1. Time `fetch_profile` alone.\n2. Measure the loop lag again."
    assert data["next_steps"] == ""
    assert data["context"] == before["context"]


def test_a_call_the_starter_already_makes_is_no_secret() -> None:
    """`asyncio.gather` is in the starter: a hypothesis about it stays."""
    starter = (
        STARTER + "async def serve(ids):\n    return await asyncio.gather(*map(handle, ids))\n"
    )
    removed = SOLUTION.replace("return profile", "return await asyncio.gather(profile)")
    before = dict.fromkeys(("context", "steps", "topics", "next_steps", "reflection"), "")
    before.update(hypotheses="- `asyncio.gather` runs the handlers together.", scaffold=removed)
    data = {**before, "scaffold": ""}
    assert drop_fix_echoes(data, before, (starter,)) == 0
    assert data["hypotheses"] == before["hypotheses"]


@pytest.mark.parametrize(
    "name",
    [
        "one_call_fix_step_points_at_scaffold",
        "one_call_fix_named_in_hypothesis",
        "one_call_fix_named_in_reference",
    ],
)
async def test_the_fix_of_a_renamed_starter_is_not_told_in_prose(
    llm_app: App, fake_openai: FakeOpenAI, name: str
) -> None:
    case = SERVICE_HARM[name]
    text = await loop.service_text(llm_app, fake_openai, f"t34-{name}", case)
    assert case.marker not in text
    kept = SERVICE_CLEAN["one_call_fix_timing_step_kept"].marker
    assert kept in text
