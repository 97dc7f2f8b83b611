"""Redaction: a shared report keeps every count and chart but no name or contact detail."""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
import stat
from pathlib import Path

import pytest

from audit.report import redact_document, render_csv, render_html, render_json
from audit.report.redact import redact_person_id, redact_text, render_pseudonym
from audit.settings import ConfigError, read_redaction_key, write_redaction_key
from tests.report_data import load_report_fixture

KEY = b"k" * 32
OTHER_KEY = b"o" * 32


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


def collect_person_ids(document: dict, extras: dict) -> list[str]:
    """Every person id the fixture names, in the document and in each list of the extras."""
    moved = extras["change_people"]
    return [
        *sorted(p["id"] for p in document["people"]),
        *(m["id"] for m in extras["merges"]),
        *(g["id"] for g in extras["give_people"]),
        *(x for pair in extras["possible_duplicates"] for x in (pair["a"], pair["b"])),
        *moved["cooled"],
        *moved["warmed"],
        *moved["new"],
    ]


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
    # A plain id is a hash of the profile URL: anyone can compute it, and its pseudonym too.
    ids = set(collect_person_ids(document, extras))
    assert len(ids) == 15
    private |= ids | {render_pseudonym(i) for i in ids}
    outputs = render_all(*redact_document(document, extras, KEY))
    for kind, text in outputs.items():
        folded = text.casefold()
        for secret in private:
            for form in {secret, html.escape(secret), json.dumps(secret)[1:-1]}:
                assert form.casefold() not in folded, f"{secret!r} is in the redacted {kind}"
    # The same outputs unredacted do hold them: the check above can fail.
    plain = render_all(document, extras)
    assert "Ada Quill" in plain["html"] and "ada.quill@example.com" in plain["csv"]
    assert "p-a1c0e7f31b02" in plain["json"] and "p-a1c0e7f31b02" in plain["csv"]


def test_redaction_keeps_counts_tiers_and_dates():
    document, extras = load_report_fixture()
    redacted, redacted_extras = redact_document(document, extras, KEY)
    for key in ("schema", "as_of", "as_of_source", "settings", "summary", "previous", "changes"):
        assert redacted[key] == document[key]
    kept = ("tier", "is_connection", "connected_on", "last_two_way", "last_in", "last_out",
            "messages_in", "messages_out", "records", "match_reasons")  # fmt: skip
    after_by_id = {p["id"]: p for p in redacted["people"]}
    assert len(after_by_id) == len(document["people"])
    for before in document["people"]:
        after = after_by_id[redact_person_id(before["id"], KEY)]
        assert {k: after[k] for k in kept} == {k: before[k] for k in kept}
        assert (after["linkedin_url"], after["company"], after["position"]) == (None, None, None)
        assert (after["emails"], after["phones"]) == ([], [])
    assert [(s["file"], s["record"]) for s in redacted["skipped"]] == [
        (s["file"], s["record"]) for s in document["skipped"]
    ]
    assert redacted["ignored"] == document["ignored"]  # counts by reason: nothing personal
    for key in ("funnel", "gives", "trend", "ignored_files"):
        assert redacted_extras[key] == extras[key]
    assert [(g["given"], g["received"]) for g in redacted_extras["give_people"]] == [
        (1, 3),
        (5, 0),
        (0, 1),
    ]
    assert redacted_extras["inputs"] == [
        {"path": "Complete_LinkedInDataExport_11-21-2026.zip", "kind": "linkedin"},
        {"path": "contacts.vcf", "kind": "vcard"},
    ]
    assert redacted_extras["owner"] == {
        "name": "the owner",
        "url": None,
        "how": "detected",
        "emails": [],
        "emails_from": ["Email Addresses.csv"],
    }
    assert redacted["owner"] == {
        "name": "the owner",
        "linkedin_url": None,
        "how": "detected",
        "emails": [],
        "emails_from": ["Email Addresses.csv"],
    }
    assert redacted_extras["change_people"]["removed"] == ["Removed connection 1"]
    # The inputs are left as they were.
    assert document["people"][0]["name"] == "Ada Quill"
    assert extras["owner"]["name"] == "Nadia Brennan"
    assert document["people"][0]["id"] == "p-a1c0e7f31b02"
    assert extras["change_people"]["warmed"] == ["p-b2d1f8042c13"]


def test_pseudonyms_are_stable_per_person_and_used_everywhere():
    document, extras = load_report_fixture()
    redacted, redacted_extras = redact_document(document, extras, KEY)
    names = [p["name"] for p in redacted["people"]]
    assert len(set(names)) == 15
    assert all(re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+ [0-9a-f]{4}", n) for n in names)
    assert redacted["people"][0]["id"] == "p-c943a476de37"
    assert names[0] == render_pseudonym("p-c943a476de37")
    # Next month's audit, with one person fewer, gives everyone the same id and pseudonym again.
    document["people"] = document["people"][1:]
    again, _ = redact_document(document, extras, KEY)
    assert [p["name"] for p in again["people"]] == names[1:]
    assert [p["id"] for p in again["people"]] == [p["id"] for p in redacted["people"][1:]]
    by_id = {p["id"]: p["name"] for p in redacted["people"]}
    assert [m["name"] for m in redacted_extras["merges"]] == [
        by_id[redact_person_id("p-a1c0e7f31b02", KEY)],
        by_id[redact_person_id("p-b2d1f8042c13", KEY)],
    ]
    pair = redacted_extras["possible_duplicates"][0]
    assert (pair["a_name"], pair["b_name"]) == (by_id[pair["a"]], by_id[pair["b"]])
    page = render_html(redacted, redacted_extras)
    assert page.count(by_id[redact_person_id("p-b2d1f8042c13", KEY)]) == 3  # merges, warmed, table


def test_redacted_ids_are_keyed_hashes_no_recipient_can_recompute():
    document, extras = load_report_fixture()
    originals = [p["id"] for p in document["people"]]
    redacted, _ = redact_document(document, extras, KEY)
    ids = [p["id"] for p in redacted["people"]]
    assert sorted(ids) == sorted(
        "p-" + hmac.new(KEY, i.encode(), hashlib.sha256).hexdigest()[:12] for i in originals
    )
    assert all(re.fullmatch(r"p-[0-9a-f]{12}", i) for i in ids)
    assert len(set(ids)) == 15
    assert not set(ids) & set(originals)
    # Neither the plain id's hash (what resolve makes) nor its pseudonym gives anyone away.
    names = {p["name"] for p in redacted["people"]}
    assert not names & {render_pseudonym(i) for i in originals}
    # Another user (another key) gets other ids and other pseudonyms for the same people.
    other, _ = redact_document(document, extras, OTHER_KEY)
    assert not set(ids) & {p["id"] for p in other["people"]}
    assert not names & {p["name"] for p in other["people"]}
    # The same key gives the very same document again.
    assert redact_document(document, extras, KEY)[0] == redacted


def test_redacted_references_point_at_redacted_people():
    document, extras = load_report_fixture()
    redacted, redacted_extras = redact_document(document, extras, KEY)
    new_id = {p["id"]: redact_person_id(p["id"], KEY) for p in document["people"]}
    ids_before = collect_person_ids(document, extras)
    ids_after = collect_person_ids(redacted, redacted_extras)
    assert len(ids_before) == len(ids_after) == 15 + 2 + 3 + 2 + 1 + 1 + 2
    assert sorted(ids_after[:15]) == sorted(new_id.values())
    assert ids_after[15:] == [new_id[i] for i in ids_before[15:]]
    assert set(ids_after) <= {p["id"] for p in redacted["people"]}
    names = {p["id"]: p["name"] for p in redacted["people"]}
    assert [(m["id"], m["name"]) for m in redacted_extras["merges"]] == [
        (new_id["p-a1c0e7f31b02"], names[new_id["p-a1c0e7f31b02"]]),
        (new_id["p-b2d1f8042c13"], names[new_id["p-b2d1f8042c13"]]),
    ]
    pair = redacted_extras["possible_duplicates"][0]
    assert (pair["a"], pair["b"]) == (new_id["p-7e9db4c0e8df"], new_id["p-6d8ca3bfd7ce"])
    assert redacted_extras["change_people"] == {
        "cooled": [new_id["p-e5042b375f46"]],
        "warmed": [new_id["p-b2d1f8042c13"]],
        "new": [new_id["p-8faec5d1f9e0"], new_id["p-5c7b92aec6bd"]],
        "removed": ["Removed connection 1"],
    }


def test_a_short_key_is_refused():
    document, extras = load_report_fixture()
    with pytest.raises(ValueError, match="at least 16 bytes"):
        redact_document(document, extras, b"")


def test_redaction_key_is_made_once_private_and_then_read(tmp_path: Path):
    path = tmp_path / "data" / "reachable" / "redaction.key"
    assert read_redaction_key(path) is None
    key = write_redaction_key(path)
    assert len(key) == 32 and key != b"\0" * 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_redaction_key(path) == key
    # A run that comes second keeps the first run's key instead of replacing it.
    assert write_redaction_key(path) == key
    assert path.read_bytes() == key
    assert sorted(p.name for p in path.parent.iterdir()) == ["redaction.key"]


def test_a_damaged_redaction_key_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "redaction.key"
    path.write_bytes(b"short")
    with pytest.raises(ConfigError) as caught:
        read_redaction_key(path)
    assert str(caught.value) == (
        f"{path}: redaction key file holds 5 bytes, not 32; "
        "delete it to make a new key (redacted pseudonyms will change)"
    )
    path.unlink()
    path.mkdir()
    with pytest.raises(ConfigError, match=r"redaction key file cannot be read \(Is a directory\)"):
        read_redaction_key(path)


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
    redacted, _ = redact_document(document, extras, KEY)
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


def test_redacted_people_are_not_in_the_order_of_their_real_names():
    document, extras = load_report_fixture()
    silent = [p for p in document["people"] if p["tier"] == "silent" and not p["last_in"]]
    assert [p["name"] for p in silent] == sorted(p["name"] for p in silent)  # by real name
    redacted, _ = redact_document(document, extras, KEY)
    alike = [p for p in redacted["people"] if p["tier"] == "silent" and not p["last_in"]]
    assert len(alike) == len(silent) >= 2
    # Among people alike in tier and dates the redacted order is the pseudonyms' order.
    assert [p["name"] for p in alike] == sorted(p["name"] for p in alike)
