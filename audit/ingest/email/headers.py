"""The header fields a row is made of, as text: who, to whom, when, which message.

Only the fields in ``_FIELDS`` are picked from a header block (every other one, Subject
above all, is never decoded nor kept). Values are unfolded and decoded (UTF-8, else
Windows-1252); addresses and names are read from From, To, Cc and Delivered-To (names
decoded from RFC 2047, simple mailboxes by a fast path, the rest by the standard library's
parser); the sending time comes from the Date header, else the mbox envelope, within the
years the audit accepts; the Message-ID loses its angle brackets; Gmail's labels are split.
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, timedelta, timezone
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache

from audit.ingest.linkedin import decode_text
from audit.schemas import LIST_SEP
from audit.settings import EARLIEST_YEAR, LATEST_YEAR

UTC = timezone.utc

# The fields read; every other one (Subject above all) is never decoded nor kept. Matched
# on "\n" + header: a literal first byte lets re skip to line starts, where "^" under
# MULTILINE made it try every byte (16 us a Takeout header; 7 us so). The lookahead on the
# names' first letters turns away the Received, DKIM and folded lines (most of a Takeout
# header) before the names are tried one by one, and findall gives the two groups without
# a match object each (5.6 us).
_FIELDS = re.compile(
    rb"\n(?=[acdflmptx])(from|to|cc|date|message-id|delivered-to|x-g(?:mail-labels|oogle-groups)"
    rb"|x-mozilla-status|list-(?:id|unsubscribe)|precedence|auto-submitted)[ \t]*:"
    rb"([^\n]*(?:\n[ \t][^\n]*)*)",
    re.IGNORECASE,
)
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_MESSAGE_ID = re.compile(r"<([^<>]*)>")
# The Message-ID nearly every writer puts down: printable ASCII but "<" and ">" (and no
# space) in one pair of angle brackets, which _message_id's plain path gives back as it is.
_PLAIN_MESSAGE_ID = re.compile(rb"[ \t]*<([!-;=?-~]+)>[ \t\r]*")

# A "From " line's date: asctime ("Thu Jun 11 00:38:38 2020"), Gmail Takeout's zone before
# the year ("Thu Jun 11 00:38:38 +0000 2020"), or ImportExportTools' year before the time
# ("Sat Apr 12 2025 15:59:28").
_ENVELOPE_DATE = re.compile(
    r"(?P<mon>[A-Za-z]{3})[a-z]*\s+(?P<day>\d{1,2}),?\s+(?:"
    r"(?P<t1>\d{1,2}:\d{2}(?::\d{2})?)\s+(?:(?P<z>[+-]\d{4})\s+|[A-Z]{1,5}\s+)?(?P<y1>\d{4})"
    r"|(?P<y2>\d{4})\s+(?P<t2>\d{1,2}:\d{2}(?::\d{2})?)(?:\s+(?P<z2>[+-]\d{4}))?)"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# git format-patch writes this date on every envelope ("From <sha1> Mon Sep 17 00:00:00
# 2001"): it says nothing of when the mail was written.
_GIT_MAGIC_DATE = datetime(2001, 9, 17, tzinfo=timezone.utc)


def _text(raw: bytes) -> str:
    """A header value as text, unfolded and stripped; UTF-8 (RFC 6532) else Windows-1252."""
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        text = decode_text(raw)
    if "\n" in text:
        text = _FOLD.sub("", text)
    if LIST_SEP in text:
        text = text.replace(LIST_SEP, " ")
    return text.strip()


def _addresses(raw: bytes) -> tuple[tuple[str | None, ...], tuple[str, ...], str, str]:
    """(names, addresses, names joined, addresses joined) of an address header's raw value:
    addresses lower-cased as written, names decoded from RFC 2047 (after the split: a
    decoded name may hold a comma), both also joined on LIST_SEP (a missing name as "") as
    the batch hands lists to polars. Cached on the raw bytes: the same From and To values
    come back in thousands of messages, and a hit costs no decoding at all. A long value
    (a To of hundreds) is read each time: 65,536 of them cached would hold gigabytes."""
    if len(raw) > _LONGEST_CACHED:
        return _read_addresses(raw)
    return _cached_addresses(raw)


_LONGEST_CACHED = 4096


def _read_addresses(raw: bytes) -> tuple[tuple[str | None, ...], tuple[str, ...], str, str]:
    value = _text(raw)
    pairs = _simple_mailboxes(value)
    if pairs is None:
        pairs = _parsed_mailboxes(value)
    names: list[str | None] = []
    addresses: list[str] = []
    for name, address in pairs:
        address = address.strip().lower()
        if not address:
            continue  # "undisclosed-recipients:;" and empty list elements
        addresses.append(address)
        names.append(_decoded_name(name))
    joined_names = LIST_SEP.join(name or "" for name in names)
    return tuple(names), tuple(addresses), joined_names, LIST_SEP.join(addresses)


_cached_addresses = lru_cache(maxsize=65536)(_read_addresses)


def _parsed_mailboxes(value: str) -> list[tuple[str, str]]:
    """(name, address) pairs as the standard library's parser reads them."""
    try:
        return getaddresses([value])
    except (ValueError, TypeError, IndexError):  # pathological input in older Pythons
        return []


# The shapes nearly every address header has, each element one of: "quoted name" <addr>,
# plain words <addr>, <addr>, addr. Within them getaddresses gives back the quoted text, the
# words, and the address exactly as written (it takes 15 us; this 2). Anything else (a
# comment, a group, a backslash, a tab, two spaces) goes to getaddresses.
# Atom characters (RFC 5322 atext), the dot, and any non-ASCII character: none of them ends
# a word or an address for getaddresses. Written as what it leaves out (controls, space,
# DEL and the specials but the dot): a class running to U+10FFFF took 5 ms to compile, ten
# times over, at every start.
_WORD = r'[^\x00-\x20\x7f"(),:;<>@\[\\\]]+'
_ADDR_SPEC = rf"{_WORD}@{_WORD}"
_SIMPLE_MAILBOX = re.compile(
    rf' ?(?:"([^"\\\x00-\x1f\x7f]*)" ?<({_ADDR_SPEC})>'
    rf"|({_WORD}(?: {_WORD})*) ?<({_ADDR_SPEC})>"
    rf"|<({_ADDR_SPEC})>|({_ADDR_SPEC})) ?(?:,|$)"
)


def _simple_mailboxes(value: str) -> list[tuple[str, str]] | None:
    """(name, address) pairs of a header made only of simple mailboxes, else None."""
    pairs = []
    pos, end = 0, len(value)
    match = _SIMPLE_MAILBOX.match
    while pos < end:
        found = match(value, pos)
        if found is None or found.end() == pos:
            return None
        quoted, quoted_at, words, words_at, bare_angle, bare = found.groups()
        if quoted_at is not None:
            pairs.append((quoted, quoted_at))
        elif words_at is not None:
            pairs.append((words, words_at))
        else:
            pairs.append(("", bare_angle if bare_angle is not None else bare))
        pos = found.end()
        if pos == end and value.endswith(","):
            return None  # a trailing empty element: as getaddresses says
    return pairs if pairs else None


@lru_cache(maxsize=65536)
def _decoded_name(name: str) -> str | None:
    return _decode_words(name).strip() or None


def _decode_words(text: str) -> str:
    """RFC 2047 encoded words decoded; text without any, or with broken ones, as it is."""
    if "=?" not in text:
        return text
    try:
        return str(make_header(decode_header(text)))
    except (ValueError, LookupError, UnicodeError, AssertionError):
        return text


def _sent_at(dates: list[bytes] | None, envelope: bytes) -> tuple[int | None, str | None]:
    """(microseconds since 1970 UTC, None) from the Date header, else the envelope; (None,
    why) if neither. Microseconds, not a datetime: polars takes a column of integers at no
    cost and one of datetimes at 2 us each."""
    shown = None
    if dates:
        text = _text(dates[0])
        micros = _plain_date_micros(text)
        if micros is not None:
            return micros, None
        parsed = _parse_date_plain(text)
        if parsed is not None:
            return _micros(parsed), None
        shown = text
    parsed = _envelope_date(envelope)
    if parsed is not None:
        return _micros(parsed), None
    if shown is None:
        problem = "no Date header"
    elif shown:
        problem = f"the Date header {shown[:40]!r} is not a date"
    else:
        problem = "an empty Date header"
    where = " nor a dated mbox 'From ' line" if envelope else ""
    return None, f"no readable date: {problem}{where}"


# The Date nearly every writer puts down (RFC 5322 3.3): "Mon, 9 Mar 2026 10:00:00 -0700".
# parsedate_to_datetime gives the same instant for it in 5 us; this takes 1.
_PLAIN_DATE = re.compile(
    r"(?:[A-Z][a-z]{2}, )?([0-9]{1,2} [A-Z][a-z]{2} [0-9]{4}) "
    r"([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-][0-9]{4})"
)
_DAY_SECONDS = 86400
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = _EPOCH.toordinal()
_MICROSECOND = timedelta(microseconds=1)
# The first and last second of the years the audit accepts, in seconds since 1970.
_FIRST_SECOND = (datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC) - _EPOCH) // timedelta(seconds=1)
_LAST_SECOND = (datetime(LATEST_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC) - _EPOCH) // timedelta(
    seconds=1
)


def _micros(moment: datetime) -> int:
    """An aware datetime as microseconds since 1970 UTC."""
    return (moment - _EPOCH) // _MICROSECOND


def _parse_date(text: str) -> datetime | None:
    """The UTC instant of a Date header's text, None when it is not a date in range."""
    micros = _plain_date_micros(text)
    if micros is not None:
        return _EPOCH + timedelta(microseconds=micros)
    return _parse_date_plain(text)


def _plain_date_micros(text: str) -> int | None:
    """The instant of a plain RFC 5322 date in range, as microseconds since 1970 UTC; None
    for anything else, which the library then reads (a 24th hour, a 61st second, 30 Feb, a
    zone of a day or more, a year out of range: as the library says)."""
    plain = _PLAIN_DATE.fullmatch(text)
    if plain is None:
        return None
    day, hour, minute, second, zone = plain.groups()
    days = _day_number(day)
    offset = _zone_offset(zone)
    if days is None or offset is None or hour > "23" or minute > "59" or second > "59":
        return None
    seconds = days * _DAY_SECONDS + int(hour) * 3600 + int(minute) * 60 + int(second) - offset
    return seconds * 1_000_000 if _FIRST_SECOND <= seconds <= _LAST_SECOND else None


@lru_cache(maxsize=65536)
def _day_number(day: str) -> int | None:
    """Days from 1970-01-01 to a day as a Date header writes it ("9 Mar 2026"), None if
    there is no such day. Cached: a mailbox spans a few thousand days."""
    number, month, year = day.split(" ")
    month_number = _MONTHS.get(month.lower())
    if month_number is None:
        return None
    try:
        return date(int(year), month_number, int(number)).toordinal() - _EPOCH_ORDINAL
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def _zone_offset(zone: str) -> int | None:
    """A zone as "+hhmm" in seconds east of UTC, None from a day on (the library refuses
    it)."""
    offset = int(zone[1:3]) * 3600 + int(zone[3:5]) * 60
    if offset >= _DAY_SECONDS:
        return None
    return -offset if zone[0] == "-" else offset


def _parse_date_plain(text: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(text)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    return _in_range(parsed)


def _in_range(moment: datetime) -> datetime | None:
    if moment.tzinfo is None:  # "-0000" or no zone at all: taken as UTC
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        moment = moment.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None
    return moment if EARLIEST_YEAR <= moment.year <= LATEST_YEAR else None


def _envelope_date(envelope: bytes) -> datetime | None:
    if not envelope:
        return None
    match = _ENVELOPE_DATE.search(envelope[5:].decode("latin-1"))
    if match is None:
        return None
    month = _MONTHS.get(match["mon"].lower())
    year = int(match["y1"] or match["y2"])
    clock = [int(p) for p in (match["t1"] or match["t2"]).split(":")] + [0]
    zone = match["z"] or match["z2"]
    try:
        moment = datetime(year, month or 0, int(match["day"]), clock[0], clock[1], clock[2])
    except ValueError:
        return None
    if zone:
        sign = -1 if zone[0] == "-" else 1
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
        moment = moment.replace(tzinfo=timezone(sign * offset))
    moment = _in_range(moment)
    return None if moment == _GIT_MAGIC_DATE else moment


def _message_id(values: list[bytes] | None) -> str | None:
    """The Message-ID without its angle brackets, as written otherwise (case kept)."""
    if not values:
        return None
    plain = _PLAIN_MESSAGE_ID.fullmatch(values[0])
    if plain is not None:
        return plain.group(1).decode("ascii")
    text = _text(values[0])
    match = _MESSAGE_ID.search(text)
    text = (match.group(1) if match else text).strip()
    return text or None


def split_labels(raw: bytes) -> list[str]:
    """Gmail's X-Gmail-Labels: decoded first (a whole list may be one RFC 2047 word, commas
    inside), then split on commas as CSV (a label may be quoted: ``"Project, A"``)."""
    return list(_labels(raw))


@lru_cache(maxsize=4096)
def _labels(raw: bytes) -> tuple[str, ...]:
    """split_labels, cached: an account has a few hundred label sets, not one per message."""
    text = _decode_words(_text(raw))
    try:
        row = next(csv.reader([text], skipinitialspace=True), [])
    except csv.Error:
        row = text.split(",")
    return tuple(label.strip() for label in row if label.strip())
