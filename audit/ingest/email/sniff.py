"""What kind of e-mail file some bytes are, from a file's first bytes and its place.

The kinds are ``MBOX`` (streamed), and ``MAILDIR``, ``EML`` and ``EMLX`` (one message each,
read from their first bytes). ``sources`` asks ``sniff_mail`` before it reads a file (so a
mail file is never read whole) and ``header_complete`` how far to read a one-message one.
"""

from __future__ import annotations

import re

from audit.ingest.email.scan import _HEADER_END, _HEADER_LINE, _NOT_SPACE, MAX_HEADER_BYTES

# The kinds of e-mail file this reader knows; sources sniffs them.
MBOX = "mbox"  # many messages, each after a "From " line
MAILDIR = "maildir"  # one message in a Maildir's cur/ or new/, flags in the file name
EML = "eml"  # one message (a leading mbox "From " line is allowed)
EMLX = "emlx"  # Apple Mail: a byte-count line, the message, then an XML plist
KINDS = (MBOX, MAILDIR, EML, EMLX)
SINGLE_KINDS = (MAILDIR, EML, EMLX)

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
