"""Known-bad: correct but serial: one lock held while the slow loader runs."""

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
            value = loader(key)
            self._data[key] = value
            if len(self._data) > self.capacity:
                self._data.popitem(last=False)
            return value

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)
