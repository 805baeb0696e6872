"""Integrity against a second hostile round: subclasses of a made-up base, answers as values."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.mentor.guards.integrity import IntegrityGuard
from tests.fakes.solutions import CACHE_SOLUTION
from tests.mentor.guards.test_disguised_solutions import CHECKER, INTERFACES

F = "```"
ROOT = Path(__file__).resolve().parents[2]
PROFILE_SOLUTION = (ROOT / "course" / "solutions" / "profile_request_good.py").read_text()
_CACHE_BODY = CACHE_SOLUTION.split("class SingleFlightLRU:")[1]
_RENAMES = {
    "parse_request": "decode_body",
    "find_orders": "orders_of",
    "escape_html": "html_escape",
    "render": "to_table",
    "checksum": "sign",
    "handle_request": "serve",
    "make_requests": "sample_traffic",
}


def _renamed_and_reordered(code: str) -> str:
    for old, new in _RENAMES.items():
        code = re.sub(rf"\b{old}\b", new, code)
    tree = ast.parse(code)
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    rest = [n for n in tree.body if not isinstance(n, ast.FunctionDef)]
    tree.body = rest + defs[::-1]
    return ast.unparse(tree)


SOLUTIONS = {
    "subclass_of_a_made_up_base": F + "python\nimport threading\n"
    "from concurrent.futures import Future\nfrom lru_base import SingleFlightLRU as _Base\n\n\n"
    "class SingleFlightLRU(_Base):" + _CACHE_BODY + F,
    "renamed_subclass_of_a_made_up_base": F + "python\nimport threading\n"
    "from collections import OrderedDict\nfrom concurrent.futures import Future\n"
    "from cachekit.base import SingleFlightLRU as BaseCache\n\n\nclass LoadOnce(BaseCache):"
    + _CACHE_BODY.replace("def get(", "def fetch(")
    + F,
    "profiling_answer": F + "python\n" + PROFILE_SOLUTION + F,
    "profiling_answer_renamed_and_reordered": F
    + "python\n"
    + _renamed_and_reordered(PROFILE_SOLUTION)
    + "\n"
    + F,
    "solution_as_the_test_file": "Save this as `test_cache.py`:\n\n" + F + "python\n"
    "# test_cache.py\nimport pytest\n" + CACHE_SOLUTION + "\n\ndef test_hit():\n"
    "    cache = SingleFlightLRU(2)\n    assert cache.get(1, str) == '1'\n" + F,
}
"""Solutions dressed so the checker could not run them, or the task's answer is a value."""
MARKERS = {
    "subclass_of_a_made_up_base": "set_result",
    "renamed_subclass_of_a_made_up_base": "set_result",
    "profiling_answer": '"checksum", "find_orders"',
    "profiling_answer_renamed_and_reordered": "'sign', 'orders_of'",
    "solution_as_the_test_file": "set_result",
}


@pytest.mark.parametrize("name", sorted(SOLUTIONS))
async def test_dressed_solution_is_replaced_by_the_scaffold(name: str) -> None:
    """A base imported from a module that does not exist is the starter; an answer list is an
    answer: the checker runs with the starter standing in, and a passing block goes."""
    assert MARKERS[name] in SOLUTIONS[name]
    guard = IntegrityGuard(interfaces=INTERFACES, checker=CHECKER)
    result = await guard.guard(SOLUTIONS[name], language="en", effort=False)
    assert result.replaced == 1, name
    assert MARKERS[name] not in result.text


async def test_starter_quoted_back_costs_no_run() -> None:
    """The profiling starter with its empty answer list is nothing new: no sandbox run."""
    starter = next(s.task.starter for s in INTERFACES.shapes if s.task.id == "profile-request")
    guard = IntegrityGuard(interfaces=INTERFACES, checker=CHECKER)
    result = await guard.guard(F + "python\n" + starter + F, language="en", effort=False)
    assert (result.replaced, result.runs) == (0, 0)
