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

from audit.ingest.email.headers import _FIELDS, _addresses, _message_id, _sent_at
from audit.ingest.email.rules import (
    NO_REPLY,
    _folder_reason,
    _header_reason,
    _maildir_flag_reason,
    is_no_reply,
)
from audit.ingest.email.scan import _HEADER_END, _NOT_SPACE, MAX_HEADER_BYTES, scan_mbox
from audit.ingest.email.sniff import EMLX, MAILDIR
from audit.schemas import EMAILS, LIST_SEP, SKIPPED, frame

BATCH_ROWS = 50_000  # rows gathered before they become a polars frame


def read_mbox(stream: BinaryIO, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The messages of one mbox stream as (EMAILS, SKIPPED); ``record`` is the message's
    1-based position. Raises ``UnreadableFile`` for bytes that are not an mbox."""
    batch = _Batch()
    add, reason = batch.add, _folder_reason(file, True)
    for record, (envelope, header) in enumerate(scan_mbox(stream), 1):
        add(*message_row(header, envelope, file, record, reason))
    return batch.frames()


def read_messages(messages: Iterable[tuple[bytes, str, str]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Many one-message files, each (first bytes, kind, file), as one (EMAILS, SKIPPED)
    pair: a Maildir of 20,000 files is one frame, not 20,000."""
    batch = _Batch()
    for data, kind, file in messages:
        batch.add(*read_message_row(data, kind, file))
    return batch.frames()


def read_message_row(data: bytes, kind: str, file: str) -> tuple[tuple | None, dict | None]:
    """One message file (``maildir``, ``eml`` or ``emlx``) as its row: (EMAILS row, None)
    or (None, SKIPPED row); ``data`` is the file's first bytes, enough to hold the header
    block."""
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
    ``reason``: an ignore reason the file's place already gives (a Drafts folder). The row
    is as ``_Batch`` takes it: ``sent_at`` in microseconds since 1970 UTC, and each list
    joined on LIST_SEP (None for an empty list)."""
    fields: dict[bytes, list[bytes]] = {}
    for name, value in _FIELDS.findall(b"\n" + header):
        name = name.lower()
        if name in fields:
            fields[name].append(value)
        else:
            fields[name] = [value]
    sent_at, date_problem = _sent_at(fields.get(b"date"), envelope)
    if sent_at is None:
        return None, {"file": file, "record": record, "reason": date_problem}
    from_address = from_name = None
    if b"from" in fields:
        from_names, from_addresses, _, _ = _addresses(fields[b"from"][0])
        if from_addresses:
            from_address, from_name = from_addresses[0], from_names[0]
    to, cc = fields.get(b"to"), fields.get(b"cc")
    recipients = _joined(to + cc if to and cc else to or cc or ())
    delivered = _joined(fields.get(b"delivered-to", ()))
    if reason is None:
        reason = _header_reason(fields)
    if reason is None and (
        (from_address is not None and is_no_reply(from_address))
        or (recipients is not None and any(map(is_no_reply, recipients[2])))
    ):
        reason = NO_REPLY
    row = (
        file,
        record,
        _message_id(fields.get(b"message-id")),
        sent_at,
        from_address,
        from_name,
        recipients[1] if recipients else None,
        recipients[0] if recipients else None,
        delivered[1] if delivered else None,
        reason,
    )
    return row, None


def _joined(values: list[bytes]) -> tuple[str, str, tuple[str, ...]] | None:
    """(names joined, addresses joined, addresses) of the address headers ``values`` in
    order, None when they hold no address."""
    if len(values) == 1:  # nearly always: one To, one Delivered-To
        _, addresses, joined_names, joined_addresses = _addresses(values[0])
        return (joined_names, joined_addresses, addresses) if addresses else None
    names_parts, addresses_parts, every = [], [], ()
    for raw in values:
        _, addresses, joined_names, joined_addresses = _addresses(raw)
        if addresses:
            names_parts.append(joined_names)
            addresses_parts.append(joined_addresses)
            every += addresses
    if not every:
        return None
    return LIST_SEP.join(names_parts), LIST_SEP.join(addresses_parts), every


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
        # Lists travel as one string joined on LIST_SEP and are split by polars: building
        # a frame from Python lists makes one Series per cell, which was half the reading
        # time. The time travels as microseconds, cast here.
        if not self.rows:
            return
        columns = list(zip(*self.rows, strict=True))
        data = {}
        for (name, dtype), values in zip(EMAILS.items(), columns, strict=True):
            if name in _LIST_COLUMNS:
                data[name] = pl.Series(name, values, pl.Utf8)
            elif name == "sent_at":
                data[name] = pl.Series(name, values, pl.Int64).cast(dtype)
            else:
                data[name] = pl.Series(name, values, dtype)
        lists = [
            pl.when(pl.col(c).is_null())
            .then(pl.lit([], EMAILS[c]))
            .otherwise(pl.col(c).str.split(LIST_SEP).list.eval(pl.element().replace("", None)))
            .alias(c)
            for c in _LIST_COLUMNS
        ]
        self.parts.append(pl.DataFrame(data).with_columns(lists))
        self.rows = []

    def frames(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        self.flush()
        emails = pl.concat(self.parts) if self.parts else frame(None, EMAILS)
        return emails, frame(self.skipped, SKIPPED)
