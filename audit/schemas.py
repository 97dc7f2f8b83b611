"""The columns of every frame that passes between stages, written down once.

Each stage takes frames of these shapes and returns frames of these shapes, so a
reader can follow a column from the input file to the report. Readers build
their frames with ``frame(rows, SCHEMA)`` so an empty input still has the right
columns and types, and the later stages never need to ask whether a column is
there.

Flow: ingest -> RECORDS, MESSAGES, EMAILS, INVITATIONS, GIVES, CALENDAR_EVENTS
(expanded into MEETINGS), CSV_INTERACTIONS, SKIPPED;
normalize adds the *_key columns; resolve -> PEOPLE and LINKS;
interactions -> FACTS; classify -> PEOPLE + FACTS + ``tier``; addressbook ->
ADDRESS_BOOK.
"""

from __future__ import annotations

from operator import itemgetter

import polars as pl

# A person record: one data row of Connections.csv or one card of a .vcf file.
# Every person record ends in exactly one person or in SKIPPED.
RECORDS: dict[str, pl.DataType] = {
    "source": pl.Utf8,  # "linkedin" | "vcard"
    "file": pl.Utf8,  # path relative to the PATH it came from (zip: member name)
    "record": pl.Int64,  # 1-based: CSV data row (header/preamble not counted) or card position
    "name": pl.Utf8,  # display name as written (after mojibake repair)
    "first_name": pl.Utf8,
    "last_name": pl.Utf8,
    "nicknames": pl.List(pl.Utf8),
    "linkedin_url": pl.Utf8,  # profile URL as written, or null
    "emails": pl.List(pl.Utf8),  # as written
    "phones": pl.List(pl.Utf8),  # as written
    "company": pl.Utf8,
    "position": pl.Utf8,
    "connected_on": pl.Date,  # Connections.csv only
    "birthday": pl.Utf8,  # ISO "YYYY-MM-DD" or "--MM-DD" when the year is unknown
    "city": pl.Utf8,
    "country": pl.Utf8,
    "address": pl.Utf8,  # street line of the same address as city/country (vCard only)
    "postcode": pl.Utf8,  # postal code of that address, as written (vCard only)
    "categories": pl.List(pl.Utf8),
    "uid": pl.Utf8,
}

# Keys that normalize adds to RECORDS: what resolve compares.
RECORD_KEYS: dict[str, pl.DataType] = {
    "url_key": pl.Utf8,  # normalised LinkedIn profile URL, or null
    "email_keys": pl.List(pl.Utf8),
    "phone_keys": pl.List(pl.Utf8),  # E.164
    "name_key": pl.Utf8,  # folded name for comparison, or null
}

# One row of messages.csv. CONTENT is never kept: it is read only to tell system
# and sponsored rows apart, so no message body can reach an output.
MESSAGES: dict[str, pl.DataType] = {
    "file": pl.Utf8,
    "record": pl.Int64,
    "conversation_id": pl.Utf8,
    "sender_name": pl.Utf8,
    "sender_url": pl.Utf8,
    # TO as written: before mid-2023 several names joined with ", " (a name may itself
    # hold ", "); split by export_names.split_recipient_names into ``recipient_names``.
    "to_names": pl.Utf8,
    "recipient_urls": pl.List(pl.Utf8),
    "sent_at": pl.Datetime("us", "UTC"),
    "folder": pl.Utf8,
    "direction": pl.Utf8,  # old exports only: "INCOMING" | "OUTGOING"; else null
    # Why the row never counts, whoever it names, or null: "draft" (IS MESSAGE DRAFT or
    # IS CONVERSATION DRAFT Yes/true/1), "spam" (SPAM folder), "sponsored" (an InMail
    # ad), "system row" ("Message request accepted", "… left the conversation").
    # interactions adds its own reasons ("group thread", "after as-of", …) when counting.
    "ignored": pl.Utf8,
}

# What export_names.split_recipient_names puts in MESSAGES in place of ``to_names``:
# TO split into the names the export knows (longest first), one per recipient.
RECIPIENT_NAMES: dict[str, pl.DataType] = {"recipient_names": pl.List(pl.Utf8)}

# One row of Invitations.csv.
INVITATIONS: dict[str, pl.DataType] = {
    "file": pl.Utf8,
    "record": pl.Int64,
    "direction": pl.Utf8,  # "INCOMING" | "OUTGOING"
    "from_name": pl.Utf8,
    "to_name": pl.Utf8,
    "inviter_url": pl.Utf8,
    "invitee_url": pl.Utf8,
    "sent_at": pl.Datetime("us", "UTC"),
}

# One recommendation or endorsement, given or received.
GIVES: dict[str, pl.DataType] = {
    "file": pl.Utf8,
    "record": pl.Int64,
    "kind": pl.Utf8,  # "recommendation" | "endorsement"
    "direction": pl.Utf8,  # "given" | "received"
    "name": pl.Utf8,  # the other person
    "url": pl.Utf8,  # their profile URL when the file has one
    "on": pl.Date,
}

# One e-mail message: one header block of an mbox, or one Maildir, .eml or .emlx file.
# Subject and body are never read. Every message read is one row here or one SKIPPED row
# (no readable date).
EMAILS: dict[str, pl.DataType] = {
    "file": pl.Utf8,  # as RECORDS' file: the mbox, Maildir file or .eml path
    "record": pl.Int64,  # 1-based position in an mbox; 1 for a one-message file
    "message_id": pl.Utf8,  # Message-ID without its <>, case kept; null when absent
    "sent_at": pl.Datetime("us", "UTC"),  # the Date header, else the mbox "From " line's date
    "from_address": pl.Utf8,  # first From address, lower-cased, else as written; null if none
    "from_name": pl.Utf8,  # its display name, RFC 2047 decoded; null if none
    "recipient_addresses": pl.List(pl.Utf8),  # To then Cc, lower-cased, in header order
    "recipient_names": pl.List(pl.Utf8),  # aligned with recipient_addresses (null items)
    "delivered_to": pl.List(pl.Utf8),  # Delivered-To addresses, lower-cased
    # Why a rule of the reader sets it aside, else null: "draft", "spam", "deleted",
    # "list or bulk mail", "no-reply address" (audit/ingest/email/rules.py says which headers,
    # labels, folders and flags).
    "ignored": pl.Utf8,
}

# One VEVENT of a calendar (.ics) file, as written: a single event, the master of a
# recurring series (``rrules`` or ``rdates`` not empty) or an edited occurrence of one
# (``recurrence_id`` set). Times are UTC instants; an all-day date is midnight UTC of that
# date. Titles, descriptions and locations are never read.
CALENDAR_ATTENDEE = pl.Struct(
    {
        "email": pl.Utf8,  # address as written, "mailto:" dropped; null when none
        "name": pl.Utf8,  # CN, or null when there is none or it only repeats the address
        "partstat": pl.Utf8,  # upper case; NEEDS-ACTION when not written (RFC 5545)
        "cutype": pl.Utf8,  # upper case; INDIVIDUAL when not written
    }
)
CALENDAR_EVENTS: dict[str, pl.DataType] = {
    "file": pl.Utf8,
    "record": pl.Int64,  # 1-based position of the VEVENT in the file
    "uid": pl.Utf8,
    "recurrence_id": pl.Datetime("us", "UTC"),  # the occurrence an edited copy replaces
    "start": pl.Datetime("us", "UTC"),  # DTSTART
    "all_day": pl.Boolean,  # DTSTART is a DATE
    "zone": pl.Utf8,  # time zone recurrence walks in: an IANA name, "UTC", or a TZID of
    # the file whose VTIMEZONE is in ``zone_rules``
    "zone_rules": pl.Utf8,  # the VTIMEZONE block, only when no IANA zone fits the TZID
    "zone_note": pl.Utf8,  # why the zone is a guess (floating time, unknown TZID), or null
    "rrules": pl.List(pl.Utf8),  # RRULE values, upper case, UNTIL made a UTC instant
    "rdates": pl.List(pl.Datetime("us", "UTC")),  # RDATE values (a PERIOD by its start)
    "exdates": pl.List(pl.Datetime("us", "UTC")),
    "cancelled": pl.Boolean,  # STATUS:CANCELLED
    "organizer": pl.Utf8,  # address, "mailto:" dropped
    "organizer_name": pl.Utf8,
    "attendees": pl.List(CALENDAR_ATTENDEE),
}

CALENDAR_PARTICIPANT = pl.Struct({"email": pl.Utf8, "name": pl.Utf8, "partstat": pl.Utf8})
ACCEPTED = "ACCEPTED"  # the PARTSTAT of a participant who comes (an organizer always does)
# One occurrence of a calendar event (see ``audit.ingest.calendar.expand_meetings`` for
# which occurrences are listed). ``record`` is the VEVENT whose data the occurrence has:
# the edited copy's for an edited occurrence, else the master's.
MEETINGS: dict[str, pl.DataType] = {
    "file": pl.Utf8,
    "record": pl.Int64,
    "uid": pl.Utf8,
    "start": pl.Datetime("us", "UTC"),
    "day": pl.Date,  # UTC date of the start; an all-day event's own date
    "organizer": pl.Utf8,
    "organizer_name": pl.Utf8,
    # The organiser (partstat ACCEPTED: organising is accepting) and every attendee who
    # did not decline, rooms, resources and groups left out.
    "participants": pl.List(CALENDAR_PARTICIPANT),
    "ignored": pl.Utf8,  # the rule that sets the occurrence aside, or null
}

# One row of an interactions CSV: an exchange the tool cannot read itself (a call, a
# text, a chat), written by the user. At least one of name, email, phone, linkedin_url.
CSV_INTERACTIONS: dict[str, pl.DataType] = {
    "file": pl.Utf8,
    "record": pl.Int64,  # 1-based data row
    "day": pl.Date,
    "direction": pl.Utf8,  # "in" | "out" | "both"
    "channel": pl.Utf8,  # as written, lower case; "other" when the file has none
    "name": pl.Utf8,
    "email": pl.Utf8,
    "phone": pl.Utf8,
    "linkedin_url": pl.Utf8,
}

# A record that could not be used, with why. ``record`` is null when a whole
# file inside a folder or archive was skipped.
SKIPPED: dict[str, pl.DataType] = {
    "file": pl.Utf8,
    "record": pl.Int64,
    "reason": pl.Utf8,
}

RECORD_REF = pl.Struct({"file": pl.Utf8, "record": pl.Int64})

# A person: what resolve makes of the records and of everyone the messages,
# invitations and gives name. ``person_id`` is stable for the same inputs.
PEOPLE: dict[str, pl.DataType] = {
    "person_id": pl.Utf8,  # "p-" + 12 hex digits
    "name": pl.Utf8,
    "is_connection": pl.Boolean,
    "linkedin_url": pl.Utf8,  # normalised
    "emails": pl.List(pl.Utf8),
    "phones": pl.List(pl.Utf8),
    "company": pl.Utf8,
    "position": pl.Utf8,
    "connected_on": pl.Date,
    "records": pl.List(RECORD_REF),
    "match_reasons": pl.List(pl.Utf8),
}

# Everyone that messages, invitations and gives name (the owner left out), for
# resolve to attach to people. ``ref_key`` as in LINKS; ``name_key`` folded.
REFERENCES: dict[str, pl.DataType] = {
    "ref_key": pl.Utf8,
    "name": pl.Utf8,
    "name_key": pl.Utf8,
}

# How a name or URL seen in messages, invitations or gives maps to a person.
# ``ref_key`` is a normalised URL, or "name:" + folded name when there is no URL.
LINKS: dict[str, pl.DataType] = {
    "ref_key": pl.Utf8,
    "person_id": pl.Utf8,
}

# One exchange of any channel: a LinkedIn message, an e-mail, a meeting occurrence, a row
# of an interactions CSV. Every channel's reader frame becomes rows of this one frame
# (interactions.rows), so one set of rules decides what counts. Keys are ref keys: a
# normalised profile URL, "email:" + normalised address, "phone:" + E.164, "name:" +
# folded name, "member:" + conversation for a hidden LinkedIn member, or OWNER_KEY where
# a row is the owner's by construction (an interactions CSV speaks for the owner).
INTERACTIONS: dict[str, pl.DataType] = {
    "channel": pl.Utf8,  # "linkedin" | "email" | "meeting" | an interactions-CSV channel
    "file": pl.Utf8,
    "record": pl.Int64,  # as in SKIPPED: 1-based row, message or event of ``file``
    "group_id": pl.Utf8,  # rows whose participants are counted together against max_group
    "thread_id": pl.Utf8,  # a LinkedIn conversation; null: one per owner, person and channel
    "message_id": pl.Utf8,  # e-mail Message-ID: one message read twice counts once
    "day": pl.Date,  # UTC calendar date
    "sender_key": pl.Utf8,  # who wrote it; null on two-way rows
    "sender_name": pl.Utf8,
    "recipient_keys": pl.List(pl.Utf8),  # to whom; on two-way rows, everyone who took part
    "recipient_names": pl.List(pl.Utf8),  # aligned with recipient_keys (null where unknown)
    "participant_keys": pl.List(pl.Utf8),  # everyone the group's size counts
    "two_way": pl.Boolean,  # a meeting or a CSV "both" row: an exchange both ways on its date
    "ignored": pl.Utf8,  # why a reader's rule set it aside (e.g. "draft"), else null
}
OWNER_KEY = "owner:"
MEMBER_KEY = "member:"  # + conversation id: a hidden LinkedIn member, nobody to find
NAME_KEY = "name:"  # + folded name
EMAIL_KEY = "email:"  # + normalised address
PHONE_KEY = "phone:"  # + E.164

# Interaction facts of one person, over every channel.
FACTS: dict[str, pl.DataType] = {
    "person_id": pl.Utf8,
    "last_in": pl.Date,
    "last_out": pl.Date,
    "last_two_way": pl.Date,
    "messages_in": pl.Int64,  # written messages of every channel (not meetings, not "both")
    "messages_out": pl.Int64,
}

# Interaction facts of one person on one channel (the JSON's per-person ``channels``).
CHANNEL_FACTS: dict[str, pl.DataType] = {
    "person_id": pl.Utf8,
    "channel": pl.Utf8,
    "messages_in": pl.Int64,
    "messages_out": pl.Int64,
    "both": pl.Int64,  # two-way rows: meetings, CSV "both" rows
    "last_in": pl.Date,
    "last_out": pl.Date,
    "last_two_way": pl.Date,
    "last_both": pl.Date,  # the newest two-way row (a meeting's last occurrence)
}

# One card of the merged address book (``--vcf``): a person with a record or an e-mail,
# with every value their records gave, each once, the person's own (PEOPLE's) first.
ADDRESS_BOOK: dict[str, pl.DataType] = {
    "person_id": pl.Utf8,
    "tier": pl.Utf8,
    "names": pl.List(pl.Utf8),  # display names; the person's name first
    "family_name": pl.Utf8,  # from the first record that has name parts
    "given_name": pl.Utf8,
    "nicknames": pl.List(pl.Utf8),
    "emails": pl.List(pl.Utf8),  # as PEOPLE: trimmed, lower case
    "phones": pl.List(pl.Utf8),  # E.164
    "urls": pl.List(pl.Utf8),  # normalised LinkedIn profile URLs
    "companies": pl.List(pl.Utf8),
    "positions": pl.List(pl.Utf8),
    "categories": pl.List(pl.Utf8),  # the records' own, without earlier "reachable:" ones
}

TIERS = ("active", "warm", "dormant", "one_way_out", "one_way_in", "silent")
REACHABLE_TIERS = ("active", "warm")


# Joins a row's list items into one string on their way into polars, where str.split
# makes the list column: building list columns from Python lists costs a Series per cell.
# A control character no name, address or reason holds.
LIST_SEP = "\x1f"


def sort_people(people: list[dict]) -> list[dict]:
    """People (the JSON document's dicts) in the document's order: by tier, then the newest
    two-way exchange, then the newest message either way, then name, then id. A redacted
    document is sorted again after names become pseudonyms, so its order says nothing of
    the real names."""
    rank = {tier: -i for i, tier in enumerate(TIERS)}

    def dates_first(p: dict) -> tuple:
        # Sorted in reverse: tier ascending (its rank negated), then the newest two-way
        # exchange, then the newest message either way (of the two, one that is set), newest
        # first and a missing one last. ISO dates compare as text.
        last_in, last_out = p["last_in"], p["last_out"]
        newest = max(last_in, last_out) if last_in and last_out else last_in or last_out or None
        two_way = p["last_two_way"]
        return (
            rank[p["tier"]],
            two_way is not None,
            two_way or "",
            newest is not None,
            newest or "",
        )

    # Stable sorts: by name and id, then by the rest (a reverse sort is stable too).
    try:
        # Every person named: by id, then by name, with keys read in C (51 -> 32 ms at the
        # cap). A missing name cannot be compared with a name and raises TypeError.
        ordered = sorted(people, key=itemgetter("id"))
        ordered.sort(key=itemgetter("name"))
    except TypeError:  # unnamed people last
        ordered = sorted(people, key=lambda p: (p["name"] is None, p["name"] or "", p["id"]))
    ordered.sort(key=dates_first, reverse=True)
    return ordered


def blank_row(schema: dict[str, pl.DataType]) -> dict:
    """A row of ``schema`` with nothing in it: [] for list columns, null for the rest."""
    return {c: [] if isinstance(t, pl.List) else None for c, t in schema.items()}


def blank_columns(schema: dict[str, pl.DataType], present: list[str]) -> list[pl.Expr]:
    """``blank_row`` as expressions: each column of ``schema`` not in ``present``, empty."""
    return [
        (pl.lit([], dtype=t) if isinstance(t, pl.List) else pl.lit(None, dtype=t)).alias(c)
        for c, t in schema.items()
        if c not in present
    ]


def frame(rows: list[dict] | None, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """A frame of exactly ``schema``'s columns, also when there are no rows."""
    if not rows:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame(rows, schema=schema, orient="row" if isinstance(rows[0], tuple) else None)


def list_series(name: str, lists: list[list], inner: pl.DataType = pl.Utf8) -> pl.Series:
    """``pl.Series(name, lists, dtype=pl.List(inner))``, built as slices of one flat column:
    polars makes a Series of each Python list on its own (about 30 µs a row, 0.3 s for the
    10,000 cards of a big address book), where the slices cost a few milliseconds."""
    if not lists:
        return pl.Series(name, [], dtype=pl.List(inner))
    lengths = pl.Series([len(values) for values in lists], dtype=pl.Int64)
    flat = pl.Series([value for values in lists for value in values], dtype=inner)
    starts = lengths.cum_sum() - lengths
    sliced = pl.lit(flat).implode().list.slice(pl.lit(starts), pl.lit(lengths))
    return pl.select(sliced).to_series().alias(name)


def frame_of_dicts(rows: list[dict], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """``frame(rows, schema)`` for rows with list columns (each a list, never null): the
    columns are built one by one, lists by ``list_series``."""
    if not rows:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame(
        [
            list_series(c, [row[c] for row in rows], t.inner)
            if isinstance(t, pl.List)
            else pl.Series(c, [row[c] for row in rows], dtype=t)
            for c, t in schema.items()
        ]
    )
