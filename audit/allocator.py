"""Keep the memory an audit frees, for a while, for its own reuse instead of handing it back.

An audit is a batch run of seconds. Left to their defaults, both allocators under it give
freed memory back to the system as they go: polars sets its jemalloc to purge freed pages
after half a second, and glibc's malloc unmaps blocks above its mmap threshold and trims
the top of its heap. Each page given back and taken again costs a page fault, and on a
virtual machine a fault is dear: at the 30,000-connection cap, 414,000 faults took 1.9 s
of system time. Here jemalloc keeps freed pages for 5 s (long enough for the next stage
to reuse them, short enough that a long run gives back what an early stage left), and
glibc keeps its heap. Medians of runs in turn with the code before (ten at the cap, five
at four times its messages): at the cap the run takes 0.93 times as long, system time
1.9 -> 1.2 s, peak 0.69 -> 0.79 GB; at four times, 0.89 times, system time 5.3 -> 3.5 s,
peak 1.8 -> 2.3 GB.
Never purging (-1) faulted least at the cap but took 3.2 GB at four times it. The audit
command (audit/cli.py) asks for this first, before anything loads polars; nothing else
does, so a program that imports the library keeps its own allocator settings.
"""

from __future__ import annotations

import os
import sys

# polars' jemalloc reads its options from this variable once, when polars is loaded; polars
# puts its own purging delays first and the variable's value after them, and the last
# setting of an option wins: freed pages purged after 5 s, not 0.5. Ours go last, after
# any the environment holds: a parent process that loaded polars hands down polars' own
# delays in it, which would otherwise win. Other jemalloc options there are kept.
JEMALLOC_OPTIONS = ("_RJEM_MALLOC_CONF", "dirty_decay_ms:5000,muzzy_decay_ms:0")
# glibc's mallopt parameters (malloc.h).
M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3
# glibc's largest mmap threshold (DEFAULT_MMAP_THRESHOLD_MAX): 32 MB on 64-bit systems,
# 512 KB on 32-bit ones; mallopt refuses more.
MMAP_THRESHOLD_MAX = {8: 32 * 2**20, 4: 512 * 2**10}


def keep_freed_memory() -> list[str]:
    """Ask polars' jemalloc and glibc's malloc to keep what is freed. The allocators asked:
    "jemalloc" when polars is not loaded yet (where polars uses another allocator, the
    setting is ignored), "glibc" when glibc took every setting (never where glibc is not
    the C library)."""
    asked = []
    if "polars" not in sys.modules:
        name, value = JEMALLOC_OPTIONS
        # Empty parts out: jemalloc stops reading at one ("a,,b" or a trailing comma), and
        # ours, after it, would be lost. Asked twice, ours are there once.
        given = [part for part in os.environ.get(name, "").split(",") if part.strip()]
        if ",".join(given[-len(value.split(",")) :]) != value:
            given.append(value)
        os.environ[name] = ",".join(given)
        asked.append("jemalloc")
    if sys.platform.startswith("linux") and _keep_in_glibc():
        asked.append("glibc")
    return asked


def _keep_in_glibc() -> bool:
    import ctypes  # only here: the other commands need not load it

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # a C library without mallopt
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    threshold = MMAP_THRESHOLD_MAX.get(ctypes.sizeof(ctypes.c_void_p))
    # The threshold first: each setting fixes glibc's otherwise rising mmap threshold, so
    # were this one refused, the others would leave it at its 128 KB start. mallopt
    # answers 1 for a setting taken, 0 for one refused.
    if threshold is None or mallopt(M_MMAP_THRESHOLD, threshold) != 1:
        return False
    # Blocks up to the threshold now come from the heap, where a freed block is reused;
    # the heap's top is never trimmed (-1), and it grows 64 MB at a time.
    return mallopt(M_TRIM_THRESHOLD, -1) == 1 and mallopt(M_TOP_PAD, 64 * 2**20) == 1
