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
a reason a person can act on) and the run goes on.
"""

from __future__ import annotations

import lzma
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from audit.ingest import calendar, email, linkedin, vcard
from audit.ingest.interactions_csv import looks_like_interactions_csv

# An export's date is in its name: Basic_LinkedInDataExport_MM-DD-YYYY.zip
EXPORT_DATE = re.compile(r"(?<!\d)(\d{2})-(\d{2})-(\d{4})(?!\d)")
SNIFF_BYTES = 65536
# A real Complete export inflates to tens of MB (messages.csv of 20,000 messages: 7 MB,
# packed 18:1). The caps are far above that and far below what would exhaust memory.
MAX_FILE_BYTES = 512 * 1024**2  # one file or archive member
MAX_INFLATED_TOTAL = 1024**3  # all members of one archive
MAX_RATIO = 200  # inflated / packed bytes of a member ...
RATIO_FLOOR = 1024**2  # ... once it is past this size (small files pack oddly well)
READ_CHUNK = 1024**2

# Inside a folder or an archive, only files named like data are sniffed: a PROVENANCE.md
# that quotes messages.csv's header, or an HTML page with a vCard example, is not one.
# A file named on the command line is taken by its content alone.
CALENDAR = "calendar"
INTERACTIONS_CSV = "interactions_csv"
SNIFFED_SUFFIXES = frozenset({".csv", ".vcf", ".vcard", ".txt", ".ics", ".vcs", ""})
# Names that promise an e-mail file; a file of another name is taken as mail only when it
# starts with an mbox "From " line (a Thunderbird folder named "Archives.2019"), or when it
# sits in a Maildir's cur/ or new/ (names like "1382298805.004613:2,S").
MAIL_SUFFIXES = frozenset({".mbox", ".mbx", ".eml", ".emlx"})
MAILDIR_FOLDERS = ("cur", "new")

READABLE = (
    "a LinkedIn export (.zip or folder), one of its Connections, messages, Invitations, "
    "Profile, Recommendations or Endorsement CSV files, or a vCard (.vcf) file"
)
DOWNLOAD_AGAIN = "download the export again from LinkedIn"
FILE_SKIPPED = "file skipped: "  # every SKIPPED reason of a whole file starts so


class InputError(Exception):
    """A PATH that cannot be used; the message is one line naming the file and the problem."""


Progress = Callable[[int], None]  # told how many more bytes were read


@dataclass(frozen=True)
class Stream:
    """A file too big to hold, read as a stream: ``open(progress)`` gives a fresh binary
    stream of it each time. Its reads raise only ``linkedin.UnreadableFile`` (a damaged
    member, a member inflating past the ratio guard, a disk error), with the reason."""

    open: Callable[[Progress | None], BinaryIO]
    size: int  # bytes it holds (a zip member: as its header declares)
    stamp: str  # stands for its bytes in the inputs' fingerprint (size and mtime, or CRC)


@dataclass(frozen=True)
class Source:
    """One input file, in memory (or as a stream, for an mbox), with what it is."""

    file: str  # relative to the PATH it came from; a PATH that is a file: its base name
    kind: str  # a linkedin Kind name, "vcard", or an e-mail kind (email.KINDS)
    data: bytes  # the whole file; a one-message mail file: its first bytes (the header)
    explicit: bool  # named on the command line: unusable means exit 2
    export: str  # the archive or folder it came from, to tell two exports apart
    export_date: date | None
    stream: Stream | None = None  # an mbox: read it from here; ``data`` is empty


@dataclass
class Found:
    sources: list[Source]
    ignored: list[str]  # files of no known kind
    skipped_files: list[dict]  # SKIPPED rows with record None
    export_dates: list[date]
    # (device, inode) of every file read from disk, so no output is ever written over one.
    file_ids: set[tuple[int, int]] = field(default_factory=set)


@dataclass(frozen=True)
class Entry:
    """A file found under a PATH: its bytes, or why it could not even be read."""

    name: str
    data: bytes
    explicit: bool
    export: str
    export_date: date | None
    problem: str | None = None  # set: the file is unusable, data is empty
    mail: str | None = None  # an e-mail kind, sniffed when the file was opened
    stream: Stream | None = None  # an mbox: how to read it; data is then empty


class Unusable(Exception):
    """A file or archive that cannot be read at all; the message is the reason."""


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


def show_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (Python keeps them as surrogates, which
    no output can encode) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


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


def _mail_kind(name: str, head: bytes, explicit: bool) -> str | None:
    """The e-mail kind of a file from its path (relative, with "/") and first bytes."""
    parts = name.split("/")
    in_maildir = len(parts) > 1 and parts[-2] in MAILDIR_FOLDERS
    kind = email.sniff_mail(head, parts[-1], in_maildir)
    suffix = PurePosixPath(parts[-1]).suffix.lower()
    if explicit or in_maildir or suffix in SNIFFED_SUFFIXES or suffix in MAIL_SUFFIXES:
        return kind
    return kind if kind == email.MBOX else None


def _read_header_block(read: Callable[[int], bytes], head: bytes) -> bytes:
    """The first bytes of a one-message file, read on until its header block ends."""
    data = head
    while not email.header_complete(data) and (more := read(SNIFF_BYTES)):
        data += more
    return data[: email.MAX_HEADER_BYTES + SNIFF_BYTES]


def _is_maildir_tmp(folder: Path) -> bool:
    """A Maildir's tmp/: messages still being delivered, not mail yet."""
    return folder.name == "tmp" and any((folder.parent / s).is_dir() for s in MAILDIR_FOLDERS)


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


def _is_zip(path: Path) -> bool:
    if path.suffix.lower() == ".zip":
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError as exc:
        raise Unusable(f"cannot be read ({exc.strerror})") from None


def export_date_of(name: str) -> date | None:
    match = EXPORT_DATE.search(name)
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


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
            when = export_date_of(folder)
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


def _skip_entry(name: str, reason: str) -> Entry:
    return Entry(name, b"", False, "", None, problem=reason)


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


def _is_web_page(head: bytes) -> bool:
    start = linkedin.decode_text(head[:1024]).lstrip().lower()
    return start.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body")) or (
        start.startswith("<") and "<html" in start
    )


def _is_binary(head: bytes) -> bool:
    """Bytes that are not text in any encoding a CSV comes in (a UTF-16 file has a BOM)."""
    text = linkedin.decode_text(head[:4096])
    odd = sum(1 for c in text if (c < " " and c not in "\t\r\n\f\v") or c == "\ufffd")
    return odd > len(text) // 20


def escape_controls(text: str) -> str:
    """A name fit for a one-line message: control characters (a newline, an escape sequence
    in a crafted member name) shown escaped instead of acted on by the terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _sniff(found: Found, entry: Entry) -> None:
    name, data, explicit = entry.name, entry.data, entry.explicit
    if entry.problem is not None:
        _skip_file(found, name, entry.problem)
        return
    if entry.mail is not None:
        found.sources.append(
            Source(name, entry.mail, data, explicit, entry.export, None, entry.stream)
        )
        return
    head = data[:SNIFF_BYTES]
    base = name.rsplit("/", 1)[-1]
    suffix = PurePosixPath(base).suffix.lower()
    if not explicit and suffix == ".zip":  # only an archive's members get here
        _skip_file(found, name, "a zip inside an archive is not opened; extract it first")
        return
    if not explicit and suffix not in SNIFFED_SUFFIXES | MAIL_SUFFIXES:
        found.ignored.append(name)  # a README.md may quote a header row; it is not one
        return
    # The header row first: a message may quote a vCard, a vCard never holds a header row.
    kind = linkedin.sniff_kind(name, linkedin.decode_text(head)) if data else None
    if kind is None and vcard.looks_like_vcard(head):
        found.sources.append(Source(name, "vcard", data, explicit, entry.export, None))
        return
    if kind is None and calendar.looks_like_calendar(head):
        found.sources.append(Source(name, CALENDAR, data, explicit, entry.export, None))
        return
    if kind is None and looks_like_interactions_csv(linkedin.decode_text(head)):
        found.sources.append(Source(name, INTERACTIONS_CSV, data, explicit, entry.export, None))
        return
    if kind is not None and linkedin.is_not_member_messages(base):
        found.ignored.append(name)  # bot conversations share messages.csv's header
        return
    if kind is not None:
        found.sources.append(
            Source(name, kind.name, data, explicit, entry.export, entry.export_date)
        )
        if entry.export_date is not None:
            found.export_dates.append(entry.export_date)
        return
    _refuse_unknown(found, name, head, explicit)


def _refuse_unknown(found: Found, name: str, head: bytes, explicit: bool) -> None:
    """A file of no known kind: exit 2 if it was named, skipped if its name promised a kind,
    else ignored (a README or a PDF beside the export is not an error)."""
    base = name.rsplit("/", 1)[-1]
    promised = linkedin.expected_kind(name)
    problem = _describe_content(head)
    if base.lower().endswith(tuple(MAIL_SUFFIXES)):
        if not head and not explicit:
            found.ignored.append(name)  # an empty mail folder holds no message to account for
            return
        problem = NOT_MAIL if head else problem
        if explicit:
            raise InputError(f"{escape_controls(name)}: cannot be used ({problem})")
        _skip_file(found, name, problem)
        return
    if explicit:
        expected = f"the {promised.label} of a LinkedIn export" if promised else READABLE
        raise InputError(
            f"{escape_controls(name)}: cannot be used ({problem}); expected {expected}"
        )
    if promised is None and not base.lower().endswith((".vcf", ".vcard")):
        found.ignored.append(name)
        return
    _skip_file(found, name, problem)


NOT_MAIL = "not an e-mail file: it starts with neither an mbox 'From ' line nor a header block"


def _skip_file(found: Found, name: str, problem: str) -> None:
    found.skipped_files.append({"file": name, "record": None, "reason": FILE_SKIPPED + problem})


def _describe_content(head: bytes) -> str:
    if not head:
        return "it is empty"
    if _is_web_page(head):
        return "it is a web page (HTML), not a CSV: the download probably failed"
    if _is_binary(head):
        return "it holds binary data, not text: it may be damaged"
    return "no known header row"


def _keep_newest_export(found: Found) -> None:
    """Two exports side by side (last month's and this month's, or Basic and Complete) hold
    the same files: each LinkedIn kind is read from the newest export only, so nothing counts
    twice; the older copies are listed as ignored."""
    newest: dict[str, Source] = {}
    for source in found.sources:
        if not _is_linkedin(source):
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
        if _is_linkedin(source) and source.export != keep_exports[source.kind]:
            found.ignored.append(source.file)
        else:
            kept.append(source)
    found.sources = kept


def _is_linkedin(source: Source) -> bool:
    return source.kind != "vcard" and source.kind not in email.KINDS


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
