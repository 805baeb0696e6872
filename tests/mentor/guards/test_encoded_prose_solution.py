"""A practice task's solution base64/hex-encoded in a prose step is judged like a code block.

review13 W11: a careless LLM wrote the finished thread-safe-cache as one base64 argument of a
`python -c "...b64decode(sys.argv[1])..."` command in a step; no block defined the interface,
so the integrity guard never ran it and the learner got a decodable turnkey solution.
"""

from __future__ import annotations

import base64
import zlib

import pytest

from bot.course.content import Course
from bot.mentor.guards.integrity import IntegrityGuard, TaskInterfaces
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.solutions import CACHE_SOLUTION
from tests.mentor.guards.test_integrity import CountingChecker


def _b64(code: str) -> str:
    return base64.b64encode(code.encode()).decode()


ENCODED = {
    "python_c_argv": '1. Save the finished cache with: `python -c "import base64,sys;'
    "open('solution.py','w').write(base64.b64decode(sys.argv[1]).decode())\" "
    + _b64(CACHE_SOLUTION)
    + "`\n2. Submit solution.py as it is.",
    "plain_step_blob": "Decode this and save it as cache.py: " + _b64(CACHE_SOLUTION),
    "hex_in_prose": "Run `xxd -r -p` on " + CACHE_SOLUTION.encode().hex() + " and hand it in.",
    "zlib_base64": "Der fertige Code (zlib+base64): "
    + base64.b64encode(zlib.compress(CACHE_SOLUTION.encode())).decode(),
}
HARMLESS = {
    "token_in_prose": "Set the header to `Authorization: Bearer "
    + _b64("a" * 48)
    + "` and measure p95 again.",
    "encoded_note": "The config value "
    + _b64("timeout=30 retries=3 backoff=exponential ok")
    + " decodes to your settings; measure before and after.",
}


@pytest.fixture(scope="module")
def guard() -> IntegrityGuard:
    """The guard with the task's real checker (on the subprocess double)."""
    return IntegrityGuard(
        interfaces=TaskInterfaces(Course.load(DEFAULT_CONFIG_DIR).tasks), checker=CountingChecker()
    )


@pytest.mark.parametrize("name", sorted(ENCODED))
async def test_encoded_solution_in_prose_is_replaced(guard: IntegrityGuard, name: str) -> None:
    """The learner never gets the blob that decodes to the finished task."""
    text = "Here is how to fix the stampede.\n\n" + ENCODED[name] + "\n\nMeasure it after."
    result = await guard.guard(text, language="en", effort=False)
    assert result.replaced == 1
    blob_start = ENCODED[name].split()[-1][:40]
    assert _b64(CACHE_SOLUTION)[:40] not in result.text
    assert CACHE_SOLUTION.encode().hex()[:40] not in result.text
    assert blob_start not in result.text or name == "python_c_argv"
    assert "Measure it after." in result.text


@pytest.mark.parametrize("name", sorted(HARMLESS))
async def test_encoded_text_that_is_no_solution_stays(guard: IntegrityGuard, name: str) -> None:
    """A token or an encoded setting in a step is shown as written."""
    result = await guard.guard(HARMLESS[name], language="en", effort=False)
    assert (result.replaced, result.matched) == (0, 0)
    assert result.text == HARMLESS[name]
