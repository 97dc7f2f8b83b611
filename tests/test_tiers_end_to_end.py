"""Tiers from a small real-shaped export: every rule of DESIGN.md on one person each.

The fixture folder tests/fixtures/linkedin/tiers holds a made-up export of an
owner, Avery Quinn, whose messages.csv has one conversation per rule: exactly
90 and 365 days, group threads under and over max_group, drafts, system rows,
messages after the as-of date, two conversations with one person, a hidden
LinkedIn Member, and a recruiter who is not a connection.
"""

import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from audit.normalize import normalize_message_keys
from audit.pipeline import run_audit
from audit.settings import Settings
from tests.helpers import TIERS, zip_folder

AS_OF = date(2026, 11, 21)


@pytest.fixture(scope="module")
def document():
    return run_audit([TIERS], Settings(as_of=AS_OF)).document


def by_name(document) -> dict:
    return {p["name"]: p for p in document["people"]}


def test_summary_counts_connections_only(document):
    assert document["summary"] == {
        "connections": 14,
        "people": 24,
        "reachable": 5,
        "tiers": {
            "active": 2,
            "warm": 3,
            "dormant": 1,
            "one_way_out": 1,
            "one_way_in": 1,
            "silent": 6,
        },
        # 25 rows in messages.csv, 7 of them ignored by rule (see the next test)
        "channels": {"linkedin": 18},
    }
    assert document["as_of"] == "2026-11-21"
    assert document["as_of_source"] == "--as-of"


@pytest.mark.parametrize(
    ("name", "tier", "last_two_way", "last_in", "last_out", "n_in", "n_out"),
    [
        ("Ada Active", "active", "2026-08-23", "2026-08-23", "2026-08-23", 1, 1),
        ("Wes Warm", "warm", "2026-08-22", "2026-08-22", "2026-08-22", 1, 1),
        ("Wendy Window", "warm", "2025-11-21", "2025-11-22", "2025-11-21", 1, 1),
        ("Dora Dormant", "dormant", "2025-11-20", "2025-11-20", "2026-03-01", 1, 2),
        ("Oscar Out", "one_way_out", None, None, "2026-10-01", 0, 1),
        ("Ingrid In", "one_way_in", None, "2026-10-07", None, 2, 0),
        # answered only in a thread of four: counts
        ("Greta Group", "active", "2026-10-30", "2026-11-01", "2026-10-30", 1, 1),
        # answered only in a thread of seven: a group chat, not a relationship
        ("Bill Bigroup", "silent", None, None, None, 0, 0),
        # two conversations: the two-way date comes from the one that went both ways
        ("Tess Two", "warm", "2026-06-01", "2026-06-01", "2026-11-10", 1, 2),
        ("Drafty Dan", "silent", None, None, None, 0, 0),  # only a draft
        ("Sys Sue", "silent", None, None, None, 0, 0),  # only "Message request accepted"
        ("Future Fay", "silent", None, None, None, 0, 0),  # only after the as-of date
        ("Rita Recruiter", "one_way_in", None, "2026-11-12", None, 1, 0),
    ],
)
def test_person_facts(document, name, tier, last_two_way, last_in, last_out, n_in, n_out):
    person = by_name(document)[name]
    assert (person["tier"], person["last_two_way"], person["last_in"], person["last_out"]) == (
        tier,
        last_two_way,
        last_in,
        last_out,
    )
    assert (person["messages_in"], person["messages_out"]) == (n_in, n_out)


def test_profile_url_written_differently_is_the_same_person(document):
    # Ada's reply carries https://uk.linkedin.com/in/Ada-Active-01/?trk=public
    ada = by_name(document)["Ada Active"]
    assert ada["linkedin_url"] == "https://www.linkedin.com/in/ada-active-01"
    assert ada["records"] == [{"file": "Connections.csv", "record": 1}]


def test_connection_made_after_as_of_is_not_yet_a_connection(document):
    ned = by_name(document)["Newbie Ned"]
    assert ned["is_connection"] is False
    assert ned["connected_on"] == "2026-11-30"


def test_people_seen_only_elsewhere_have_no_records(document):
    people = by_name(document)
    assert people["Rita Recruiter"]["records"] == []
    assert people["Rita Recruiter"]["is_connection"] is False
    assert people["Pia Pending"]["records"] == []  # an incoming invitation only
    assert "LinkedIn Member" not in people
    assert "Avery Quinn" not in people  # the owner is not one of their own people


def test_mojibake_name_is_repaired(document):
    assert "José Muñoz" in by_name(document)


def test_row_of_commas_is_skipped_and_every_record_accounted_for(document):
    assert document["skipped"] == [
        {
            "file": "Connections.csv",
            "record": 16,
            "reason": "connection with no name and no profile URL (left LinkedIn or restricted)",
        }
    ]
    in_people = sorted(r["record"] for p in document["people"] for r in p["records"])
    assert in_people == list(range(1, 16))


def test_nested_zip_gives_the_same_result(tmp_path: Path, document):
    archive = zip_folder(
        TIERS, tmp_path / "Basic_LinkedInDataExport_11-21-2026.zip", prefix="Export/"
    )
    nested = run_audit([archive], Settings()).document
    assert nested["as_of"] == "2026-11-21"
    assert nested["as_of_source"] == "archive name"
    assert nested["summary"] == document["summary"]
    assert nested["people"][0]["records"] == [{"file": "Export/Connections.csv", "record": 8}]


def test_single_csv_files(document):
    files = [TIERS / "Connections.csv", TIERS / "messages.csv", TIERS / "Profile.csv"]
    single = run_audit(files, Settings(as_of=AS_OF)).document
    assert single["summary"]["tiers"] == document["summary"]["tiers"]


def test_me_overrides_detection():
    # Said to be Ada, the owner's own conversations are no longer "with the owner".
    result = run_audit(
        [TIERS], Settings(as_of=AS_OF, me="https://www.linkedin.com/in/ada-active-01/")
    )
    assert result.extras["owner"] == {
        "name": "Ada Active",
        "url": "https://www.linkedin.com/in/ada-active-01",
        "how": "--me",
        "emails": [],
        "emails_from": [],
    }


def test_extras_count_what_rules_ignored():
    result = run_audit([TIERS], Settings(as_of=AS_OF))
    extras = result.extras
    assert extras["owner"]["url"] == "https://www.linkedin.com/in/avery-quinn-7a1b2c"
    assert extras["owner"]["how"] == "detected"
    # Rows of messages.csv, one reason each: Drafty Dan's draft; Sys Sue's "Message
    # request accepted"; Future Fay's two after 2026-11-21; the thread of seven (2 rows);
    # the LinkedIn Member's hello. Only reasons that set a row aside are listed.
    assert result.document["ignored"] == {
        "linkedin": {
            "draft": 1,
            "system row": 1,
            "after as-of": 2,
            "group thread": 2,
            "hidden member": 1,
        }
    }
    assert extras["ignored_files"] == ["Skills.csv", "guide_messages.csv"]
    assert extras["gives"] == {
        "recommendations_given": 1,
        "recommendations_received": 1,
        "endorsements_given": 2,
        "endorsements_received": 1,
    }
    assert extras["funnel"] == {
        "records": 15,
        "people": 24,
        "connections": 14,
        "ever_messaged": 8,
        "two_way_ever": 6,
        "two_way_window": 5,
        "active": 2,
    }


def test_the_owner_writing_to_hidden_members_makes_no_person(tmp_path: Path):
    # The owner answers the hidden member's hello and writes to a second hidden member in
    # a conversation of its own. LinkedIn writes both counterparts as "LinkedIn Member"
    # with no profile URL (research/linkedin-export-format.md, item 6: deleted or
    # restricted members; "do not merge these rows into one person").
    folder = tmp_path / "export"
    shutil.copytree(TIERS, folder)
    me = "Avery Quinn,https://www.linkedin.com/in/avery-quinn-7a1b2c"
    with (folder / "messages.csv").open("a", encoding="utf-8", newline="") as out:
        out.write(
            f"2-SGlkZGVu,,{me},LinkedIn Member,,2026-11-14 09:00:00 UTC,,Hello!,INBOX,,No,No\n"
            f"2-QW5vbg==,,{me},LinkedIn Member,,2026-10-02 09:00:00 UTC,,Hi,INBOX,,No,No\n"
        )
    result = run_audit([folder], Settings(as_of=AS_OF))
    people = by_name(result.document)
    assert "LinkedIn Member" not in people
    # By hand: the fixture's 25 rows counted 18 and set 7 aside, one of them the hidden
    # member's hello; the two new rows are each with nobody but a hidden member.
    assert result.document["ignored"]["linkedin"]["hidden member"] == 1 + 2
    assert result.document["summary"]["channels"] == {"linkedin": 18}
    assert result.document["summary"]["people"] == 24


def test_a_hidden_member_with_no_conversation_id_is_still_hidden():
    # A row whose CONVERSATION ID cell is empty: the hidden member (sender or recipient)
    # keeps a "member:" key, nobody to find, and is not dropped from the row.
    messages = pl.DataFrame(
        {
            "conversation_id": [None, None],
            "sender_name": ["LinkedIn Member", "Avery Quinn"],
            "sender_url": [None, "https://www.linkedin.com/in/avery-quinn-7a1b2c"],
            "recipient_urls": [[], []],
            "recipient_names": [["Avery Quinn"], ["LinkedIn Member", "Ann Lee"]],
        },
        schema_overrides={"recipient_urls": pl.List(pl.Utf8)},
    )
    keyed = normalize_message_keys(messages)
    assert keyed["sender_key"].to_list() == [
        "member:",
        "https://www.linkedin.com/in/avery-quinn-7a1b2c",
    ]
    assert keyed["recipient_keys"].to_list() == [
        ["name:avery quinn"],
        ["member:", "name:ann lee"],
    ]
