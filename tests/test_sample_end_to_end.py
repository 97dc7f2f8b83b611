"""The committed sample and the generator's monthly exports, checked against the generator's
own record of what it designed (tools.samplegen.expected_*), never against our parsing."""

import json
from datetime import date
from pathlib import Path

import pytest

from audit.normalize import normalize_linkedin_url
from audit.pipeline import run_audit
from audit.settings import Settings
from tests.helpers import ROOT, check_golden, run_cli
from tools import samplegen

SAMPLE = ROOT / "sample_exports"
ARCHIVE = SAMPLE / "Basic_LinkedInDataExport_11-15-2026.zip"
END = date(2026, 11, 15)
REACHABLE = ("active", "warm")


@pytest.fixture(scope="module")
def world():
    return samplegen.build_world()


def tiers_by_url(document) -> dict[str, str]:
    return {p["linkedin_url"]: p["tier"] for p in document["people"] if p["is_connection"]}


def expected_by_url(world, as_of) -> dict[str, str]:
    return {
        normalize_linkedin_url(url): tier
        for url, tier in samplegen.expected_tiers(world, as_of).items()
    }


def test_sample_archive_matches_the_design(world):
    document = run_audit([ARCHIVE], Settings()).document
    assert document["as_of"] == "2026-11-15"
    assert document["as_of_source"] == "archive name"
    expected = samplegen.expected_summary(world, END)
    assert document["summary"]["connections"] == expected["connections"] == 620
    assert document["summary"]["tiers"] == expected["tiers"]
    assert tiers_by_url(document) == expected_by_url(world, END)


def test_readme_command_on_sample_exports(tmp_path: Path):
    result = run_cli("audit", str(SAMPLE), "--out", str(tmp_path), "--no-history")
    assert result.returncode == 0, result.stderr
    # 52 reachable by LinkedIn alone; the Takeout's mail and meetings make 15 more (the
    # channel oracle, tools/samplechannels.py, checked in tests/test_samplegen.py)
    assert result.stdout.splitlines()[0] == "You have 620 connections. 67 of them would answer you."
    document = json.loads((tmp_path / "reachable-2026-11-15.json").read_text())
    cards = [r for p in document["people"] for r in p["records"] if r["file"] == "contacts.vcf"]
    skipped_cards = [s for s in document["skipped"] if s["file"] == "contacts.vcf"]
    assert len(cards) + len(skipped_cards) == 40


def test_three_monthly_audits_into_one_history(tmp_path: Path, world):
    history = tmp_path / "history.sqlite"
    months = [date(2026, 9, 15), date(2026, 10, 15), END]
    documents = []
    for month in months:
        archive = samplegen.write_linkedin_export(world, month, tmp_path / "in" / str(month))
        result = run_cli(
            "audit", str(archive), "--history", str(history), "--out", str(tmp_path / "out")
        )
        assert result.returncode == 0, result.stderr
        documents.append(json.loads((tmp_path / "out" / f"reachable-{month}.json").read_text()))

    first, second, third = documents
    assert first["previous"] is None and first["changes"] is None
    assert second["previous"] == {"as_of": "2026-09-15", "summary": first["summary"]}
    assert third["previous"] == {"as_of": "2026-10-15", "summary": second["summary"]}

    then, now = expected_by_url(world, months[1]), expected_by_url(world, END)
    both = then.keys() & now.keys()
    assert third["changes"] == {
        "new_connections": len(now.keys() - then.keys()),
        "removed_connections": len(then.keys() - now.keys()),
        "cooled": sum(then[u] in REACHABLE and now[u] not in REACHABLE for u in both),
        "warmed": sum(then[u] not in REACHABLE and now[u] in REACHABLE for u in both),
    }
    assert third["changes"]["new_connections"] == 14
    for document, month in zip(documents, months, strict=True):
        assert document["summary"]["tiers"] == samplegen.expected_summary(world, month)["tiers"]

    listed = json.loads(run_cli("history", "--history", str(history), "--json").stdout)
    assert listed == [{"as_of": d["as_of"], "summary": d["summary"]} for d in reversed(documents)]
    table = run_cli("history", "--history", str(history)).stdout.splitlines()
    assert [line.split()[0] for line in table[1:]] == ["2026-11-15", "2026-10-15", "2026-09-15"]


def test_rerun_of_the_same_month_replaces_it(tmp_path: Path):
    history = tmp_path / "history.sqlite"
    for as_of in ("2026-11-15", "2026-11-20"):
        result = run_cli(
            "audit",
            str(ARCHIVE),
            "--as-of",
            as_of,
            "--history",
            str(history),
            "--out",
            str(tmp_path),
        )
        assert result.returncode == 0, result.stderr
    listed = json.loads(run_cli("history", "--history", str(history), "--json").stdout)
    assert [a["as_of"] for a in listed] == ["2026-11-20"]


def test_committed_sample_report_is_current(tmp_path: Path, update_golden):
    """reports/sample.html is what the README's command makes of sample_exports/."""
    result = run_cli("audit", str(SAMPLE), "--out", str(tmp_path), "--no-history")
    assert result.returncode == 0, result.stderr
    rendered = (tmp_path / "reachable-2026-11-15.html").read_text(encoding="utf-8")
    check_golden(rendered, ROOT / "reports" / "sample.html", update_golden)
