"""Write a text file in one step, so a reader (or a crash) never leaves half of one.

The text goes to a temporary file in the same folder, is flushed to disk, and is renamed
over the final name (``os.replace``), which is atomic on one file system. The rename is an
entry in the folder, so the folder is flushed too (POSIX): until it is, a power cut can
bring back the old file, or none, though the new text was on disk. Reports, the address
book, the scheduler's files and the config all go through here.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(
    path: Path, text: str, mode: int | None = None, encoding: str = "utf-8"
) -> None:
    """Replace ``path`` with ``text``; on failure the old file stays as it was.

    ``mode`` sets the new file's permissions where the platform has them (POSIX); None
    keeps mkstemp's private 0600. ``encoding`` "utf-16" starts the file with a BOM.
    """
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None and os.name == "posix":
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk (POSIX: Windows cannot open a folder to flush it).
    A file system that refuses (some network ones) is left be: the file itself is on disk
    either way."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
