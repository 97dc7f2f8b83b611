"""The interactions CSV reader: exact rows and exact skipped reasons, worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from audit.ingest.interactions_csv import (
    looks_like_interactions_csv,
    read_day,
    read_interactions_csv,
)
from audit.ingest.linkedin import UnreadableFile
from audit.pipeline import run_audit
from audit.settings import Settings

CALLS = (
    "\ufeffPhone,Direction,Date,Channel,Name\r\n"  # any order, a BOM, CRLF, mixed case
    "+44 20 7946 0000,in,2026-03-01,call,Ada Lovelace\r\n"
    "+44 20 7946 0001,OUT,2026-03-02 23:30,SMS,\r\n"
    "\r\n"  # a blank line is no row
    ",both,2026-03-03T23:30:00-02:00,whatsapp,Grace Hopper\r\n"
    "+1 555 0100,sideways,2026-03-04,call,Bob\r\n"
    "+1 555 0101,in,03/05/2026,call,Bob\r\n"
    ",in,2026-03-06,call,#N/A\r\n"
    "+1 555 0102,in,2026-02-30,call,Cy\r\n"
    "+1 555 0103,out,2026-03-07,call,Di,extra\r\n"
    "+1 555 0104,in,2026-03-08\r\n"  # a short row: the empty cells a spreadsheet drops
)


def test_rows_and_skips():
    rows, skipped = read_interactions_csv(CALLS.encode("utf-8"), "calls.csv")
    assert rows.rows() == [
        (
            "calls.csv",
            1,
            date(2026, 3, 1),
            "in",
            "call",
            "Ada Lovelace",
            None,
            "+44 20 7946 0000",
            None,
        ),
        # no zone: the date as written; direction and channel lower-cased
        ("calls.csv", 2, date(2026, 3, 2), "out", "sms", None, None, "+44 20 7946 0001", None),
        # 23:30 at UTC-2 is 01:30 UTC on 4 March
        ("calls.csv", 3, date(2026, 3, 4), "both", "whatsapp", "Grace Hopper", None, None, None),
        # the short row: no channel cell, so "other"
        ("calls.csv", 9, date(2026, 3, 8), "in", "other", None, None, "+1 555 0104", None),
    ]
    assert skipped.rows() == [
        ("calls.csv", 4, "unreadable direction 'sideways' (in, out or both)"),
        ("calls.csv", 5, "unreadable date '03/05/2026'"),  # day and month order unknowable
        ("calls.csv", 6, "row names nobody (no name, email, phone or linkedin_url)"),
        ("calls.csv", 7, "unreadable date '2026-02-30'"),
        ("calls.csv", 8, "row has 6 fields, the header has 5"),
    ]


def test_default_channel_and_linkedin_url_column():
    data = b"date,direction,linkedin_url,email\n2026-01-02,out,https://www.linkedin.com/in/ada,\n"
    rows, skipped = read_interactions_csv(data, "x.csv")
    assert skipped.is_empty()
    assert rows.rows() == [
        (
            "x.csv",
            1,
            date(2026, 1, 2),
            "out",
            "other",
            None,
            None,
            None,
            "https://www.linkedin.com/in/ada",
        )
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("date,direction,name", True),
        ("Direction,Email,Date", True),
        ("date,direction,channel,name,email,phone,linkedin_url", True),
        ("date,direction,channel", False),  # nobody to name
        ("date,name,email", False),  # no direction
        # LinkedIn's messages.csv of before 2020 has Date and Direction but no identity column
        ("From,To,Date,Subject,Content,Direction,Folder", False),
        ("", False),
    ],
)
def test_sniff(header, expected):
    assert looks_like_interactions_csv(header + "\n2026-01-01,in,x\n") is expected


def test_not_an_interactions_csv():
    with pytest.raises(UnreadableFile, match="not an interactions CSV"):
        read_interactions_csv(b"First Name,Last Name\nA,B\n", "c.csv")


def test_dates():
    assert read_day("2026-03-01T00:30:00+01:00") == date(2026, 2, 28)
    assert read_day("2026-03-01T23:59Z") == date(2026, 3, 1)
    assert read_day("2026-03-01 10:00:00.123") == date(2026, 3, 1)
    assert read_day("0999-01-01") is None
    assert read_day("2026-03-01T10:00+25:00") is None
    assert read_day("yesterday") is None


PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n'
    "\n"
)


def audit_one_connection(folder, connection: str, calls: str):
    """The audit (as of 2026-11-21) of an export holding one Connections.csv row, beside
    an interactions CSV ``calls``."""
    (folder / "Connections.csv").write_text(
        PREAMBLE
        + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        + connection,
        encoding="utf-8",
    )
    (folder / "calls.csv").write_text(calls, encoding="utf-8")
    return run_audit([folder], Settings(as_of=date(2026, 11, 21)))


def test_a_row_by_profile_url_joins_the_connection_with_that_url(tmp_path):
    # A connection nobody messaged on LinkedIn: no message, invitation or endorsement names
    # their URL, so only the record has it. A call by that URL is with that connection
    # (DESIGN: the interactions CSV names people by linkedin_url, and keys join people
    # through the same keys as the records): one person, not the connection plus a second
    # person made of the URL.
    document = audit_one_connection(
        tmp_path,
        "Cal,Caller,https://www.linkedin.com/in/cal-caller-26,,Bell,Operator,16 Apr 2021\n",
        "date,direction,channel,linkedin_url\n"
        "2026-09-30,both,call,https://www.linkedin.com/in/cal-caller-26/\n",
    ).document
    people = [(p["name"], p["is_connection"], p["tier"], p["channels"]) for p in document["people"]]
    # a "both" row is a two-way exchange on its date; 2026-09-30 is 52 days before T: active
    assert people == [
        (
            "Cal Caller",
            True,
            "active",
            {"call": {"in": 0, "out": 0, "both": 1, "last_two_way": "2026-09-30"}},
        )
    ]
    assert document["summary"]["people"] == 1


def test_a_row_by_name_alone_is_listed_as_a_name_join_without_an_address(tmp_path):
    # A row naming only "Gus Gathering" joins the one connection of that name (DESIGN's
    # "same name as e-mail sender"), and the report lists the join. There is no address to
    # show beside the name: the key is "name:gus gathering", and cutting "email:" off it
    # left "us gathering", which the report printed as if it were an address.
    result = audit_one_connection(
        tmp_path,
        "Gus,Gathering,https://www.linkedin.com/in/gus-gathering-20,,Events,Host,29 Jun 2024\n",
        "date,direction,channel,name\n2026-11-05,out,call,Gus Gathering\n",
    )
    (gus,) = result.document["people"]
    assert gus["match_reasons"] == ["same name as e-mail sender"]
    assert result.extras["name_joins"] == [
        {"id": gus["id"], "name": "Gus Gathering", "address": None}
    ]


def test_a_two_way_row_by_a_profile_url_no_record_has_makes_a_person_with_that_url(tmp_path):
    # Nobody has this URL: a "both" row is a two-way exchange, so its counterpart becomes a
    # person (DESIGN), known by the URL alone: that is their profile URL, and with no name
    # given, the URL is the only name to show (not "//www.linkedin.com/..." from cutting
    # the key at its first colon).
    newcomer = "https://www.linkedin.com/in/newcomer-99"
    document = audit_one_connection(
        tmp_path,
        "Gus,Gathering,https://www.linkedin.com/in/gus-gathering-20,,Events,Host,29 Jun 2024\n",
        f"date,direction,channel,linkedin_url\n2026-09-30,both,call,{newcomer}\n",
    ).document
    met = [(p["name"], p["linkedin_url"], p["tier"]) for p in document["people"]]
    assert ("Gus Gathering", "https://www.linkedin.com/in/gus-gathering-20", "silent") in met
    assert (newcomer, newcomer, "active") in met  # 2026-09-30 is 52 days before T
    assert len(met) == 2


def test_two_logs_and_two_calendars_in_one_folder_are_all_read(tmp_path):
    """Only a LinkedIn export comes in monthly copies to choose among: two call logs and two
    calendars found in one folder are each read, not treated as copies of one file."""
    for name, day in (("phone-a/calls.csv", "2026-11-01"), ("phone-b/calls.csv", "2026-11-02")):
        path = tmp_path / name
        path.parent.mkdir()
        path.write_text(f"date,direction,channel,email\n{day},both,call,x@example.com\n")
    event = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
        "DTSTART:20261103T100000Z\r\nORGANIZER:mailto:me@example.com\r\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:y@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (tmp_path / "home.ics").write_text(event.format(uid="a"))
    (tmp_path / "work.ics").write_text(event.format(uid="b"))
    document = run_audit(
        [tmp_path], Settings(as_of=date(2026, 11, 21), history=None, cli_emails=("me@example.com",))
    ).document
    # One row in each log, one event in each calendar (different UIDs): 2 and 2.
    assert document["summary"]["channels"] == {"meeting": 2, "call": 2}


def test_an_unclosed_quote_past_the_field_limit_is_a_skipped_row_not_a_crash():
    # Bob's name opens a quote that never closes: the csv module gathers the next lines
    # into that one field (2 x 600,000 characters, each line under the 1 MiB line limit)
    # until the field passes the 1 MiB field limit and it raises csv.Error. That row is
    # skipped with the reason; reading goes on at the next line, Cy's, record 3.
    long = "x" * 600_000
    text = (
        "date,direction,name\n2026-03-01,in,Ada\n"
        f'2026-03-02,out,"Bob {long}\n{long}\n'
        "2026-03-04,in,Cy\n"
    )
    rows, skipped = read_interactions_csv(text.encode("utf-8"), "calls.csv")
    assert rows.select("record", "name").rows() == [(1, "Ada"), (3, "Cy")]
    assert skipped.rows() == [
        ("calls.csv", 2, "unreadable CSV row (field larger than field limit (1048576))")
    ]
