"""Finished solutions to practice tasks, as a careless LLM would paste them (test data).

`CACHE_SOLUTION` passes the `thread-safe-cache` checker; `PIPELINE_SOLUTION` passes
`mp-pipeline`. Neither names its task: the guard must recognise them by their interface.
"""

from __future__ import annotations

CACHE_SOLUTION = '''
import threading
from collections import OrderedDict
from concurrent.futures import Future


class SingleFlightLRU:
    """Thread-safe LRU cache where concurrent misses of one key share a single load."""

    def __init__(self, capacity):
        self.capacity = capacity
        self._data = OrderedDict()
        self._inflight = {}
        self._lock = threading.Lock()

    def get(self, key, loader):
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            future = self._inflight.get(key)
            leader = future is None
            if leader:
                future = Future()
                self._inflight[key] = future
        if not leader:
            return future.result()
        try:
            value = loader(key)
        except BaseException as exc:
            with self._lock:
                del self._inflight[key]
            future.set_exception(exc)
            raise
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.capacity:
                self._data.popitem(last=False)
            del self._inflight[key]
        future.set_result(value)
        return value

    def __len__(self):
        with self._lock:
            return len(self._data)
'''

BROKEN_CACHE = '''
import threading
from collections import OrderedDict


class SingleFlightLRU:
    """One lock around everything: correct, but the loader runs under the lock."""

    def __init__(self, capacity):
        self.capacity = capacity
        self._data = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, loader):
        with self._lock:
            if key not in self._data:
                self._data[key] = loader(key)
            self._data.move_to_end(key)
            while len(self._data) > self.capacity:
                self._data.popitem(last=False)
            return self._data[key]

    def __len__(self):
        return len(self._data)
'''

PROPERTY_SOLUTION = """
from hypothesis import given
from hypothesis import strategies as st

from intervals import merge

spans = st.lists(
    st.tuples(st.integers(-50, 50), st.integers(0, 10)).map(lambda t: (t[0], t[0] + t[1]))
)


def points(xs):
    return {p / 2 for a, b in xs for p in range(2 * a, 2 * b + 1)}


@given(spans)
def test_sorted_and_same_points(xs):
    out = merge(list(xs))
    assert out == sorted(out)
    assert points(out) == points(xs)


@given(spans)
def test_disjoint_and_not_touching(xs):
    out = merge(list(xs))
    assert all(b1 < a2 for (_, b1), (a2, _) in zip(out, out[1:]))


@given(spans)
def test_input_untouched(xs):
    copy = list(xs)
    merge(xs)
    assert xs == copy
"""

ASYNC_SOLUTION = """
import asyncio
from concurrent.futures import ThreadPoolExecutor

from legacy import fetch_profile

POOL = ThreadPoolExecutor(max_workers=16)


async def handle(user_id: int, *, pool: ThreadPoolExecutor = POOL) -> str:
    loop = asyncio.get_running_loop()
    profile = await loop.run_in_executor(pool, fetch_profile, user_id)
    return f"hello {profile['name']}"


async def serve(user_ids: list[int], limit: int = 16) -> list[str]:
    gate = asyncio.Semaphore(limit)

    async def one(u: int) -> str:
        async with gate:
            return await handle(u)

    return list(await asyncio.gather(*(one(u) for u in user_ids)))
"""
