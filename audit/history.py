"""The history of audits: an embedded SQLite file with one audit per as-of month.

Each audit keeps its date, settings, a fingerprint of its inputs, its summary
and, per person, a stable key with the few facts needed to compare two audits
(connection or not, tier, last exchanges). From that the pipeline gets the
previous audit, the ``changes`` block and the trend; ``reachable history``
gets its table. The schema carries its version in ``PRAGMA user_version`` and
is brought forward by an ordered list of migration steps. A rerun of the same
month replaces the stored audit in a single transaction, and an exclusive
lock file beside the history keeps two audits from running at once (through
filelock, so the same lock holds on Windows, where there is no fcntl).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path

from audit.schemas import REACHABLE_TIERS, TIERS


class HistoryLocked(Exception):
    """Another process holds the history lock (the CLI exits 75)."""


class HistoryError(Exception):
    """The history file cannot be used; the message names the file and the problem."""


# Ordered forward migrations: step i takes a file from user_version i to i + 1.
# Steps are never edited once released; a change of schema is a new step.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE audits (
            month TEXT PRIMARY KEY,
            as_of TEXT NOT NULL,
            settings TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            summary TEXT NOT NULL,
            created_at TEXT NOT NULL)""",
        """CREATE TABLE audit_people (
            month TEXT NOT NULL REFERENCES audits(month) ON DELETE CASCADE,
            key TEXT NOT NULL,
            name TEXT,
            is_connection INTEGER NOT NULL,
            tier TEXT NOT NULL,
            last_two_way TEXT,
            last_in TEXT,
            last_out TEXT,
            connected_on TEXT)""",
    ),
    (
        # v1 scanned the whole people table to replace or read one month.
        "CREATE INDEX audit_people_month ON audit_people(month, key)",
        # Which date rule the audit used, so a later reader can tell an
        # archive-dated audit from one dated "today".
        "ALTER TABLE audits ADD COLUMN as_of_source TEXT",
    ),
)
SCHEMA_VERSION = len(_MIGRATIONS)

_PERSON_COLUMNS = (
    "key",
    "name",
    "is_connection",
    "tier",
    "last_two_way",
    "last_in",
    "last_out",
    "connected_on",
)


def person_key(person: dict) -> str:
    """A key that finds the same person in another month's audit.

    The person ids of two audits are not comparable, so the key is made of what
    the person is known by: the (already normalised) LinkedIn URL, else a hash
    of the first email or phone (the history need not hold contact details in
    the clear), else the folded name.
    """
    if person.get("linkedin_url"):
        return person["linkedin_url"]
    for field in ("emails", "phones"):
        values = person.get(field) or []
        if values:
            return "h:" + hashlib.sha256(values[0].strip().lower().encode()).hexdigest()
    name = " ".join((person.get("name") or "").split()).lower()
    return name or "id:" + str(person.get("id"))


@contextmanager
def audit_lock(history_path: Path) -> Iterator[None]:
    """Hold the exclusive lock of this history for the duration of one audit.

    filelock takes flock on POSIX and LockFileEx on Windows: both are released by the
    kernel when the process dies, so a killed audit never leaves a stale lock behind.
    The lock is tried once, not waited for: a second audit stops at once (exit 75).
    """
    import filelock  # here: an audit run with --no-history takes no lock and needs none

    lock_path = history_path.with_name(history_path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(lock_path, timeout=0, mode=0o600)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise HistoryLocked(
            f"{history_path}: another audit is running (lock held on {lock_path})"
        ) from None
    try:
        yield
    finally:
        lock.release()


def read_previous_audit(history_path: Path, as_of: date) -> dict | None:
    """The newest audit of a month before as_of's month, with its people; None if there is none."""
    if not history_path.exists():
        return None
    with _connect(history_path) as conn:
        row = conn.execute(
            "SELECT month, as_of, summary FROM audits WHERE month < ? ORDER BY month DESC LIMIT 1",
            (_build_month_key(as_of.isoformat()),),
        ).fetchone()
        if row is None:
            return None
        people = conn.execute(
            f"SELECT {', '.join(_PERSON_COLUMNS)} FROM audit_people WHERE month = ? ORDER BY rowid",
            (row["month"],),
        ).fetchall()
    return {
        "as_of": row["as_of"],
        "summary": json.loads(row["summary"]),
        "people": [_build_person_dict(p) for p in people],
    }


def read_trend(history_path: Path) -> list[dict]:
    """Every stored audit, oldest first, as {"as_of", "connections", "reachable"}."""
    return [
        {
            "as_of": audit["as_of"],
            "connections": audit["summary"]["connections"],
            "reachable": audit["summary"]["reachable"],
        }
        for audit in reversed(read_audits(history_path))
    ]


def read_audits(history_path: Path) -> list[dict]:
    """Every stored audit, newest first, as {"as_of", "summary"} (``history --json``)."""
    if not history_path.exists():
        return []
    with _connect(history_path) as conn:
        rows = conn.execute("SELECT as_of, summary FROM audits ORDER BY month DESC").fetchall()
    return [{"as_of": r["as_of"], "summary": json.loads(r["summary"])} for r in rows]


def read_last_audit(history_path: Path) -> dict | None:
    """The newest audit's as_of and when it was written (created_at, UTC ISO); None if none."""
    if not history_path.exists():
        return None
    with _connect(history_path) as conn:
        row = conn.execute(
            "SELECT as_of, created_at FROM audits ORDER BY created_at DESC, rowid DESC LIMIT 1"
        ).fetchone()
    return None if row is None else {"as_of": row["as_of"], "created_at": row["created_at"]}


def build_changes(previous: dict | None, document: dict) -> tuple[dict | None, dict]:
    """Compare this audit's connections with the previous audit's.

    Returns (``changes`` as in the JSON output, ``change_people`` for the
    report): new and removed connections, and connections still here that
    crossed the reachable line (cooled: were active/warm, are not; warmed: the
    reverse). New, cooled and warmed name people of this document by id;
    removed ones are no longer in it, so they are named as the history knew them.
    """
    if previous is None:
        return None, {"cooled": [], "warmed": [], "new": [], "removed": []}
    now = _build_connections_by_key(document["people"])
    then = _build_connections_by_key(previous["people"])
    both = [k for k in now if k in then]
    cooled = [now[k]["id"] for k in both if _is_reachable(then[k]) and not _is_reachable(now[k])]
    warmed = [now[k]["id"] for k in both if not _is_reachable(then[k]) and _is_reachable(now[k])]
    new = [now[k]["id"] for k in now if k not in then]
    removed = [then[k]["name"] for k in then if k not in now]
    changes = {
        "new_connections": len(new),
        "removed_connections": len(removed),
        "cooled": len(cooled),
        "warmed": len(warmed),
    }
    return changes, {"cooled": cooled, "warmed": warmed, "new": new, "removed": removed}


def write_audit(history_path: Path, document: dict, fingerprint: str) -> None:
    """Store this audit, replacing any audit of the same month, in one transaction.

    ``document`` must be the unredacted JSON document: keys made of pseudonyms
    would not match the next month's. A process killed at any point leaves the
    file as it was or with the new audit complete (SQLite's rollback journal).
    """
    history_path.parent.mkdir(parents=True, exist_ok=True)
    month = _build_month_key(document["as_of"])
    created_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with _connect(history_path, create=True) as conn, _run_transaction(conn):
        conn.execute("DELETE FROM audit_people WHERE month = ?", (month,))
        conn.execute("DELETE FROM audits WHERE month = ?", (month,))
        conn.execute(
            "INSERT INTO audits (month, as_of, settings, fingerprint, summary, created_at,"
            " as_of_source) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                month,
                document["as_of"],
                json.dumps(document["settings"], sort_keys=True),
                fingerprint,
                json.dumps(document["summary"]),
                created_at,
                document.get("as_of_source"),
            ),
        )
        conn.executemany(
            f"INSERT INTO audit_people (month, {', '.join(_PERSON_COLUMNS)})"
            f" VALUES (?{', ?' * len(_PERSON_COLUMNS)})",
            ((month, *_build_person_values(p)) for p in document["people"]),
        )


def render_history_table(audits: list[dict]) -> str:
    """The ``reachable history`` table: one line per audit, in the order given."""
    if not audits:
        return "No audits in the history yet."
    header = ["as_of", "connections", "reachable", *TIERS]
    rows = [
        [
            a["as_of"],
            str(a["summary"]["connections"]),
            str(a["summary"]["reachable"]),
            *(str(a["summary"]["tiers"].get(t, 0)) for t in TIERS),
        ]
        for a in audits
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    # The date reads left-aligned; counts align on their last digit.
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in [header, *rows]
    ]
    return "\n".join(line.rstrip() for line in lines)


def _build_month_key(as_of: str) -> str:
    return as_of[:7]


def _is_reachable(person: dict) -> bool:
    return person["tier"] in REACHABLE_TIERS


def _build_connections_by_key(people: list[dict]) -> dict[str, dict]:
    """Connections by stable key, in the order given; a shared key gets #2, #3 ...

    Two people share a key only when they have nothing but the same name; they
    are numbered in connected_on order so the same pair numbers alike each month.
    """
    connections = [p for p in people if p["is_connection"]]
    keys = [p["key"] if "key" in p else person_key(p) for p in connections]
    order = sorted(
        range(len(connections)),
        key=lambda i: (keys[i], connections[i].get("connected_on") or ""),
    )
    unique: dict[int, str] = {}
    seen: dict[str, int] = {}
    for i in order:
        seen[keys[i]] = seen.get(keys[i], 0) + 1
        unique[i] = keys[i] if seen[keys[i]] == 1 else f"{keys[i]}#{seen[keys[i]]}"
    return {unique[i]: person for i, person in enumerate(connections)}


def _build_person_values(person: dict) -> tuple:
    return (
        person_key(person),
        person.get("name"),
        1 if person["is_connection"] else 0,
        person["tier"],
        person.get("last_two_way"),
        person.get("last_in"),
        person.get("last_out"),
        person.get("connected_on"),
    )


def _build_person_dict(row: sqlite3.Row) -> dict:
    person = dict(row)
    person["is_connection"] = bool(person["is_connection"])
    return person


@contextmanager
def _connect(history_path: Path, create: bool = False) -> Iterator[sqlite3.Connection]:
    """An open, migrated connection; readers never create a missing file.

    A file of an older schema is migrated here, in its own transaction: the one
    write a reader can make, so that every query below sees the current schema.
    """
    mode = "rwc" if create else "rw"
    try:
        # isolation_level=None: transactions are begun and ended here, explicitly.
        conn = sqlite3.connect(
            f"{history_path.resolve().as_uri()}?mode={mode}", uri=True, isolation_level=None
        )
    except sqlite3.Error as exc:
        raise HistoryError(f"{history_path}: cannot open the history ({exc})") from None
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, history_path)
        yield conn
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"{history_path}: cannot use the history ({exc})") from None
    finally:
        conn.close()


def _migrate(conn: sqlite3.Connection, history_path: Path, target: int = SCHEMA_VERSION) -> None:
    """Bring the file forward to ``target``; a file from a newer version is refused."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise HistoryError(
            f"{history_path}: written by a newer reachable (schema {version}, "
            f"this one knows {SCHEMA_VERSION})"
        )
    if version >= target:
        return
    with _run_transaction(conn):
        # Re-read under the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in _MIGRATIONS[version:target]:
            for statement in step:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {max(version, target)}")


@contextmanager
def _run_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    # IMMEDIATE takes the write lock up front, so a concurrent writer waits
    # instead of failing halfway through.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
