"""Write a text file in one step, so a reader (or a crash) never leaves half of one.

The text goes to a temporary file in the same folder, is flushed to disk, and is renamed
over the final name (``os.replace``), which is atomic on one file system. Reports, the
scheduler's files and the config all go through here.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, text: str, mode: int | None = None) -> None:
    """Replace ``path`` with ``text`` (UTF-8); on failure the old file stays as it was.

    ``mode`` sets the new file's permissions; None keeps mkstemp's private 0600.
    """
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
