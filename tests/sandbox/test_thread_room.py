"""The pools the course teaches run in the real jail; bombs still stop (review12 V6).

`ThreadPoolExecutor(max_workers=8)` died with "can't start new thread" at the 6th thread:
every thread reserved a 64 MiB malloc arena and an 8 MiB stack against the per-process
RLIMIT_AS, and 16 processes+threads were the cap. These run with the product's own limits.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.sandbox.cgroup import CgroupBase
from bot.sandbox.local import LocalSandbox
from bot.sandbox.report import RunStatus
from bot.sandbox.settings import SandboxSettings
from bot.sandbox.uids import kill_uid_processes
from tests.sandbox.conftest import assert_host_clean, jail_settings, leased_uids

pytestmark = pytest.mark.jail

PRODUCT = SandboxSettings()

THREADS_32 = (
    "import time\nfrom concurrent.futures import ThreadPoolExecutor\n"
    "with ThreadPoolExecutor(max_workers=32) as ex:\n"
    "    print(len(list(ex.map(time.sleep, [0.05] * 64))))\n"
)
POOL_16 = (
    "import multiprocessing as mp\ndef sq(x):\n    return x * x\n"
    "if __name__ == '__main__':\n    with mp.Pool(16) as p:\n        print(sum(p.map(sq, range(100))))\n"
)
PROCESSES_8_WITH_THREADS = (
    "import hashlib\nfrom concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor\n"
    "def h(i):\n    with ThreadPoolExecutor(4) as t:\n"
    "        return len(list(t.map(lambda j: hashlib.sha256(bytes(j)).digest(), range(8))))\n"
    "if __name__ == '__main__':\n    with ProcessPoolExecutor(max_workers=8) as ex:\n"
    "        print(sum(ex.map(h, range(16))))\n"
)
FORK_BOMB = (
    "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
)
THREAD_BOMB = (
    "import threading, time\nwhile True:\n"
    "    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()\n"
)


@pytest.fixture
async def product_box(jail_env: tuple[str, CgroupBase | None]) -> AsyncIterator[LocalSandbox]:
    """The test jail with the product's memory and process limits."""
    bwrap, base = jail_env
    settings = jail_settings(
        max_processes=PRODUCT.max_processes, memory_bytes=PRODUCT.memory_bytes, concurrency=1
    )
    box = LocalSandbox(settings, bwrap=bwrap, cgroup_base=base)
    held = leased_uids(box)
    try:
        yield box
    finally:
        await box.aclose()
        for uid in held:
            kill_uid_processes(uid)


def test_the_default_leaves_room_for_32_threads_and_16_processes() -> None:
    assert PRODUCT.max_processes >= 32 + 16


@pytest.mark.parametrize(
    ("code", "printed"),
    [(THREADS_32, "64"), (POOL_16, "328350"), (PROCESSES_8_WITH_THREADS, "128")],
    ids=["thread_pool_32", "process_pool_16", "process_pool_8_with_threads"],
)
async def test_the_pools_the_course_teaches_run(
    product_box: LocalSandbox, code: str, printed: str
) -> None:
    report = await product_box.profile(code)
    assert report.status is RunStatus.OK, (report.status, report.stderr[-400:])
    assert report.stdout.strip() == printed


@pytest.mark.parametrize("code", [FORK_BOMB, THREAD_BOMB], ids=["fork_bomb", "thread_bomb"])
async def test_bombs_still_stop_and_the_limit_is_named(
    product_box: LocalSandbox, code: str
) -> None:
    report = await product_box.profile(code)
    assert report.status in {
        RunStatus.TIMEOUT,
        RunStatus.ERROR,
        RunStatus.KILLED,
        RunStatus.MEMORY_LIMIT,
    }
    assert report.wall_ms is not None
    assert report.wall_ms <= (product_box._settings.wall_timeout_s + 1.5) * 1000
    if report.status is RunStatus.ERROR:
        assert "max_processes" in report.limits["hit"]
        assert report.message == f"process/thread limit reached ({PRODUCT.max_processes})"
    await assert_host_clean(product_box, product_box._settings)
