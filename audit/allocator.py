"""Keep the memory an audit frees for the audit's own reuse, instead of handing it back.

An audit is a batch run of seconds. Left to their defaults, both allocators under it give
freed memory back to the system as they go: polars' jemalloc purges freed pages within
seconds, and glibc's malloc unmaps or trims every large block it frees. Each page given
back and taken again costs a page fault, and on a virtual machine a fault is dear: at the
30,000-connection cap, 414,000 faults took 1.6 s of system time in a 6.8 s run. Kept,
pages are faulted about once: 270,000 faults, 1.1 s of system time, the run 7% faster
(medians of ten runs in turn). The peak grows from 0.69 to 0.98 GB: memory the run had
used once and would have used again.
The command (audit/cli.py) asks for this before polars is loaded; nothing else does, so a
program that imports the library keeps its own allocator settings.
"""

from __future__ import annotations

import os
import sys

# polars' jemalloc reads its options from this variable once, when polars is loaded: no
# purging of freed pages, at any delay. A value the user set wins.
JEMALLOC_OPTIONS = ("_RJEM_MALLOC_CONF", "dirty_decay_ms:-1,muzzy_decay_ms:-1")
# glibc's mallopt parameters (malloc.h).
M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3


def keep_freed_memory() -> list[str]:
    """Ask polars' jemalloc and glibc's malloc to keep what is freed; the allocators asked
    (nothing is asked of glibc where it is not the C library; the jemalloc setting does
    nothing once polars is loaded)."""
    name, value = JEMALLOC_OPTIONS
    os.environ.setdefault(name, value)
    asked = ["jemalloc"]
    if sys.platform.startswith("linux"):
        import ctypes  # only here: 2.5 ms to import, and only the audit needs it

        try:
            mallopt = ctypes.CDLL(None).mallopt
        except (OSError, AttributeError):  # a C library without mallopt
            return asked
        mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
        # Never trim the heap's top; grow it 64 MB at a time; serve blocks up to glibc's
        # largest mmap threshold (32 MB on 64-bit systems: 4 MB x the size of a long) from
        # the heap, where a freed block is reused, instead of mapping and unmapping each.
        options = (
            (M_TRIM_THRESHOLD, 2**30),
            (M_TOP_PAD, 64 * 2**20),
            (M_MMAP_THRESHOLD, 4 * 2**20 * ctypes.sizeof(ctypes.c_long)),
        )
        # mallopt answers 1 for a setting taken, 0 for one refused.
        taken = [mallopt(parameter, setting) == 1 for parameter, setting in options]
        if all(taken):
            asked.append("glibc")
    return asked
