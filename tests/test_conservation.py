"""Nothing is lost: over the whole shared corpus, every record is kept or skipped, once.

For each input of ../shared/corpus (the synthetic LinkedIn archive, its extracted CSV
folder, the adversarial CSVs, every vCard file), records are counted here
independently (Python's csv module; BEGIN:VCARD lines) and compared with what the
audit made of them:
- person records (Connections rows, vCard cards): each record number 1..n is in exactly
  one person's ``records`` or in ``skipped``, never in both, never in two people;
- messages, invitations, recommendations and endorsements: kept + skipped == data rows,
  and each record number 1..n is one or the other;
- every file of the input is read, or listed as ignored: none disappears.
The audit date is early on purpose: connections made after it are people that are not
yet connections, and must not drop out.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from audit.ingest import read_inputs
from audit.pipeline import run_audit
from audit.settings import Settings
from tests.helpers import CORPUS, run_cli
from tests.test_vcard_corpus import count_cards_by_eye

SYNTHETIC = CORPUS / "linkedin" / "linkedout-synthetic-export"
FUZZ = CORPUS / "linkedin" / "linkedin-analyzer-fuzz"
VCARDS = CORPUS / "vcard"
AS_OF = date(1850, 6, 1)

LINKEDIN_FILES = {
    "Profile.csv": "profile",  # the owner's name, not rows to keep
    "Email Addresses.csv": "profile",  # the owner's addresses, not rows to keep
    "Connections.csv": "person",
    "messages.csv": "messages",
    "Invitations.csv": "invitations",
    "Recommendations_Given.csv": "gives",
    "Recommendations_Received.csv": "gives",
    "Endorsement_Given_Info.csv": "gives",
    "Endorsement_Received_Info.csv": "gives",
}

# PATH -> {file as the audit names it: what its rows are}
INPUTS = {
    "synthetic archive": (SYNTHETIC / "sample_export.zip", LINKEDIN_FILES),
    "synthetic folder": (
        SYNTHETIC / "csv",
        {**LINKEDIN_FILES, "messages.head300.csv": "messages", "messages.csv": None},
    ),
    "adversarial CSVs": (
        FUZZ,
        {
            "connections-corpus.csv": "person",
            "connections-parity.csv": "person",
            "messages-corpus.csv": "messages",
            "messages-parity.csv": "messages",
        },
    ),
    "vCards": (
        VCARDS,
        {p.relative_to(VCARDS).as_posix(): "card" for p in sorted(VCARDS.rglob("*.vcf"))},
    ),
}


def read_bytes(path: Path, file: str) -> bytes:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return archive.read(file)
    return (path / file).read_bytes()


def all_files(path: Path) -> set[str]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return {m.filename for m in archive.infolist() if not m.is_dir()}
    return {p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()}


def count_rows(data: bytes) -> int:
    """Data rows of a LinkedIn CSV: rows after the header (the first row of three or more
    cells, after any ``Notes:`` preamble) that are not blank lines."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = next(i for i, row in enumerate(rows) if len(row) >= 3)
    return sum(1 for row in rows[header + 1 :] if len(row) > 1 or (row and row[0].strip()))


def count_records(path: Path, file: str, kind: str) -> int:
    if kind == "card":
        return count_cards_by_eye(path / file)
    return count_rows(read_bytes(path, file))


@pytest.fixture(scope="module", params=sorted(INPUTS))
def audited(request):
    path, files = INPUTS[request.param]
    files = {name: kind for name, kind in files.items() if kind is not None}
    result = run_audit([path], Settings(as_of=AS_OF))
    return path, files, read_inputs([path]), result.document


def numbers(pairs: list[tuple[str, int]], file: str) -> list[int]:
    return [record for name, record in pairs if name == file]


def test_every_person_record_is_in_one_person_or_skipped(audited):
    path, files, _, document = audited
    in_people = [(r["file"], r["record"]) for p in document["people"] for r in p["records"]]
    skipped = [(s["file"], s["record"]) for s in document["skipped"]]
    assert len(in_people) == len(set(in_people)), "a record is in two people"
    assert not set(in_people) & set(skipped), "a record is both in a person and skipped"
    assert not [s for s in skipped if s[1] is None], "a whole file of the corpus was skipped"
    person_files = [f for f, kind in files.items() if kind in ("person", "card")]
    for file in person_files:
        expected = list(range(1, count_records(path, file, files[file]) + 1))
        assert sorted(numbers(in_people, file) + numbers(skipped, file)) == expected, file
    assert {name for name, _ in in_people} <= set(person_files)


ROW_FRAMES = {"messages": "messages", "invitations": "invitations", "gives": "gives"}


def test_every_other_row_is_kept_or_skipped(audited):
    path, files, inputs, _ = audited
    skipped = Counter(inputs.skipped["file"].to_list())
    for file, kind in files.items():
        if kind not in ROW_FRAMES:
            continue
        kept = getattr(inputs, ROW_FRAMES[kind]).filter(pl.col("file") == file)
        dropped = inputs.skipped.filter(pl.col("file") == file)
        rows = count_rows(read_bytes(path, file))
        assert kept.height + skipped[file] == rows, file
        assert sorted(kept["record"].to_list() + dropped["record"].to_list()) == list(
            range(1, rows + 1)
        ), file


def test_every_file_is_read_or_listed_as_ignored(audited):
    path, files, inputs, _ = audited
    seen = set(inputs.skipped["file"].to_list())
    for frame in (inputs.records, inputs.messages, inputs.invitations, inputs.gives):
        seen |= set(frame["file"].to_list())
    assert seen <= set(files)
    unread = all_files(path) - set(files)
    assert unread == set(inputs.ignored_files)


def test_the_summary_says_how_many_were_skipped_and_why(tmp_path: Path):
    result = run_cli("audit", str(FUZZ), "--out", str(tmp_path), "--as-of", "2026-11-21",
                     "--no-history")  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "reachable-2026-11-21.json").read_text())
    assert len(document["skipped"]) == 250
    assert (
        "Skipped 250 records (44 unreadable date '2026-13-05 09:00:00'; "
        "36 unreadable date '2026-02-30 10:00:00'; 34 unreadable date '2026-06-31 12:00:00', "
        "…); the report lists them."
    ) in result.stdout.splitlines()
    html = (tmp_path / "reachable-2026-11-21.html").read_text()
    assert "250 records or files were skipped" in html
