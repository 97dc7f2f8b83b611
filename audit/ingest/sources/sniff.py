"""What each file is, by its content, and what becomes of a file of no known kind.

A LinkedIn CSV is known by its header row, a vCard by ``BEGIN:VCARD``, a calendar and an
interactions CSV by their own first lines, an e-mail file by its first bytes (asked of
``email`` before the file is read, so a mail file is never read whole). Inside a folder or
an archive only files named like data are sniffed; a file named on the command line is
taken by its content alone. A file of no known kind stops the run when it was named, is
skipped (a SKIPPED row with ``record`` null) when its name promised a kind, and is
otherwise ignored: a README or a PDF beside the export is not an error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from audit.ingest import calendar, email, linkedin, vcard
from audit.ingest.interactions_csv import looks_like_interactions_csv
from audit.ingest.sources.model import Entry, Found, InputError, Source, escape_controls

SNIFF_BYTES = 65536

# Inside a folder or an archive, only files named like data are sniffed: a PROVENANCE.md
# that quotes messages.csv's header, or an HTML page with a vCard example, is not one.
# A file named on the command line is taken by its content alone.
CALENDAR = "calendar"
INTERACTIONS_CSV = "interactions_csv"
SNIFFED_SUFFIXES = frozenset({".csv", ".vcf", ".vcard", ".txt", ".ics", ".vcs", ""})
# Names that promise an e-mail file; a file of another name is taken as mail only when it
# starts with an mbox "From " line (a Thunderbird folder named "Archives.2019"), or when it
# sits in a Maildir's cur/ or new/ (names like "1382298805.004613:2,S").
MAIL_SUFFIXES = frozenset({".mbox", ".mbx", ".eml", ".emlx"})
MAILDIR_FOLDERS = ("cur", "new")

READABLE = (
    "a LinkedIn export (.zip or folder), one of its Connections, messages, Invitations, "
    "Profile, Recommendations or Endorsement CSV files, or a vCard (.vcf) file"
)
FILE_SKIPPED = "file skipped: "  # every SKIPPED reason of a whole file starts so


def _mail_kind(name: str, head: bytes, explicit: bool) -> str | None:
    """The e-mail kind of a file from its path (relative, with "/") and first bytes."""
    parts = name.split("/")
    in_maildir = len(parts) > 1 and parts[-2] in MAILDIR_FOLDERS
    kind = email.sniff_mail(head, parts[-1], in_maildir)
    suffix = PurePosixPath(parts[-1]).suffix.lower()
    if explicit or in_maildir or suffix in SNIFFED_SUFFIXES or suffix in MAIL_SUFFIXES:
        return kind
    return kind if kind == email.MBOX else None


def _read_header_block(read: Callable[[int], bytes], head: bytes) -> bytes:
    """The first bytes of a one-message file, read on until its header block ends."""
    data = head
    while not email.header_complete(data) and (more := read(SNIFF_BYTES)):
        data += more
    return data[: email.MAX_HEADER_BYTES + SNIFF_BYTES]


def _sniff(found: Found, entry: Entry) -> None:
    name, data, explicit = entry.name, entry.data, entry.explicit
    if entry.problem is not None:
        _skip_file(found, name, entry.problem)
        return
    if entry.mail is not None:
        found.sources.append(
            Source(name, entry.mail, data, explicit, entry.export, None, entry.stream)
        )
        return
    head = data[:SNIFF_BYTES]
    base = name.rsplit("/", 1)[-1]
    suffix = PurePosixPath(base).suffix.lower()
    if not explicit and suffix == ".zip":  # only an archive's members get here
        _skip_file(found, name, "a zip inside an archive is not opened; extract it first")
        return
    if not explicit and suffix not in SNIFFED_SUFFIXES | MAIL_SUFFIXES:
        found.ignored.append(name)  # a README.md may quote a header row; it is not one
        return
    # The header row first: a message may quote a vCard, a vCard never holds a header row.
    text = linkedin.decode_text(head)  # decoded once for the two header tests below
    kind = linkedin.sniff_kind(name, text) if data else None
    if kind is None and vcard.looks_like_vcard(head):
        found.sources.append(Source(name, "vcard", data, explicit, entry.export, None))
        return
    if kind is None and calendar.looks_like_calendar(head):
        found.sources.append(Source(name, CALENDAR, data, explicit, entry.export, None))
        return
    if kind is None and looks_like_interactions_csv(text):
        found.sources.append(Source(name, INTERACTIONS_CSV, data, explicit, entry.export, None))
        return
    if kind is not None and linkedin.is_not_member_messages(base):
        found.ignored.append(name)  # bot conversations share messages.csv's header
        return
    if kind is not None:
        found.sources.append(
            Source(name, kind.name, data, explicit, entry.export, entry.export_date)
        )
        if entry.export_date is not None:
            found.export_dates.append(entry.export_date)
        return
    _refuse_unknown(found, name, head, explicit)


def _refuse_unknown(found: Found, name: str, head: bytes, explicit: bool) -> None:
    """A file of no known kind: exit 2 if it was named, skipped if its name promised a kind,
    else ignored (a README or a PDF beside the export is not an error)."""
    base = name.rsplit("/", 1)[-1]
    promised = linkedin.expected_kind(name)
    problem = _describe_content(head)
    if base.lower().endswith(tuple(MAIL_SUFFIXES)):
        if not head and not explicit:
            found.ignored.append(name)  # an empty mail folder holds no message to account for
            return
        problem = NOT_MAIL if head else problem
        if explicit:
            raise InputError(f"{escape_controls(name)}: cannot be used ({problem})")
        _skip_file(found, name, problem)
        return
    if explicit:
        expected = f"the {promised.label} of a LinkedIn export" if promised else READABLE
        raise InputError(
            f"{escape_controls(name)}: cannot be used ({problem}); expected {expected}"
        )
    if promised is None and not base.lower().endswith((".vcf", ".vcard")):
        found.ignored.append(name)
        return
    _skip_file(found, name, problem)


NOT_MAIL = "not an e-mail file: it starts with neither an mbox 'From ' line nor a header block"


def _skip_file(found: Found, name: str, problem: str) -> None:
    found.skipped_files.append({"file": name, "record": None, "reason": FILE_SKIPPED + problem})


def _describe_content(head: bytes) -> str:
    if not head:
        return "it is empty"
    if _is_web_page(head):
        return "it is a web page (HTML), not a CSV: the download probably failed"
    if _is_binary(head):
        return "it holds binary data, not text: it may be damaged"
    return "no known header row"


def _is_web_page(head: bytes) -> bool:
    start = linkedin.decode_text(head[:1024]).lstrip().lower()
    return start.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body")) or (
        start.startswith("<") and "<html" in start
    )


def _is_binary(head: bytes) -> bool:
    """Bytes that are not text in any encoding a CSV comes in (a UTF-16 file has a BOM)."""
    text = linkedin.decode_text(head[:4096])
    odd = sum(1 for c in text if (c < " " and c not in "\t\r\n\f\v") or c == "\ufffd")
    return odd > len(text) // 20
