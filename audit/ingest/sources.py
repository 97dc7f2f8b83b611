"""Walk the paths a user gives, open archives safely, and sniff what each file is.

A PATH may be a LinkedIn ``.zip`` (members at the root or nested in a folder), an
extracted export folder, a single CSV, ``.vcf`` files, or a folder mixing them.
Files are recognised by content (a LinkedIn header row, ``BEGIN:VCARD``), not by
name alone. Archives are read in memory, never extracted, and an archive whose
member would land outside it is refused whole. A file named on the command line
that cannot be used is an ``InputError`` (the CLI exits 2); one found inside a
folder or archive is skipped whole and the run goes on.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from audit.ingest import linkedin, vcard

# An export's date is in its name: Basic_LinkedInDataExport_MM-DD-YYYY.zip
EXPORT_DATE = re.compile(r"(?<!\d)(\d{2})-(\d{2})-(\d{4})(?!\d)")
SNIFF_BYTES = 65536
# Bounds that stop a zip bomb early: a real Complete export inflates to tens of MB.
MAX_INFLATED_TOTAL = 2 * 1024**3
MAX_RATIO = 200


READABLE = (
    "a LinkedIn export (.zip or folder), one of its Connections, messages, Invitations, "
    "Profile, Recommendations or Endorsement CSV files, or a vCard (.vcf) file"
)


class InputError(Exception):
    """A PATH that cannot be used; the message is one line naming the file and the problem."""


@dataclass(frozen=True)
class Source:
    """One input file, in memory, with what it is."""

    file: str  # relative to the PATH it came from; a PATH that is a file: its base name
    kind: str  # a linkedin Kind name, "vcard", or "ignored"
    data: bytes
    explicit: bool  # named on the command line: unusable means exit 2
    export: str  # the archive or folder it came from, to tell two exports apart
    export_date: date | None


@dataclass
class Found:
    sources: list[Source]
    ignored: list[str]  # files of no known kind
    skipped_files: list[dict]  # SKIPPED rows with record None
    export_dates: list[date]


def read_sources(paths: list[Path]) -> Found:
    """Every usable file under ``paths``, sniffed; see the module docstring for the rules."""
    found = Found([], [], [], [])
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            entries = _walk_folder(path)
        elif _is_zip(path):
            entries = _walk_zip(path, prefix="", explicit=True)
        else:
            entries = iter([(path.name, _read_file(path), True, str(path), None)])
        for name, data, explicit, export, export_date in entries:
            _sniff(found, name, data, explicit, export, export_date)
    _keep_newest_export(found)
    return found


Entry = tuple[str, bytes, bool, str, "date | None"]


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None


def _is_zip(path: Path) -> bool:
    if path.suffix.lower() == ".zip":
        return True
    with open(path, "rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


def export_date_of(name: str) -> date | None:
    match = EXPORT_DATE.search(name)
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _walk_folder(root: Path) -> Iterator[Entry]:
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root):  # os.walk does not follow symlinked folders
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            # A link that points out of the folder the user named is not theirs to hand us.
            if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                continue
            rel = path.relative_to(root).as_posix()
            if not path.is_file():
                continue
            if _is_zip(path):
                yield from _walk_zip(path, prefix=rel + "/", explicit=False)
                continue
            export = str(path.parent)
            yield rel, _read_file(path), False, export, export_date_of(str(path.parent))


def _walk_zip(path: Path, prefix: str, explicit: bool) -> Iterator[Entry]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        if explicit:
            raise InputError(f"{path}: not a readable zip archive ({exc})") from None
        yield prefix.rstrip("/"), b"", False, str(path), None
        return
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        for member in members:
            _check_member_name(path, member.filename)
        _check_sizes(path, members)
        archive_date = export_date_of(path.name)
        for member in members:
            try:
                data = archive.read(member)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                raise InputError(f"{path}: member {member.filename} is corrupt ({exc})") from None
            nested_date = archive_date or export_date_of(member.filename)
            yield prefix + member.filename, data, False, str(path), nested_date


def _check_member_name(path: Path, name: str) -> None:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
        raise InputError(
            f"{path}: archive member {name!r} points outside the archive; "
            "refusing the whole archive"
        )


def _check_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if total > MAX_INFLATED_TOTAL or total / packed > MAX_RATIO:
        raise InputError(
            f"{path}: archive would inflate to {total:,} bytes from {packed:,}; "
            "that is not a LinkedIn export (zip bomb?)"
        )


def _sniff(found: Found, name: str, data: bytes, explicit: bool, export: str, when) -> None:
    head = data[:SNIFF_BYTES]
    base = name.rsplit("/", 1)[-1]
    if vcard.looks_like_vcard(head):
        found.sources.append(Source(name, "vcard", data, explicit, export, when))
        return
    kind = linkedin.sniff_kind(name, linkedin.decode_text(head)) if data else None
    if kind is not None and linkedin.is_not_member_messages(base):
        found.ignored.append(name)  # bot conversations share messages.csv's header
        return
    if kind is not None:
        found.sources.append(Source(name, kind.name, data, explicit, export, when))
        if when is not None:
            found.export_dates.append(when)
        return
    promised = linkedin.expected_kind(name)
    problem = "it is empty" if not data else "no known header row"
    if explicit:
        expected = promised.label if promised else READABLE
        raise InputError(f"{name}: cannot be used ({problem}); expected {expected}")
    if promised is not None or base.lower().endswith((".vcf", ".zip")):
        found.skipped_files.append(
            {"file": name, "record": None, "reason": f"file skipped: {problem}"}
        )
    else:
        found.ignored.append(name)


def _keep_newest_export(found: Found) -> None:
    """Two exports side by side (last month's and this month's, or Basic and Complete) hold
    the same files: each LinkedIn kind is read from the newest export only, so nothing counts
    twice; the older copies are listed as ignored."""
    newest: dict[str, Source] = {}
    for source in found.sources:
        if source.kind == "vcard":
            continue
        best = newest.get(source.kind)
        if best is None or (source.export_date or date.min, len(source.data)) > (
            best.export_date or date.min,
            len(best.data),
        ):
            newest[source.kind] = source
    keep_exports = {s.kind: s.export for s in newest.values()}
    kept = []
    for source in found.sources:
        if source.kind != "vcard" and source.export != keep_exports[source.kind]:
            found.ignored.append(source.file)
        else:
            kept.append(source)
    found.sources = kept


def read_inbox(inbox: Path) -> Path:
    """The newest LinkedIn export in the inbox: by the date in its name, then its timestamp."""
    if not inbox.is_dir():
        raise InputError(f"{inbox}: the inbox folder does not exist")
    candidates = [
        p
        for p in inbox.iterdir()
        if "linkedindataexport" in p.name.lower().replace("_", "") and (p.is_dir() or _is_zip(p))
    ]
    if not candidates:
        raise InputError(
            f"{inbox}: no LinkedIn export in the inbox (expected Basic_LinkedInDataExport_*.zip)"
        )
    return max(candidates, key=lambda p: (export_date_of(p.name) or date.min, p.stat().st_mtime))
