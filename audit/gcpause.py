"""Python's cyclic garbage collector paused while a stage makes many objects that live on.

The audit makes millions of small containers (a dict per VEVENT or vCard property, a tuple
per row) that live until a frame is built or the run ends. The collector runs every 700
new ones and, every so often, over all that are alive: a quarter of a calendar's reading
time (benchmarks/bench_calendar.py), 0.4 s of 6.6 at the 30,000-connection cap. The stages
make no reference cycles, so pausing it keeps nothing alive for longer: reference counting
still frees what is dropped, and whatever a cycle elsewhere left is collected when the
collector runs again. The command pauses it for the whole run (audit/cli.py); the calendar
reader pauses it for itself, for callers of the library that do not.
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
