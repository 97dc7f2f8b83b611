"""CALENDAR_EVENTS from the reader's rows (tuples of the schema's columns, in order).

A list column (RRULEs, RDATEs, EXDATEs, attendees) is built from its items laid end to
end and grouped back by row: from rows, polars makes a Series of every Python list in
every row, which took longer than reading the file (three times as long as this, measured
on benchmarks/bench_calendar.py's calendar).
"""

from __future__ import annotations

import polars as pl

from audit.schemas import CALENDAR_EVENTS, frame


def to_events_frame(rows: list[tuple]) -> pl.DataFrame:
    """CALENDAR_EVENTS from rows of its columns, in order."""
    if not rows:
        return frame(rows, CALENDAR_EVENTS)
    names = list(CALENDAR_EVENTS)
    lists = [i for i, name in enumerate(names) if isinstance(CALENDAR_EVENTS[name], pl.List)]
    plain = [i for i in range(len(names)) if i not in lists]
    table = pl.DataFrame(
        [tuple(row[i] for i in plain) for row in rows],
        schema={names[i]: CALENDAR_EVENTS[names[i]] for i in plain},
        orient="row",
    )
    columns = [_list_column(rows, i, names[i], CALENDAR_EVENTS[names[i]]) for i in lists]
    return table.with_columns(columns).select(names)


def _list_column(rows: list[tuple], at: int, name: str, dtype: pl.List) -> pl.Series:
    """Column ``at`` of the rows (Python lists) as a polars List column. A row with an
    empty list stands in the flat items as one null that is not ``present``, so that
    grouping the items by row, in order, gives every row back."""
    owners: list[int] = []
    present: list[bool] = []
    items: list = []
    for n, row in enumerate(rows):
        values = row[at]
        if values:
            owners += [n] * len(values)
            present += [True] * len(values)
            items += values
        else:
            owners.append(n)
            present.append(False)
            items.append(None)
    inner = dtype.inner
    if isinstance(inner, pl.Struct):  # the items are dicts: one Series per field
        fields = [
            pl.Series(f.name, [None if d is None else d[f.name] for d in items], dtype=f.dtype)
            for f in inner.fields
        ]
        item = pl.DataFrame(fields).select(pl.struct(pl.all()).alias("item")).to_series()
    else:
        item = pl.Series("item", items, dtype=inner)
    flat = pl.DataFrame({"owner": owners, "present": present}).with_columns(item)
    grouped = flat.group_by("owner", maintain_order=True).agg(
        pl.col("item").filter(pl.col("present")).alias(name)
    )
    return grouped.get_column(name).cast(dtype)
