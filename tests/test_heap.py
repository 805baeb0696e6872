"""The startup heap is frozen out of the collector's full walks, and garbage is not frozen."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from bot.lifecycle.heap import freeze_startup_heap


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
def test_live_objects_are_frozen_and_startup_garbage_is_collected_first() -> None:
    kept = Node()
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the cyclic collector frees it
    gone = weakref.ref(a)
    del a, b

    frozen = freeze_startup_heap()

    assert gone() is None  # collected, not frozen for the life of the bot
    assert frozen == gc.get_freeze_count() > 1_000
    assert all(obj is not kept for obj in gc.get_objects())  # out of every generation
    gc.unfreeze()
    assert any(obj is kept for obj in gc.get_objects())
