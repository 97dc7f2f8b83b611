"""Walk a PATH the user gave (a folder, an archive or one file) into the files under it.

Links out of the folder the user named, and links that lead nowhere, are not followed;
pipes and devices are not read (reading one could block), and a Maildir's ``tmp/`` holds
no mail yet. A file is sniffed from its first bytes through one handle: an mbox is left on
disk to be streamed, a one-message mail file is read as far as its header block, anything
else is read whole, up to ``MAX_FILE_BYTES``. A file in a folder that cannot be read is an
entry with its reason (skipped whole later); a PATH that cannot be used is an
``InputError``.
"""

from __future__ import annotations

import os
from pathlib import Path

from audit.ingest import email
from audit.ingest.sources.archives import MAX_FILE_BYTES, _file_opener, _is_zip, _walk_zip
from audit.ingest.sources.exports import export_date_of
from audit.ingest.sources.model import (
    Entry,
    Found,
    InputError,
    Stream,
    Unusable,
    _skip_entry,
    escape_controls,
    show_name,
)
from audit.ingest.sources.sniff import (
    MAILDIR_FOLDERS,
    SNIFF_BYTES,
    _mail_kind,
    _read_header_block,
)


def _walk_path(found: Found, path: Path) -> list[Entry]:
    if not path.exists():
        raise InputError(f"{escape_controls(str(path))}: no such file or folder")
    if path.is_dir():
        return _walk_folder(found, path)
    if not path.is_file():
        # Reading a pipe or a device could block or never end.
        raise InputError(f"{escape_controls(str(path))}: not a regular file (a pipe or a device?)")
    try:
        if _is_zip(path):
            return _walk_zip(found, path, prefix="", explicit=True)
        data, mail, stream = _read_file(found, path, path.name, True)
    except Unusable as exc:
        raise InputError(f"{escape_controls(str(path))}: {exc}") from None
    return [Entry(show_name(path.name), data, True, str(path), None, mail=mail, stream=stream)]


def _read_file(
    found: Found, path: Path, name: str, explicit: bool
) -> tuple[bytes, str | None, Stream | None]:
    """(bytes, mail kind, stream) of a file, read through one handle. Its first bytes are
    sniffed: an mbox is left on disk to be streamed, a one-message mail file is read as far
    as its header block; anything else is read whole, never more than ``MAX_FILE_BYTES``."""
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            found.file_ids.add((status.st_dev, status.st_ino))
            head = handle.read(SNIFF_BYTES)
            mail = _mail_kind(name, head, explicit)
            if mail == email.MBOX:
                stamp = f"{status.st_size}:{status.st_mtime_ns}"
                return b"", mail, Stream(_file_opener(path), status.st_size, stamp)
            if mail is not None:
                return _read_header_block(handle.read, head), mail, None
            data = head + handle.read(MAX_FILE_BYTES + 1 - len(head))
    except OSError as exc:
        raise Unusable(f"cannot be read ({exc.strerror})") from None
    if len(data) > MAX_FILE_BYTES:
        raise Unusable(f"larger than {MAX_FILE_BYTES:,} bytes; no LinkedIn export file is")
    return data, None, None


def _is_maildir_tmp(folder: Path) -> bool:
    """A Maildir's tmp/: messages still being delivered, not mail yet."""
    return folder.name == "tmp" and any((folder.parent / s).is_dir() for s in MAILDIR_FOLDERS)


def _walk_folder(found: Found, root: Path) -> list[Entry]:
    real_root = root.resolve()
    entries: list[Entry] = []

    def unreadable(error: OSError) -> None:
        name = Path(error.filename).relative_to(root).as_posix() if error.filename else "."
        name = show_name(name)
        entries.append(_skip_entry(name, f"folder cannot be read ({error.strerror})"))

    # os.walk does not descend into linked folders; a link out of the folder is reported.
    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs.sort()
        if _is_maildir_tmp(Path(folder)):
            found.ignored.extend(
                show_name((Path(folder) / n).relative_to(root).as_posix()) for n in sorted(files)
            )
            dirs.clear()
            continue
        for name in dirs:
            path = Path(folder) / name
            problem = _check_link(path, real_root)
            if problem:
                entries.append(_skip_entry(show_name(path.relative_to(root).as_posix()), problem))
        when = export_date_of(folder)  # the folder's, the same for each of its files
        for name in sorted(files):
            path = Path(folder) / name
            rel = show_name(path.relative_to(root).as_posix())
            problem = _check_link(path, real_root)
            if problem:
                entries.append(_skip_entry(rel, problem))
                continue
            if not path.is_file():
                found.ignored.append(rel)  # a pipe, socket or device: reading it could block
                continue
            try:
                if _is_zip(path):
                    entries.extend(_walk_zip(found, path, prefix=rel + "/", explicit=False))
                    continue
                data, mail, stream = _read_file(found, path, rel, False)
            except Unusable as exc:
                entries.append(_skip_entry(rel, str(exc)))
                continue
            entries.append(
                Entry(rel, data, False, str(path.parent), when, mail=mail, stream=stream)
            )
    return entries


LINK_OUT = "a link to something outside the folder; not followed (name the file itself to read it)"
LINK_BROKEN = "a link that leads nowhere (its target is missing, or links loop)"


def _check_link(path: Path, real_root: Path) -> str | None:
    """Why a link in the folder is not followed, or None for anything else. A link that
    points out of the folder the user named is not theirs to hand us."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # missing target; RuntimeError: a loop (Python < 3.13)
        return LINK_BROKEN
    return None if target.is_relative_to(real_root) else LINK_OUT
