"""The LinkedIn CSV reader on the shapes real exports have had: preambles, BOMs, quoted
headers, old header sets, four date formats, multi-line bodies, mojibake."""

from datetime import date, datetime, timezone

import polars as pl
import pytest

from audit.ingest import linkedin
from audit.ingest.linkedin import table as linkedin_table

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
PREAMBLE = (
    'Notes:\r\n"When exporting your connection data, you may notice that some of the email '
    'addresses are missing."\r\n\r\n'
)


def connections(text: str):
    return linkedin.read_connections(text.encode("utf-8"), "Connections.csv")


@pytest.mark.parametrize("preamble", ["", PREAMBLE, "\ufeff" + PREAMBLE])
def test_header_is_found_with_or_without_preamble(preamble):
    records, skipped = connections(
        preamble
        + HEADER
        + 'Ada,Lovelace,https://www.linkedin.com/in/ada,,"Acme, Inc.",CTO,05 Mar 2024\r\n'
    )
    assert records.select("name", "company", "connected_on").rows() == [
        ("Ada Lovelace", "Acme, Inc.", date(2024, 3, 5))
    ]
    assert records["record"].to_list() == [1]
    assert skipped.is_empty()


def test_columns_are_taken_by_name_not_position():
    text = "Connected On,URL,Last Name,First Name\r\n01 Feb 2020,https://www.linkedin.com/in/x,Doe,Jo\r\n"
    records, _ = connections(text)
    assert records.select("first_name", "last_name", "linkedin_url").rows() == [
        ("Jo", "Doe", "https://www.linkedin.com/in/x")
    ]


def test_rows_of_commas_are_skipped_with_their_record_number():
    text = HEADER + "A,B,,,,,01 Jan 2023\r\n,,,,,,01 Jan 2023\r\n#N/A,,,,,,02 Jan 2023\r\n"
    records, skipped = connections(PREAMBLE + text)
    assert records["name"].to_list() == ["A B"]
    assert skipped.rows() == [
        ("Connections.csv", 2, linkedin.UNNAMED_CONNECTION),
        ("Connections.csv", 3, linkedin.UNNAMED_CONNECTION),
    ]


def test_double_encoded_names_are_repaired():
    records, _ = connections(
        HEADER + "JosÃ©,MuÃ±oz,,,,,01 Jan 2023\r\nZoÃ«,Ã…berg,,,,,01 Jan 2023\r\n"
    )
    assert records["name"].to_list() == ["José Muñoz", "Zoë Åberg"]


def test_windows_1252_file_is_read():
    data = (HEADER + "Ren\xe9e,B\xf6hm,,,,,01 Jan 2023\r\n").encode("cp1252")
    records, _ = linkedin.read_connections(data, "Connections.csv")
    assert records["name"].to_list() == ["Renée Böhm"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-06-11 15:33:58 UTC", datetime(2023, 6, 11, 15, 33, 58, tzinfo=timezone.utc)),
        ("2023/03/01 19:52:23 UTC", datetime(2023, 3, 1, 19, 52, 23, tzinfo=timezone.utc)),
        ("7/8/26, 3:43 PM", datetime(2026, 7, 8, 15, 43, tzinfo=timezone.utc)),
        ("05 Mar 2024", datetime(2024, 3, 5, tzinfo=timezone.utc)),
        ("15 September 2026", datetime(2026, 9, 15, tzinfo=timezone.utc)),
        ("30 Feb 2026", None),
        ("sometime later", None),
    ],
)
def test_every_linkedin_date_format(text, expected):
    parsed = pl.DataFrame({"d": [text]}).select(linkedin.parse_dates(pl.col("d"))).item()
    assert parsed == expected


MESSAGES_HEADER = (
    '\ufeff"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
    '"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS",'
    '"IS MESSAGE DRAFT","IS CONVERSATION DRAFT"\r\n'
)


def messages(text: str):
    return linkedin.read_messages(text.encode("utf-8"), "messages.csv")


def test_messages_quoted_header_multiline_bodies_and_recipient_lists():
    text = MESSAGES_HEADER + (
        '2-AA,,Ada A,https://www.linkedin.com/in/ada,"Bo B, Cy C",'
        '"https://www.linkedin.com/in/bo,https://www.linkedin.com/in/cy",'
        '2023-06-11 15:33:58 UTC,,"She said ""hi""\r\nand left",INBOX,,false,false\r\n'
        "2-BB,,Bo B,https://www.linkedin.com/in/bo,Ada A;Cy C,"
        "https://www.linkedin.com/in/ada;https://www.linkedin.com/in/cy,"
        "2023-06-12 10:00:00 UTC,,Message request accepted,INBOX,,false,false\r\n"
        "2-CC,,Ada A,https://www.linkedin.com/in/ada,Bo B,https://www.linkedin.com/in/bo,"
        "2023-06-13 10:00:00 UTC,,draft,INBOX,,true,false\r\n"
    )
    frame, skipped = messages(text)
    assert skipped.is_empty()
    assert "content" not in frame.columns  # message text never leaves the reader
    assert frame["recipient_urls"].to_list() == [
        ["https://www.linkedin.com/in/bo", "https://www.linkedin.com/in/cy"],
        ["https://www.linkedin.com/in/ada", "https://www.linkedin.com/in/cy"],
        ["https://www.linkedin.com/in/bo"],
    ]
    # TO as written: splitting it needs the names the whole export knows (export_names).
    assert frame["to_names"].to_list() == ["Bo B, Cy C", "Ada A;Cy C", "Bo B"]
    assert frame["ignored"].to_list() == [None, "system row", "draft"]
    assert frame["record"].to_list() == [1, 2, 3]


def test_old_messages_header_with_direction():
    text = (
        "From,To,Date,Subject,Content,Direction,Folder\r\n"
        'Avery Quinn,Bo B,"3/5/16, 9:15 AM",Hi,Hello,OUTGOING,SENT\r\n'
        'Bo B,Avery Quinn,"3/6/16, 4:00 PM",Re: Hi,Hey,INCOMING,INBOX\r\n'
    )
    frame, skipped = messages(text)
    assert skipped.is_empty()
    assert frame.select("sender_name", "direction", "conversation_id").rows() == [
        ("Avery Quinn", "OUTGOING", None),
        ("Bo B", "INCOMING", None),
    ]
    assert frame["sent_at"].to_list()[1] == datetime(2016, 3, 6, 16, 0, tzinfo=timezone.utc)


def test_message_with_bad_date_is_skipped_without_its_content():
    text = MESSAGES_HEADER + (
        "2-AA,,Ada A,https://www.linkedin.com/in/ada,Bo B,https://www.linkedin.com/in/bo,"
        "2026-13-05 09:00:00,,secret words,INBOX,,false,false\r\n"
    )
    frame, skipped = messages(text)
    assert frame.is_empty()
    assert skipped.rows() == [("messages.csv", 1, "unreadable date '2026-13-05 09:00:00'")]


def test_message_dated_before_the_year_1000_is_skipped_not_a_crash():
    # polars parses "0-11-15"; a Python date cannot hold year 0, so the run used to stop.
    text = MESSAGES_HEADER + (
        "2-AA,,Ada A,https://www.linkedin.com/in/ada,Bo B,https://www.linkedin.com/in/bo,"
        "0-11-15 10:00:00 UTC,,hi,INBOX,,false,false\r\n"
        "2-AA,,Ada A,https://www.linkedin.com/in/ada,Bo B,https://www.linkedin.com/in/bo,"
        "-5-03-05 10:00:00 UTC,,hi,INBOX,,false,false\r\n"
        "2-AA,,Ada A,https://www.linkedin.com/in/ada,Bo B,https://www.linkedin.com/in/bo,"
        "0999-12-31 23:59:59 UTC,,hi,INBOX,,false,false\r\n"
        "2-AA,,Ada A,https://www.linkedin.com/in/ada,Bo B,https://www.linkedin.com/in/bo,"
        "1000-01-01 00:00:00 UTC,,hi,INBOX,,false,false\r\n"
    )
    frame, skipped = messages(text)
    assert frame["record"].to_list() == [4]
    assert frame["sent_at"].to_list() == [datetime(1000, 1, 1, tzinfo=timezone.utc)]
    assert skipped.rows() == [
        ("messages.csv", 1, "unreadable date '0-11-15 10:00:00 UTC'"),
        ("messages.csv", 2, "unreadable date '-5-03-05 10:00:00 UTC'"),
        ("messages.csv", 3, "unreadable date '0999-12-31 23:59:59 UTC'"),
    ]


@pytest.mark.parametrize("written", ["05 Mar 0", "05 Mar 0001", "05 Mar 24", "0999-12-31"])
def test_connection_dated_before_the_year_1000_keeps_the_person_without_a_date(written):
    records, skipped = connections(HEADER + f"Ada,Lovelace,,,,,{written}\r\n")
    assert records.select("name", "connected_on").rows() == [("Ada Lovelace", None)]
    assert skipped.is_empty()


@pytest.mark.parametrize(
    ("name", "header", "kind"),
    [
        ("Connections.csv", HEADER, "connections"),
        ("export (1).csv", PREAMBLE + HEADER, "connections"),
        ("messages.csv", MESSAGES_HEADER, "messages"),
        ("Messages.csv", "From,To,Date,Subject,Content,Direction,Folder\r\n", "messages"),
        (
            "Invitations.csv",
            "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\r\n",
            "invitations",
        ),
        (
            "Recommendations Given.csv",
            "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\r\n",
            "recommendations_given",
        ),
        (
            "Recommendations_Received.csv",
            "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\r\n",
            "recommendations_received",
        ),
        (
            "Endorsement_Given_info.csv",
            "Endorsement Date,Skill Name,Endorsee First Name,Endorsee Last Name,"
            "Endorsee Public Url,Endorsement Status\r\n",
            "endorsements_given",
        ),
        ("Skills.csv", "Name\r\nPython\r\n", None),
    ],
)
def test_files_are_recognised_by_header(name, header, kind):
    found = linkedin.sniff_kind(name, header)
    assert (found.name if found else None) == kind


def test_bot_conversations_are_not_member_messages():
    assert linkedin.is_not_member_messages("guide_messages.csv")
    assert linkedin.is_not_member_messages("Export/learning_role_play_messages.csv")
    assert not linkedin.is_not_member_messages("messages.csv")


def _big_messages(line_end: str, extra: str = "") -> bytes:
    """A messages.csv past the size where polars reads it, rows ending in ``line_end``."""
    row = (
        "2-AA,,Ada A,https://www.linkedin.com/in/ada,Bo B,https://www.linkedin.com/in/bo,"
        '2023-06-11 15:33:58 UTC,,"{body}",INBOX,,false,false'
    )
    rows = [row.format(body=f"note {i}" + " lorem ipsum" * 8) for i in range(12_000)]
    rows[5_000] = row.format(body="one line\r\nand another\nand a third")
    text = MESSAGES_HEADER.replace("\r\n", line_end) + line_end.join(rows) + line_end + extra
    data = text.encode("utf-8")
    assert len(data) > linkedin_table.FAST_READ_BYTES
    return data


@pytest.mark.parametrize(
    ("line_end", "extra"),
    [
        ("\r\n", ""),
        ("\n", ""),
        # A bare CR ends a row for the csv module and not for polars: csv reads this file.
        ("\r\n", "2-BB,,Bo B,,Ada A,,2023-06-12 10:00:00 UTC,,hi,INBOX,,false,false\r"),
        ("\n", "2-BB,,Bo B,,Ada A,,2023-06-12 10:00:00 UTC,,hi\r,INBOX,,false,false\n"),
    ],
)
def test_big_files_read_by_polars_give_what_the_csv_module_gives(monkeypatch, line_end, extra):
    data = _big_messages(line_end, extra)
    assert (linkedin_table._read_fast(data) is None) == ("\r" in extra)  # which reader ran
    fast, fast_skipped = linkedin.read_messages(data, "messages.csv")
    monkeypatch.setattr(linkedin_table, "FAST_READ_BYTES", len(data) + 1)
    slow, slow_skipped = linkedin.read_messages(data, "messages.csv")
    assert fast.equals(slow)
    assert fast_skipped.equals(slow_skipped)
    assert fast.height == 12_000 + bool(extra)
