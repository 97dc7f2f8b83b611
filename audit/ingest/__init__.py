"""Find and read every input into frames: records, messages, e-mails, invitations, gives, skipped.

``read_inputs`` is the ingest stage's one entry point. It asks ``sources`` what
each file is, hands each to its reader (``linkedin``, ``vcard`` or ``email``), and
gathers the frames. An mbox is streamed (``progress`` is told the bytes read, against
``Inputs.mail_bytes``); one-message mail files become one frame together. A
reader's ``UnreadableFile`` stops the run for a file named on the command line and
skips the file whole when it was found inside a folder or an archive.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from audit.ingest import calendar, email, linkedin, vcard
from audit.ingest.interactions_csv import read_interactions_csv
from audit.ingest.sources import (
    CALENDAR,
    FILE_SKIPPED,
    INTERACTIONS_CSV,
    InputError,
    Progress,
    Source,
    read_sources,
)
from audit.schemas import (
    CALENDAR_EVENTS,
    CSV_INTERACTIONS,
    EMAILS,
    GIVES,
    INVITATIONS,
    MESSAGES,
    RECORDS,
    SKIPPED,
    frame,
)

__all__ = ["InputError", "Inputs", "Progress", "read_inputs"]


@dataclass
class Inputs:
    records: pl.DataFrame  # RECORDS
    messages: pl.DataFrame  # MESSAGES
    invitations: pl.DataFrame  # INVITATIONS
    gives: pl.DataFrame  # GIVES
    skipped: pl.DataFrame  # SKIPPED
    emails: pl.DataFrame  # EMAILS: every message of every mail file read
    calendar_events: pl.DataFrame  # CALENDAR_EVENTS of every calendar read, together
    csv_interactions: pl.DataFrame  # CSV_INTERACTIONS
    owner_name: str | None  # from Profile.csv
    owner_emails: list[str]  # from Email Addresses.csv, as written
    has_messages: bool  # a messages.csv was among the inputs
    ignored_files: list[str] = field(default_factory=list)
    export_dates: list[date] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)  # files read, by kind
    fingerprint: str = ""  # of every file read, to tell whether two audits saw the same inputs
    file_ids: set[tuple[int, int]] = field(default_factory=set)  # (device, inode) of files read
    mail_bytes: int = 0  # bytes of the mbox files streamed (what ``progress`` counts toward)


def read_inputs(paths: list[Path], progress: Progress | None = None) -> Inputs:
    """Every input under ``paths`` as frames. ``progress``, when given, is called with the
    number of bytes just read each time an mbox stream reads a chunk (a few MiB)."""
    found = read_sources(paths)
    parts: dict[str, list[pl.DataFrame]] = {
        "records": [],
        "messages": [],
        "emails": [],
        "calendar_events": [],
        "csv_interactions": [],
        "invitations": [],
        "gives": [],
        "skipped": [frame(found.skipped_files, SKIPPED)],
    }
    messages: list[tuple[bytes, str, str]] = []  # one-message mail files, read together
    owner_name = None
    owner_emails: list[str] = []
    kinds: dict[str, int] = {}
    # hashlib lets go of the GIL on big buffers: the fingerprint is made beside the reading
    # (0.6 s of hashing at a million messages), and nothing else runs in that thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        fingerprint = pool.submit(_fingerprint, found.sources)
        for source in found.sources:
            if source.kind in email.SINGLE_KINDS:
                messages.append((source.data, source.kind, source.file))
                kinds[source.kind] = kinds.get(source.kind, 0) + 1
                continue
            try:
                result = _read_source(source, progress)
            except linkedin.UnreadableFile as exc:
                if source.explicit:
                    raise InputError(str(exc)) from None
                parts["skipped"].append(frame([_whole_file(source, str(exc))], SKIPPED))
                continue
            kinds[source.kind] = kinds.get(source.kind, 0) + 1
            target, produced, skipped = result
            if target == "profile":
                owner_name = owner_name or produced
            elif target == "owner_emails":
                owner_emails.extend(produced)
            else:
                parts[target].append(produced)
            parts["skipped"].append(skipped)
    if messages:
        emails, skipped = email.read_messages(messages)
        parts["emails"].append(emails)
        parts["skipped"].append(skipped)
    records, too_long = _split_too_long(_concat(parts["records"], RECORDS))
    parts["skipped"].append(too_long)
    return Inputs(
        records=records,
        messages=_concat(parts["messages"], MESSAGES),
        invitations=_concat(parts["invitations"], INVITATIONS),
        gives=_concat(parts["gives"], GIVES),
        skipped=_concat(parts["skipped"], SKIPPED),
        emails=_concat(parts["emails"], EMAILS),
        calendar_events=_concat(parts["calendar_events"], CALENDAR_EVENTS),
        csv_interactions=_concat(parts["csv_interactions"], CSV_INTERACTIONS),
        owner_name=owner_name,
        owner_emails=owner_emails,
        has_messages="messages" in kinds,
        ignored_files=found.ignored,
        export_dates=found.export_dates,
        kinds=kinds,
        fingerprint=fingerprint.result(),
        file_ids=found.file_ids,
        mail_bytes=sum(s.stream.size for s in found.sources if s.stream is not None),
    )


def _fingerprint(sources: list[Source]) -> str:
    digest = hashlib.sha256()
    for source in sorted(sources, key=lambda s: s.file):
        # An mbox of gigabytes is not read twice: its size and time (or CRC) stand for it.
        content = source.stream.stamp.encode() if source.stream else source.data
        digest.update(source.file.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def _read_source(source: Source, progress: Progress | None = None):
    """(which frame it feeds, the frame, skipped) for one source."""
    if source.kind == email.MBOX and source.stream is not None:
        try:
            with source.stream.open(progress) as stream:
                return "emails", *email.read_mbox(stream, source.file)
        except linkedin.UnreadableFile as exc:
            raise linkedin.UnreadableFile(f"{source.file}: {exc}") from None
    if source.kind == "vcard":
        records, skipped = vcard.read_vcards(source.data, source.file)
        if records.is_empty() and skipped.is_empty():
            raise linkedin.UnreadableFile(f"{source.file}: no vCard in the file")
        return "records", records, skipped
    if source.kind == "connections":
        return "records", *linkedin.read_connections(source.data, source.file)
    if source.kind == "messages":
        return "messages", *linkedin.read_messages(source.data, source.file)
    if source.kind == "invitations":
        return "invitations", *linkedin.read_invitations(source.data, source.file)
    if source.kind == "profile":
        return "profile", *linkedin.read_profile(source.data, source.file)
    if source.kind == CALENDAR:
        return "calendar_events", *calendar.read_calendar(source.data, source.file)
    if source.kind == INTERACTIONS_CSV:
        return "csv_interactions", *read_interactions_csv(source.data, source.file)
    if source.kind == "email_addresses":
        return "owner_emails", *linkedin.read_email_addresses(source.data, source.file)
    return "gives", *linkedin.read_gives(source.kind, source.data, source.file)


# Fields of a person record that resolve compares pairwise, with how a reason names them.
_BOUNDED_FIELDS = {
    "name": "name",
    "first_name": "first name",
    "last_name": "last name",
    "company": "company",
    "position": "position",
    "address": "address",
    "postcode": "postcode",
}


def _split_too_long(records: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(records, SKIPPED): a person record with a name, nickname, company or position longer
    than ``linkedin.MAX_NAME_CHARS`` is skipped with that reason, from either source."""
    reasons = [linkedin.describe_too_long(what, pl.col(c)) for c, what in _BOUNDED_FIELDS.items()]
    longest_nickname = pl.col("nicknames").list.eval(pl.element().str.len_chars()).list.max()
    reasons.append(linkedin.describe_length("nickname", longest_nickname))
    judged = records.with_columns(reason=pl.coalesce(reasons))
    kept = judged.filter(pl.col("reason").is_null()).drop("reason")
    skipped = judged.filter(pl.col("reason").is_not_null()).select("file", "record", "reason")
    return kept, skipped.cast(SKIPPED)


def _whole_file(source: Source, reason: str) -> dict:
    return {"file": source.file, "record": None, "reason": FILE_SKIPPED + reason.split(": ", 1)[-1]}


def _concat(frames: list[pl.DataFrame], schema) -> pl.DataFrame:
    frames = [f for f in frames if not f.is_empty()]
    return pl.concat(frames) if frames else frame(None, schema)
