"""The floor of an audit: polars reading every CSV the audit reads, and nothing else.

bench_audit.py times ``read_csvs`` in its own process and runs this file as a whole
process (``python benchmarks/floor.py ARCHIVE``), to compare with the audit's wall time
like for like. It imports nothing but polars and the standard library, so that the
whole-process figure is what starting Python and reading the files costs.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import polars as pl

WANTED = ("connections.csv", "messages.csv", "invitations.csv")


def read_csvs(archive: Path) -> None:
    """Polars reads each CSV the audit reads, straight from the zip (Connections.csv after
    its three-line preamble)."""
    with zipfile.ZipFile(archive) as zf:
        for member in zf.namelist():
            if member.lower() in WANTED:
                data = zf.read(member)
                skip = 3 if member.lower() == "connections.csv" else 0
                pl.read_csv(io.BytesIO(data), skip_rows=skip, infer_schema=False)


if __name__ == "__main__":
    read_csvs(Path(sys.argv[1]))
