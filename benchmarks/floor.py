"""The floor of an audit: what reading its inputs costs a bare Python process, and nothing else.

``python benchmarks/floor.py ARCHIVE [BOOK.vcf]`` starts Python, imports polars, reads
Connections.csv and messages.csv from the zip with polars and splits the address book at
``BEGIN:VCARD``. bench_audit.py runs it as a whole process, started the way the audit is,
and prints the audit's wall time over it. It imports nothing but polars and the standard
library, so the figure is what starting Python and reading the files costs: no pipeline
can be faster than reading its input once.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import polars as pl

WANTED = ("connections.csv", "messages.csv")


def read_inputs(archive: Path, book: Path | None = None) -> int:
    """Polars reads the two big CSVs straight from the zip (Connections.csv after its
    three-line preamble); the address book is split into cards. The number of rows and
    cards read, so that nothing is optimised away."""
    rows = 0
    with zipfile.ZipFile(archive) as zf:
        for member in zf.namelist():
            if member.rsplit("/", 1)[-1].lower() in WANTED:
                data = zf.read(member)
                skip = 3 if member.lower().endswith("connections.csv") else 0
                rows += pl.read_csv(io.BytesIO(data), skip_rows=skip, infer_schema=False).height
    if book is not None:
        rows += len(book.read_bytes().split(b"BEGIN:VCARD")) - 1
    return rows


if __name__ == "__main__":
    read_inputs(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
