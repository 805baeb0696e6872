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
