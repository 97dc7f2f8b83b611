"""Property and fuzz tests of the readers: any bytes in, records or the clean error out.

The CSV readers, the vCard reader, the date parser, the archive walker and the whole
ingest stage get arbitrary bytes and bytes shaped like their input (a real header and
a body of CSV-ish noise, property lines in random order, a real archive with bytes
changed). Each must return frames of its schema in which every record number is in
exactly one of kept and skipped, or raise the clean error (``UnreadableFile`` or
``InputError``), never anything else. Valid Connections rows written with csv.writer
come back exactly. Examples per test: 200 by default, ``HYPOTHESIS_PROFILE=long`` for
20,000 (profiles in tests/conftest.py).
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import polars as pl
from hypothesis import example, given
from hypothesis import strategies as st

from audit.ingest import InputError, linkedin, read_inputs, vcard
from audit.ingest.sources import read_sources
from audit.schemas import GIVES, INVITATIONS, MESSAGES, RECORDS, SKIPPED
from tests.helpers import TIERS

HEADERS = {
    "connections": "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    "messages": '"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
    '"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS",'
    '"IS MESSAGE DRAFT","IS CONVERSATION DRAFT"',
    "old_messages": "From,To,Date,Subject,Content,Direction,Folder",
    "invitations": "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
    "profile": "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry",
    "recommendations_given": "First Name,Last Name,Company,Job Title,Text,Creation Date,Status",
    "recommendations_received": "First Name,Last Name,Company,Job Title,Text,Creation Date,Status",
    "endorsements_given": "Endorsement Date,Skill Name,Endorsee First Name,Endorsee Last Name,"
    "Endorsee Public Url,Endorsement Status",
    "endorsements_received": "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,"
    "Endorser Public Url,Endorsement Status",
}
PREAMBLE = 'Notes:\r\n"When exporting your connection data, some emails may be missing."\r\n\r\n'

# Cells a fuzzed body draws from: real dates of every era, sentinels, URLs, quotes.
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "#N/A",
            "NULL",
            "05 Mar 2024",
            "30 Feb 2026",
            "15 September 2026",
            "2023-06-11 15:33:58 UTC",
            "2023/03/01 19:52:23 UTC",
            "7/8/26, 3:43 PM",
            "2026-13-05 09:00:00",
            "https://www.linkedin.com/in/ada",
            "https://www.linkedin.com/in/a,https://www.linkedin.com/in/b",
            "Message request accepted",
            "Ada Lovelace left the conversation",
            "JosÃ© MuÃ±oz",
            "true",
            "DRAFT",
            "INCOMING",
            "OUTGOING",
            '"',
            '""',
            "\r\n",
            "\x00",
        ]
    ),
    st.text(max_size=20),
    st.text(alphabet=",\"\r\n ;:'", max_size=8),
)
BODIES = st.lists(st.lists(CELLS, max_size=14).map(",".join), max_size=12).map("\r\n".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])


@st.composite
def csv_files(draw, kind: str) -> bytes:
    """A real header (after an optional preamble) and a body of CSV-ish noise, encoded."""
    text = draw(st.sampled_from(["", PREAMBLE])) + HEADERS[kind] + "\r\n" + draw(BODIES)
    return text.encode(draw(ENCODINGS), errors="replace")


def read_kind(kind: str, data: bytes):
    """The reader of ``kind`` on ``data``: (kept frame or None, skipped frame, kept schema)."""
    if kind == "connections":
        return *linkedin.read_connections(data, "Connections.csv"), RECORDS
    if kind in ("messages", "old_messages"):
        return *linkedin.read_messages(data, "messages.csv"), MESSAGES
    if kind == "invitations":
        return *linkedin.read_invitations(data, "Invitations.csv"), INVITATIONS
    if kind == "profile":
        name, skipped = linkedin.read_profile(data, "Profile.csv")
        assert name is None or isinstance(name, str)
        return None, skipped, None
    return *linkedin.read_gives(kind, data, kind + ".csv"), GIVES


def assert_each_record_once(kept: pl.DataFrame | None, skipped: pl.DataFrame) -> None:
    """Record numbers run 1..n with no gap, each either kept or skipped, never both."""
    kept_numbers = [] if kept is None else kept["record"].to_list()
    skipped_numbers = skipped["record"].drop_nulls().to_list()
    if kept is not None:
        assert sorted(kept_numbers + skipped_numbers) == list(
            range(1, len(kept_numbers) + len(skipped_numbers) + 1)
        )
    assert len(set(skipped_numbers)) == len(skipped_numbers)
    assert all(reason for reason in skipped["reason"].to_list())


def check_reader(kind: str, data: bytes) -> None:
    try:
        kept, skipped, schema = read_kind(kind, data)
    except linkedin.UnreadableFile as exc:
        assert str(exc)
        return
    assert dict(skipped.schema) == SKIPPED
    if schema is not None:
        assert dict(kept.schema) == schema
    assert_each_record_once(kept, skipped)


# ---------------------------------------------------------------- CSV readers


@given(kind=st.sampled_from(sorted(HEADERS)), data=st.binary(max_size=2000))
@example(kind="connections", data=b"\xff\xfe\x00")  # UTF-16 BOM with an odd byte count
@example(kind="connections", data=b"")
def test_csv_readers_take_any_bytes(kind: str, data: bytes):
    check_reader(kind, data)


@given(st.data())
def test_csv_readers_take_any_body_under_a_real_header(data):
    kind = data.draw(st.sampled_from(sorted(HEADERS)))
    check_reader(kind, data.draw(csv_files(kind)))


def test_a_header_with_noise_is_read_not_refused():
    # The shaped strategy reaches the row reader, not only the header check.
    text = HEADERS["connections"] + '\r\nAda,"Love\r\nlace",,,,,05 Mar 2024\r\n'
    records, skipped = linkedin.read_connections(text.encode(), "Connections.csv")
    assert records["last_name"].to_list() == ["Love\r\nlace"]
    assert skipped.is_empty()


NAME_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="ÃÂâÄÅ"),
    max_size=40,
).filter(lambda v: v == v.strip() and v.lower() not in linkedin.SENTINELS)
SLUGS = st.from_regex(r"[a-z0-9][a-z0-9\-]{0,30}", fullmatch=True)


@st.composite
def connection_rows(draw) -> dict:
    url = draw(st.one_of(st.just(""), SLUGS.map("https://www.linkedin.com/in/{}".format)))
    return {
        "first": draw(NAME_TEXT),
        "last": draw(NAME_TEXT),
        "url": url,
        "email": draw(st.one_of(st.just(""), st.emails())),
        "company": draw(NAME_TEXT),
        "position": draw(NAME_TEXT),
        "connected": draw(st.dates(min_value=datetime(1970, 1, 1).date())),
    }


@given(
    rows=st.lists(connection_rows(), max_size=15),
    preamble=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_connections_written_by_csv_writer_come_back_exactly(rows, preamble, encoding):
    buffer = io.StringIO(newline="")
    if preamble:
        buffer.write(PREAMBLE)
    writer = csv.writer(buffer)
    writer.writerow(HEADERS["connections"].split(","))
    for row in rows:
        writer.writerow(
            [row["first"], row["last"], row["url"], row["email"], row["company"],
             row["position"], row["connected"].strftime("%d %b %Y")]
        )  # fmt: skip
    records, skipped = linkedin.read_connections(
        buffer.getvalue().encode(encoding), "Connections.csv"
    )
    named = [(i, r) for i, r in enumerate(rows, 1) if r["first"] or r["last"] or r["url"]]
    assert records.select(
        "record", "first_name", "last_name", "name", "linkedin_url", "emails", "company",
        "position", "connected_on",
    ).rows() == [
        (
            i,
            r["first"] or None,
            r["last"] or None,
            " ".join(p for p in (r["first"], r["last"]) if p) or None,
            r["url"] or None,
            [r["email"]] if r["email"] else [],
            r["company"] or None,
            r["position"] or None,
            r["connected"],
        )
        for i, r in named
    ]  # fmt: skip
    unnamed = [i for i, r in enumerate(rows, 1) if not (r["first"] or r["last"] or r["url"])]
    assert skipped.rows() == [("Connections.csv", i, linkedin.UNNAMED_CONNECTION) for i in unnamed]


# ---------------------------------------------------------------- dates


def parse(texts: list[str]) -> pl.Series:
    frame = pl.DataFrame({"d": texts}, schema={"d": pl.Utf8})
    return frame.select(linkedin.parse_dates(pl.col("d")))["d"]


@given(st.lists(st.one_of(st.text(max_size=40), CELLS), max_size=20))
def test_date_parser_takes_any_text(texts):
    parsed = parse(texts)
    assert parsed.dtype == pl.Datetime("us", "UTC")
    assert parsed.len() == len(texts)


@given(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2068, 12, 31)))
def test_every_date_format_round_trips(moment: datetime):
    moment = moment.replace(microsecond=0)
    hour12 = moment.hour % 12 or 12
    noon = "PM" if moment.hour >= 12 else "AM"
    day = moment.replace(hour=0, minute=0, second=0)
    cases = [
        (moment.strftime("%Y-%m-%d %H:%M:%S UTC"), moment),
        (moment.strftime("%Y/%m/%d %H:%M:%S UTC"), moment),
        (
            f"{moment.month}/{moment.day}/{moment:%y}, {hour12}:{moment:%M} {noon}",
            moment.replace(second=0),
        ),
        (moment.strftime("%d %b %Y"), day),
        (moment.strftime("%d %B %Y"), day),
        (moment.strftime("%Y-%m-%d %H:%M:%S"), moment),
        (moment.strftime("%Y-%m-%d"), day),
    ]
    parsed = parse([text for text, _ in cases]).to_list()
    assert parsed == [expected.replace(tzinfo=timezone.utc) for _, expected in cases]


# ---------------------------------------------------------------- vCards

PROPERTY_LINES = st.sampled_from(
    [
        "BEGIN:VCARD",
        "END:VCARD",
        "VERSION:2.1",
        "VERSION:3.0",
        "VERSION:4.0",
        "FN:Ada Lovelace",
        "N:Lovelace;Ada;;;",
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=A9=",
        "EMAIL;TYPE=work:ada@example.com",
        "TEL;TYPE=cell:+44 20 7123 4567",
        "ORG:Acme;R&D",
        "BDAY:--0315",
        "PHOTO;ENCODING=b;TYPE=JPEG:AAAA",
        "URL:https://www.linkedin.com/in/ada",
        "item1.X-ABLabel:LinkedIn",
        "AGENT:BEGIN:VCARD",
        ' X-SERVICE-TYPE="a:b',
        "\tcontinued",
        "",
    ]
)
VCARD_TEXT = st.lists(st.one_of(PROPERTY_LINES, st.text(max_size=30)), max_size=30)


@st.composite
def vcard_files(draw) -> bytes:
    separator = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    text = separator.join(draw(VCARD_TEXT))
    return text.encode(draw(ENCODINGS), errors="replace")


def check_vcards(data: bytes) -> None:
    assert isinstance(vcard.looks_like_vcard(data[:65536]), bool)
    records, skipped = vcard.read_vcards(data, "contacts.vcf")
    assert dict(records.schema) == RECORDS
    assert dict(skipped.schema) == SKIPPED
    assert_each_record_once(records, skipped)


@given(st.binary(max_size=2000))
def test_vcard_reader_takes_any_bytes(data: bytes):
    check_vcards(data)


@given(vcard_files())
def test_vcard_reader_takes_any_lines(data: bytes):
    check_vcards(data)


# ---------------------------------------------------------------- archives and ingest


def tiers_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("Connections.csv", "messages.csv", "Profile.csv"):
            archive.write(TIERS / name, name)
    return buffer.getvalue()


ARCHIVE = tiers_archive()


@st.composite
def damaged_archives(draw) -> bytes:
    """The tiers archive with some bytes changed and maybe its tail cut off."""
    data = bytearray(ARCHIVE)
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data) - 1))
        data[position] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(data)))
    return bytes(data[: cut or len(data)])


def check_ingest(name: str, data: bytes, in_folder: bool) -> None:
    """``read_inputs`` on one file (named, or inside a folder): Inputs or InputError."""
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "in"
        folder.mkdir()
        (folder / name).write_bytes(data)
        try:
            inputs = read_inputs([folder if in_folder else folder / name])
        except InputError as exc:
            assert str(exc) and "\n" not in str(exc)
            return
    assert dict(inputs.skipped.schema) == SKIPPED
    for frame in (inputs.records, inputs.messages):
        for file in frame["file"].unique().to_list():
            assert_each_record_once(
                frame.filter(pl.col("file") == file),
                inputs.skipped.filter(pl.col("file") == file),
            )


@given(damaged_archives(), st.booleans())
def test_damaged_archives_are_read_or_refused_cleanly(data: bytes, in_folder: bool):
    check_ingest("Basic_LinkedInDataExport_11-21-2026.zip", data, in_folder)


@given(st.binary(max_size=3000), st.booleans())
def test_any_bytes_as_an_archive_are_refused_cleanly(data: bytes, in_folder: bool):
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "export.zip"
        path.write_bytes(data)
        try:
            found = read_sources([path.parent if in_folder else path])
        except InputError as exc:
            assert str(exc) and "\n" not in str(exc)
            return
    assert found.sources  # a PATH that gives nothing to read is an InputError


@given(
    name=st.sampled_from(["Connections.csv", "messages.csv", "contacts.vcf", "notes.txt"]),
    data=st.one_of(st.binary(max_size=2000), csv_files("connections"), vcard_files()),
    in_folder=st.booleans(),
)
def test_ingest_takes_any_file(name: str, data: bytes, in_folder: bool):
    check_ingest(name, data, in_folder)
