"""The report: view model, HTML page, JSON and CSV files, redaction, and writing them.

Everything here renders from the pipeline's two dicts, ``document`` (the JSON contract)
and ``extras`` (report-only facts); nothing reads input files or polars frames.
"""

from audit.report.formats import render_csv, render_json
from audit.report.html import render_html
from audit.report.redact import redact_document
from audit.report.view import build_report_view
from audit.report.write import write_report_files

__all__ = [
    "build_report_view",
    "redact_document",
    "render_csv",
    "render_html",
    "render_json",
    "write_report_files",
]
