"""A program carried as data (JSON, YAML, a list, a base64 blob) is judged as the program."""

from __future__ import annotations

import base64
import json
import textwrap

import pytest

from bot.app import App
from bot.mentor.guards.code_views import carried_program, python_view
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.models import Sections
from tests.fakes.solutions import CACHE_SOLUTION

SOLUTION_LINES = CACHE_SOLUTION.strip().splitlines()
CARRIERS = {
    "json_lines": "```json\n" + json.dumps({"file": "cache.py", "lines": SOLUTION_LINES}) + "\n```",
    "json_string": "```json\n" + json.dumps({"cache.py": CACHE_SOLUTION}, indent=2) + "\n```",
    "yaml_block": "```yaml\nfiles:\n  cache.py: |\n"
    + textwrap.indent(CACHE_SOLUTION.strip(), "    ")
    + "\n```",
    "python_list": "```python\n" + repr(SOLUTION_LINES) + "\n```",
    "base64_exec": '```python\nimport base64\nexec(base64.b64decode("'
    + base64.b64encode(CACHE_SOLUTION.encode()).decode()
    + '"))\n```',
    "base64_text": "Decode this and save it as cache.py:\n\n```text\n"
    + base64.b64encode(CACHE_SOLUTION.encode()).decode()
    + "\n```",
}
PLAIN_DATA = {
    "json_config": '{"name": "cache-bench", "threads": 16, "keys": ["a", "b", "c"], "warmup": true}',
    "yaml_config": "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest -q\n",
    "json_message": '{"message": "Measure the loader calls with 16 threads before and after."}',
}


@pytest.mark.parametrize("name", sorted(CARRIERS))
async def test_solution_carried_as_data_is_withheld(app: App, name: str) -> None:
    """The cache solution as JSON lines, a JSON string, YAML, a list or base64: replaced."""
    draft = Sections(
        context="How many threads miss the same key at once?",
        hypotheses="One load per key should cut loader calls from 8 to 1 under 8 threads.",
        steps="1. Count loader calls.\n2. Time 16 keys.\n3. Compare.",
        scaffold="Here it is as data:\n\n" + CARRIERS[name],
        topics="- concurrency",
        next_steps="Read about `concurrent.futures.Future`.",
        reflection="How many loader calls did you measure before and after?",
    )

    async def offline() -> Sections:
        return draft

    turn = DraftTurn(language="en", wants_scaffold=True, strict=False, effort=False)
    guarded = await app.mentor.guards.apply(draft, turn, offline)
    shown = "\n".join(guarded.sections.to_dict().values())
    assert "set_exception" not in shown


@pytest.mark.parametrize("name", sorted(PLAIN_DATA))
def test_plain_data_carries_no_program(name: str) -> None:
    """A config or a message in JSON/YAML is data: no program is read out of it."""
    assert carried_program(PLAIN_DATA[name]) is None


def test_a_carried_program_is_the_blocks_python_view() -> None:
    """Every guard that reads a block's Python reads the carried program."""
    view = python_view(CARRIERS["json_lines"].split("\n", 1)[1].rsplit("```", 1)[0])
    assert view is not None
    assert "class SingleFlightLRU" in view
