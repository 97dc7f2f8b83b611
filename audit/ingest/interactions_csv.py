"""Read an interactions CSV: exchanges the tool cannot read itself (calls, texts, chats).

The user writes (or converts a phone's call log or an SMS backup into) a CSV whose header
has ``date`` and ``direction`` and at least one of ``name``, ``email``, ``phone``,
``linkedin_url``, in any order, with an optional ``channel`` (default ``other``). Each
data row is one exchange: ``direction`` ``in`` (they to the owner), ``out`` (the owner to
them) or ``both`` (a call picked up, a meeting: two-way on its date). The module is named
for the file, apart from ``audit.interactions``, the stage that counts exchanges.

Dates are read as ISO 8601 (``2026-03-01``, ``2026-03-01 14:05``, ``2026-03-01T14:05:00Z``,
with an offset): a time with a zone or offset is dated by its UTC date, one without by
its own date, as every channel is. A row with an unreadable date or direction, or naming
nobody, is a SKIPPED row with its 1-based data row and why.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta

import polars as pl

from audit.ingest.linkedin import (
    MAX_LINE_CHARS,
    MAX_NAME_CHARS,
    SENTINELS,
    UnreadableFile,
    decode_text,
    fold_header,
)
from audit.schemas import CSV_INTERACTIONS, SKIPPED, frame
from audit.settings import EARLIEST_YEAR, LATEST_YEAR

REQUIRED = frozenset({"date", "direction"})
# Header cells folded as LinkedIn's are ("linkedin_url" -> "linkedin url"), to column names.
IDENTITY = {"name": "name", "email": "email", "phone": "phone", "linkedin url": "linkedin_url"}
DIRECTIONS = frozenset({"in", "out", "both"})
DEFAULT_CHANNEL = "other"
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?)?"
)

NOBODY = "row names nobody (no name, email, phone or linkedin_url)"


def looks_like_interactions_csv(text: str) -> bool:
    """Whether a file's first row is an interactions CSV header (``text``: its decoded start)."""
    header = _header(text)
    return header is not None and set(header) >= REQUIRED and bool(set(header) & set(IDENTITY))


def _header(text: str) -> list[str] | None:
    for row in csv.reader(io.StringIO(text[:65536], newline="")):
        if any(cell.strip() for cell in row):
            return [fold_header(cell) for cell in row]
    return None


def read_interactions_csv(data: bytes, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """An interactions CSV as (CSV_INTERACTIONS, SKIPPED); ``file`` is the display path.

    Raises ``UnreadableFile`` when the header is not an interactions CSV's."""
    text = decode_text(data)
    if not looks_like_interactions_csv(text):
        raise UnreadableFile(
            f"{file}: not an interactions CSV (the header needs date, direction and one of "
            "name, email, phone, linkedin_url)"
        )
    rows: list[dict] = []
    skipped: list[dict] = []
    header: list[str] | None = None
    record = 0
    reader = csv.reader(_checked(io.StringIO(text, newline="")))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # an unclosed quote ran past the field limit: as read_rows
            record += 1
            skipped.append(_skip(file, record, f"unreadable CSV row ({exc})"))
            continue
        if not any(cell.strip() for cell in row):
            continue  # blank lines are no rows, before the header or after it
        if header is None:
            header = [fold_header(cell) for cell in row]
            continue
        record += 1
        if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
            reason = f"row has {len(row)} fields, the header has {len(header)}"
            skipped.append(_skip(file, record, reason))
            continue
        # A short row (a spreadsheet drops trailing empty cells) reads as empty cells.
        cells = {name: _value(cell) for name, cell in zip(header, row, strict=False)}
        result = _read_row(cells, file, record)
        (skipped if "reason" in result else rows).append(result)
    return frame(rows, CSV_INTERACTIONS), frame(skipped, SKIPPED)


TOO_LONG = f"line longer than {MAX_LINE_CHARS:,} characters (the file may be damaged)"
_TOO_LONG_CELL = "\x00too long\x00"


def _checked(lines):
    for line in lines:
        # csv.reader would split a multi-megabyte line into a huge row: it gets one marker
        # cell instead, which ``_read_row`` skips with the reason.
        yield line if len(line) <= MAX_LINE_CHARS else _TOO_LONG_CELL + "\n"


def _value(cell: str) -> str:
    cell = cell.strip()
    return "" if cell.lower() in SENTINELS else cell


def _skip(file: str, record: int, reason: str) -> dict:
    return {"file": file, "record": record, "reason": reason}


def _read_row(cells: dict[str, str], file: str, record: int) -> dict:
    if _TOO_LONG_CELL in cells.values():
        return _skip(file, record, TOO_LONG)
    day = read_day(cells.get("date", ""))
    if day is None:
        return _skip(file, record, f"unreadable date '{cells.get('date', '')[:40]}'")
    direction = cells.get("direction", "").lower()
    if direction not in DIRECTIONS:
        shown = cells.get("direction", "")[:20]
        return _skip(file, record, f"unreadable direction '{shown}' (in, out or both)")
    who = {column: cells.get(cell, "") or None for cell, column in IDENTITY.items()}
    if not any(who.values()):
        return _skip(file, record, NOBODY)
    if who["name"] is not None and len(who["name"]) > MAX_NAME_CHARS:
        return _skip(file, record, f"name longer than {MAX_NAME_CHARS} characters")
    return {
        "file": file,
        "record": record,
        "day": day,
        "direction": direction,
        "channel": cells.get("channel", "").lower() or DEFAULT_CHANNEL,
        **who,
    }


def read_day(text: str) -> date | None:
    """The UTC calendar date of an ISO 8601 date or date-time, or None."""
    m = _ISO.fullmatch(text.strip())
    if m is None:
        return None
    year, month, day, hour, minute, second, zone = m.groups()
    if not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
        return None
    try:
        if hour is None:
            return date(int(year), int(month), int(day))
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    if zone is None:
        return moment.date()
    if zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        minutes = sign * (int(digits[:2]) * 60 + int(digits[2:]))
        if abs(minutes) >= 24 * 60:
            return None
        return (moment - timedelta(minutes=minutes)).date()
    return moment.date()
