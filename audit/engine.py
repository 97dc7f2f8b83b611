"""Which polars engine runs a lazy query, by how many rows it reads.

polars 2 runs ``LazyFrame.collect()`` on its streaming engine by default, which costs
about 0.1 ms more a query to set up than the in-memory engine: on the small frames of a
typical export that is much of the query (``build_facts`` at the typical size 17.4 ->
13.4 ms in-memory), while on the 300,000 message rows of the cap streaming is as quick
or quicker (``find_owner`` 50 ms streaming, 73 ms in-memory). Both engines give the same
rows in the same order for these queries; the byte-identical output check runs both
sizes, so both choices.
"""

from __future__ import annotations

# Below this many rows a query runs in memory (the typical export has 5,000 messages).
SMALL_ROWS = 50_000


def engine_for(rows: int) -> str:
    """The engine for a lazy query over ``rows`` rows."""
    return "in-memory" if rows < SMALL_ROWS else "auto"
