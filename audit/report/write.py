"""Write the report files of one audit, atomically, so a reader never sees half a file.

Each file goes to a temporary file in the output folder, is flushed to disk, and is then
renamed over its final name (``os.replace``), which is atomic on the same file system.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

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


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step; on failure the old file stays."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
