"""Keep the startup heap out of the cyclic garbage collector's way.

A built bot holds some 130k long-lived objects (modules, settings, models, and the internals
of discord.py, slack-bolt and openai). Every full (generation 2) collection walks all of them
with the event loop stopped: 45-105 ms measured under load, a few times a minute, and every
turn in flight waits. That pause was the p99 at 100 threads (bench/load.py). `gc.freeze()`
moves them to a permanent generation, so later collections walk only what came after.
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> int:
    """Collect startup garbage, then freeze what is left; returns the frozen object count.

    Collect first: anything frozen is never collected, so garbage must not be frozen with it.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
