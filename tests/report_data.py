"""The report tests' hand-made audit (tests/fixtures/report/): fresh copies for each test."""

from __future__ import annotations

import json

from tests.helpers import FIXTURES

REPORT_FIXTURES = FIXTURES / "report"


def load_report_fixture() -> tuple[dict, dict]:
    """The fixture's ``document`` and ``extras``, as the pipeline hands them to the report."""
    document = json.loads((REPORT_FIXTURES / "document.json").read_text(encoding="utf-8"))
    extras = json.loads((REPORT_FIXTURES / "extras.json").read_text(encoding="utf-8"))
    return document, extras
