"""The shared LinkedIn corpus: a full synthetic Complete archive and adversarial CSVs.

Tier counts of the synthetic archive were checked by hand on a sample of eleven
people (two per tier) against an independent reading of its messages.csv with
Python's csv module; the test pins them.
"""

import csv
import io
import zipfile
from datetime import date

import pytest

from audit.ingest import read_inputs
from audit.pipeline import run_audit
from audit.settings import Settings
from tests.helpers import CORPUS

SYNTHETIC = CORPUS / "linkedin" / "linkedout-synthetic-export" / "sample_export.zip"
FUZZ = CORPUS / "linkedin" / "linkedin-analyzer-fuzz"


def data_rows(text: str) -> int:
    """Data rows after the header line, counted by an independent csv read."""
    lines = list(csv.reader(io.StringIO(text, newline="")))
    start = next(i for i, row in enumerate(lines) if len(row) > 3)
    return sum(1 for row in lines[start + 1 :] if any(cell.strip() for cell in row))


@pytest.fixture(scope="module")
def synthetic():
    return run_audit([SYNTHETIC], Settings(as_of=date(1853, 5, 1)))


def test_synthetic_archive_tiers(synthetic):
    assert synthetic.document["summary"] == {
        "connections": 2000,
        "people": 2040,
        "reachable": 6,
        "tiers": {
            "active": 5,
            "warm": 1,
            "dormant": 120,
            "one_way_out": 18,
            "one_way_in": 6,
            "silent": 1850,
        },
        "channels": {"linkedin": 19959},  # 20,000 rows less the 41 drafts (next test)
    }
    assert synthetic.extras["owner"]["url"] == "https://www.linkedin.com/in/fake-ada-byron-lovelace"


def test_synthetic_messages_are_counted_or_ignored(synthetic):
    # An independent read of messages.csv with the csv module: every row is counted or
    # ignored (none is skipped), and the ignored ones are exactly the drafts.
    with zipfile.ZipFile(SYNTHETIC) as archive:
        name = next(n for n in archive.namelist() if n.rsplit("/", 1)[-1] == "messages.csv")
        text = archive.read(name).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    flags = ("IS MESSAGE DRAFT", "IS CONVERSATION DRAFT")
    drafts = sum(1 for r in rows if any((r.get(f) or "").lower() in ("yes", "true") for f in flags))
    assert (len(rows), drafts) == (20000, 41)
    assert synthetic.document["ignored"] == {"linkedin": {"draft": drafts}}
    assert synthetic.document["summary"]["channels"]["linkedin"] == len(rows) - drafts
    assert not [s for s in synthetic.document["skipped"] if "messages" in s["file"]]


@pytest.mark.parametrize(
    ("url", "tier", "last_two_way", "messages_in", "messages_out"),
    [
        ("fake-charles-babbage", "active", "1853-04-22", 957, 1466),
        ("fake-leia-fa-708", "active", "1853-04-27", 53, 206),
        ("fake-florence-nightingale", "warm", "1852-05-14", 961, 1189),
        ("fake-maryam-lamarr-1600", "dormant", "1849-12-19", 5, 16),
        ("fake-nikola-franklin-1088", "dormant", "1840-08-19", 14, 7),
        ("fake-lise-ritchie-1701", "one_way_out", None, 0, 2),
        ("fake-juno-amidala-893", "one_way_in", None, 2, 0),
        ("fake-sherlock-ashford-1163", "silent", None, 0, 0),
    ],
)
def test_synthetic_people_checked_by_hand(
    synthetic, url, tier, last_two_way, messages_in, messages_out
):
    people = {p["linkedin_url"]: p for p in synthetic.document["people"]}
    person = people["https://www.linkedin.com/in/" + url]
    assert (person["tier"], person["last_two_way"]) == (tier, last_two_way)
    assert (person["messages_in"], person["messages_out"]) == (messages_in, messages_out)


def test_synthetic_connections_all_accounted_for(synthetic):
    with zipfile.ZipFile(SYNTHETIC) as archive:
        rows = data_rows(archive.read("Connections.csv").decode("utf-8"))
    in_people = {
        r["record"]
        for p in synthetic.document["people"]
        for r in p["records"]
        if r["file"] == "Connections.csv"
    }
    skipped = {s["record"] for s in synthetic.document["skipped"] if s["file"] == "Connections.csv"}
    assert rows == 2000
    assert in_people | skipped == set(range(1, rows + 1))
    assert not in_people & skipped


def test_synthetic_message_contents_never_reach_the_document(synthetic):
    text = repr(synthetic.document)
    assert "Bernoulli programme" not in text  # a subject line
    assert "I walk to the window" not in text  # a message body


@pytest.mark.parametrize(
    "name",
    [
        "connections-corpus.csv",
        "connections-parity.csv",
        "messages-corpus.csv",
        "messages-parity.csv",
    ],
)
def test_adversarial_files_lose_no_row(name):
    path = FUZZ / name
    inputs = read_inputs([path])
    kept = inputs.records.height + inputs.messages.height
    assert kept + inputs.skipped.height == data_rows(path.read_text(encoding="utf-8"))
    for entry in inputs.skipped.iter_rows(named=True):
        assert entry["file"] == name
        assert entry["record"] >= 1
        assert entry["reason"]


def test_adversarial_messages_skip_impossible_dates_by_record():
    inputs = read_inputs([FUZZ / "messages-parity.csv"])
    assert inputs.skipped.rows() == [
        ("messages-parity.csv", 3, "unreadable date '2026-02-30 10:00:00 UTC'")
    ]
    assert inputs.messages["record"].to_list() == [1, 2]


def test_adversarial_folder_runs_to_the_end():
    result = run_audit([FUZZ], Settings(as_of=date(2026, 11, 21)))
    summary = result.document["summary"]
    assert summary["connections"] == sum(summary["tiers"].values())
    assert "shares-corpus.csv" in result.extras["ignored_files"]
