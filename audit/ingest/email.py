"""Read e-mail archives as a stream of header blocks: who wrote to whom, when, and why a
message would not count; never a subject or a body.

mbox files (Gmail Takeout's ``All mail Including Spam and Trash.mbox``, Thunderbird
folders, Apple Mail's ``Name.mbox/mbox``) are scanned from a binary stream in chunks, so
memory does not grow with the archive and a 20 GB Takeout can be read straight out of its
zip. A ``From `` line starts a message only at the start of the file or after a blank line,
and only when a header line follows it: writers leave unescaped ``From `` lines in bodies,
and the standard library's ``mailbox`` splits on every one of them (it is also about ten
times slower; see benchmarks/bench_mail.py). Maildir message files, ``.eml`` and
``.emlx`` files are one message each, read from their first bytes. Each message becomes
one EMAILS row (a rule of this reader may mark it ``ignored``: a draft, spam, a deleted
copy, list or bulk mail, a no-reply or role address); a message with no readable date is
a SKIPPED row. Bytes that are not mail at all raise ``UnreadableFile``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from typing import BinaryIO

import polars as pl

from audit.ingest.linkedin import UnreadableFile, decode_text
from audit.schemas import EMAILS, SKIPPED, frame
from audit.settings import EARLIEST_YEAR, LATEST_YEAR

UTC = timezone.utc

# The kinds of e-mail file this reader knows; sources sniffs them.
MBOX = "mbox"  # many messages, each after a "From " line
MAILDIR = "maildir"  # one message in a Maildir's cur/ or new/, flags in the file name
EML = "eml"  # one message (a leading mbox "From " line is allowed)
EMLX = "emlx"  # Apple Mail: a byte-count line, the message, then an XML plist
KINDS = (MBOX, MAILDIR, EML, EMLX)
SINGLE_KINDS = (MAILDIR, EML, EMLX)

CHUNK = 4 * 1024**2  # bytes read from the stream at a time
# A header block longer than this is cut here (real ones are 1 to 20 KB; tika's
# "lengthy x-headers" fixture is 30 KB): memory stays bounded whatever the file holds.
MAX_HEADER_BYTES = 1024**2
MAX_FROM_LINE = 4096  # a longer "From " line is body text, not an envelope
KEEP = 8192  # bytes kept across chunks while looking for the next separator
BATCH_ROWS = 50_000  # rows gathered before they become a polars frame

# A header line: a field name of printable ASCII but the colon, then a colon (RFC 5322 2.2).
_HEADER_LINE = re.compile(rb"[!-9;-~]{1,200}[ \t]*:")
_HEADER_END = re.compile(rb"\n\r?\n")
_NOT_SPACE = re.compile(rb"[^ \t\r\n]")
# The fields read; every other one (Subject above all) is never decoded nor kept. Matched
# on "\n" + header: a literal first byte lets re skip to line starts, where "^" under
# MULTILINE made it try every byte (16 us a Takeout header; 7 us so).
_FIELDS = re.compile(
    rb"\n(from|to|cc|date|message-id|delivered-to|x-gmail-labels|x-mozilla-status|list-id"
    rb"|list-unsubscribe|precedence|auto-submitted|x-google-groups)[ \t]*:"
    rb"([^\n]*(?:\n[ \t][^\n]*)*)",
    re.IGNORECASE,
)
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_MESSAGE_ID = re.compile(r"<([^<>]*)>")
# Maildir's info suffix: ":2,FLAGS" (mu's test data and Windows tools write "!" or ";").
_MAILDIR_INFO = re.compile(r"[:!;]2,([A-Za-z]*)$")
# Names a sniff of a header block must find at least one of, so a vCard (BEGIN:VCARD) or a
# "Notes:" preamble is not taken for a message.
_MAIL_FIELDS = frozenset(
    {
        b"from",
        b"to",
        b"cc",
        b"date",
        b"subject",
        b"message-id",
        b"received",
        b"return-path",
        b"delivered-to",
        b"mime-version",
        b"sender",
        b"reply-to",
        b"x-gm-thrid",
        b"x-gmail-labels",
    }
)

# Why a message read here does not count (DESIGN, "Interaction channels"); the first that
# holds is the one given.
DRAFT = "draft"
SPAM = "spam"
DELETED = "deleted"
BULK = "list or bulk mail"
NO_REPLY = "no-reply address"

# Gmail labels and folder names that mark a draft or spam. Takeout writes labels in the
# account's language, so the usual translations are here; a label is a hint only, never a
# direction. Trash is not here: mail in the trash was still exchanged.
DRAFT_NAMES = frozenset(
    {
        "draft",  # Gmail label (Takeout), Maildir++ and IMAP folder
        "drafts",  # Thunderbird, Apple Mail, Outlook, Gmail's "[Gmail]/Drafts"
        "brouillons",  # French
        "entwürfe",  # German
        "borradores",  # Spanish
        "bozze",  # Italian
        "rascunhos",  # Portuguese
        "concepten",  # Dutch
    }
)
SPAM_NAMES = frozenset(
    {
        "spam",  # Gmail label and folder (the same word in most languages)
        "junk",  # Thunderbird, Apple Mail, Maildir++ ".Junk"
        "junk e-mail",  # Outlook
        "junk email",  # Outlook.com over IMAP
        "bulk mail",  # Yahoo
        "pourriel",  # French Canadian clients
    }
)

# Addresses that are not a person one corresponds with (the local part, before the "@").
# Mail from or to one of them never counts. Each entry says which case it covers.
_NO_REPLY_PARTS = (
    r".*no[-_.]?reply.*",  # noreply@, no-reply@, no_reply@, andy-noreply@, noreply+abc@
    r".*do[-_.]?not[-_.]?reply.*",  # donotreply@, do-not-reply@, do_not_reply@
    r"mailer-daemon",  # bounces (RFC 5321 delivery reports)
    r"postmaster",  # the mail server's operator (RFC 5321 4.5.1)
    r"bounces?(?:[-+_.].*)?",  # bounce@, bounces+abc@ (list and campaign return paths)
    r"listserv",  # LISTSERV list software
    r"majordomo",  # Majordomo list software
    r".+-request",  # list command addresses (RFC 2142): list-request@
    r"owner-.+",  # list owners as Majordomo and Sendmail write them: owner-list@
    r"notifications?",  # notification@ / notifications@ (GitHub, Slack, banks)
    r"alerts?",  # alert@ / alerts@ (monitoring, bank and job alerts)
    r"newsletters?",  # newsletter@ / newsletters@
    r"news",  # news@: newsletters
    r"info",  # info@: a shared inbox, no one person (Twenty CRM's list)
    r"support",  # support@: ticket systems reply from it
    r"help(?:desk)?",  # help@ / helpdesk@: ticket systems
    r"service",  # service@: customer service
    r"sales",  # sales@: a shared inbox
    r"billing",  # billing@: invoices
    r"feedback",  # feedback@: surveys
    r"invites?",  # invite@ / invites@: calendar and platform invitations
    r"welcome",  # welcome@: onboarding mail
    r"calendar-notification",  # Google Calendar's invitation mail
)
_NO_REPLY = re.compile(r"(?:" + "|".join(_NO_REPLY_PARTS) + r")@[^@]*", re.IGNORECASE)

# A "From " line's date: asctime ("Thu Jun 11 00:38:38 2020"), Gmail Takeout's zone before
# the year ("Thu Jun 11 00:38:38 +0000 2020"), or ImportExportTools' year before the time
# ("Sat Apr 12 2025 15:59:28").
_ENVELOPE_DATE = re.compile(
    r"(?P<mon>[A-Za-z]{3})[a-z]*\s+(?P<day>\d{1,2}),?\s+(?:"
    r"(?P<t1>\d{1,2}:\d{2}(?::\d{2})?)\s+(?:(?P<z>[+-]\d{4})\s+|[A-Z]{1,5}\s+)?(?P<y1>\d{4})"
    r"|(?P<y2>\d{4})\s+(?P<t2>\d{1,2}:\d{2}(?::\d{2})?)(?:\s+(?P<z2>[+-]\d{4}))?)"
)
_WHOLE_ENVELOPE = re.compile(
    rb"From \S+ +[A-Z][a-z]{2} +[A-Z][a-z]{2} +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})?"
    rb"(?: +[+-]\d{4})? +\d{4}\r?$"
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


def is_no_reply(address: str) -> bool:
    """Whether an address is a no-reply or role address (see ``_NO_REPLY_PARTS``)."""
    return _NO_REPLY.fullmatch(address) is not None


# ---------------------------------------------------------------------------------------
# Sniffing


def sniff_mail(head: bytes, name: str = "", in_maildir: bool = False) -> str | None:
    """The kind of e-mail file whose first bytes are ``head`` (``name``: its path), or None.

    A leading ``From `` line (after blank lines) is an mbox; in a file named .eml, one
    message with its envelope. A first line holding only a byte count, then a header block,
    is an .emlx. A header block (header lines naming at least one usual mail field) is one
    message. A message file in a Maildir's ``cur/`` or ``new/`` is ``maildir``.
    """
    kind = _sniff_content(head)
    if kind is not None and in_maildir:
        return MAILDIR if kind != EMLX else EMLX
    if kind == MBOX and name.lower().endswith(".eml"):
        return EML
    return kind


def _sniff_content(head: bytes) -> str | None:
    start = _NOT_SPACE.search(head)
    if start is None:
        return None
    at = start.start()
    if head.startswith(b"From ", at) and (at == 0 or head[at - 1 : at] == b"\n"):
        return MBOX
    count = re.match(rb"[ \t]*\d{1,12}[ \t]*\r?\n", head)
    if count and _looks_like_headers(head[count.end() :]):
        return EMLX
    if _looks_like_headers(head):
        return EML
    return None


def _looks_like_headers(head: bytes) -> bool:
    names = []
    for line in head.split(b"\n")[:200]:
        if line.strip(b"\r") == b"":
            break
        if line[:1] in (b" ", b"\t") and names:
            continue
        if _HEADER_LINE.match(line) is None:
            break  # a damaged line: what came before decides
        names.append(line.split(b":", 1)[0].strip().lower())
    return any(name in _MAIL_FIELDS for name in names)


def header_complete(data: bytes) -> bool:
    """Whether the first bytes of a one-message file hold its whole header block (or as
    much of it as is ever read)."""
    return _HEADER_END.search(data) is not None or len(data) >= MAX_HEADER_BYTES


# ---------------------------------------------------------------------------------------
# The mbox scanner


class _Window:
    """The part of the stream being looked at: ``data`` grows by a chunk when asked, and
    drops what is before the offset the caller still needs."""

    def __init__(self, stream: BinaryIO, chunk: int) -> None:
        self.stream = stream
        self.chunk = chunk
        self.data = b""
        self.eof = False

    def more(self, keep_from: int) -> int:
        """Read one chunk; bytes before ``keep_from`` are dropped. Returns how many were
        dropped, so the caller can shift its offsets."""
        piece = self.stream.read(self.chunk)
        if not piece:
            self.eof = True
        self.data = self.data[keep_from:] + piece
        return keep_from


def scan_mbox(stream: BinaryIO, chunk: int = CHUNK) -> Iterator[tuple[bytes, bytes]]:
    """(envelope line, header block) of each message of an mbox stream, in order.

    The envelope is the ``From `` line without its line end; the header block runs to the
    blank line that ends it (at most ``MAX_HEADER_BYTES``). Bodies are skipped unread
    except for the search for the next separator. Raises ``UnreadableFile`` when the stream
    does not start (after blank lines) with a ``From `` line.
    """
    window = _Window(stream, chunk)
    pos = _first_envelope(window)
    if pos is None:
        return
    while True:
        # pos: the start of a "From " line in window.data
        pos, envelope, header_start = _read_envelope(window, pos)
        pos, header, body_start = _read_header(window, header_start)
        yield envelope, header
        if body_start is None:
            return
        pos = _next_separator(window, body_start)
        if pos is None:
            return


def _first_envelope(window: _Window) -> int | None:
    """Where the first "From " line starts, None for a stream of only blank lines."""
    pos = 0
    while True:
        match = _NOT_SPACE.search(window.data, pos)
        if match is not None:
            pos = match.start()
            break
        if window.eof:
            return None
        pos = len(window.data) - window.more(max(0, len(window.data) - 1))
    while len(window.data) - pos < 5 and not window.eof:
        pos -= window.more(pos)
    data = window.data
    if not data.startswith(b"From ", pos) or (pos > 0 and data[pos - 1 : pos] != b"\n"):
        raise UnreadableFile("not an mbox: it does not start with a 'From ' line")
    return pos


def _read_envelope(window: _Window, pos: int) -> tuple[int, bytes, int]:
    """(pos shifted, the From line, where the header block starts)."""
    while True:
        end = window.data.find(b"\n", pos)
        if end >= 0 or window.eof:
            break
        if len(window.data) - pos > MAX_FROM_LINE:
            # Not a real envelope: keep its start, drop the rest of the line as it comes.
            envelope = window.data[pos : pos + MAX_FROM_LINE]
            while end < 0 and not window.eof:
                window.more(len(window.data))
                end = window.data.find(b"\n")
            return 0, envelope, (end + 1 if end >= 0 else len(window.data))
        pos -= window.more(pos)
    if end < 0:
        return pos, window.data[pos:].rstrip(b"\r"), len(window.data)
    return pos, window.data[pos:end].rstrip(b"\r")[:MAX_FROM_LINE], end + 1


def _read_header(window: _Window, start: int) -> tuple[int, bytes, int | None]:
    """(start shifted, the header block, where the body starts or None at the end).

    The blank line after the headers is part of neither: ``body_start`` is its line end, so
    a separator right after it (an empty body) is found by the search that follows."""
    searched = start  # the header end is not before this
    while True:
        data = window.data
        if data.startswith((b"\n", b"\r\n"), start):  # no header lines at all
            return start, b"", data.index(b"\n", start)
        match = _HEADER_END.search(data, max(start, searched - 2))
        if match is not None and match.start() - start < MAX_HEADER_BYTES:
            return start, data[start : match.start() + 1], match.end() - 1
        if len(data) - start >= MAX_HEADER_BYTES:
            cut = data.rfind(b"\n", start, start + MAX_HEADER_BYTES)
            cut = cut + 1 if cut > start else start + MAX_HEADER_BYTES
            return start, data[start:cut], cut - 1
        if window.eof:
            return start, data[start:], None
        searched = len(data)
        dropped = window.more(start)
        start -= dropped
        searched -= dropped


def _next_separator(window: _Window, start: int) -> int | None:
    """Where the next message's "From " line starts, or None at the end of the stream.

    A candidate is a ``\\nFrom `` whose previous line is blank and whose next line is a
    header line."""
    search = start
    while True:
        data = window.data
        hit = data.find(b"\nFrom ", search)
        if hit < 0:
            if window.eof:
                return None
            keep = max(0, len(data) - KEEP)
            search = max(0, len(data) - keep - 6)
            window.more(keep)
            continue
        verdict = _judge_candidate(window, hit)
        if verdict is None:  # not enough bytes yet to tell
            hit -= window.more(max(0, hit - KEEP))
            search = hit
            continue
        if verdict:
            return hit + 1
        search = hit + 1


def _judge_candidate(window: _Window, hit: int) -> bool | None:
    """Whether the ``\\nFrom `` at ``hit`` starts a message; None when more bytes are
    needed to tell."""
    data = window.data
    previous = data.rfind(b"\n", 0, hit)
    if previous < 0 or data[previous + 1 : hit].strip(b" \t\r"):
        return False  # the line before is not blank (or too long to be)
    line_end = data.find(b"\n", hit + 1, hit + 1 + MAX_FROM_LINE)
    if line_end < 0:
        if len(data) - hit > MAX_FROM_LINE:
            return False
        return False if window.eof else None
    following = data[line_end + 1 : line_end + 260]
    decided = window.eof or len(following) >= 259 or b":" in following or b"\n" in following
    if not decided:
        return None
    if _HEADER_LINE.match(following) is not None:
        return True
    # A message with no header at all (tika's simple.mbox) is still one when its From line
    # is a whole envelope, a date and nothing after it: prose does not end so.
    blank_next = following.startswith((b"\n", b"\r\n"))
    return blank_next and _WHOLE_ENVELOPE.match(data, hit + 1, line_end) is not None


# ---------------------------------------------------------------------------------------
# One header block -> one row


def read_mbox(stream: BinaryIO, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The messages of one mbox stream as (EMAILS, SKIPPED); ``record`` is the message's
    1-based position. Raises ``UnreadableFile`` for bytes that are not an mbox."""
    batch = _Batch()
    for record, (envelope, header) in enumerate(scan_mbox(stream), 1):
        batch.add(*message_row(header, envelope, file, record, _folder_reason(file, True)))
    return batch.frames()


def read_message(data: bytes, kind: str, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One message file (``maildir``, ``eml`` or ``emlx``) as (EMAILS, SKIPPED) of one row
    in all; ``data`` is the file's first bytes, enough to hold the header block."""
    return read_messages([(data, kind, file)])


def read_messages(messages: Iterable[tuple[bytes, str, str]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Many one-message files, each (first bytes, kind, file), as one (EMAILS, SKIPPED)
    pair: a Maildir of 20,000 files is one frame, not 20,000."""
    batch = _Batch()
    for data, kind, file in messages:
        batch.add(*read_message_row(data, kind, file))
    return batch.frames()


def read_message_row(data: bytes, kind: str, file: str) -> tuple[tuple | None, dict | None]:
    """As ``read_message``, the row itself: (EMAILS row, None) or (None, SKIPPED row)."""
    envelope = b""
    if kind == EMLX:
        count = re.match(rb"[ \t]*(\d{1,12})[ \t]*\r?\n", data)
        if count:
            data = data[count.end() : count.end() + int(count.group(1))]
    start = _NOT_SPACE.search(data)
    if start is not None and data.startswith(b"From ", start.start()):
        line_end = data.find(b"\n", start.start())
        line_end = len(data) if line_end < 0 else line_end
        envelope = data[start.start() : line_end].rstrip(b"\r")
        data = data[line_end + 1 :]
    if data.startswith((b"\n", b"\r\n")):
        header = b""
    else:
        end = _HEADER_END.search(data)
        header = data[: end.start() + 1] if end else data
    reason = _folder_reason(file, False)
    if kind == MAILDIR and reason is None:
        reason = _maildir_flag_reason(file)
    return message_row(header[:MAX_HEADER_BYTES], envelope, file, 1, reason)


def message_row(
    header: bytes, envelope: bytes, file: str, record: int, reason: str | None
) -> tuple[tuple | None, dict | None]:
    """(EMAILS row as a tuple, None), or (None, SKIPPED row) when no date can be read.
    ``reason``: an ignore reason the file's place already gives (a Drafts folder)."""
    fields: dict[bytes, list[bytes]] = {}
    for match in _FIELDS.finditer(b"\n" + header):
        fields.setdefault(match.group(1).lower(), []).append(match.group(2))
    sent_at, date_problem = _sent_at(fields.get(b"date"), envelope)
    if sent_at is None:
        return None, {"file": file, "record": record, "reason": date_problem}
    from_names, from_addresses = (
        _addresses(_text(fields[b"from"][0])) if b"from" in fields else ((), ())
    )
    names: list[str | None] = []
    addresses: list[str] = []
    for raw in fields.get(b"to", []) + fields.get(b"cc", []):
        some_names, some_addresses = _addresses(_text(raw))
        names.extend(some_names)
        addresses.extend(some_addresses)
    delivered = [a for raw in fields.get(b"delivered-to", []) for a in _addresses(_text(raw))[1]]
    from_address = from_addresses[0] if from_addresses else None
    if reason is None:
        reason = _header_reason(fields)
    if reason is None and any(is_no_reply(a) for a in (*from_addresses[:1], *addresses)):
        reason = NO_REPLY
    row = (
        file,
        record,
        _message_id(fields.get(b"message-id")),
        sent_at,
        from_address,
        from_names[0] if from_names else None,
        addresses,
        names,
        delivered,
        reason,
    )
    return row, None


def _text(raw: bytes) -> str:
    """A header value as text, unfolded and stripped; UTF-8 (RFC 6532) else Windows-1252."""
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        text = decode_text(raw)
    if "\n" in text:
        text = _FOLD.sub("", text)
    if "\x1f" in text:  # the separator lists travel with (see _Batch)
        text = text.replace("\x1f", " ")
    return text.strip()


@lru_cache(maxsize=65536)
def _addresses(value: str) -> tuple[tuple[str | None, ...], tuple[str, ...]]:
    """(names, addresses) of an address header: addresses lower-cased as written, names
    decoded from RFC 2047 (after the split: a decoded name may hold a comma). Cached: the
    same From and To values come back in thousands of messages."""
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
    return tuple(names), tuple(addresses)


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
# a word or an address for getaddresses.
_WORD = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-\u0080-\U0010ffff]+"
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


def _sent_at(dates: list[bytes] | None, envelope: bytes) -> tuple[datetime | None, str | None]:
    """(UTC datetime, None) from the Date header, else the envelope; (None, why) if neither."""
    shown = None
    if dates:
        text = _text(dates[0])
        parsed = _parse_date(text)
        if parsed is not None:
            return parsed, None
        shown = text
    parsed = _envelope_date(envelope)
    if parsed is not None:
        return parsed, None
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
    r"(?:[A-Z][a-z]{2}, )?([0-9]{1,2}) ([A-Z][a-z]{2}) ([0-9]{4}) "
    r"([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-])([0-9]{2})([0-9]{2})"
)
_DAY_SECONDS = 86400


def _parse_date(text: str) -> datetime | None:
    plain = _PLAIN_DATE.fullmatch(text)
    if plain is not None and (month := _MONTHS.get(plain[2].lower())):
        day, _, year, hour, minute, second, sign, zone_hours, zone_minutes = plain.groups()
        offset = int(zone_hours) * 3600 + int(zone_minutes) * 60
        if offset < _DAY_SECONDS:  # else the library refuses the zone
            try:
                moment = datetime(
                    int(year), month, int(day), int(hour), int(minute), int(second), 0, UTC
                ) - timedelta(0, -offset if sign == "-" else offset)
            except (ValueError, OverflowError):
                pass  # a 24th hour, a 61st second, past year 9999: as the library says
            else:
                return moment if EARLIEST_YEAR <= moment.year <= LATEST_YEAR else None
    return _parse_date_plain(text)


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
    text = _text(values[0])
    match = _MESSAGE_ID.search(text)
    text = (match.group(1) if match else text).strip()
    return text or None


def _header_reason(fields: dict[bytes, list[bytes]]) -> str | None:
    """The ignore reason the headers give: Gmail labels (draft, spam), Thunderbird's
    deleted flag, list and bulk mail headers."""
    if b"x-gmail-labels" in fields:
        labels = {label.lower() for label in split_labels(fields[b"x-gmail-labels"][0])}
        if reason := _draft_or_spam(labels):
            return reason
    if b"x-mozilla-status" in fields:
        # Thunderbird marks a deleted message 0x0008 and keeps it until the folder is
        # compacted: a stale copy.
        try:
            if int(_text(fields[b"x-mozilla-status"][0])[:4], 16) & 0x0008:
                return DELETED
        except ValueError:
            pass
    if any(f in fields for f in (b"list-id", b"list-unsubscribe", b"x-google-groups")):
        return BULK  # RFC 2919, RFC 2369, Google Groups
    precedence = fields.get(b"precedence")
    if precedence and _text(precedence[0]).lower() in ("bulk", "list", "junk"):
        return BULK
    auto = fields.get(b"auto-submitted")
    if auto and _text(auto[0]).split(";")[0].strip().lower() not in ("no", ""):
        return BULK  # RFC 3834: auto-generated, auto-replied
    return None


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


@lru_cache(maxsize=4096)
def _folder_reason(file: str, file_is_folder: bool) -> str | None:
    """A draft or spam reason from a folder in the file's path: a Drafts or Junk mbox (the
    file itself is the folder), a Maildir++ ``.Drafts``, Apple Mail's ``Junk.mbox/``."""
    parts = file.split("/")
    if not file_is_folder:
        parts = parts[:-1]
    for part in parts:
        name = part.lower()
        for suffix in (".mbox", ".mbx", ".sbd"):
            name = name.removesuffix(suffix)
        name = name.rsplit(".", 1)[-1].strip()  # Maildir++ ".INBOX.Drafts", "[Gmail].Spam"
        if reason := _draft_or_spam({name}):
            return reason
    return None


def _draft_or_spam(names: set[str]) -> str | None:
    """DRAFT or SPAM when a label or folder name (lower-cased) says so, else None."""
    if names & DRAFT_NAMES:
        return DRAFT
    return SPAM if names & SPAM_NAMES else None


def _maildir_flag_reason(file: str) -> str | None:
    match = _MAILDIR_INFO.search(file)
    if match is None:
        return None
    flags = match.group(1)
    if "D" in flags:
        return DRAFT
    if "T" in flags:
        return DELETED  # trashed: the copy a move leaves behind until the folder is expunged
    return None


# Lists travel as one string joined on a separator and are split by polars: building a
# frame from Python lists makes one Series per cell, which was half the reading time.
_SEP = "\x1f"
_LIST_COLUMNS = ("recipient_addresses", "recipient_names", "delivered_to")


class _Batch:
    """Rows gathered into polars frames every BATCH_ROWS, so a big archive is held as
    columns, not as Python objects."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.parts: list[pl.DataFrame] = []
        self.skipped: list[dict] = []

    def add(self, row: tuple | None, skipped: dict | None) -> None:
        if row is not None:
            self.rows.append(row)
            if len(self.rows) >= BATCH_ROWS:
                self.flush()
        if skipped is not None:
            self.skipped.append(skipped)

    def flush(self) -> None:
        if not self.rows:
            return
        columns = list(zip(*self.rows, strict=True))
        data = {}
        for (name, dtype), values in zip(EMAILS.items(), columns, strict=True):
            if name in _LIST_COLUMNS:
                joined = [_SEP.join(v or "" for v in items) if items else None for items in values]
                data[name] = pl.Series(name, joined, pl.Utf8)
            else:
                data[name] = pl.Series(name, values, dtype)
        lists = [
            pl.when(pl.col(c).is_null())
            .then(pl.lit([], EMAILS[c]))
            .otherwise(pl.col(c).str.split(_SEP).list.eval(pl.element().replace("", None)))
            .alias(c)
            for c in _LIST_COLUMNS
        ]
        self.parts.append(pl.DataFrame(data).with_columns(lists))
        self.rows = []

    def frames(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        self.flush()
        emails = pl.concat(self.parts) if self.parts else frame(None, EMAILS)
        return emails, frame(self.skipped, SKIPPED)
