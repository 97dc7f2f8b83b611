"""Walk the paths a user gives, open archives safely, and sniff what each file is.

A PATH may be a LinkedIn ``.zip`` (members at the root or nested in a folder), an
extracted export folder, a single CSV, ``.vcf`` files, or a folder mixing them.
Files are recognised by content (a LinkedIn header row, ``BEGIN:VCARD``), not by
name alone. Whatever is in a Downloads folder may arrive here, so nothing is
trusted: archives are read in memory, never extracted; an archive whose member
would land outside it is refused whole; every read is bounded by the bytes actually
read (a zip member whose header lies about its size cannot inflate past the caps);
links out of a folder, pipes and devices are not followed. E-mail archives are the
exception to reading whole: a mail file is sniffed from its first bytes and then streamed
(``Source.stream``), from disk or straight out of a zip, so a 20 GB Takeout goes through
in bounded memory; for a mail member of a zip the bomb guard is the compression ratio,
checked as it inflates, not the total size. A file named on the
command line that cannot be used is an ``InputError`` (the CLI exits 2, one line);
one found inside a folder is skipped whole (a SKIPPED row with ``record`` null and
a reason a person can act on) and the run goes on. The parts: ``folders`` (walking a
PATH), ``archives`` (zips, their guards, streams), ``sniff`` (what a file is),
``exports`` (which export is the newest), ``model`` (what the parts hand each other).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from audit.ingest.sources.archives import _is_zip
from audit.ingest.sources.exports import _keep_newest_export, export_date_of
from audit.ingest.sources.folders import _walk_path
from audit.ingest.sources.model import (
    Entry,
    Found,
    InputError,
    Progress,
    Source,
    Stream,
    Unusable,
    escape_controls,
    show_name,
)
from audit.ingest.sources.sniff import (
    CALENDAR,
    FILE_SKIPPED,
    INTERACTIONS_CSV,
    READABLE,
    _sniff,
)

# The archive caps (MAX_FILE_BYTES and its kin) are not here: they are read in
# ``archives``, the one place where setting them takes effect.
__all__ = [
    "CALENDAR",
    "FILE_SKIPPED",
    "INTERACTIONS_CSV",
    "READABLE",
    "Entry",
    "Found",
    "InputError",
    "Progress",
    "Source",
    "Stream",
    "Unusable",
    "escape_controls",
    "export_date_of",
    "read_inbox",
    "read_sources",
    "show_name",
]


def read_sources(paths: list[Path]) -> Found:
    """Every usable file under ``paths``, sniffed; see the module docstring for the rules."""
    found = Found([], [], [], [])
    for path in paths:
        before, skipped_before = len(found.sources), len(found.skipped_files)
        for entry in _walk_path(found, path):
            _sniff(found, entry)
        if len(found.sources) == before:
            # A folder or an archive with nothing to read cannot be what the user meant.
            raise InputError(_describe_nothing_read(path, found.skipped_files[skipped_before:]))
    _keep_newest_export(found)
    return found


def _describe_nothing_read(path: Path, skipped: list[dict]) -> str:
    shown = escape_controls(str(path))
    if not skipped:
        return f"{shown}: nothing in it can be read; expected {READABLE}"
    first = skipped[0]
    reason = first["reason"].removeprefix(FILE_SKIPPED)
    others = f" (and {len(skipped) - 1} more files)" if len(skipped) > 1 else ""
    return f"{shown}: nothing in it can be read; {escape_controls(first['file'])}: {reason}{others}"


def _looks_zipped(path: Path) -> bool:
    try:
        return _is_zip(path)
    except Unusable:
        return False


def read_inbox(inbox: Path) -> Path:
    """The newest LinkedIn export in the inbox: by the date in its name, then its timestamp."""
    if not inbox.is_dir():
        raise InputError(f"{inbox}: the inbox folder does not exist")
    candidates = [
        p
        for p in inbox.iterdir()
        if "linkedindataexport" in p.name.lower().replace("_", "")
        and (p.is_dir() or _looks_zipped(p))
    ]
    if not candidates:
        raise InputError(
            f"{inbox}: no LinkedIn export in the inbox (expected Basic_LinkedInDataExport_*.zip)"
        )
    return max(candidates, key=lambda p: (export_date_of(p.name) or date.min, p.stat().st_mtime))
