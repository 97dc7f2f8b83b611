"""The e-mail reader proper: header blocks -> EMAILS rows (and SKIPPED), batched into frames.

``message_row`` makes one message's row from the fields ``headers`` reads (a rule of
``rules`` may mark it ``ignored``); ``read_mbox`` does so for each message ``scan``
finds in a stream, ``read_messages`` for one-message files. The package's ``__init__``
loads this module only when a run reads mail: the header parsing it needs costs every
start of the command otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import BinaryIO

import polars as pl

from audit.ingest.email.headers import _FIELDS, _addresses, _message_id, _sent_at, _text
from audit.ingest.email.rules import (
    NO_REPLY,
    _folder_reason,
    _header_reason,
    _maildir_flag_reason,
    is_no_reply,
)
from audit.ingest.email.scan import _HEADER_END, _NOT_SPACE, MAX_HEADER_BYTES, scan_mbox
from audit.ingest.email.sniff import EMLX, MAILDIR
from audit.schemas import EMAILS, SKIPPED, frame

BATCH_ROWS = 50_000  # rows gathered before they become a polars frame


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
