"""The e-mail reader's fast paths give exactly what the plain paths give.

The reader picks header fields with a regex anchored on a literal newline, reads simple
mailboxes and plain RFC 5322 dates itself, and caches Gmail label sets. The oracles here are
not the reader: the standard library's ``getaddresses`` and ``parsedate_to_datetime`` (the
plain paths), the field regex as it was before (copied below), and a whole read of the
corpus and the fixtures with the fast paths switched off.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone
from email.utils import getaddresses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from audit.ingest import email as mail
from audit.ingest import read_inputs, sources
from audit.ingest.email import headers as mail_headers

FIXTURES = Path(__file__).parent / "fixtures" / "email"
CORPUS = Path(__file__).parent.parent.parent / "shared" / "corpus" / "email"

# The field regex before the fast path: "^" under MULTILINE, tried at every byte.
PLAIN_FIELDS = re.compile(
    rb"^(from|to|cc|date|message-id|delivered-to|x-gmail-labels|x-mozilla-status|list-id"
    rb"|list-unsubscribe|precedence|auto-submitted|x-google-groups)[ \t]*:(.*(?:\n[ \t].*)*)",
    re.IGNORECASE | re.MULTILINE,
)


def plain_fields(header: bytes) -> list[tuple[bytes, bytes]]:
    return [(m.group(1), m.group(2)) for m in PLAIN_FIELDS.finditer(header)]


def fast_fields(header: bytes) -> list[tuple[bytes, bytes]]:
    return [(m.group(1), m.group(2)) for m in mail_headers._FIELDS.finditer(b"\n" + header)]


def header_blocks() -> list[bytes]:
    """Every header block of the corpus and the fixtures (a one-message file: its first
    bytes, body included, which only widens what the field regexes are compared on)."""
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing: {CORPUS}")
    blocks = []
    for root in (CORPUS, FIXTURES):
        for source in sources.read_sources([root]).sources:
            if source.kind == mail.MBOX:
                with source.stream.open(None) as stream:
                    try:
                        blocks += [header for _, header in mail.scan_mbox(stream)]
                    except mail.UnreadableFile:
                        continue
            elif source.kind in mail.KINDS:
                blocks.append(source.data)
    return blocks


@pytest.fixture(scope="module")
def blocks() -> list[bytes]:
    return header_blocks()


def test_fields_are_picked_as_before(blocks):
    # 13 mbox files (test_email_reader's CORPUS_MBOX: 46 messages) and 104 one-message
    # files, then the fixtures: well over 150 blocks.
    assert len(blocks) > 150
    for header in blocks:
        assert fast_fields(header) == plain_fields(header)


@given(st.lists(st.sampled_from([b"From", b"to", b"CC", b" x", b":", b"\n", b"\r", b"\t", b"a"])))
def test_fields_are_picked_as_before_on_any_bytes(parts):
    header = b"".join(parts)
    assert fast_fields(header) == plain_fields(header)


def values(blocks, *names: bytes) -> list[str]:
    return [
        mail_headers._text(value)
        for header in blocks
        for name, value in fast_fields(header)
        if name.lower() in names
    ]


def test_every_address_header_of_the_corpus_reads_as_getaddresses_reads_it(blocks):
    headers = values(blocks, b"from", b"to", b"cc", b"delivered-to")
    fast = 0
    for value in headers:
        pairs = mail_headers._simple_mailboxes(value)
        if pairs is not None:
            fast += 1
            assert pairs == getaddresses([value]), value
    # The fast path is taken for most real headers, not only for made-up ones; the rest
    # (groups, comments, escapes) went to getaddresses.
    assert fast > len(headers) / 2 and fast < len(headers)


def test_every_date_of_the_corpus_reads_as_the_library_reads_it(blocks):
    dates = values(blocks, b"date")
    assert len(dates) > 100
    fast = [d for d in dates if mail_headers._PLAIN_DATE.fullmatch(d)]
    assert len(fast) > len(dates) / 2
    for text in dates:
        assert mail_headers._parse_date(text) == mail_headers._parse_date_plain(text), text


NAME = st.one_of(
    st.text(alphabet="AZaz09.-'_ é李=?", min_size=1, max_size=12),
    st.text(alphabet="AZaz09 ,.()<>@\\", max_size=12).map(lambda t: f'"{t}"'),
)
ADDRESS = st.tuples(
    st.text(alphabet="az09.+-_", min_size=1, max_size=8),
    st.text(alphabet="az09.-", min_size=1, max_size=8),
).map("@".join)
MAILBOX = st.one_of(
    ADDRESS,
    ADDRESS.map(lambda a: f"<{a}>"),
    st.tuples(NAME, st.sampled_from(["", " ", "  "]), ADDRESS).map(
        lambda t: f"{t[0]}{t[1]}<{t[2]}>"
    ),
)


@given(st.lists(MAILBOX, min_size=1, max_size=4), st.sampled_from([",", ", ", " , ", ",,"]))
def test_simple_mailboxes_read_as_getaddresses_reads_them(mailboxes, comma):
    value = comma.join(mailboxes)
    pairs = mail_headers._simple_mailboxes(value)
    if pairs is not None:
        assert pairs == getaddresses([value])


@given(
    st.datetimes(min_value=datetime(900, 1, 1), max_value=datetime(9999, 12, 31)),
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(["+", "-"]),
    st.booleans(),
    st.sampled_from(["", "Mon, ", "Xyz, "]),
)
def test_plain_dates_read_as_the_library_reads_them(when, hours, minutes, sign, pad, day):
    date = f"{when.day:02d}" if pad else str(when.day)
    zone = f"{sign}{hours:02d}{minutes:02d}"
    text = f"{day}{date} {when:%b} {when.year:04d} {when:%H:%M:%S} {zone}"
    assert mail_headers._PLAIN_DATE.fullmatch(text)
    assert mail_headers._parse_date(text) == mail_headers._parse_date_plain(text)


def test_labels_cached_read_as_before():
    raw = b" =?UTF-8?Q?Archiv=C3=A9s,Brouillons?="
    # One encoded word holding two labels, decoded then split (as test_email_reader's
    # Takeout fixture has it); twice, so the second answer is the cached one.
    assert mail.split_labels(raw) == ["Archivés", "Brouillons"]
    assert mail.split_labels(raw) == ["Archivés", "Brouillons"]
    assert mail.split_labels(b'Inbox,"Project, A"') == ["Inbox", "Project, A"]


def test_whole_read_is_the_same_with_the_fast_paths_off(monkeypatch):
    paths = [CORPUS, FIXTURES]
    fast = read_inputs(paths)
    monkeypatch.setattr(mail_headers, "_simple_mailboxes", lambda value: None)
    monkeypatch.setattr(mail_headers, "_PLAIN_DATE", re.compile(r"(?!)"))  # matches nothing
    mail_headers._cached_addresses.cache_clear()
    mail_headers._decoded_name.cache_clear()
    try:
        plain = read_inputs(paths)
    finally:
        mail_headers._cached_addresses.cache_clear()
        mail_headers._decoded_name.cache_clear()
    # 150 messages in the corpus alone (test_email_reader: 46 in its mbox files, 104 files of
    # one message), counted or skipped, and the fixtures' on top.
    assert fast.emails.height + fast.skipped["record"].is_not_null().sum() > 150
    assert_frame_equal(fast.emails, plain.emails)
    assert_frame_equal(fast.skipped, plain.skipped)


def test_generated_mbox_reads_the_same_with_the_fast_paths_off(monkeypatch):
    # The benchmark's own Takeout-shaped messages (RFC 2047 names, folded headers, lists).
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    try:
        import bench_mail
    finally:
        sys.path.pop(0)
    buffer = io.BytesIO()
    rng = __import__("random").Random(5)
    for n in range(1, 200):
        buffer.write(bench_mail._message(rng, n, b"text\n", b"QUJD\n" * 20_000))
    data = buffer.getvalue()
    fast = mail.read_mbox(io.BytesIO(data), "x.mbox")
    monkeypatch.setattr(mail_headers, "_simple_mailboxes", lambda value: None)
    monkeypatch.setattr(mail_headers, "_PLAIN_DATE", re.compile(r"(?!)"))
    mail_headers._cached_addresses.cache_clear()
    try:
        plain = mail.read_mbox(io.BytesIO(data), "x.mbox")
    finally:
        mail_headers._cached_addresses.cache_clear()
    assert fast[0].height == 199  # 199 messages written, each with a Date
    assert_frame_equal(fast[0], plain[0])
    assert_frame_equal(fast[1], plain[1])
    assert fast[0]["sent_at"][0] == datetime(2026, 3, 2, 17, tzinfo=timezone.utc)  # 2 Mar -0700


def test_a_long_address_header_is_read_but_not_cached():
    # 300 recipients, about 9 KB: over the 4 KB bound, so it is parsed each time and the
    # cache (65,536 entries) cannot fill with values this size.
    raw = b", ".join(b"Person %d <p%d@example.org>" % (i, i) for i in range(300))
    mail_headers._cached_addresses.cache_clear()
    names, addresses, _, _ = mail_headers._addresses(raw)
    assert len(addresses) == 300
    assert addresses[299] == "p299@example.org"
    assert names[0] == "Person 0"
    assert mail_headers._cached_addresses.cache_info().currsize == 0
    mail_headers._addresses(b"Ann <ann@example.org>")  # a short one is cached
    assert mail_headers._cached_addresses.cache_info().currsize == 1
