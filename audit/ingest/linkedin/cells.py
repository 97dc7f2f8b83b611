"""Cell values of a LinkedIn export: names repaired and joined, dates in any format
LinkedIn has written, and the SKIPPED reasons for a value that cannot be one."""

from __future__ import annotations

import polars as pl

from audit.ingest.linkedin.table import MAX_NAME_CHARS
from audit.settings import EARLIEST_YEAR, LATEST_YEAR

# Date formats LinkedIn has written, newest first. Messages carry "UTC"; the
# others have no zone and are taken as UTC calendar dates, as DESIGN says.
DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S UTC",  # messages.csv: 2023-06-11 15:33:58 UTC
    "%Y/%m/%d %H:%M:%S UTC",  # endorsements: 2023/03/01 19:52:23 UTC
    "%m/%d/%y, %I:%M %p",  # invitations, recommendations, old messages: 7/8/26, 3:43 PM
    "%d %b %Y",  # Connected On: 05 Mar 2024
    "%d %B %Y",  # a long month name some tools write back: 15 September 2026
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
)


def repair_mojibake(value: str) -> str:
    """Undo UTF-8 read as Windows-1252 ("JosÃ© MuÃ±oz"), seen in some exports' names."""
    if not any(mark in value for mark in MOJIBAKE_MARKS):
        return value
    for codec in ("cp1252", "latin-1"):
        try:
            return value.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return value


MOJIBAKE_MARKS = ("Ã", "Â", "â€", "Ä", "Å")


def repair_mojibake_column(column: pl.Expr) -> pl.Expr:
    """``repair_mojibake`` over a column, calling Python only for values that need it."""
    marked = column.str.contains("|".join(MOJIBAKE_MARKS), literal=False)
    return (
        pl.when(marked)
        .then(column.map_batches(_repair_batch, return_dtype=pl.Utf8))
        .otherwise(column)
    )


def _repair_batch(values: pl.Series) -> pl.Series:
    marked = values.str.contains("|".join(MOJIBAKE_MARKS))
    table = {v: repair_mojibake(v) for v in values.filter(marked).unique().to_list() if v}
    return values.replace(table) if table else values


def join_names(first: str, last: str) -> pl.Expr:
    """``full_name`` of two columns of cleaned cells (empty, never null)."""
    parts = [pl.col(c).replace("", None) for c in (first, last)]
    return repair_mojibake_column(pl.concat_str(parts, separator=" ", ignore_nulls=True))


def full_name(first: str, last: str) -> str:
    return repair_mojibake(" ".join(p for p in (first, last) if p))


def parse_dates(column: pl.Expr) -> pl.Expr:
    """Any LinkedIn date text as a UTC datetime; null when no known format fits, or when
    the year is outside EARLIEST_YEAR to LATEST_YEAR ("5 Mar 24" would be year 24)."""
    return column.map_batches(_parse_date_series, return_dtype=pl.Datetime("us", "UTC"))


def _parse_date_series(values: pl.Series) -> pl.Series:
    """``parse_dates`` on a whole column, in one query. Each format after the first is tried
    only on the cells still unparsed: a coalesce of all seven parsed every cell seven times
    (0.7 s of the 1.4 s messages.csv took at 300,000 messages, where the first format fits
    all); a query per format cost about 0.3 ms each at the typical size. It runs inside
    another query's ``map_batches``, so always on the in-memory engine: a streaming
    engine started from a streaming engine's callback is what a deadlock needs, and the
    cost is 3 ms at 300,000 dates."""
    text, parsed = pl.col("text"), pl.col("parsed")
    steps = values.to_frame("text").lazy().with_columns(text.str.strip_chars())
    steps = steps.with_columns(
        parsed=text.str.strptime(pl.Datetime("us"), DATE_FORMATS[0], strict=False)
    )
    for fmt in DATE_FORMATS[1:]:
        retry = (
            pl.when(parsed.is_null()).then(text).str.strptime(pl.Datetime("us"), fmt, strict=False)
        )
        steps = steps.with_columns(parsed=parsed.fill_null(retry))
    real = parsed.dt.year().is_between(EARLIEST_YEAR, LATEST_YEAR)
    dates = steps.select(pl.when(real).then(parsed).dt.replace_time_zone("UTC").alias(values.name))
    return dates.collect(engine="in-memory").to_series()


def bad_date_reason(what: str, raw: pl.Expr) -> pl.Expr:
    return pl.format("unreadable {} '{}'", pl.lit(what), raw.str.slice(0, 40))


def describe_too_long(what: str, text: pl.Expr) -> pl.Expr:
    """The SKIPPED reason for a name (or company, position) past MAX_NAME_CHARS, else null."""
    return describe_length(what, text.str.len_chars())


def describe_length(what: str, length: pl.Expr) -> pl.Expr:
    """As ``describe_too_long``, from the length in characters."""
    return (
        pl.when(length > MAX_NAME_CHARS)
        .then(
            pl.lit(
                f"{what} longer than {MAX_NAME_CHARS} characters, so not a real one "
                "(the record may be damaged, e.g. by a quote that joined lines)"
            )
        )
        .otherwise(None)
    )
