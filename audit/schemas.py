"""The columns of every frame that passes between stages, written down once.

Each stage takes frames of these shapes and returns frames of these shapes, so a
reader can follow a column from the input file to the report. Readers build
their frames with ``frame(rows, SCHEMA)`` so an empty input still has the right
columns and types, and the later stages never need to ask whether a column is
there.

Flow: ingest -> RECORDS, MESSAGES, INVITATIONS, GIVES, CALENDAR_EVENTS (expanded into
MEETINGS), CSV_INTERACTIONS, SKIPPED;
normalize adds the *_key columns; resolve -> PEOPLE and LINKS;
interactions -> FACTS; classify -> PEOPLE + FACTS + ``tier``.
"""

from __future__ import annotations

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
# rows apart, so no message body can reach an output.
MESSAGES: dict[str, pl.DataType] = {
    "file": pl.Utf8,
    "record": pl.Int64,
    "conversation_id": pl.Utf8,
    "sender_name": pl.Utf8,
    "sender_url": pl.Utf8,
    "recipient_names": pl.List(pl.Utf8),
    "recipient_urls": pl.List(pl.Utf8),
    "sent_at": pl.Datetime("us", "UTC"),
    "folder": pl.Utf8,
    "direction": pl.Utf8,  # old exports only: "INCOMING" | "OUTGOING"; else null
    "is_draft": pl.Boolean,
    "is_system": pl.Boolean,  # "Message request accepted", "… left the conversation"
}

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

# Interaction facts of one person, from the counted messages.
FACTS: dict[str, pl.DataType] = {
    "person_id": pl.Utf8,
    "last_in": pl.Date,
    "last_out": pl.Date,
    "last_two_way": pl.Date,
    "messages_in": pl.Int64,
    "messages_out": pl.Int64,
}

TIERS = ("active", "warm", "dormant", "one_way_out", "one_way_in", "silent")
REACHABLE_TIERS = ("active", "warm")


def sort_people(people: list[dict]) -> list[dict]:
    """People (the JSON document's dicts) in the document's order: by tier, then the newest
    two-way exchange, then the newest message either way, then name, then id. A redacted
    document is sorted again after names become pseudonyms, so its order says nothing of
    the real names."""
    rank = {tier: i for i, tier in enumerate(TIERS)}

    def newest(p: dict) -> str | None:
        dates = [d for d in (p["last_in"], p["last_out"]) if d]
        return max(dates) if dates else None

    # Stable sorts from the least significant key up; ISO dates compare as text.
    ordered = sorted(people, key=lambda p: (p["name"] is None, p["name"] or "", p["id"]))
    ordered.sort(key=lambda p: (newest(p) is not None, newest(p) or ""), reverse=True)
    ordered.sort(
        key=lambda p: (p["last_two_way"] is not None, p["last_two_way"] or ""), reverse=True
    )
    ordered.sort(key=lambda p: rank[p["tier"]])
    return ordered


def blank_row(schema: dict[str, pl.DataType]) -> dict:
    """A row of ``schema`` with nothing in it: [] for list columns, null for the rest."""
    return {c: [] if isinstance(t, pl.List) else None for c, t in schema.items()}


def frame(rows: list[dict] | None, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """A frame of exactly ``schema``'s columns, also when there are no rows."""
    if not rows:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame(rows, schema=schema, orient="row" if isinstance(rows[0], tuple) else None)
