"""A task's told solution names what only that task has (its `core` steps), for every task.

Advice on the same subject, a knowledge unit's steps or the learner's own account of what
they did, names the generic pieces (load off the event loop, a pool of processes, chunks, a
profiler sorted by self time, generated inputs): numbered, it once read as the practice
task's solution and gave way to a hint rung. The task's own solution with its names changed
(`lookup_user` for `fetch_profile`, `TOP` for `HOTSPOTS`) still tells it.
"""

from __future__ import annotations

import pytest

from bot.course.content import Course
from bot.mentor.guards.told_solution import ToldSolutions
from bot.settings import DEFAULT_CONFIG_DIR

GENERIC: tuple[tuple[str, str, str], ...] = (
    (
        "asyncio-blocking",
        "en",
        "1. Turn on asyncio debug mode and find the blocking call the warning names: it "
        "stalls the event loop.\n"
        "2. Move it off the loop: run it on a worker thread with `asyncio.to_thread(fn, arg)`.\n"
        "3. Then await the result instead of calling it inline.\n"
        "4. Run the requests concurrently with `gather` again.\n"
        "5. Finally measure the loop lag with a heartbeat task before and after.",
    ),
    (
        "asyncio-blocking",
        "de",
        "1. Finde den blockierenden Aufruf, der die Event-Loop blockiert.\n"
        "2. Lagere ihn in einen Thread-Pool aus: `asyncio.to_thread(fn, arg)`.\n"
        "3. Dann `await` auf das Ergebnis, statt ihn direkt aufzurufen.\n"
        "4. Starte die Anfragen wieder nebenläufig mit `gather`.\n"
        "5. Miss danach die Verzögerung der Loop mit einem Heartbeat.",
    ),
    (
        "mp-pipeline",
        "en",
        "1. Parse the input in the parent process once, not in every worker.\n"
        "2. Start a process pool with one process per core.\n"
        "3. Send the work in chunks with `pool.map(fn, items, chunksize=500)` so pickling is "
        "amortised.\n"
        "4. Then measure the throughput against the one-process baseline.",
    ),
    (
        "mp-pipeline",
        "ja",
        "1. 入力は親プロセスで一度だけパースします。\n"
        "2. コアごとに1つのワーカーでプロセスプールを作ります。\n"
        "3. pickle のコストを減らすため、仕事をチャンクにまとめて渡します。\n"
        "4. その後、1 プロセスの基準とスループットを比べます。",
    ),
    (
        "profile-request",
        "en",
        "1. Create a `cProfile.Profile()` and enable it around the slow request.\n"
        "2. Run the request 30 times, then disable the profiler.\n"
        "3. Sort the stats by tottime to see each function's self time.\n"
        "4. Note the hotspots and measure again after the fix.",
    ),
    (
        "profile-request",
        "zh",
        "1. 创建 `cProfile.Profile()` 并在慢请求前启用它。\n"
        "2. 把请求跑 30 次，然后禁用性能分析器。\n"
        "3. 按 tottime 排序，看每个函数的自身时间。\n"
        "4. 记下热点，修复后再测一次。",
    ),
    (
        "property-tests",
        "en",
        "1. Generate random lists with `@given(st.lists(st.integers()))`.\n"
        "2. Copy the input first and assert the function left it unchanged.\n"
        "3. Then assert the output is sorted.\n"
        "4. Compare it with a brute-force oracle on small inputs.",
    ),
)
"""Numbered advice on a task's subject that tells none of what only the task has."""

LEARNER: tuple[tuple[str, str, str], ...] = (
    (
        "mp-pipeline",
        "en",
        "You said what you did, in order:\n"
        "1. You parse the CSV in the main process.\n"
        "2. Then a `ProcessPoolExecutor(max_workers=8)`, one worker per core.\n"
        "3. Then `map` with a chunksize of 200.\n"
        "4. And the throughput only went from 1.0x to 1.3x.",
    ),
    (
        "property-tests",
        "en",
        "What your tests already do:\n"
        "1. They generate inputs with `@given`.\n"
        "2. They check the function does not mutate its argument.\n"
        "3. Then they assert the result is sorted.",
    ),
)
"""The learner's own account of their work, restated as numbered steps by the reply."""

RENAMED: tuple[tuple[str, str, str], ...] = (
    (
        "asyncio-blocking",
        "en",
        "1. `lookup_user` from the old client is a blocking call: it stalls the event loop "
        "inside `respond`.\n"
        "2. In `respond`, hand that call off to a worker thread with `asyncio.to_thread`.\n"
        "3. Await it there, then build the greeting exactly as before so the responses stay "
        "identical.\n"
        "4. Leave `run_all` as a gather so the replies come back in request order.",
    ),
    (
        "mp-pipeline",
        "en",
        "1. Parse every line in the parent process first.\n"
        "2. Open a pool of worker processes, one per core.\n"
        "3. Map the scoring function over the inputs in chunks; it keeps the input order.\n"
        "4. Then zip the ids with their results and sum the scores per key before returning.",
    ),
    (
        "profile-request",
        "en",
        "1. Create a profiler and switch it on.\n"
        "2. Feed it thirty fake requests, then switch it off.\n"
        "3. Sort the stats by self time.\n"
        "4. Take the three slowest functions defined in your module and store them in `TOP`, "
        "hottest first.",
    ),
    (
        "property-tests",
        "en",
        "1. Generate random lists of intervals with Hypothesis.\n"
        "2. Assert the set of points covered is the same before and after `combine`.\n"
        "3. For consecutive output intervals assert they are strictly apart.\n"
        "4. Then assert the output is sorted.",
    ),
)
"""Each task's solution with its identifiers changed: still its solution, told in words."""


@pytest.fixture(scope="module")
def told() -> ToldSolutions:
    course = Course.load(DEFAULT_CONFIG_DIR)
    return ToldSolutions.load(DEFAULT_CONFIG_DIR, [t.id for t in course.tasks])


def test_every_checked_task_has_core_steps(told: ToldSolutions) -> None:
    """Not only the cache task: every outline names what only its task has."""
    assert told.outlines
    for outline in told.outlines:
        assert outline.core, outline.task_id
        assert outline.core <= set(outline.code), outline.task_id


@pytest.mark.parametrize(("task_id", "lang", "text"), GENERIC + LEARNER)
def test_advice_on_the_subject_is_not_the_tasks_told_solution(
    told: ToldSolutions, task_id: str, lang: str, text: str
) -> None:
    """A unit's or the learner's steps name the generic pieces, not the task's own."""
    assert task_id not in told.told(text, lang)


@pytest.mark.parametrize(("task_id", "lang", "text"), RENAMED)
def test_a_renamed_full_solution_is_still_told(
    told: ToldSolutions, task_id: str, lang: str, text: str
) -> None:
    """Other names for the starter's functions do not hide the solution's steps."""
    assert task_id in told.told(text, lang)
