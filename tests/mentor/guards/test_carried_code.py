"""A program carried as data (JSON, YAML, a list, a base64 blob) is judged as the program."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.guards.code_views import carried_program, python_view
from tests.fakes.cache_drafts import CARRIED, cache_draft, guard_alone, shown

PLAIN_DATA = {
    "json_config": '{"name": "cache-bench", "threads": 16, "keys": ["a", "b", "c"], "warmup": true}',
    "yaml_config": "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest -q\n",
    "json_message": '{"message": "Measure the loader calls with 16 threads before and after."}',
}


@pytest.mark.parametrize("name", sorted(CARRIED))
async def test_solution_carried_as_data_is_withheld(app: App, name: str) -> None:
    """The cache solution as JSON lines, a JSON string, YAML, a list or base64: replaced."""
    draft = cache_draft(
        "1. Count loader calls.\n2. Time 16 keys.\n3. Compare.",
        scaffold="Here it is as data:\n\n" + CARRIED[name],
        next_steps="Read about `concurrent.futures.Future`.",
    )
    guarded = await guard_alone(app.mentor.guards, draft, wants_scaffold=True)
    assert "set_exception" not in shown(guarded)


@pytest.mark.parametrize("name", sorted(PLAIN_DATA))
def test_plain_data_carries_no_program(name: str) -> None:
    """A config or a message in JSON/YAML is data: no program is read out of it."""
    assert carried_program(PLAIN_DATA[name]) is None


def test_a_carried_program_is_the_blocks_python_view() -> None:
    """Every guard that reads a block's Python reads the carried program."""
    view = python_view(CARRIED["json_lines"].split("\n", 1)[1].rsplit("```", 1)[0])
    assert view is not None
    assert "class SingleFlightLRU" in view
