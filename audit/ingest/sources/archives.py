"""Open zip archives safely, and stream from disk or from a zip what is too big to hold.

Whatever is in a Downloads folder may arrive here, so nothing is trusted: archives are
read in memory, never extracted; an archive whose member would land outside it is refused
whole; every read is bounded by the bytes actually read (a zip member whose header lies
about its size cannot inflate past the caps), and a bomb is refused from its declared
sizes before anything inflates. A mail member is not read whole but streamed
(``_member_opener``): its bomb guard is the compression ratio, checked as it inflates by
``_GuardedStream``, which also turns a disk file's read errors into ``UnreadableFile``
(``_file_opener``). A damaged archive is refused with a reason a person can act on.
"""

from __future__ import annotations

import lzma
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from audit.ingest import email, linkedin
from audit.ingest.sources.exports import export_date_of
from audit.ingest.sources.model import (
    Entry,
    Found,
    InputError,
    Progress,
    Stream,
    Unusable,
    _skip_entry,
    escape_controls,
)
from audit.ingest.sources.sniff import SNIFF_BYTES, _is_web_page, _mail_kind, _read_header_block

# A real Complete export inflates to tens of MB (messages.csv of 20,000 messages: 7 MB,
# packed 18:1). The caps are far above that and far below what would exhaust memory.
MAX_FILE_BYTES = 512 * 1024**2  # one file or archive member
MAX_INFLATED_TOTAL = 1024**3  # all members of one archive
MAX_RATIO = 200  # inflated / packed bytes of a member ...
RATIO_FLOOR = 1024**2  # ... once it is past this size (small files pack oddly well)
READ_CHUNK = 1024**2
DOWNLOAD_AGAIN = "download the export again from LinkedIn"


def _is_zip(path: Path) -> bool:
    if path.suffix.lower() == ".zip":
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError as exc:
        raise Unusable(f"cannot be read ({exc.strerror})") from None


def _walk_zip(found: Found, path: Path, prefix: str, explicit: bool) -> list[Entry]:
    """The members of an archive, all read before any is used: a damaged or hostile archive
    is refused whole (exit 2 when named on the command line, else one SKIPPED row)."""
    try:
        members = _read_members(found, path)
    except Unusable as exc:
        if explicit:
            raise
        return [_skip_entry(prefix.rstrip("/"), str(exc))]
    archive_date = export_date_of(path.name)
    entries = []
    for member, data, mail, stream in members:
        when = archive_date or export_date_of(member)
        entries.append(
            Entry(prefix + member, data, False, str(path), when, mail=mail, stream=stream)
        )
    return entries


Member = tuple[str, bytes, "str | None", "Stream | None"]  # name, bytes, mail kind, stream


def _read_members(found: Found, path: Path) -> list[Member]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        raise Unusable(f"cannot be read ({exc.strerror})") from None
    with handle:
        status = os.fstat(handle.fileno())
        found.file_ids.add((status.st_dev, status.st_ino))
        try:
            archive = zipfile.ZipFile(handle)
        except NOT_A_ZIP as exc:
            raise Unusable(_describe_not_a_zip(path, exc)) from None
        with archive:
            return _read_archive(path, archive)


# What zipfile raises on bytes that are not a whole zip archive (OSError: a seek to an
# offset the truncated file does not have).
NOT_A_ZIP = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    ValueError,
    OverflowError,
    struct.error,
)


def _read_archive(path: Path, archive: zipfile.ZipFile) -> list[Member]:
    members = [m for m in archive.infolist() if not m.is_dir()]
    for member in members:
        _check_member_name(path, member.filename)
    unique: list[zipfile.ZipInfo] = []
    seen: set[str] = set()
    for member in members:
        if member.filename not in seen:  # a repeated name: the first member of it is read
            seen.add(member.filename)
            unique.append(member)
    # Each member's first bytes say whether it is mail (a bounded read of each).
    kinds = {m.filename: _mail_kind(m.filename, _peek_member(archive, m), False) for m in unique}
    _check_declared_sizes([m for m in unique if kinds[m.filename] is None])
    for member in unique:
        if kinds[member.filename] is not None and _too_packed(member):
            raise Unusable(_describe_bomb(member.filename, member.file_size, member.compress_size))
    budget = MAX_INFLATED_TOTAL
    read: list[Member] = []
    for member in unique:
        mail = kinds[member.filename]
        if mail == email.MBOX:
            stamp = f"{member.CRC:08x}:{member.file_size}"
            stream = Stream(_member_opener(path, member), member.file_size, stamp)
            read.append((member.filename, b"", mail, stream))
        elif mail is not None:
            read.append((member.filename, _read_member_header(archive, member), mail, None))
        else:
            data = _read_member(archive, member, budget)
            budget -= len(data)
            read.append((member.filename, data, None, None))
    return read


def _peek_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    try:
        with archive.open(member) as handle:
            return handle.read(SNIFF_BYTES)
    except DAMAGED_MEMBER as exc:
        raise Unusable(_describe_damaged(member.filename, exc)) from None


def _read_member_header(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """The first bytes of a one-message mail member, as far as its header block."""
    try:
        with archive.open(member) as handle:
            return _read_header_block(handle.read, handle.read(SNIFF_BYTES))
    except DAMAGED_MEMBER as exc:
        raise Unusable(_describe_damaged(member.filename, exc)) from None


def _too_packed(member: zipfile.ZipInfo) -> bool:
    return member.file_size > max(RATIO_FLOOR, member.compress_size * MAX_RATIO)


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int) -> bytes:
    """A member's bytes, counted as they inflate: the caps hold whatever its header says."""
    limit = min(MAX_FILE_BYTES, budget)
    ratio_limit = max(RATIO_FLOOR, member.compress_size * MAX_RATIO)
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(READ_CHUNK):
                size += len(chunk)
                if size > limit or size > ratio_limit:
                    raise Unusable(_describe_bomb(member.filename, size, member.compress_size))
                chunks.append(chunk)
    except DAMAGED_MEMBER as exc:
        raise Unusable(_describe_damaged(member.filename, exc)) from None
    return b"".join(chunks)


def _describe_damaged(name: str, exc: BaseException) -> str:
    return (
        f"archive member {escape_controls(name)} is damaged or cannot be opened "
        f"({escape_controls(str(exc))}); {DOWNLOAD_AGAIN}"
    )


# What reading a damaged or odd member raises: RuntimeError for an encrypted member,
# NotImplementedError for an unknown compression, the codecs' own errors for bad data.
DAMAGED_MEMBER = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    struct.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    OverflowError,
)


def _check_member_name(path: Path, name: str) -> None:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
        raise InputError(
            f"{escape_controls(str(path))}: archive member {name!r} points outside the archive; "
            "refusing the whole archive"
        )


def _check_declared_sizes(members: list[zipfile.ZipInfo]) -> None:
    """Refuse a bomb before inflating anything, from the sizes the archive declares."""
    total = 0
    for member in members:
        total += member.file_size
        too_big = member.file_size > MAX_FILE_BYTES or total > MAX_INFLATED_TOTAL
        if too_big or _too_packed(member):
            raise Unusable(_describe_bomb(member.filename, member.file_size, member.compress_size))


def _describe_bomb(name: str, size: int, packed: int) -> str:
    return (
        f"archive member {escape_controls(name)} inflates to at least {size:,} bytes from "
        f"{packed:,}; no LinkedIn export does that (a zip bomb?), so the archive is refused"
    )


def _describe_not_a_zip(path: Path, exc: Exception) -> str:
    """Why a file that should be a zip is not one, in words that say what to do."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        head = b""
    if not head:
        return f"the file is empty: the download did not finish; {DOWNLOAD_AGAIN}"
    if _is_web_page(head):
        return (
            "this is a web page (HTML), not a zip archive: the download probably failed; "
            + DOWNLOAD_AGAIN
        )
    if head.startswith(b"PK"):
        return (
            "the zip archive is incomplete or damaged (the download may not have finished); "
            + DOWNLOAD_AGAIN
        )
    return f"not a zip archive ({escape_controls(str(exc))}); {DOWNLOAD_AGAIN}"


def _file_opener(path: Path) -> Callable[[Progress | None], BinaryIO]:
    def open_file(progress: Progress | None = None) -> BinaryIO:
        try:
            handle = open(path, "rb")  # noqa: SIM115 (the guarded stream closes it)
        except OSError as exc:
            raise linkedin.UnreadableFile(f"cannot be read ({exc.strerror})") from None
        return _GuardedStream(handle, [handle], None, "", progress)

    return open_file


class _GuardedStream:
    """A binary stream that turns read errors into ``linkedin.UnreadableFile``, stops a zip
    member that inflates past ``limit`` bytes, and tells ``progress`` what it read."""

    def __init__(self, raw, closers: list, limit: int | None, member: str, progress) -> None:
        self.raw, self.closers, self.limit = raw, closers, limit
        self.member, self.progress, self.read_bytes = member, progress, 0
        self.packed = 0

    def read(self, size: int = -1) -> bytes:
        try:
            piece = self.raw.read(size)
        except DAMAGED_MEMBER as exc:
            if not self.member:
                raise linkedin.UnreadableFile(f"cannot be read ({exc})") from None
            raise linkedin.UnreadableFile(_describe_damaged(self.member, exc)) from None
        self.read_bytes += len(piece)
        if self.limit is not None and self.read_bytes > self.limit:
            raise linkedin.UnreadableFile(_describe_bomb(self.member, self.read_bytes, self.packed))
        if self.progress is not None and piece:
            self.progress(len(piece))
        return piece

    def close(self) -> None:
        for closer in reversed(self.closers):
            closer.close()

    def __enter__(self) -> _GuardedStream:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _member_opener(path: Path, member: zipfile.ZipInfo) -> Callable[[Progress | None], BinaryIO]:
    limit = max(RATIO_FLOOR, member.compress_size * MAX_RATIO)

    def open_member(progress: Progress | None = None) -> BinaryIO:
        closers: list = []
        try:
            handle = open(path, "rb")  # noqa: SIM115 (the guarded stream closes it)
            closers.append(handle)
            archive = zipfile.ZipFile(handle)
            closers.append(archive)
            stream = archive.open(member.filename)
        except (*NOT_A_ZIP, *DAMAGED_MEMBER) as exc:
            for closer in reversed(closers):
                closer.close()
            raise linkedin.UnreadableFile(_describe_damaged(member.filename, exc)) from None
        closers.append(stream)
        guarded = _GuardedStream(stream, closers, limit, member.filename, progress)
        guarded.packed = member.compress_size
        return guarded

    return open_member
