"""Redaction: a shared report keeps every count and chart but no name or contact detail."""

from __future__ import annotations

import html
import json
import re

from audit.report import redact_document, render_csv, render_html, render_json
from audit.report.redact import redact_text, render_pseudonym
from tests.report_data import load_report_fixture


def collect_private_strings(document: dict, extras: dict) -> set[str]:
    """Every name, email, phone, URL, company and position the fixture holds."""
    found = set()
    for person in document["people"]:
        found.update([person["name"], person["linkedin_url"], person["company"]])
        found.update([person["position"], *person["emails"], *person["phones"]])
        # Surnames alone too: "Quill" must not survive as part of anything.
        found.update(w for w in person["name"].split()[1:] if len(w) > 3)
    found.update([extras["owner"]["name"], extras["owner"]["url"], "/home/nadia", "Brennan"])
    found.update(extras["change_people"]["removed"])
    for pair in extras["possible_duplicates"]:
        found.update([pair["a_name"], pair["b_name"]])
    return {s for s in found if s}


def render_all(document: dict, extras: dict) -> dict[str, str]:
    return {
        "html": render_html(document, extras),
        "json": render_json(document),
        "csv": render_csv(document),
    }


def test_redacted_outputs_hold_no_private_string():
    document, extras = load_report_fixture()
    private = collect_private_strings(document, extras)
    assert len(private) > 60
    outputs = render_all(*redact_document(document, extras))
    for kind, text in outputs.items():
        folded = text.casefold()
        for secret in private:
            for form in {secret, html.escape(secret), json.dumps(secret)[1:-1]}:
                assert form.casefold() not in folded, f"{secret!r} is in the redacted {kind}"
    # The same outputs unredacted do hold them: the check above can fail.
    plain = render_all(document, extras)
    assert "Ada Quill" in plain["html"] and "ada.quill@example.com" in plain["csv"]


def test_redaction_keeps_counts_tiers_and_dates():
    document, extras = load_report_fixture()
    redacted, redacted_extras = redact_document(document, extras)
    for key in ("schema", "as_of", "as_of_source", "settings", "summary", "previous", "changes"):
        assert redacted[key] == document[key]
    kept = ("id", "tier", "is_connection", "connected_on", "last_two_way", "last_in", "last_out",
            "messages_in", "messages_out", "records", "match_reasons")  # fmt: skip
    for before, after in zip(document["people"], redacted["people"], strict=True):
        assert {k: after[k] for k in kept} == {k: before[k] for k in kept}
        assert (after["linkedin_url"], after["company"], after["position"]) == (None, None, None)
        assert (after["emails"], after["phones"]) == ([], [])
    assert [(s["file"], s["record"]) for s in redacted["skipped"]] == [
        (s["file"], s["record"]) for s in document["skipped"]
    ]
    for key in ("funnel", "gives", "give_people", "trend", "ignored_rows", "ignored_files"):
        assert redacted_extras[key] == extras[key]
    assert redacted_extras["inputs"] == [
        {"path": "Complete_LinkedInDataExport_11-21-2026.zip", "kind": "linkedin"},
        {"path": "contacts.vcf", "kind": "vcard"},
    ]
    assert redacted_extras["owner"] == {"name": "the owner", "url": None, "how": "detected"}
    assert redacted_extras["change_people"]["removed"] == ["Removed connection 1"]
    # The inputs are left as they were.
    assert document["people"][0]["name"] == "Ada Quill"
    assert extras["owner"]["name"] == "Nadia Brennan"


def test_pseudonyms_are_stable_per_person_and_used_everywhere():
    document, extras = load_report_fixture()
    redacted, redacted_extras = redact_document(document, extras)
    names = [p["name"] for p in redacted["people"]]
    assert len(set(names)) == 15
    assert all(re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+ [0-9a-f]{4}", n) for n in names)
    assert names[0] == render_pseudonym("p-a1c0e7f31b02")
    # Next month's audit, with one person fewer, gives everyone the same pseudonym again.
    document["people"] = document["people"][1:]
    again, _ = redact_document(document, extras)
    assert [p["name"] for p in again["people"]] == names[1:]
    by_id = {p["id"]: p["name"] for p in redacted["people"]}
    assert [m["name"] for m in redacted_extras["merges"]] == [
        by_id["p-a1c0e7f31b02"],
        by_id["p-b2d1f8042c13"],
    ]
    pair = redacted_extras["possible_duplicates"][0]
    assert (pair["a_name"], pair["b_name"]) == (by_id[pair["a"]], by_id[pair["b"]])
    page = render_html(redacted, redacted_extras)
    assert page.count(by_id["p-b2d1f8042c13"]) == 3  # merges, warmed, people table


def test_free_text_is_scrubbed_of_contact_details_and_known_names():
    document, extras = load_report_fixture()
    document["skipped"].append(
        {
            "file": "contacts.vcf",
            "record": 9,
            "reason": "card of ada quill <ada@x.example> +1 (555) 010-9999 dated 2024-11-21, "
            "see https://www.linkedin.com/in/ada-quill",
        }
    )
    redacted, _ = redact_document(document, extras)
    assert redacted["skipped"][-1]["reason"] == (
        "card of [redacted] <[redacted]> [redacted] dated 2024-11-21, see [redacted]"
    )
    # Reasons without personal data are left alone.
    assert [s["reason"] for s in redacted["skipped"][:-1]] == [
        s["reason"] for s in document["skipped"][:-1]
    ]


def test_redact_text_keeps_dates_and_short_numbers():
    secrets = {("zoë", "ødegaard")}
    assert redact_text("row 912: bad date 11-21-2026 for Zoë Ødegaard", secrets) == (
        "row 912: bad date 11-21-2026 for [redacted]"
    )
    assert redact_text("call 020 7123 4567", set()) == "call [redacted]"
