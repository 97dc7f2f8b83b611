"""What an audit loads: a run reads mail, calendars, a config file or the history lock only
when it has them, so their parsers (and their import time) are not paid by every run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from audit.ingest import calendar, email

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_exports"

# Loaded only by what uses them: mail headers and rules, the calendar reader and recurrence
# (dateutil), the vCard writer (vobject), the TOML parser, the history lock, and pydantic
# (which typer 0.29 imports to coerce options).
NOT_NEEDED = (
    "audit.ingest.email.headers",
    "audit.ingest.email.rules",
    "audit.ingest.email.read",
    "audit.ingest.calendar.scan",
    "audit.ingest.calendar.expand",
    "dateutil",
    "audit.addressbook",
    "vobject",
    "tomllib",
    "filelock",
    "pydantic",
)

RUN = """
import json, sys
sys.argv = ["reachable", *json.loads(sys.argv[1])]
from audit.cli import main
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps(sorted(sys.modules)))
"""


def test_an_audit_of_an_export_and_an_address_book_loads_no_mail_or_calendar_code(tmp_path):
    args = [
        "audit",
        str(SAMPLE / "Basic_LinkedInDataExport_11-15-2026.zip"),
        str(SAMPLE / "contacts.vcf"),
        "--out",
        str(tmp_path / "out"),
        "--no-history",
    ]
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-c", RUN, json.dumps(args)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=True,
    )  # fmt: skip
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert (tmp_path / "out" / "reachable-2026-11-15.html").exists()
    assert "audit.ingest.linkedin" in loaded  # the export was read
    assert [m for m in NOT_NEEDED if m in loaded] == []


def test_every_name_the_mail_and_calendar_packages_offer_resolves():
    """Their readers load on first use; each name in ``__all__`` is found where it lives."""
    for package in (email, calendar):
        for name in package.__all__:
            assert getattr(package, name) is not None, (package.__name__, name)
