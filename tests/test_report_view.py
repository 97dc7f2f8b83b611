"""The report's view model: the exact figures the page shows, from the hand-made fixture."""

from __future__ import annotations

import pytest

from audit.report import build_report_view
from tests.report_data import load_report_fixture

XSS_NAME = "<img src=x onerror=alert(1)>"


@pytest.fixture
def view() -> dict:
    document, extras = load_report_fixture()
    return build_report_view(document, extras)


def names(rows: list[dict]) -> list[str]:
    return [r["name"] for r in rows]


def test_headline_counts_connections_reachable_and_others(view):
    assert view["headline"] == {
        "connections": 13,
        "reachable": 4,
        "people": 15,
        "active": 2,
        "share": 4 / 13,
        "others": 2,
    }
    assert view["as_of_source_text"] == "the date in the export archive's name"
    assert view["settings"] == {"active_days": 90, "window_days": 365, "max_group": 5}
    assert view["has_messages"] is True
    assert view["redacted"] is False


def test_funnel_steps_in_order_with_bars_relative_to_records(view):
    funnel = [(s["key"], s["value"], s["bar"]) for s in view["funnel"]]
    assert funnel == [
        ("records", 16, 1.0),
        ("people", 15, 15 / 16),
        ("connections", 13, 13 / 16),
        ("ever_messaged", 10, 10 / 16),
        ("two_way_ever", 7, 7 / 16),
        ("two_way_window", 4, 4 / 16),
        ("active", 2, 2 / 16),
    ]
    assert "last 365 days" in view["funnel"][5]["label"]
    assert "last 90 days" in view["funnel"][6]["label"]


def test_tiers_count_shares_and_stack_offsets(view):
    tiers = [(t["tier"], t["count"], t["share"]) for t in view["tiers"]]
    assert tiers == [
        ("active", 2, 2 / 13),
        ("warm", 2, 2 / 13),
        ("dormant", 3, 3 / 13),
        ("one_way_out", 1, 1 / 13),
        ("one_way_in", 2, 2 / 13),
        ("silent", 3, 3 / 13),
    ]
    assert [round(t["offset"] * 13) for t in view["tiers"]] == [0, 2, 4, 7, 8, 10]
    assert (
        view["tiers"][0]["meaning"] == "You both wrote to each other, or met, in the last 90 days."
    )
    assert "a reply is owed" in view["tiers"][4]["meaning"]


def test_reconnect_lists_cooling_two_way_ties_most_exchanges_first(view):
    reconnect = view["reconnect"]
    # Window: T - 2W = 2024-11-21 .. T - W//2 = 2026-05-23, both bounds inclusive.
    assert (reconnect["oldest"], reconnect["newest"]) == ("2024-11-21", "2026-05-23")
    # Emeka 18 exchanges; Dmitri and Chiara 15 each (newer exchange first); Kwame 4 on the
    # lower bound. Fatima (2024-11-20, 11 exchanges) is one day too old; actives too recent.
    assert names(reconnect["rows"]) == [
        "Emeka Hollis",
        "Dmitri Vasquez",
        "Chiara Lind",
        "Kwame Mensah",
    ]
    assert [r["exchanges"] for r in reconnect["rows"]] == [18, 15, 15, 4]
    assert (reconnect["total"], reconnect["more"]) == (4, 0)


def test_owed_replies_are_connections_only_newest_first(view):
    # Sam Ortega wrote most recently but is not a connection: no reply is owed to him here.
    assert names(view["owed"]["rows"]) == ["Gus Penhallow", XSS_NAME]
    assert [r["last_in"] for r in view["owed"]["rows"]] == ["2026-11-01", "2026-09-14"]
    assert names(view["outreach"]["rows"]) == ["Hana Morikawa"]


def test_connections_per_year_against_share_reachable_today(view):
    rows = [
        (r["year"], r["connections"], r["reachable"], r["share"]) for r in view["years"]["rows"]
    ]
    assert rows == [
        (2018, 1, 0, 0.0),
        (2019, 3, 2, 2 / 3),
        (2020, 1, 0, 0.0),
        (2021, 2, 1, 0.5),
        (2022, 1, 1, 1.0),
        (2023, 0, 0, None),
        (2024, 2, 0, 0.0),
        (2025, 0, 0, None),
        (2026, 2, 0, 0.0),
    ]
    assert view["years"]["unknown"] == 1  # Zoë Ødegaard has no connection date
    assert view["years"]["max"] == 3


def test_give_and_take_totals_and_people(view):
    gives = view["gives"]
    assert [(b["key"], b["value"]) for b in gives["bars"]] == [
        ("recommendations_given", 2),
        ("recommendations_received", 1),
        ("endorsements_given", 14),
        ("endorsements_received", 23),
    ]
    assert (gives["given"], gives["received"]) == (16, 24)
    people = [(p["name"], p["given"], p["received"]) for p in gives["people"]["rows"]]
    assert people == [("Chiara Lind", 5, 0), ("Ada Quill", 1, 3), ("Sam Ortega", 0, 1)]


def test_context_scales_marlow_to_the_users_connections(view):
    context = view["context"]
    assert (context["active"], context["reachable"], context["connections"]) == (2, 4, 13)
    # 13 connections at 10 and 16 two-way ties per 500 friends.
    assert context["marlow_scaled"] == {"men": 0.3, "women": 0.4}
    assert [(b["label"], b["value"]) for b in context["bars"]] == [
        ("Your active ties", 2),
        ("Your reachable ties", 4),
        ("Dunbar: support clique", 5),
        ("Dunbar: sympathy group", 15),
        ("Dunbar: band", 50),
        ("Dunbar: active network", 150),
        ("Facebook 2009, men: two-way of 500 friends", 10),
        ("Facebook 2009, women: two-way of 500 friends", 16),
    ]


def test_data_quality_groups_skipped_rows_by_reason(view):
    quality = view["quality"]
    assert [(r["reason"], r["count"], r["files"]) for r in quality["skipped"]] == [
        ("unreadable date in DATE", 3, ["messages.csv"]),
        (
            "no name and no profile URL (a member who left LinkedIn or is restricted)",
            2,
            ["Connections.csv"],
        ),
        ("card has no END:VCARD", 1, ["contacts.vcf"]),
        ("not text in any known encoding", 1, ["old/backup.vcf"]),
    ]
    assert quality["skipped_total"] == 7
    assert quality["unnamed_connections"] == 2
    assert quality["ignored_rows_total"] == 50
    assert quality["ignored_files"] == 3
    assert quality["ignored_file_names"] == ["README.txt", "Rich_Media.csv", "Skills.csv"]


def test_merges_and_possible_duplicates(view):
    merges = view["merges"]
    assert [(m["name"], m["records"]) for m in merges["merged"]["rows"]] == [
        ("Ada Quill", 2),
        ("Bruno Okafor", 2),
    ]
    assert merges["records_merged"] == 4
    assert [(d["a_name"], d["b_name"]) for d in merges["possible"]["rows"]] == [
        ("Zoë Ødegaard", "Zoe Odegard")
    ]


def test_changes_since_previous_audit_name_the_people_who_moved(view):
    changes = view["changes"]
    assert changes["previous"] == {"as_of": "2026-10-21", "connections": 12, "reachable": 4}
    assert changes["counts"] == {
        "new_connections": 2,
        "removed_connections": 1,
        "cooled": 1,
        "warmed": 1,
    }
    assert [(t["tier"], t["before"], t["now"], t["delta"]) for t in changes["tiers"]] == [
        ("active", 1, 2, 1),
        ("warm", 3, 2, -1),
        ("dormant", 2, 3, 1),
        ("one_way_out", 1, 1, 0),
        ("one_way_in", 3, 2, -1),
        ("silent", 2, 3, 1),
    ]
    moved = {g["key"]: g["rows"] for g in changes["people"]}
    assert moved == {
        "new": ["王芳", "Ingrid Solberg"],
        "warmed": ["Bruno Okafor"],
        "cooled": ["Emeka Hollis"],
        "removed": ["Olaf Brandt"],
    }
    assert [t["reachable"] for t in changes["trend"]] == [3, 4, 4, 4]
    assert changes["trend_reachable_max"] == 4


def test_people_rows_keep_document_order_and_only_web_links():
    document, extras = load_report_fixture()
    document["people"][10]["linkedin_url"] = "javascript:alert(1)"
    view = build_report_view(document, extras)
    assert len(view["people"]) == 15
    assert view["people"][0]["name"] == "Ada Quill"
    assert view["people"][0]["url"] == "https://www.linkedin.com/in/ada-quill"
    assert view["people"][10]["name"] == XSS_NAME
    assert view["people"][10]["url"] is None
    assert view["people"][14]["name"] == "王芳"


def test_long_action_lists_are_cut_with_a_count_of_the_rest():
    document, extras = load_report_fixture()
    template = document["people"][9]  # Gus Penhallow, one_way_in connection
    document["people"] = [
        dict(template, id=f"p-{i:012x}", name=f"Person {i:02d}", last_in=f"2026-10-{i + 1:02d}")
        for i in range(30)
    ]
    view = build_report_view(document, extras)
    owed = view["owed"]
    assert (len(owed["rows"]), owed["total"], owed["more"]) == (25, 30, 5)
    assert owed["rows"][0]["name"] == "Person 29"  # the newest message first


def test_first_audit_without_extras_has_empty_sections():
    document, _ = load_report_fixture()
    document.update(people=[], skipped=[], previous=None, changes=None)
    view = build_report_view(document, {})
    assert view["changes"]["previous"] is None
    assert view["changes"]["counts"] is None
    assert view["changes"]["trend"] == []
    assert all(g["rows"] == [] for g in view["changes"]["people"])
    assert view["years"] == {"rows": [], "unknown": 0, "max": 0}
    assert view["reconnect"]["rows"] == []
    assert view["quality"]["skipped"] == []
    assert view["merges"]["merged"]["total"] == 0
    assert view["owner"] == {
        "name": None,
        "url": None,
        "how": None,
        "emails": [],
        "emails_from": [],
    }
