"""Read the CSV files of a LinkedIn data export into frames, quirks and all.

LinkedIn has changed its export many times, so nothing here trusts a position:
files are recognised by their header row (found by scanning, since a ``Notes:``
preamble sits above it in exports since late 2020), columns are taken by name,
and each of the date formats LinkedIn has used is tried. A row that cannot be
used becomes a ``skipped`` entry with its file, 1-based record number and the
reason; message bodies are read only to recognise system and sponsored rows and
are then dropped, so no message text ever leaves this module. The rules for a
message row that never counts, whoever it names (a draft, spam, an ad, a system
row), live here too: each such row carries its reason in ``ignored``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import polars as pl

from audit.engine import engine_for
from audit.schemas import GIVES, INVITATIONS, MESSAGES, RECORDS, SKIPPED, blank_columns, frame
from audit.settings import EARLIEST_YEAR, LATEST_YEAR

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

# How many lines a preamble may take before the header: today 3 (``Notes:``,
# the quoted sentence, a blank line); before 2020 none.
HEADER_SCAN_ROWS = 12


@dataclass(frozen=True)
class Kind:
    name: str  # the kind's id, used across ingest
    label: str  # what a person calls the file
    signature: frozenset[str]  # header cells (folded) that identify it
    file_names: tuple[str, ...]  # folded file names that say "this should be one"


def fold_header(cell: str) -> str:
    """Header cells and file names compare folded: LinkedIn mixes case, spaces and underscores."""
    return re.sub(r"[\s_]+", " ", cell.strip().strip('"').strip()).lower()


KINDS = (
    Kind(
        "connections",
        "Connections.csv",
        frozenset({"first name", "last name", "connected on"}),
        ("connections.csv",),
    ),
    Kind(
        "messages",
        "messages.csv",
        frozenset({"conversation id", "from", "date"}),
        ("messages.csv",),
    ),
    # Exports before 2020 had no conversation ids:
    # ``From,To,Date,Subject,Content,Direction,Folder``.
    Kind(
        "messages",
        "messages.csv",
        frozenset({"from", "to", "date", "content"}),
        ("messages.csv",),
    ),
    Kind(
        "invitations",
        "Invitations.csv",
        frozenset({"from", "to", "sent at", "direction"}),
        ("invitations.csv",),
    ),
    Kind(
        "profile",
        "Profile.csv",
        frozenset({"first name", "last name", "headline"}),
        ("profile.csv",),
    ),
    # The owner's own addresses: the e-mail channel's direction starts here (DESIGN).
    # ``Email Address,Confirmed,Primary,Updated On``; older ``…,Is primary,Status Updated On``.
    Kind(
        "email_addresses",
        "Email Addresses.csv",
        frozenset({"email address", "confirmed", "primary"}),
        ("email addresses.csv",),
    ),
    Kind(
        "email_addresses",
        "Email Addresses.csv",
        frozenset({"email address", "confirmed", "is primary"}),
        ("email addresses.csv",),
    ),
    Kind(
        "recommendations_given",
        "Recommendations_Given.csv",
        frozenset({"first name", "last name", "job title", "creation date"}),
        ("recommendations given.csv",),
    ),
    Kind(
        "recommendations_received",
        "Recommendations_Received.csv",
        frozenset({"first name", "last name", "job title", "creation date"}),
        ("recommendations received.csv",),
    ),
    Kind(
        "endorsements_given",
        "Endorsement_Given_Info.csv",
        frozenset({"endorsement date", "endorsee first name", "endorsee last name"}),
        ("endorsement given info.csv",),
    ),
    Kind(
        "endorsements_received",
        "Endorsement_Received_Info.csv",
        frozenset({"endorsement date", "endorser first name", "endorser last name"}),
        ("endorsement received info.csv",),
    ),
)

# Same header as messages.csv but not conversations with members: LinkedIn's
# career guide and learning coach bots (``learning_coach_messages.csv`` until 2025,
# ``LearningCoachMessages.csv`` from 2026; Complete exports may number a file's name).
NOT_MEMBER_MESSAGES = re.compile(
    r"^(guide_?messages|learning.*|coach_?messages)(_\d+)?\.csv$", re.I
)

# Values spreadsheets and other tools leave where a cell is empty.
SENTINELS = frozenset({"#n/a", "n/a", "na", "null", "none", "nan"})

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

# Rows LinkedIn writes into a conversation that are events, not messages.
SYSTEM_CONTENT = (
    r"(?is)^\s*(message request accepted\.?|.* (left|joined) the conversation\.?"
    r"|.* added .* to the conversation\.?|.* named the conversation.*)\s*$"
)
PROFILE_URL = r"https?://[^\s,;\"]+"

# Draft flags: real exports write ``Yes``/``No`` (Dec 2024 to 2026); some tools ``true``
# or ``1``. A draft was never sent, so it never counts.
DRAFT_FLAGS = ("yes", "true", "1")
# Sponsored InMail (ads) carry LinkedIn's ad editor markup or unfilled mail-merge
# placeholders, and have no sender profile URL (research section 7).
SPONSORED_CONTENT = r"spinmail-quill-editor|%[A-Z][A-Z_]*%"

# Why a messages.csv row never counts, whoever it names: the ``ignored`` column of
# MESSAGES. First that holds wins, so each row has one reason.
IGNORED_DRAFT = "draft"
IGNORED_SPAM = "spam"
IGNORED_SPONSORED = "sponsored"
IGNORED_SYSTEM = "system row"


class UnreadableFile(Exception):
    """A file that cannot be used at all; the message says why, for a person."""


def decode_text(data: bytes) -> str:
    """Text of a CSV file: BOMs stripped, UTF-8 first, Windows-1252 when that fails."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_kind(file_name: str, text: str) -> Kind | None:
    """The kind of a LinkedIn CSV, from its header row (and its name where headers are alike)."""
    base = fold_header(file_name.rsplit("/", 1)[-1])
    header = _find_header(text)
    if header is None:
        return None
    cells = {fold_header(c) for c in header[1]}
    matches = [k for k in KINDS if k.signature <= cells]
    if len(matches) > 1:  # recommendations given/received share a header: the name decides
        named = [k for k in matches if base in k.file_names]
        matches = named or [k for k in matches if "recommendations" not in k.name]
    return matches[0] if matches else None


def expected_kind(file_name: str) -> Kind | None:
    """The kind a file's name promises, to say what was expected when its content disagrees."""
    base = fold_header(file_name.rsplit("/", 1)[-1])
    return next((k for k in KINDS if base in k.file_names), None)


def is_not_member_messages(file_name: str) -> bool:
    return bool(NOT_MEMBER_MESSAGES.match(file_name.rsplit("/", 1)[-1]))


def _find_header(text: str) -> tuple[int, list[str]] | None:
    """(line offset of the data, header cells) of the first row that looks like a header."""
    known = set().union(*(k.signature for k in KINDS))
    reader = csv.reader(io.StringIO(text[:65536], newline=""))
    try:
        for index, row in enumerate(reader):
            if index >= HEADER_SCAN_ROWS:
                return None
            cells = {fold_header(c) for c in row}
            if len(cells & known) >= 3:
                return index, row
    except csv.Error:
        return None
    return None


def read_rows(text: str, file: str) -> tuple[list[str], list[tuple[int, list[str]]], list[dict]]:
    """(folded header, [(record number, cells)], skipped) of a CSV with an optional preamble."""
    found = _find_header(text)
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
    found = _find_header(head)
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


def _join_names(first: str, last: str) -> pl.Expr:
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


def _bad_date_reason(what: str, raw: pl.Expr) -> pl.Expr:
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


def _split_skipped(parsed: pl.DataFrame, schema: dict) -> tuple[pl.DataFrame, pl.DataFrame]:
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


def read_connections(data: bytes, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Connections.csv -> (RECORDS, SKIPPED). Rows with no name and no URL are skipped."""
    table, skipped = read_table(
        data,
        file,
        {
            "first": ("first name",),
            "last": ("last name",),
            "url": ("url", "profile url"),
            "email": ("email address", "e-mail address"),
            "company": ("company",),
            "position": ("position",),
            "connected": ("connected on",),
        },
    )
    # Columns, not rows: a dict per row was 0.3 s at 30,000 connections.
    none_if_empty = {c: pl.col(c).replace("", None) for c in ("url", "company", "position")}
    named = table.with_columns(name=_join_names("first", "last"))
    # LinkedIn leaves a row of commas and a date for a member who left or is restricted.
    unnamed = pl.col("name").eq("") & pl.col("url").eq("")
    records = named.filter(~unnamed).select(
        source=pl.lit("linkedin"),
        file=pl.lit(file),
        record="record",
        name=pl.col("name").replace("", None),
        first_name=repair_mojibake_column(pl.col("first")).replace("", None),
        last_name=repair_mojibake_column(pl.col("last")).replace("", None),
        linkedin_url=none_if_empty["url"],
        emails=pl.concat_list(pl.col("email").replace("", None)).list.drop_nulls(),
        company=none_if_empty["company"],
        position=none_if_empty["position"],
        connected_on=parse_dates(pl.col("connected")).dt.date(),
    )
    gone = named.filter(unnamed).select(
        file=pl.lit(file), record="record", reason=pl.lit(UNNAMED_CONNECTION)
    )
    records = records.with_columns(blank_columns(RECORDS, records.columns)).select(list(RECORDS))
    return records.cast(RECORDS), pl.concat([frame(skipped, SKIPPED), gone.cast(SKIPPED)])


UNNAMED_CONNECTION = "connection with no name and no profile URL (left LinkedIn or restricted)"


def read_messages(data: bytes, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """messages.csv (any era: 7 to 13 columns, any of ``RECIPIENT PROFILE URLS``,
    ``ATTACHMENTS``, ``IS MESSAGE DRAFT``, ``IS CONVERSATION DRAFT``) -> (MESSAGES,
    SKIPPED); CONTENT is dropped here, after it has told system and sponsored rows."""
    table, skipped = read_table(
        data,
        file,
        {
            "conversation_id": ("conversation id",),
            "sender_name": ("from",),
            "sender_url": ("sender profile url",),
            "to_names": ("to",),
            "to_urls": ("recipient profile urls",),
            "date": ("date",),
            "content": ("content",),
            "folder": ("folder",),
            "direction": ("direction",),
            "message_draft": ("is message draft",),
            "conversation_draft": ("is conversation draft",),
        },
    )
    if table.is_empty():
        return frame(None, MESSAGES), frame(skipped, SKIPPED)
    raw = table.lazy().with_columns(file=pl.lit(file))
    drafted = pl.col("message_draft").str.to_lowercase().is_in(DRAFT_FLAGS) | pl.col(
        "conversation_draft"
    ).str.to_lowercase().is_in(DRAFT_FLAGS)
    folder = pl.col("folder").str.to_uppercase()
    parsed = raw.with_columns(
        sent_at=parse_dates(pl.col("date")),
        recipient_urls=pl.col("to_urls").str.extract_all(PROFILE_URL),
        ignored=pl.when(drafted | folder.is_in(["DRAFT", "DRAFTS"]))
        .then(pl.lit(IGNORED_DRAFT))
        .when(folder == "SPAM")
        .then(pl.lit(IGNORED_SPAM))
        .when(pl.col("sender_url").eq("") & pl.col("content").str.contains(SPONSORED_CONTENT))
        .then(pl.lit(IGNORED_SPONSORED))
        .when(pl.col("content").str.contains(SYSTEM_CONTENT))
        .then(pl.lit(IGNORED_SYSTEM)),
        direction=pl.col("direction").str.to_uppercase(),
    )
    judged = parsed.with_columns(
        reason=pl.when(pl.col("sent_at").is_null())
        .then(_bad_date_reason("date", pl.col("date")))
        .when(pl.col("sender_name").eq("") & pl.col("sender_url").eq(""))
        .then(pl.lit("message with no sender"))
        .otherwise(describe_too_long("sender name", pl.col("sender_name")))
    ).with_columns(
        repair_mojibake_column(pl.col("sender_name")),
        repair_mojibake_column(pl.col("to_names")),
        pl.col(["conversation_id", "sender_url", "folder", "direction"]).replace("", None),
    )
    messages, bad = _split_skipped(judged.collect(engine=engine_for(table.height)), MESSAGES)
    return messages, pl.concat([frame(skipped, SKIPPED), bad])


def read_invitations(data: bytes, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Invitations.csv -> (INVITATIONS, SKIPPED); the invitation's message is dropped."""
    table, skipped = read_table(
        data,
        file,
        {
            "from_name": ("from",),
            "to_name": ("to",),
            "sent": ("sent at",),
            "direction": ("direction",),
            "inviter_url": ("inviterprofileurl", "inviter profile url"),
            "invitee_url": ("inviteeprofileurl", "invitee profile url"),
        },
    )
    if table.is_empty():
        return frame(None, INVITATIONS), frame(skipped, SKIPPED)
    parsed = (
        table.lazy()
        .with_columns(file=pl.lit(file))
        .with_columns(
            sent_at=parse_dates(pl.col("sent")), direction=pl.col("direction").str.to_uppercase()
        )
    )
    judged = parsed.with_columns(
        reason=pl.when(pl.col("sent_at").is_null())
        .then(_bad_date_reason("date", pl.col("sent")))
        .otherwise(
            pl.coalesce(
                describe_too_long("name", pl.col("from_name")),
                describe_too_long("name", pl.col("to_name")),
            )
        )
    ).with_columns(
        repair_mojibake_column(pl.col("from_name")),
        repair_mojibake_column(pl.col("to_name")),
        pl.col(["inviter_url", "invitee_url", "direction"]).replace("", None),
    )
    invitations, bad = _split_skipped(judged.collect(engine=engine_for(table.height)), INVITATIONS)
    return invitations, pl.concat([frame(skipped, SKIPPED), bad])


def read_profile(data: bytes, file: str) -> tuple[str | None, pl.DataFrame]:
    """Profile.csv -> (the owner's name, SKIPPED)."""
    table, skipped = read_table(data, file, {"first": ("first name",), "last": ("last name",)})
    cols = table.to_dict(as_series=False)
    names = [full_name(f, la) for f, la in zip(cols["first"], cols["last"], strict=True)]
    return next((n for n in names if n), None), frame(skipped, SKIPPED)


def read_email_addresses(data: bytes, file: str) -> tuple[list[str], pl.DataFrame]:
    """Email Addresses.csv -> (the owner's addresses as written, SKIPPED)."""
    table, skipped = read_table(data, file, {"address": ("email address",)})
    addresses = [a.strip() for a in table["address"].to_list() if a and a.strip()]
    return addresses, frame(skipped, SKIPPED)


# (kind, direction, column aliases) of the four "give and take" files.
_GIVE_FILES = {
    "recommendations_given": ("recommendation", "given", "", "creation date"),
    "recommendations_received": ("recommendation", "received", "", "creation date"),
    "endorsements_given": ("endorsement", "given", "endorsee ", "endorsement date"),
    "endorsements_received": ("endorsement", "received", "endorser ", "endorsement date"),
}


def read_gives(kind: str, data: bytes, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Recommendations and endorsements, given or received -> (GIVES, SKIPPED)."""
    what, direction, prefix, date_column = _GIVE_FILES[kind]
    table, skipped = read_table(
        data,
        file,
        {
            "first": (f"{prefix}first name",),
            "last": (f"{prefix}last name",),
            "url": (f"{prefix}public url", f"{prefix}profile url"),
            "date": (date_column,),
        },
    )
    if table.is_empty():
        return frame(None, GIVES), frame(skipped, SKIPPED)
    raw = table.lazy().with_columns(file=pl.lit(file), name=_join_names("first", "last"))
    parsed = raw.with_columns(
        kind=pl.lit(what),
        direction=pl.lit(direction),
        on=parse_dates(pl.col("date")).dt.date(),
        url=pl.col("url").replace("", None),
    )
    judged = parsed.with_columns(
        reason=pl.when(pl.col("name").eq("") & pl.col("url").is_null())
        .then(pl.lit(f"{what} with no name and no profile URL"))
        .otherwise(describe_too_long("name", pl.col("name")))
    )
    gives, bad = _split_skipped(judged.collect(engine=engine_for(table.height)), GIVES)
    return gives, pl.concat([frame(skipped, SKIPPED), bad])
