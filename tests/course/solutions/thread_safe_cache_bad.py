"""Known-bad: a racy check-then-load: every thread that missed the key loads it again."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class SingleFlightLRU:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, loader: Callable[[Hashable], Any]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = loader(key)  # every thread that missed loads again
        with self._lock:
            self._data[key] = value
            if len(self._data) > self.capacity:
                self._data.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._data)
