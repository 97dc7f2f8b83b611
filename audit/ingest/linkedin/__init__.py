"""Read the CSV files of a LinkedIn data export into frames, quirks and all.

LinkedIn has changed its export many times, so nothing here trusts a position:
files are recognised by their header row (found by scanning, since a ``Notes:``
preamble sits above it in exports since late 2020), columns are taken by name,
and each of the date formats LinkedIn has used is tried. A row that cannot be
used becomes a ``skipped`` entry with its file, 1-based record number and the
reason; message bodies are read only to recognise system and sponsored rows and
are then dropped, so no message text ever leaves this module. The rules for a
message row that never counts, whoever it names (a draft, spam, an ad, a system
row), live here too: each such row carries its reason in ``ignored``.

The readers of each file are here; the parts: ``files`` (which file is which, and its
text), ``table`` (CSV text to cells and SKIPPED rows, by polars or the csv module) and
``cells`` (names, dates and the reasons a value cannot be one).
"""

from __future__ import annotations

import polars as pl

from audit.engine import engine_for
from audit.ingest.linkedin.cells import (
    bad_date_reason,
    describe_length,
    describe_too_long,
    full_name,
    join_names,
    parse_dates,
    repair_mojibake_column,
)
from audit.ingest.linkedin.files import (
    KINDS,
    Kind,
    UnreadableFile,
    decode_text,
    expected_kind,
    fold_header,
    is_not_member_messages,
    sniff_kind,
)
from audit.ingest.linkedin.table import (
    MAX_LINE_CHARS,
    MAX_NAME_CHARS,
    SENTINELS,
    read_table,
    split_skipped,
)
from audit.schemas import GIVES, INVITATIONS, MESSAGES, RECORDS, SKIPPED, blank_columns, frame

# The package's face: the readers, and what other readers share of its parts.
__all__ = [
    "IGNORED_DRAFT",
    "IGNORED_SPAM",
    "IGNORED_SPONSORED",
    "IGNORED_SYSTEM",
    "KINDS",
    "MAX_LINE_CHARS",
    "MAX_NAME_CHARS",
    "SENTINELS",
    "UNNAMED_CONNECTION",
    "Kind",
    "UnreadableFile",
    "decode_text",
    "describe_length",
    "describe_too_long",
    "expected_kind",
    "fold_header",
    "is_not_member_messages",
    "parse_dates",
    "read_connections",
    "read_email_addresses",
    "read_gives",
    "read_invitations",
    "read_messages",
    "read_profile",
    "sniff_kind",
]

# Rows LinkedIn writes into a conversation that are events, not messages.
SYSTEM_CONTENT = (
    r"(?is)^\s*(message request accepted\.?|.* (left|joined) the conversation\.?"
    r"|.* added .* to the conversation\.?|.* named the conversation.*)\s*$"
)
PROFILE_URL = r"https?://[^\s,;\"]+"

# Draft flags: real exports write ``Yes``/``No`` (Dec 2024 to 2026); some tools ``true``
# or ``1``. A draft was never sent, so it never counts.
DRAFT_FLAGS = ("yes", "true", "1")
# Sponsored InMail (ads) carry LinkedIn's ad editor markup or unfilled mail-merge
# placeholders, and have no sender profile URL (research section 7).
SPONSORED_CONTENT = r"spinmail-quill-editor|%[A-Z][A-Z_]*%"

# Why a messages.csv row never counts, whoever it names: the ``ignored`` column of
# MESSAGES. First that holds wins, so each row has one reason.
IGNORED_DRAFT = "draft"
IGNORED_SPAM = "spam"
IGNORED_SPONSORED = "sponsored"
IGNORED_SYSTEM = "system row"


def read_connections(data: bytes, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Connections.csv -> (RECORDS, SKIPPED). Rows with no name and no URL are skipped."""
    table, skipped = read_table(
        data,
        file,
        {
            "first": ("first name",),
            "last": ("last name",),
            "url": ("url", "profile url"),
            "email": ("email address", "e-mail address"),
            "company": ("company",),
            "position": ("position",),
            "connected": ("connected on",),
        },
    )
    # Columns, not rows: a dict per row was 0.3 s at 30,000 connections.
    none_if_empty = {c: pl.col(c).replace("", None) for c in ("url", "company", "position")}
    named = table.with_columns(name=join_names("first", "last"))
    # LinkedIn leaves a row of commas and a date for a member who left or is restricted.
    unnamed = pl.col("name").eq("") & pl.col("url").eq("")
    records = named.filter(~unnamed).select(
        source=pl.lit("linkedin"),
        file=pl.lit(file),
        record="record",
        name=pl.col("name").replace("", None),
        first_name=repair_mojibake_column(pl.col("first")).replace("", None),
        last_name=repair_mojibake_column(pl.col("last")).replace("", None),
        linkedin_url=none_if_empty["url"],
        emails=pl.concat_list(pl.col("email").replace("", None)).list.drop_nulls(),
        company=none_if_empty["company"],
        position=none_if_empty["position"],
        connected_on=parse_dates(pl.col("connected")).dt.date(),
    )
    gone = named.filter(unnamed).select(
        file=pl.lit(file), record="record", reason=pl.lit(UNNAMED_CONNECTION)
    )
    records = records.with_columns(blank_columns(RECORDS, records.columns)).select(list(RECORDS))
    return records.cast(RECORDS), pl.concat([frame(skipped, SKIPPED), gone.cast(SKIPPED)])


UNNAMED_CONNECTION = "connection with no name and no profile URL (left LinkedIn or restricted)"


def read_messages(data: bytes, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """messages.csv (any era: 7 to 13 columns, any of ``RECIPIENT PROFILE URLS``,
    ``ATTACHMENTS``, ``IS MESSAGE DRAFT``, ``IS CONVERSATION DRAFT``) -> (MESSAGES,
    SKIPPED); CONTENT is dropped here, after it has told system and sponsored rows."""
    table, skipped = read_table(
        data,
        file,
        {
            "conversation_id": ("conversation id",),
            "sender_name": ("from",),
            "sender_url": ("sender profile url",),
            "to_names": ("to",),
            "to_urls": ("recipient profile urls",),
            "date": ("date",),
            "content": ("content",),
            "folder": ("folder",),
            "direction": ("direction",),
            "message_draft": ("is message draft",),
            "conversation_draft": ("is conversation draft",),
        },
    )
    if table.is_empty():
        return frame(None, MESSAGES), frame(skipped, SKIPPED)
    raw = table.lazy().with_columns(file=pl.lit(file))
    drafted = pl.col("message_draft").str.to_lowercase().is_in(DRAFT_FLAGS) | pl.col(
        "conversation_draft"
    ).str.to_lowercase().is_in(DRAFT_FLAGS)
    folder = pl.col("folder").str.to_uppercase()
    parsed = raw.with_columns(
        sent_at=parse_dates(pl.col("date")),
        recipient_urls=pl.col("to_urls").str.extract_all(PROFILE_URL),
        ignored=pl.when(drafted | folder.is_in(["DRAFT", "DRAFTS"]))
        .then(pl.lit(IGNORED_DRAFT))
        .when(folder == "SPAM")
        .then(pl.lit(IGNORED_SPAM))
        .when(pl.col("sender_url").eq("") & pl.col("content").str.contains(SPONSORED_CONTENT))
        .then(pl.lit(IGNORED_SPONSORED))
        .when(pl.col("content").str.contains(SYSTEM_CONTENT))
        .then(pl.lit(IGNORED_SYSTEM)),
        direction=pl.col("direction").str.to_uppercase(),
    )
    judged = parsed.with_columns(
        reason=pl.when(pl.col("sent_at").is_null())
        .then(bad_date_reason("date", pl.col("date")))
        .when(pl.col("sender_name").eq("") & pl.col("sender_url").eq(""))
        .then(pl.lit("message with no sender"))
        .otherwise(describe_too_long("sender name", pl.col("sender_name")))
    ).with_columns(
        repair_mojibake_column(pl.col("sender_name")),
        repair_mojibake_column(pl.col("to_names")),
        pl.col(["conversation_id", "sender_url", "folder", "direction"]).replace("", None),
    )
    messages, bad = split_skipped(judged.collect(engine=engine_for(table.height)), MESSAGES)
    return messages, pl.concat([frame(skipped, SKIPPED), bad])


def read_invitations(data: bytes, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Invitations.csv -> (INVITATIONS, SKIPPED); the invitation's message is dropped."""
    table, skipped = read_table(
        data,
        file,
        {
            "from_name": ("from",),
            "to_name": ("to",),
            "sent": ("sent at",),
            "direction": ("direction",),
            "inviter_url": ("inviterprofileurl", "inviter profile url"),
            "invitee_url": ("inviteeprofileurl", "invitee profile url"),
        },
    )
    if table.is_empty():
        return frame(None, INVITATIONS), frame(skipped, SKIPPED)
    parsed = (
        table.lazy()
        .with_columns(file=pl.lit(file))
        .with_columns(
            sent_at=parse_dates(pl.col("sent")), direction=pl.col("direction").str.to_uppercase()
        )
    )
    judged = parsed.with_columns(
        reason=pl.when(pl.col("sent_at").is_null())
        .then(bad_date_reason("date", pl.col("sent")))
        .otherwise(
            pl.coalesce(
                describe_too_long("name", pl.col("from_name")),
                describe_too_long("name", pl.col("to_name")),
            )
        )
    ).with_columns(
        repair_mojibake_column(pl.col("from_name")),
        repair_mojibake_column(pl.col("to_name")),
        pl.col(["inviter_url", "invitee_url", "direction"]).replace("", None),
    )
    invitations, bad = split_skipped(judged.collect(engine=engine_for(table.height)), INVITATIONS)
    return invitations, pl.concat([frame(skipped, SKIPPED), bad])


def read_profile(data: bytes, file: str) -> tuple[str | None, pl.DataFrame]:
    """Profile.csv -> (the owner's name, SKIPPED)."""
    table, skipped = read_table(data, file, {"first": ("first name",), "last": ("last name",)})
    cols = table.to_dict(as_series=False)
    names = [full_name(f, la) for f, la in zip(cols["first"], cols["last"], strict=True)]
    return next((n for n in names if n), None), frame(skipped, SKIPPED)


def read_email_addresses(data: bytes, file: str) -> tuple[list[str], pl.DataFrame]:
    """Email Addresses.csv -> (the owner's addresses as written, SKIPPED)."""
    table, skipped = read_table(data, file, {"address": ("email address",)})
    addresses = [a.strip() for a in table["address"].to_list() if a and a.strip()]
    return addresses, frame(skipped, SKIPPED)


# (kind, direction, column aliases) of the four "give and take" files.
_GIVE_FILES = {
    "recommendations_given": ("recommendation", "given", "", "creation date"),
    "recommendations_received": ("recommendation", "received", "", "creation date"),
    "endorsements_given": ("endorsement", "given", "endorsee ", "endorsement date"),
    "endorsements_received": ("endorsement", "received", "endorser ", "endorsement date"),
}


def read_gives(kind: str, data: bytes, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Recommendations and endorsements, given or received -> (GIVES, SKIPPED)."""
    what, direction, prefix, date_column = _GIVE_FILES[kind]
    table, skipped = read_table(
        data,
        file,
        {
            "first": (f"{prefix}first name",),
            "last": (f"{prefix}last name",),
            "url": (f"{prefix}public url", f"{prefix}profile url"),
            "date": (date_column,),
        },
    )
    if table.is_empty():
        return frame(None, GIVES), frame(skipped, SKIPPED)
    raw = table.lazy().with_columns(file=pl.lit(file), name=join_names("first", "last"))
    parsed = raw.with_columns(
        kind=pl.lit(what),
        direction=pl.lit(direction),
        on=parse_dates(pl.col("date")).dt.date(),
        url=pl.col("url").replace("", None),
    )
    judged = parsed.with_columns(
        reason=pl.when(pl.col("name").eq("") & pl.col("url").is_null())
        .then(pl.lit(f"{what} with no name and no profile URL"))
        .otherwise(describe_too_long("name", pl.col("name")))
    )
    gives, bad = split_skipped(judged.collect(engine=engine_for(table.height)), GIVES)
    return gives, pl.concat([frame(skipped, SKIPPED), bad])
