"""What the parts of ``sources`` hand each other, and how they name a file.

A file found under a PATH is an ``Entry`` (its bytes, or why it could not be read); a file
sniffed is a ``Source``; a file too big to hold is read through a ``Stream``; all that was
found is a ``Found``. ``InputError`` stops the run (a PATH that cannot be used) and
``Unusable`` skips one file or archive. Every part names files in its messages, so how a
name is shown (``show_name``, ``escape_controls``) is here too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO


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


def show_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (Python keeps them as surrogates, which
    no output can encode) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def escape_controls(text: str) -> str:
    """A name fit for a one-line message: control characters (a newline, an escape sequence
    in a crafted member name) shown escaped instead of acted on by the terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _skip_entry(name: str, reason: str) -> Entry:
    return Entry(name, b"", False, "", None, problem=reason)
