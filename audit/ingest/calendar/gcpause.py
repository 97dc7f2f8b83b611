"""Python's cyclic garbage collector paused while a calendar is read or expanded.

Reading a 20 MB calendar makes hundreds of thousands of small containers (a dict per
VEVENT, a tuple per property and per row) that all live until the frame is built. The
collector runs every 700 new ones and, every so often, over all that are alive: a quarter
of the reading time, measured (benchmarks/bench_calendar.py). Neither stage makes a
reference cycle, so pausing it keeps nothing alive for longer; whatever a cycle elsewhere
left is collected when the collector runs again after the stage.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """The collector off inside the block (or the decorated function), as it was after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
