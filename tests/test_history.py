"""The SQLite history: one audit a month, previous audit, changes, trend, lock, migration, kill."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from audit.history import (
    SCHEMA_VERSION,
    HistoryError,
    HistoryLocked,
    _migrate,
    audit_lock,
    build_changes,
    person_key,
    read_audits,
    read_last_audit,
    read_previous_audit,
    read_trend,
    render_history_table,
    write_audit,
)
from audit.schemas import TIERS

REPO = Path(__file__).resolve().parents[1]


def make_person(pid, name, tier, is_connection=True, url="auto", **facts):
    """A person of the JSON ``people`` list, with DESIGN's keys."""
    if url == "auto":
        url = "https://www.linkedin.com/in/" + name.lower().replace(" ", "-")
    return {
        "id": pid,
        "name": name,
        "tier": tier,
        "is_connection": is_connection,
        "linkedin_url": url,
        "emails": facts.get("emails", []),
        "phones": facts.get("phones", []),
        "company": None,
        "position": None,
        "connected_on": facts.get("connected_on", "2020-01-01" if is_connection else None),
        "last_two_way": facts.get("last_two_way"),
        "last_in": facts.get("last_in"),
        "last_out": facts.get("last_out"),
        "messages_in": 0,
        "messages_out": 0,
        "records": [],
        "match_reasons": [],
    }


def make_document(as_of, people):
    """A JSON document whose summary is counted from its people, as the pipeline does."""
    tiers = {t: 0 for t in TIERS}
    for p in people:
        if p["is_connection"]:
            tiers[p["tier"]] += 1
    return {
        "schema": "reachable/1",
        "as_of": as_of,
        "as_of_source": "--as-of",
        "settings": {"active_days": 90, "window_days": 365, "max_group": 5},
        "summary": {
            "connections": sum(tiers.values()),
            "people": len(people),
            "reachable": tiers["active"] + tiers["warm"],
            "tiers": tiers,
        },
        "people": people,
        "skipped": [],
        "previous": None,
        "changes": None,
    }


def small_document(as_of, n_active):
    """n_active active connections and one silent one."""
    people = [make_person(f"p-{i}", f"Person {i}", "active") for i in range(n_active)]
    return make_document(as_of, [*people, make_person("p-s", "Sam Silent", "silent")])


def sql(path, query):
    """Rows of one query on a fresh connection, closed afterwards."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def run_python(code, *args, **popen):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        **popen,
    )


# --- person_key ---------------------------------------------------------------------------


def test_person_key_prefers_url_then_email_then_phone_then_name():
    url = "https://www.linkedin.com/in/ada"
    assert person_key({"linkedin_url": url, "emails": ["a@x.org"], "name": "Ada"}) == url
    by_email = {"linkedin_url": None, "emails": ["ada@x.org", "b@y.org"], "phones": ["+1"]}
    assert person_key(by_email) == "h:" + hashlib.sha256(b"ada@x.org").hexdigest()
    by_phone = {"linkedin_url": None, "emails": [], "phones": ["+442071234567"], "name": "Ada"}
    assert person_key(by_phone) == "h:" + hashlib.sha256(b"+442071234567").hexdigest()
    by_name = {"linkedin_url": None, "emails": [], "phones": [], "name": "Ada  LOVELACE"}
    assert person_key(by_name) == "ada lovelace"


# --- storing and reading ------------------------------------------------------------------


def test_write_then_read_round_trips_summary_and_people(tmp_path):
    history = tmp_path / "deep" / "dir" / "history.sqlite"
    doc = make_document(
        "2026-03-14",
        [
            make_person("p-1", "Ada Lovelace", "warm", last_two_way="2026-01-02", last_in="x"),
            make_person("p-2", "Bob Only Mail", "one_way_in", is_connection=False, url=None),
        ],
    )
    doc["people"][1]["emails"] = ["bob@example.com"]
    write_audit(history, doc, "fp-1")

    assert read_audits(history) == [{"as_of": "2026-03-14", "summary": doc["summary"]}]
    previous = read_previous_audit(history, date(2026, 4, 1))
    assert previous == {
        "as_of": "2026-03-14",
        "summary": doc["summary"],
        "people": [
            {
                "key": "https://www.linkedin.com/in/ada-lovelace",
                "name": "Ada Lovelace",
                "is_connection": True,
                "tier": "warm",
                "last_two_way": "2026-01-02",
                "last_in": "x",
                "last_out": None,
                "connected_on": "2020-01-01",
            },
            {
                "key": "h:" + hashlib.sha256(b"bob@example.com").hexdigest(),
                "name": "Bob Only Mail",
                "is_connection": False,
                "tier": "one_way_in",
                "last_two_way": None,
                "last_in": None,
                "last_out": None,
                "connected_on": None,
            },
        ],
    }
    assert sql(history, "SELECT fingerprint, settings, as_of_source FROM audits") == [
        ("fp-1", '{"active_days": 90, "max_group": 5, "window_days": 365}', "--as-of")
    ]


def test_rerun_of_the_same_month_replaces_the_audit_and_its_people(tmp_path):
    history = tmp_path / "history.sqlite"
    write_audit(history, small_document("2026-03-01", 3), "fp-a")
    write_audit(history, small_document("2026-02-10", 1), "fp-feb")
    write_audit(history, small_document("2026-03-21", 5), "fp-b")

    audits = read_audits(history)
    assert [a["as_of"] for a in audits] == ["2026-03-21", "2026-02-10"]
    assert audits[0]["summary"]["connections"] == 6
    previous = read_previous_audit(history, date(2026, 4, 2))
    assert previous["as_of"] == "2026-03-21"
    assert len(previous["people"]) == 6
    assert sql(history, "SELECT COUNT(*) FROM audit_people") == [(6 + 2,)]
    assert sql(history, "SELECT fingerprint FROM audits ORDER BY month") == [("fp-feb",), ("fp-b",)]


def test_previous_is_the_newest_audit_of_an_earlier_month(tmp_path):
    history = tmp_path / "history.sqlite"
    for as_of in ("2026-01-15", "2026-04-05", "2026-02-10"):
        write_audit(history, small_document(as_of, 1), as_of)

    # Same month (April) and later months are not "previous".
    assert read_previous_audit(history, date(2026, 4, 20))["as_of"] == "2026-02-10"
    assert read_previous_audit(history, date(2026, 4, 1))["as_of"] == "2026-02-10"
    assert read_previous_audit(history, date(2026, 3, 31))["as_of"] == "2026-02-10"
    assert read_previous_audit(history, date(2026, 2, 28))["as_of"] == "2026-01-15"
    assert read_previous_audit(history, date(2026, 1, 31)) is None
    assert read_previous_audit(history, date(2027, 1, 1))["as_of"] == "2026-04-05"


def test_readers_of_a_missing_history_return_nothing_and_create_nothing(tmp_path):
    history = tmp_path / "none" / "history.sqlite"
    assert read_previous_audit(history, date(2026, 1, 1)) is None
    assert read_audits(history) == []
    assert read_trend(history) == []
    assert read_last_audit(history) is None
    assert not history.parent.exists()


def test_trend_is_oldest_first_and_audits_newest_first(tmp_path):
    history = tmp_path / "history.sqlite"
    for as_of, n in (("2026-05-01", 4), ("2026-03-01", 2), ("2026-04-01", 3)):
        write_audit(history, small_document(as_of, n), as_of)

    assert read_trend(history) == [
        {"as_of": "2026-03-01", "connections": 3, "reachable": 2},
        {"as_of": "2026-04-01", "connections": 4, "reachable": 3},
        {"as_of": "2026-05-01", "connections": 5, "reachable": 4},
    ]
    assert [a["as_of"] for a in read_audits(history)] == ["2026-05-01", "2026-04-01", "2026-03-01"]
    last = read_last_audit(history)
    assert last["as_of"] == "2026-04-01"  # written last, whatever its month
    assert last["created_at"].endswith("+00:00")


# --- changes ------------------------------------------------------------------------------


def previous_and_current():
    then = make_document(
        "2026-10-21",
        [
            make_person("old-a", "Ada", "warm"),
            make_person("old-b", "Bea", "active"),
            make_person("old-c", "Cy", "silent"),
            make_person("old-d", "Dot", "dormant"),
            make_person("old-e", "Eve Gone", "warm"),
            make_person("old-f", "Fay", "active", is_connection=False),
            make_person("old-g", "Gil", "one_way_in"),
        ],
    )
    now = make_document(
        "2026-11-21",
        [
            make_person("p-b", "Bea", "active"),
            make_person("p-c", "Cy", "warm"),  # warmed
            make_person("p-a", "Ada", "dormant"),  # cooled
            make_person("p-d", "Dot", "dormant"),
            make_person("p-f", "Fay", "active"),  # new: a connection now, not then
            make_person("p-h", "Hal", "silent"),  # new
            make_person("p-i", "Ivy", "warm", is_connection=False),  # not a connection: ignored
            make_person("p-g", "Gil", "active"),  # warmed
        ],
    )
    return then, now


def test_changes_count_and_name_the_people_through_the_history(tmp_path):
    history = tmp_path / "history.sqlite"
    then, now = previous_and_current()
    write_audit(history, then, "fp")

    previous = read_previous_audit(history, date(2026, 11, 21))
    changes, people = build_changes(previous, now)

    assert changes == {"new_connections": 2, "removed_connections": 1, "cooled": 1, "warmed": 2}
    assert people == {
        "cooled": ["p-a"],
        "warmed": ["p-c", "p-g"],
        "new": ["p-f", "p-h"],
        "removed": ["Eve Gone"],
    }


def test_changes_without_a_previous_audit_are_null():
    _, now = previous_and_current()
    assert build_changes(None, now) == (
        None,
        {"cooled": [], "warmed": [], "new": [], "removed": []},
    )


def test_people_sharing_only_a_name_are_matched_one_to_one():
    twin = {"url": None}
    then = make_document(
        "2026-01-01",
        [
            make_person("o1", "Kim Lee", "warm", connected_on="2019-01-01", **twin),
            make_person("o2", "Kim Lee", "silent", connected_on="2021-06-01", **twin),
        ],
    )
    now = make_document(
        "2026-02-01",
        [
            make_person("n2", "Kim Lee", "warm", connected_on="2021-06-01", **twin),
            make_person("n1", "Kim Lee", "silent", connected_on="2019-01-01", **twin),
        ],
    )
    previous = {"as_of": "2026-01-01", "summary": then["summary"], "people": then["people"]}
    changes, people = build_changes(previous, now)
    assert changes == {"new_connections": 0, "removed_connections": 0, "cooled": 1, "warmed": 1}
    assert people == {"cooled": ["n1"], "warmed": ["n2"], "new": [], "removed": []}


# --- terminal table -----------------------------------------------------------------------


HISTORY_TABLE = """\
as_of       connections  reachable  active  warm  dormant  one_way_out  one_way_in  silent
2026-11-21           13         12      12     0        0            0           0       1
2026-10-21            4          3       3     0        0            0           0       1"""


def test_history_table_has_one_aligned_row_per_audit():
    audits = [
        {"as_of": "2026-11-21", "summary": small_document("2026-11-21", 12)["summary"]},
        {"as_of": "2026-10-21", "summary": small_document("2026-10-21", 3)["summary"]},
    ]
    assert render_history_table(audits) == HISTORY_TABLE
    assert render_history_table([]) == "No audits in the history yet."


# --- schema versions ----------------------------------------------------------------------


def test_a_version_1_file_is_migrated_forward_and_keeps_its_audits(tmp_path):
    history = tmp_path / "history.sqlite"
    conn = sqlite3.connect(history, isolation_level=None)
    _migrate(conn, history, target=1)
    conn.execute(
        "INSERT INTO audits VALUES (?, ?, ?, ?, ?, ?)",
        ("2026-01", "2026-01-09", "{}", "fp-old", '{"connections": 1, "reachable": 1}', "t"),
    )
    conn.execute(
        "INSERT INTO audit_people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            "2026-01",
            "https://www.linkedin.com/in/ada",
            "Ada",
            1,
            "warm",
            "2025-12-01",
            None,
            None,
            "2020-01-01",
        ),
    )
    conn.close()
    assert sql(history, "PRAGMA user_version") == [(1,)]
    assert sql(history, "PRAGMA index_list(audit_people)") == []

    assert read_audits(history) == [
        {
            "as_of": "2026-01-09",
            "summary": {"connections": 1, "reachable": 1},
        }
    ]
    assert sql(history, "PRAGMA user_version") == [(SCHEMA_VERSION,)] == [(2,)]
    assert [r[1] for r in sql(history, "PRAGMA index_list(audit_people)")] == ["audit_people_month"]
    assert [r[1] for r in sql(history, "PRAGMA table_info(audits)")][-1] == "as_of_source"

    # The migrated file takes new audits and still compares with the old one.
    write_audit(history, make_document("2026-02-09", [make_person("p-1", "Ada", "dormant")]), "f")
    previous = read_previous_audit(history, date(2026, 2, 9))
    changes, _ = build_changes(
        previous, make_document("2026-02-09", [make_person("p-1", "Ada", "dormant")])
    )
    assert previous["as_of"] == "2026-01-09"
    assert changes == {"new_connections": 0, "removed_connections": 0, "cooled": 1, "warmed": 0}


def test_a_file_from_a_newer_version_or_not_sqlite_is_refused(tmp_path):
    newer = tmp_path / "newer.sqlite"
    sql(newer, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(HistoryError, match="newer reachable"):
        read_audits(newer)

    garbage = tmp_path / "garbage.sqlite"
    garbage.write_text("this is not a database, it is a note\n" * 200)
    with pytest.raises(HistoryError, match="garbage.sqlite"):
        write_audit(garbage, small_document("2026-01-01", 1), "f")
    assert garbage.read_text().startswith("this is not a database")


# --- lock ---------------------------------------------------------------------------------

TRY_LOCK = """
    import sys
    from pathlib import Path
    from audit.history import HistoryLocked, audit_lock
    try:
        with audit_lock(Path(sys.argv[1])):
            print("acquired")
    except HistoryLocked as exc:
        print("locked:", exc)
"""

HOLD_LOCK = """
    import sys, time
    from pathlib import Path
    from audit.history import audit_lock
    with audit_lock(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(600)
"""


def test_a_second_process_cannot_take_the_lock_until_it_is_released(tmp_path):
    history = tmp_path / "new" / "history.sqlite"
    with audit_lock(history):
        assert (tmp_path / "new" / "history.sqlite.lock").exists()
        out, _ = run_python(TRY_LOCK, history).communicate()
        assert out.startswith(f"locked: {history}: another audit is running")
    out, _ = run_python(TRY_LOCK, history).communicate()
    assert out == "acquired\n"


def test_the_lock_of_a_killed_process_is_released(tmp_path):
    history = tmp_path / "history.sqlite"
    holder = run_python(HOLD_LOCK, history)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(HistoryLocked), audit_lock(history):
            pass
    finally:
        holder.kill()
        holder.wait()
    with audit_lock(history):
        pass


# --- crash safety -------------------------------------------------------------------------

# Writes a 50,000-person audit of February and stops dead halfway through the
# people, inside write_audit's transaction, until it is SIGKILLed.
KILLED_WRITER = """
    import sys, time
    from pathlib import Path
    from audit.history import write_audit

    class StopsHalfway(list):
        def __iter__(self):
            for i, person in enumerate(list.__iter__(self)):
                if i == 40_000:
                    print("halfway", flush=True)
                    time.sleep(600)
                yield person

    people = StopsHalfway(
        {"id": f"p-{i}", "name": f"Person {i}", "tier": "silent", "is_connection": True,
         "linkedin_url": f"https://www.linkedin.com/in/person-number-{i:06d}",
         "emails": [], "phones": [], "connected_on": "2020-01-01",
         "last_two_way": None, "last_in": None, "last_out": None}
        for i in range(50_000)
    )
    summary = {"connections": 50_000, "people": 50_000, "reachable": 0,
               "tiers": {"silent": 50_000}}
    write_audit(Path(sys.argv[1]), {"as_of": "2026-02-20", "settings": {}, "summary": summary,
                                    "people": people}, "fp-killed")
"""


def test_a_writer_killed_mid_transaction_leaves_the_earlier_audits_intact(tmp_path):
    history = tmp_path / "history.sqlite"
    write_audit(history, small_document("2026-01-10", 2), "fp-jan")
    write_audit(history, small_document("2026-02-10", 3), "fp-feb")
    audits_before = read_audits(history)
    february_people = read_previous_audit(history, date(2026, 3, 1))["people"]

    size_before = history.stat().st_size
    writer = run_python(KILLED_WRITER, history)
    try:
        assert writer.stdout.readline() == "halfway\n"
        # The transaction is open and has already spilled 40,000 rows into the file
        # (more than SQLite's 2 MB page cache); the journal holds the pages it overwrote.
        assert (tmp_path / "history.sqlite-journal").exists()
        assert history.stat().st_size > size_before
    finally:
        writer.kill()
        writer.wait()

    assert sql(history, "PRAGMA integrity_check") == [("ok",)]
    assert not (tmp_path / "history.sqlite-journal").exists()  # rolled back on open
    assert read_audits(history) == audits_before
    assert read_previous_audit(history, date(2026, 3, 1))["people"] == february_people
    assert sql(history, "SELECT COUNT(*) FROM audit_people") == [(3 + 4,)]

    # The file takes the next write normally.
    write_audit(history, small_document("2026-02-21", 1), "fp-again")
    assert [a["as_of"] for a in read_audits(history)] == ["2026-02-21", "2026-01-10"]
