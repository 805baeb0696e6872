"""Threads read from the code: a lock its holder takes again, CPU work split over threads.

review11 U11: a self-deadlock on a non-reentrant Lock was told as "two threads take two locks
in reverse order" (one thread, one lock), and four threads summing squares got event-loop
units while the GIL was never named.
"""

from __future__ import annotations

import pytest

from bot.mentor.i18n import Catalog
from bot.mentor.lock_scan import thread_findings_in
from bot.mentor.sandbox_reasoning import findings
from bot.sandbox.report import RunStatus, SandboxReport

DEADLOCK = """import threading
lock = threading.Lock()
balance = 0

def audit():
    with lock:
        print(balance)

def transfer(x):
    global balance
    with lock:
        balance += x
        audit()

transfer(5)
"""
SQUARES = """import threading

def work(n):
    total = 0
    for i in range(n):
        total += i * i
    return total

threads = [threading.Thread(target=work, args=(2_000_000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
"""
CUT = SandboxReport(status=RunStatus.TIMEOUT, message="wall-clock limit", wall_ms=5004, cpu_ms=212)
DONE = SandboxReport(status=RunStatus.OK, wall_ms=1900.0, cpu_ms=1880.0)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "not reentrant"),
        ("tr", "yeniden girilebilir değil"),
        ("de", "nicht reentrant"),
        ("ja", "再入可能ではない"),
    ],
)
def test_a_lock_taken_again_by_its_holder_is_named_first(
    catalog: Catalog, language: str, said: str
) -> None:
    line = findings(CUT, DEADLOCK, language, catalog)[0]
    assert said in line, line
    assert "`audit`" in line
    assert "13" in line  # the call made while the lock is held
    assert "RLock" in line


@pytest.mark.parametrize(
    ("language", "said"), [("en", "GIL"), ("ru", "GIL"), ("zh", "GIL"), ("pl", "GIL")]
)
def test_cpu_only_work_split_over_threads_names_the_gil_first(
    catalog: Catalog, language: str, said: str
) -> None:
    line = findings(DONE, SQUARES, language, catalog)[0]
    assert said in line, line
    assert "ProcessPoolExecutor" in line
    assert "`work`" in line


@pytest.mark.parametrize(
    "code",
    [
        DEADLOCK.replace("threading.Lock()", "threading.RLock()"),
        DEADLOCK.replace("        audit()\n", ""),
        SQUARES.replace("total += i * i", "total += i * i\n        time.sleep(0.001)"),
        SQUARES.replace("threading.Thread(target=work, args=(2_000_000,))", "work(2_000_000)"),
        "import threading\nimport requests\n\ndef fetch(u):\n    for _ in range(3):\n"
        "        r = requests.get(u)\n    return r\n\nthreading.Thread(target=fetch, args=('x',))\n",
    ],
)
def test_reentrant_locks_io_threads_and_plain_loops_are_no_finding(code: str) -> None:
    assert thread_findings_in(code) == ([], [])
