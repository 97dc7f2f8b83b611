"""Which file of a LinkedIn export is which: the kinds of file the audit reads, known by
their header row (found by scanning, below any ``Notes:`` preamble), and the file names
that say a file should be one of them; the bytes of a file as text."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

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
    header = find_header(text)
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


def find_header(text: str) -> tuple[int, list[str]] | None:
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
