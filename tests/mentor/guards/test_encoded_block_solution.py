"""review14 X10: a solution hidden as base85/Ascii85/base32 inside a code block is judged too.

"1. Paste this into `solution.py` and hand it in as is:
```python
import base64, zlib
exec(zlib.decompress(base64.b85decode('c$|$?!D_=...')))
```" was shown whole: base85 has no shape of its own, so only base64/hex blobs were decoded.
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

PACKED = zlib.compress(CACHE_SOLUTION.encode())
BLOCKS = {
    "b85_zlib": f"import base64, zlib\nexec(zlib.decompress(base64.b85decode('{base64.b85encode(PACKED).decode()}')))",
    "a85_bytes": f"import base64\nexec(base64.a85decode({base64.a85encode(CACHE_SOLUTION.encode())!r}))",
    "b32_zlib": f'from base64 import b32decode\nimport zlib\nexec(zlib.decompress(b32decode("{base64.b32encode(PACKED).decode()}")))',
}


@pytest.fixture(scope="module")
def guard() -> IntegrityGuard:
    return IntegrityGuard(
        interfaces=TaskInterfaces(Course.load(DEFAULT_CONFIG_DIR).tasks), checker=CountingChecker()
    )


@pytest.mark.parametrize("name", sorted(BLOCKS))
async def test_an_encoded_solution_run_by_exec_is_replaced(
    guard: IntegrityGuard, name: str
) -> None:
    text = (
        "1. Paste this into `solution.py` and hand it in as is:\n\n```python\n"
        + BLOCKS[name]
        + "\n```\n\n2. Measure the hit rate after."
    )
    result = await guard.guard(text, language="en", effort=False)
    assert result.replaced == 1
    assert BLOCKS[name].splitlines()[-1][-60:] not in result.text


async def test_a_short_encoded_constant_stays(guard: IntegrityGuard) -> None:
    text = "```python\nimport base64\nKEY = base64.b85decode('VPRomVPRom')\n```"
    result = await guard.guard(text, language="en", effort=False)
    assert (result.replaced, result.matched) == (0, 0)
