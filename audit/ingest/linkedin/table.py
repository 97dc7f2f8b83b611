"""CSV text to cells: the header row found by scanning, rows read by name, a row that
cannot be used kept as a SKIPPED entry with its file, record number and reason; polars
reads big files, the csv module small or odd ones, and both give the same cells."""

from __future__ import annotations

import csv
import io
import re

import polars as pl

from audit.engine import engine_for
from audit.ingest.linkedin.files import UnreadableFile, decode_text, find_header, fold_header
from audit.schemas import SKIPPED

# LinkedIn caps a message at 8,000 characters and a first or last name at a few dozen.
# A cell or a physical line past MAX_LINE_CHARS is a broken or hostile file, and it is
# skipped before the csv module splits it (a multi-megabyte line of commas would be
# millions of fields in memory). A name past MAX_NAME_CHARS is a broken row (an
# unbalanced quote joins the lines after it) or a hostile one: the row is skipped with
# that reason rather than cut, because a cut name would hide the breakage. (Person
# records of both sources are held to it in ``audit.ingest``: names, company and
# position are what fuzzy matching compares pairwise, at a cost that grows with length.)
MAX_LINE_CHARS = 1024 * 1024
# Below this size the csv module is as quick as polars and never reads a row differently.
FAST_READ_BYTES = 1024 * 1024
MAX_NAME_CHARS = 200
csv.field_size_limit(MAX_LINE_CHARS)


# Values spreadsheets and other tools leave where a cell is empty.
SENTINELS = frozenset({"#n/a", "n/a", "na", "null", "none", "nan"})


def read_rows(text: str, file: str) -> tuple[list[str], list[tuple[int, list[str]]], list[dict]]:
    """(folded header, [(record number, cells)], skipped) of a CSV with an optional preamble."""
    found = find_header(text)
    if found is None:
        raise UnreadableFile(f"{file}: no LinkedIn header row found in the first lines")
    header_index, header_cells = found
    header = [fold_header(c) for c in header_cells]
    reader = csv.reader(_Lines(text))
    rows: list[tuple[int, list[str]]] = []
    skipped: list[dict] = []
    record = 0
    index = -1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            record += 1
            skipped.append(_skip(file, record, f"unreadable CSV row ({exc})"))
            continue
        except LineTooLong as exc:
            record += 1
            skipped.append(_skip(file, record, str(exc)))
            continue
        index += 1
        if index <= header_index or not row or (len(row) == 1 and not row[0].strip()):
            continue
        record += 1
        if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
            skipped.append(
                _skip(file, record, f"row has {len(row)} fields, the header has {len(header)}")
            )
            continue
        rows.append((record, (row + [""] * (len(header) - len(row)))[: len(header)]))
    return header, rows, skipped


class LineTooLong(Exception):
    """A physical line longer than MAX_LINE_CHARS; the message is the SKIPPED reason."""


class _Lines:
    """A CSV text's physical lines for ``csv.reader``, each checked before it is parsed.

    A class, not a generator: after an over-long line raises, reading goes on with the
    next line (csv.reader starts a fresh row after an error from its input)."""

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text, newline=""))

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        if len(line) > MAX_LINE_CHARS:
            raise LineTooLong(
                f"line longer than {MAX_LINE_CHARS:,} characters, which no LinkedIn row is "
                "(the file may be damaged)"
            )
        return line


def _skip(file: str, record: int | None, reason: str) -> dict:
    return {"file": file, "record": record, "reason": reason}


def read_table(data: bytes, file: str, wanted: dict[str, tuple]) -> tuple[pl.DataFrame, list]:
    """(frame of ``record`` and each wanted column, cleaned text, skipped) of a LinkedIn CSV.

    Each wanted column is the first of its header aliases present (empty where none is).
    A big UTF-8 file is read by polars; every file polars might read differently from the
    csv module (other encodings, blank or over-long lines, bare CR line ends, ragged rows)
    is read row by row, so record numbers never depend on which reader ran.
    """
    fast = _read_fast(data)
    skipped: list[dict] = []
    if fast is not None:
        header, table = fast
    else:
        header, rows, skipped = read_rows(decode_text(data), file)
        cells = list(zip(*(r for _, r in rows), strict=True)) if rows else [()] * len(header)
        table = pl.DataFrame(
            {"record": [r for r, _ in rows], **{str(i): list(c) for i, c in enumerate(cells)}},
            schema={"record": pl.Int64, **{str(i): pl.Utf8 for i in range(len(header))}},
        )
    positions = {
        name: next((header.index(a) for a in aliases if a in header), None)
        for name, aliases in wanted.items()
    }
    return table.select(
        "record",
        *(
            _clean(pl.col(str(i))).alias(name) if i is not None else pl.lit("").alias(name)
            for name, i in positions.items()
        ),
    ), skipped


# A CR not followed by LF ends a line for the csv module, not for polars.
_BARE_CR = re.compile(rb"\r(?!\n)")


def _read_fast(data: bytes) -> tuple[list[str], pl.DataFrame] | None:
    """(folded header, data rows numbered from 1) by polars, or None for the csv module."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if len(body) < FAST_READ_BYTES or (b"\r" in body and _BARE_CR.search(body)):
        return None
    head = body[:65536].decode("utf-8", errors="replace")
    found = find_header(head)
    if found is None:
        return None
    header = [fold_header(c) for c in found[1]]
    start = len(head[: _row_offset(head, found[0])].encode("utf-8"))
    try:  # polars refuses invalid UTF-8 and ragged rows: the csv module then reads the file
        table = pl.read_csv(body[start:], has_header=True, infer_schema=False, quote_char='"')
    except (pl.exceptions.PolarsError, ValueError):
        return None
    if table.width != len(header):
        return None
    table.columns = [str(i) for i in range(len(header))]
    first, rest = pl.col("0"), [pl.col(c).is_null() for c in table.columns[1:]]
    # A blank line comes back as a row of nulls; the csv module does not count it as a row.
    blank = (first.is_null() | (first.str.strip_chars() == "")) & pl.all_horizontal(rest)
    longest, any_blank = table.select(
        pl.max_horizontal(pl.all().str.len_bytes().max()).alias("longest"),
        blank.any().alias("blank"),
    ).row(0)
    if (longest or 0) > MAX_LINE_CHARS or any_blank:
        return None
    return header, table.with_row_index("record", offset=1).cast({"record": pl.Int64})


def _row_offset(text: str, row: int) -> int:
    """Character offset where CSV row ``row`` (0-based, quoted newlines allowed) starts."""
    reader = csv.reader(io.StringIO(text, newline=""))
    for _ in range(row):
        next(reader)
    lines = io.StringIO(text, newline="").readlines()
    return sum(len(line) for line in lines[: reader.line_num])


def _clean(column: pl.Expr) -> pl.Expr:
    """Cells as values: trimmed, and empty for null and placeholders a tool wrote (#N/A)."""
    trimmed = column.str.strip_chars()
    # One anchored regex: it stops at the first character of nearly every cell, where
    # lower-casing and comparing took 0.15 s a column at a million messages.
    placeholder = trimmed.str.contains(_SENTINEL_CELL)
    return pl.when(placeholder).then(pl.lit("")).otherwise(trimmed).fill_null("")


_SENTINEL_CELL = "(?i)^(?:" + "|".join(re.escape(s) for s in sorted(SENTINELS)) + ")$"


def split_skipped(parsed: pl.DataFrame, schema: dict) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows with a ``reason`` go to SKIPPED, the rest keep ``schema``'s columns: each row
    lands in exactly one of the two. Both in one call: a query each for the filters,
    selects and casts cost about 0.2 ms apiece on the small files."""
    rows, reason = parsed.lazy(), pl.col("reason")
    kept, skipped = pl.collect_all(
        [
            rows.filter(reason.is_null()).select(list(schema)).cast(schema),
            rows.filter(reason.is_not_null()).select("file", "record", "reason").cast(SKIPPED),
        ],
        engine=engine_for(parsed.height),
    )
    return kept, skipped
