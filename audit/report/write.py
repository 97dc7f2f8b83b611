"""Write the report files of one audit, atomically, so a reader never sees half a file.

Each file is written by ``audit.files.write_atomically``: a temporary file in the output
folder, flushed, then renamed over its final name.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from audit.files import write_atomically

EXTENSIONS = ("html", "json", "csv")


def write_report_files(out_dir: Path, as_of: str, files: dict[str, str]) -> list[Path]:
    """Write ``reachable-{as_of}.{ext}`` for each ext (html, json, csv) in ``files``.

    Creates ``out_dir`` when needed and returns the paths written, in html, json, csv order.
    """
    unknown = set(files) - set(EXTENSIONS)
    if unknown:
        raise ValueError(f"unknown report file kinds: {', '.join(sorted(unknown))}")
    # The date becomes part of a file name: refuse anything that is not a plain ISO date.
    date.fromisoformat(as_of)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for ext in EXTENSIONS:
        if ext in files:
            path = out_dir / f"reachable-{as_of}.{ext}"
            write_atomically(path, files[ext])
            written.append(path)
    return written
