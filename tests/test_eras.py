"""Exports of every era, 2020 to 2026: tiers that are true for what real files hold.

Each folder under tests/fixtures/linkedin/eras/ was written by hand from the
structure that ../shared/research/linkedin-export-format.md section 7 documents
(its README names the source of each quirk); none comes from tools/samplegen.py.
Every expected value below was worked out by hand from the fixture's rows, with
the reasoning beside it. Settings are DESIGN's defaults: A = 90, W = 365,
max_group = 5; two-way per conversation = min(newest out, newest in).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from audit.export_names import split_recipient_names
from audit.pipeline import run_audit
from audit.report import render_html, render_json
from audit.settings import Settings
from tests.helpers import FIXTURES, zip_folder

ERAS = FIXTURES / "linkedin" / "eras"

# Per era: the as-of date, the owner's profile URL, and every person as
# (name, tier, is_connection, last_in, last_out, last_two_way, messages_in, messages_out).
EXPECTED = {
    # 2020 to mid-2021: Connections.csv with no preamble and no URL column (and no newline
    # after its last row), 9-column messages.csv, TO joining names with ", ", 5-column
    # Invitations. T = 2021-05-01, so T-A = 2021-01-31.
    "2021": (
        date(2021, 5, 1),
        "https://www.linkedin.com/in/avery-quinn-21",
        [
            # conversation 1: out 03-01, in 03-02 -> two-way 03-01; conversation 2 (Ada,
            # Charles and the owner, 3 participants once "Ada Byron, Charles Babbage" is two
            # names): out 04-10, nothing from Ada -> no two-way there. 03-01 >= 01-31: active.
            ("Ada Byron", "active", True, "2021-03-02", "2021-04-10", "2021-03-01", 1, 2),
            # conversation 2: out 04-10 (to both), in 04-11 -> two-way 04-10: active.
            ("Charles Babbage", "active", True, "2021-04-11", "2021-04-10", "2021-04-10", 1, 1),
            # in 02-01; the owner's answer is dated 05-03, after T: not counted. one_way_in.
            ("Grace Hopper", "one_way_in", True, "2021-02-01", None, None, 1, 0),
            # only an invitation, no message: silent.
            ("Linus Quiet", "silent", True, None, None, None, 0, 0),
            # invited by the owner, not a connection, never messaged.
            ("Marta Pending", "silent", False, None, None, None, 0, 0),
        ],
    ),
    # mid-2021 to mid-2023: the 3-line Notes: preamble, still no URL column, a date-only
    # row, "Jane Doe, Ph.D." inside a comma-joined TO, ARCHIVE, two connections called
    # Sam Lee, endorsements without the endorser URL column. T = 2022-12-01, T-A =
    # 2022-09-02, T-W = 2021-12-01.
    "2022": (
        date(2022, 12, 1),
        "https://www.linkedin.com/in/avery-quinn-22",
        [
            # thread of three: out 10-01 to Jane and Bo; Jane 10-02; Bo 10-03 (ARCHIVE counts:
            # the folder never tells direction or junk). Jane: two-way min(10-01, 10-02).
            ("Jane Doe, Ph.D.", "active", True, "2022-10-02", "2022-10-01", "2022-10-01", 1, 1),
            # Bo: two-way min(10-01, 10-03) = 10-01; his 03-01 "Message request accepted" is a
            # system row.
            ("Bo Brennan", "active", True, "2022-10-03", "2022-10-01", "2022-10-01", 1, 1),
            # in 2021-08-01, out 2022-11-30 -> two-way 2021-08-01 < T-W: dormant.
            ("Kofi Mensah", "dormant", True, "2021-08-01", "2022-11-30", "2021-08-01", 1, 1),
            # two connections share the name: the message joins neither (a person of its
            # own, with the sender's URL), and both rows stay silent connections.
            ("Sam Lee", "one_way_in", False, "2022-06-01", None, None, 1, 0),
            ("Sam Lee", "silent", True, None, None, None, 0, 0),
            ("Sam Lee", "silent", True, None, None, None, 0, 0),
        ],
    ),
    # from July 2023: URL column, 10-column messages with comma-joined recipient URLs,
    # 7-column Invitations, SPAM, sponsored InMail, scheme-less endorsement URLs, a
    # header-only guide_messages.csv. T = 2023-12-01, T-A = 2023-09-02.
    "2023": (
        date(2023, 12, 1),
        "https://www.linkedin.com/in/avery-quinn-23",
        [
            # in 11-01, out 11-02 -> two-way 11-01: active.
            ("Priya Sharma", "active", True, "2023-11-01", "2023-11-02", "2023-11-01", 1, 1),
            # the other Priya (another URL) only got the intro of 10-01: one_way_out.
            ("Priya Sharma", "one_way_out", True, None, "2023-10-01", None, 0, 1),
            # intro out 10-01, Tom 10-02 -> two-way 10-01: active.
            ("Tom Ng", "active", True, "2023-10-02", "2023-10-01", "2023-10-01", 1, 1),
            # only a message in the SPAM folder: silent.
            ("Una Spam", "silent", True, None, None, None, 0, 0),
            # invited by the owner; the two sponsored rows make nobody.
            ("Zed Zimmer", "silent", False, None, None, None, 0, 0),
        ],
    ),
    # Dec 2024: 12 columns, IS MESSAGE DRAFT and IS CONVERSATION DRAFT as Yes/No, no
    # ATTACHMENTS; header-only coach files. T = 2024-12-15, T-A = 2024-09-16.
    "2024": (
        date(2024, 12, 15),
        "https://www.linkedin.com/in/avery-quinn-24",
        [
            # in 12-01; the owner's 12-02 reply is a draft (Yes): a reply is still owed.
            ("Lena Lindqvist", "one_way_in", True, "2024-12-01", None, None, 1, 0),
            # in 11-01, out 11-05 -> two-way 11-01; the 12-10 row is a conversation draft.
            ("Mo Farah", "active", True, "2024-11-01", "2024-11-05", "2024-11-01", 1, 1),
        ],
    ),
    # 2025: 12 columns, ATTACHMENTS (comma-joined URLs) and IS MESSAGE DRAFT only.
    # T = 2025-09-30, T-A = 2025-07-02, T-W = 2024-09-30.
    "2025": (
        date(2025, 9, 30),
        "https://www.linkedin.com/in/avery-quinn-25",
        [
            # in 09-01, out 09-02 -> two-way 09-01: active.
            ("Nia Okafor", "active", True, "2025-09-01", "2025-09-02", "2025-09-01", 1, 1),
            # out 2024-06-01, in 2024-06-03 -> two-way 2024-06-01 < T-W: dormant; the
            # 2025-09-20 row is a draft.
            ("Otto Berg", "dormant", True, "2024-06-03", "2024-06-01", "2024-06-01", 1, 1),
        ],
    ),
    # from March 2026: every field quoted (the header too), "" for empty, CRLF and LF
    # inside CONTENT, 13 columns, a percent-encoded slug, numbered and odd files beside.
    # T = 2026-03-20, T-A = 2025-12-20.
    "2026": (
        date(2026, 3, 20),
        "https://www.linkedin.com/in/avery-quinn-26",
        [
            # in 03-01, out 03-02 -> two-way 03-01 (zo%C3%AB-brandt is one profile).
            ("Zoë Brandt", "active", True, "2026-03-01", "2026-03-02", "2026-03-01", 1, 1),
            # out 01-10, in 01-12 (ARCHIVE) -> two-way 01-10: active.
            ("Raj Patel", "active", True, "2026-01-12", "2026-01-10", "2026-01-10", 1, 1),
        ],
    ),
}

# What each era's messages.csv rows became, by hand: (rows, counted, ignored by reason).
ROWS = {
    # 7 rows: the LinkedIn Member's hello (no person), the owner's 05-03 reply (after T).
    "2021": (7, 5, {"after as-of": 1, "hidden member": 1}),
    # 7 rows: Bo's "Message request accepted".
    "2022": (7, 6, {"system row": 1}),
    # 7 rows: Una's SPAM row; "Hiring Team" (spinmail markup, no URL) and a LinkedIn
    # Member's "Dear %FIRSTNAME%" (no URL): sponsored.
    "2023": (7, 4, {"spam": 1, "sponsored": 2}),
    # 5 rows: IS MESSAGE DRAFT Yes, IS CONVERSATION DRAFT Yes.
    "2024": (5, 3, {"draft": 2}),
    # 5 rows: IS MESSAGE DRAFT Yes.
    "2025": (5, 4, {"draft": 1}),
    # 5 rows: Acme Careers' ad.
    "2026": (5, 4, {"sponsored": 1}),
}

# Files of the folder that are of a kind the audit reads, to pass one by one.
READABLE = (
    "Connections.csv",
    "messages.csv",
    "Invitations.csv",
    "Profile.csv",
    "Endorsement_Received_Info.csv",
    "Endorsement_Given_Info.csv",
)


def run(era: str, paths: list[Path]):
    return run_audit(paths, Settings(as_of=EXPECTED[era][0], history=None))


def audit(era: str, paths: list[Path]) -> dict:
    return run(era, paths).document


@pytest.fixture(scope="module")
def runs() -> dict:
    return {era: run(era, [ERAS / era]) for era in EXPECTED}


@pytest.fixture(scope="module")
def documents(runs) -> dict[str, dict]:
    return {era: result.document for era, result in runs.items()}


@pytest.mark.parametrize("era", sorted(EXPECTED))
def test_every_person_of_the_era(documents, era):
    people = [
        (
            p["name"],
            p["tier"],
            p["is_connection"],
            p["last_in"],
            p["last_out"],
            p["last_two_way"],
            p["messages_in"],
            p["messages_out"],
        )
        for p in documents[era]["people"]
    ]
    assert sorted(people, key=repr) == sorted(EXPECTED[era][2], key=repr)


@pytest.mark.parametrize("era", sorted(EXPECTED))
def test_the_owner_is_nobody_else(documents, era):
    assert documents[era]["owner"] == {
        "name": "Avery Quinn",
        "linkedin_url": EXPECTED[era][1],
        "how": "detected",
        "emails": [],  # no Email Addresses.csv and no mail in these fixtures
        "emails_from": [],
    }
    assert "Avery Quinn" not in {p["name"] for p in documents[era]["people"]}


@pytest.mark.parametrize("era", sorted(EXPECTED))
def test_every_connections_row_is_accounted_once(documents, era):
    # Data rows after the header, read here with the csv module: each is in exactly one
    # person's records or in skipped, and no person has two rows (no copies, no merges).
    text = (ERAS / era / "Connections.csv").read_text(encoding="utf-8")
    lines = list(csv.reader(io.StringIO(text, newline="")))
    header = next(i for i, row in enumerate(lines) if row[:2] == ["First Name", "Last Name"])
    data = [row for row in lines[header + 1 :] if any(cell.strip() for cell in row)]
    document = documents[era]
    held = [(r["file"], r["record"]) for p in document["people"] for r in p["records"]]
    skipped = [
        (s["file"], s["record"]) for s in document["skipped"] if s["file"] == "Connections.csv"
    ]
    assert sorted(held + skipped) == [("Connections.csv", n) for n in range(1, len(data) + 1)]
    assert all(len(p["records"]) <= 1 for p in document["people"])
    connections = [p for p in document["people"] if p["is_connection"]]
    assert len(connections) == document["summary"]["connections"] == len(held)


def test_date_only_row_is_a_skipped_member_not_a_person(documents):
    # 2022's Connections.csv row 5 is ",,,,,07 Jun 2022": a hidden or closed profile.
    skipped = [s for s in documents["2022"]["skipped"] if s["file"] == "Connections.csv"]
    assert [(s["record"], s["reason"].startswith("connection with no name")) for s in skipped] == [
        (5, True)
    ]


@pytest.mark.parametrize("era", sorted(EXPECTED))
def test_message_rows_are_counted_or_ignored(documents, era):
    rows, counted, ignored = ROWS[era]
    text = (ERAS / era / "messages.csv").read_text(encoding="utf-8")
    assert len(list(csv.DictReader(io.StringIO(text, newline="")))) == rows
    document = documents[era]
    assert document["summary"]["channels"] == {"linkedin": counted}
    assert document["ignored"] == {"linkedin": ignored}
    skipped = [s for s in document["skipped"] if s["file"] == "messages.csv"]
    assert counted + sum(ignored.values()) + len(skipped) == rows


def test_urls_of_an_export_without_url_columns_come_from_its_own_messages(documents):
    # 2021: Connections.csv has no URL column; the senders' URLs join the connection of
    # the same name, so each is one person and keeps the URL (Linus never wrote: none).
    urls = {p["name"]: p["linkedin_url"] for p in documents["2021"]["people"]}
    assert urls == {
        "Ada Byron": "https://www.linkedin.com/in/ada-byron-1",
        "Charles Babbage": "https://www.linkedin.com/in/charles-babbage-2",
        "Grace Hopper": "https://www.linkedin.com/in/grace-hopper-3",
        "Linus Quiet": None,
        "Marta Pending": None,
    }


def test_shared_name_is_reported(runs):
    result = runs["2022"]
    assert result.extras["shared_names"] == 1  # "Sam Lee", two Connections rows
    html = render_html(result.document, result.extras)
    assert (
        "1 name in messages, invitations or endorsements without a profile link belongs to "
        "more than one connection: joined to none of them."
    ) in html
    assert "1 LinkedIn message row: system row" in html


def test_percent_encoded_slug_is_one_profile(documents):
    zoe = next(p for p in documents["2026"]["people"] if p["name"] == "Zoë Brandt")
    assert zoe["linkedin_url"] == "https://www.linkedin.com/in/zoë-brandt"


@pytest.mark.parametrize("era", sorted(EXPECTED))
def test_zip_folder_and_single_files_give_the_same_json(documents, era, tmp_path):
    folder = ERAS / era
    archive = zip_folder(folder, tmp_path / "Basic_LinkedInDataExport.zip")
    singles = [folder / name for name in READABLE if (folder / name).exists()]
    expected = render_json(documents[era])
    assert render_json(audit(era, [archive])) == expected
    assert render_json(audit(era, singles)) == expected
    assert json.loads(expected)["summary"]["connections"] == len(
        [p for p in EXPECTED[era][2] if p[2]]
    )


@pytest.mark.parametrize(
    ("to", "known", "names"),
    [
        # a name the export knows, with ", " inside, stays one; the rest split
        (
            "Jane Doe, Ph.D., Bo Brennan",
            ["Jane Doe, Ph.D.", "Bo Brennan"],
            ["Jane Doe, Ph.D.", "Bo Brennan"],
        ),
        # unknown names: split at ", ", but a bare credential stays with the name before it
        ("Jane Doe, Ph.D., Bo Brennan", [], ["Jane Doe, Ph.D.", "Bo Brennan"]),
        # the longest known name wins over a shorter one inside it
        ("Doe, Jane, Ada Byron", ["Doe", "Doe, Jane", "Ada Byron"], ["Doe, Jane", "Ada Byron"]),
        ("Ada Byron", [], ["Ada Byron"]),
        ("", [], []),
    ],
)
def test_to_is_split_into_the_names_the_export_knows(to, known, names):
    messages = pl.DataFrame({"to_names": [to]}, schema={"to_names": pl.Utf8})
    assert split_recipient_names(messages, known)["recipient_names"].to_list() == [names]
