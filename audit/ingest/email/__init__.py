"""Read e-mail archives as a stream of header blocks: who wrote to whom, when, and why a
message would not count; never a subject or a body.

mbox files (Gmail Takeout's ``All mail Including Spam and Trash.mbox``, Thunderbird
folders, Apple Mail's ``Name.mbox/mbox``) are scanned from a binary stream in chunks
(``scan``), so memory does not grow with the archive and a 20 GB Takeout can be read
straight out of its zip. Maildir message files, ``.eml`` and ``.emlx`` files are one
message each, read from their first bytes (``sniff`` tells the kinds apart). Each message
becomes one EMAILS row, made in ``read`` from the fields ``headers`` reads (a rule of ``rules``
may mark it ``ignored``: a draft, spam, a deleted copy, list or bulk mail, a no-reply or
role address); a message with no readable date is a SKIPPED row. Bytes that are not mail
at all raise ``UnreadableFile``.
"""

from __future__ import annotations

# What telling mail files apart needs, which every run does (a folder or a zip may hold
# mail): cheap. The reader, its header parsing and its rules are loaded by ``__getattr__``
# on first use, so a run without mail does not pay for them (about 40 ms at every start).
from audit.ingest.email.scan import MAX_HEADER_BYTES, scan_mbox
from audit.ingest.email.sniff import (
    EML,
    EMLX,
    KINDS,
    MAILDIR,
    MBOX,
    SINGLE_KINDS,
    header_complete,
    sniff_mail,
)
from audit.ingest.linkedin import UnreadableFile
from audit.lazy import load_on_first_use

# The reader's vocabulary; the scanner's tuning (CHUNK, KEEP ...) and the rules' name lists
# stay in their parts, where setting them takes effect.
__all__ = [
    "BATCH_ROWS",
    "BULK",
    "DELETED",
    "DRAFT",
    "EML",
    "EMLX",
    "KINDS",
    "MAILDIR",
    "MAX_HEADER_BYTES",
    "MBOX",
    "NO_REPLY",
    "SINGLE_KINDS",
    "SPAM",
    "UnreadableFile",
    "header_complete",
    "is_no_reply",
    "message_row",
    "read_mbox",
    "read_message_row",
    "read_messages",
    "scan_mbox",
    "sniff_mail",
    "split_labels",
]

# Each name loaded on first use, with the part that holds it.
_LAZY = {
    "BATCH_ROWS": "read",
    "message_row": "read",
    "read_mbox": "read",
    "read_message_row": "read",
    "read_messages": "read",
    "BULK": "rules",
    "DELETED": "rules",
    "DRAFT": "rules",
    "NO_REPLY": "rules",
    "SPAM": "rules",
    "is_no_reply": "rules",
    "split_labels": "headers",
}

__getattr__ = load_on_first_use(__name__, _LAZY)
