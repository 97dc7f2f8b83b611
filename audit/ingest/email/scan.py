"""Find the messages of an mbox stream: the ``From `` separator scanner.

mbox files (Gmail Takeout's ``All mail Including Spam and Trash.mbox``, Thunderbird
folders, Apple Mail's ``Name.mbox/mbox``) are scanned from a binary stream in chunks, so
memory does not grow with the archive and a 20 GB Takeout can be read straight out of its
zip. A ``From `` line starts a message only at the start of the file or after a blank line,
and only when a header line follows it: writers leave unescaped ``From `` lines in bodies,
and the standard library's ``mailbox`` splits on every one of them (it is also about ten
times slower; see benchmarks/bench_mail.py). Each message is handed on as its envelope line
and its header block; bodies are passed over unread but for the search for the next
separator. The byte patterns of a header block are here too, for ``sniff`` and the reading
of one-message files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from audit.ingest.linkedin import UnreadableFile

# Bytes read from the stream at a time. A quarter megabyte stays in the core's cache while
# it is searched, and it is not a fresh mapping of the allocator each read: 4 MB chunks
# took 0.05 s more on 250 MB.
CHUNK = 256 * 1024
# A header block longer than this is cut here (real ones are 1 to 20 KB; tika's
# "lengthy x-headers" fixture is 30 KB): memory stays bounded whatever the file holds.
MAX_HEADER_BYTES = 1024**2
MAX_FROM_LINE = 4096  # a longer "From " line is body text, not an envelope
KEEP = 8192  # bytes kept across chunks while looking for the next separator

# A header line: a field name of printable ASCII but the colon, then a colon (RFC 5322 2.2).
_HEADER_LINE = re.compile(rb"[!-9;-~]{1,200}[ \t]*:")
_HEADER_END = re.compile(rb"\n\r?\n")
_NOT_SPACE = re.compile(rb"[^ \t\r\n]")
# A candidate separator. re's search for a literal prefix runs about three times faster
# than bytes.find on mail text (bytes.find's skip table is defeated by the space and the
# "o", "r", "m" of the needle, frequent in prose): 0.09 s against 0.25 s on 250 MB.
_CANDIDATE = re.compile(rb"\nFrom ")
_WHOLE_ENVELOPE = re.compile(
    rb"From \S+ +[A-Z][a-z]{2} +[A-Z][a-z]{2} +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})?"
    rb"(?: +[+-]\d{4})? +\d{4}\r?$"
)


class _Window:
    """The part of the stream being looked at: ``data`` grows by a chunk when asked, and
    drops what is before the offset the caller still needs.

    ``before`` is the line that ends just before ``data`` starts, its newline first, when
    ``turn`` dropped it: all a separator at the start of ``data`` needs to be judged. It is
    empty when nothing before ``data`` is known."""

    def __init__(self, stream: BinaryIO, chunk: int) -> None:
        self.stream = stream
        self.chunk = chunk
        self.data = b""
        self.before = b""
        self.eof = False

    def more(self, keep_from: int) -> int:
        """Read one chunk; bytes before ``keep_from`` are dropped. Returns how many were
        dropped, so the caller can shift its offsets."""
        piece = self.stream.read(self.chunk)
        if not piece:
            self.eof = True
        if keep_from:
            self.before = b""
        self.data = self.data[keep_from:] + piece
        return keep_from

    def turn(self, search: int) -> int:
        """The next chunk when no separator starts in ``data`` from ``search`` on; returns
        where to search on. The chunk becomes ``data`` itself, not copied after the last
        KEEP bytes (4% of the reading time went to those copies), unless a separator may run
        across the two or ``data`` is shorter than KEEP: then, as ``more``, the last KEEP
        bytes are kept."""
        data = self.data
        piece = self.stream.read(self.chunk)
        if not piece:
            self.eof = True
            return len(data)
        if len(data) < KEEP or b"\nFrom " in data[-5:] + piece[:5]:
            keep = max(0, len(data) - KEEP)
            if keep:
                self.before = b""
            self.data = data[keep:] + piece
            return max(0, len(data) - keep - 6)
        last_line = data.rfind(b"\n", len(data) - KEEP)
        self.before = data[last_line:] if last_line >= 0 else b""
        self.data = piece
        return 0


def scan_mbox(stream: BinaryIO, chunk: int = CHUNK) -> Iterator[tuple[bytes, bytes]]:
    """(envelope line, header block) of each message of an mbox stream, in order.

    The envelope is the ``From `` line without its line end; the header block runs to the
    blank line that ends it (at most ``MAX_HEADER_BYTES``). Bodies are skipped unread
    except for the search for the next separator. Raises ``UnreadableFile`` when the stream
    does not start (after blank lines) with a ``From `` line.
    """
    window = _Window(stream, chunk)
    pos = _first_envelope(window)
    if pos is None:
        return
    while True:
        # pos: the start of a "From " line in window.data
        pos, envelope, header_start = _read_envelope(window, pos)
        pos, header, body_start = _read_header(window, header_start)
        yield envelope, header
        if body_start is None:
            return
        pos = _next_separator(window, body_start)
        if pos is None:
            return


def _first_envelope(window: _Window) -> int | None:
    """Where the first "From " line starts, None for a stream of only blank lines."""
    pos = 0
    while True:
        match = _NOT_SPACE.search(window.data, pos)
        if match is not None:
            pos = match.start()
            break
        if window.eof:
            return None
        pos = len(window.data) - window.more(max(0, len(window.data) - 1))
    while len(window.data) - pos < 5 and not window.eof:
        pos -= window.more(pos)
    data = window.data
    if not data.startswith(b"From ", pos) or (pos > 0 and data[pos - 1 : pos] != b"\n"):
        raise UnreadableFile("not an mbox: it does not start with a 'From ' line")
    return pos


def _read_envelope(window: _Window, pos: int) -> tuple[int, bytes, int]:
    """(pos shifted, the From line, where the header block starts)."""
    while True:
        end = window.data.find(b"\n", pos)
        if end >= 0 or window.eof:
            break
        if len(window.data) - pos > MAX_FROM_LINE:
            # Not a real envelope: keep its start, drop the rest of the line as it comes.
            envelope = window.data[pos : pos + MAX_FROM_LINE]
            while end < 0 and not window.eof:
                window.more(len(window.data))
                end = window.data.find(b"\n")
            return 0, envelope, (end + 1 if end >= 0 else len(window.data))
        pos -= window.more(pos)
    if end < 0:
        return pos, window.data[pos:].rstrip(b"\r"), len(window.data)
    return pos, window.data[pos:end].rstrip(b"\r")[:MAX_FROM_LINE], end + 1


def _read_header(window: _Window, start: int) -> tuple[int, bytes, int | None]:
    """(start shifted, the header block, where the body starts or None at the end).

    The blank line after the headers is part of neither: ``body_start`` is its line end, so
    a separator right after it (an empty body) is found by the search that follows."""
    searched = start  # the header end is not before this
    while True:
        data = window.data
        if data.startswith((b"\n", b"\r\n"), start):  # no header lines at all
            return start, b"", data.index(b"\n", start)
        match = _HEADER_END.search(data, max(start, searched - 2))
        if match is not None and match.start() - start < MAX_HEADER_BYTES:
            return start, data[start : match.start() + 1], match.end() - 1
        if len(data) - start >= MAX_HEADER_BYTES:
            cut = data.rfind(b"\n", start, start + MAX_HEADER_BYTES)
            cut = cut + 1 if cut > start else start + MAX_HEADER_BYTES
            return start, data[start:cut], cut - 1
        if window.eof:
            return start, data[start:], None
        searched = len(data)
        dropped = window.more(start)
        start -= dropped
        searched -= dropped


def _next_separator(window: _Window, start: int) -> int | None:
    """Where the next message's "From " line starts, or None at the end of the stream.

    A candidate is a ``\\nFrom `` whose previous line is blank and whose next line is a
    header line."""
    search = start
    while True:
        data = window.data
        found = _CANDIDATE.search(data, search)
        if found is None:
            if window.eof:
                return None
            search = window.turn(search)
            continue
        hit = found.start()
        verdict = _judge_candidate(window, hit)
        if verdict is None:  # not enough bytes yet to tell
            hit -= window.more(max(0, hit - KEEP))
            search = hit
            continue
        if verdict:
            return hit + 1
        search = hit + 1


def _judge_candidate(window: _Window, hit: int) -> bool | None:
    """Whether the ``\\nFrom `` at ``hit`` starts a message; None when more bytes are
    needed to tell."""
    data = window.data
    if hit == 0 or data[hit - 1] != 10:  # else the line before is empty
        previous = data.rfind(b"\n", 0, hit)
        if previous >= 0:
            line = data[previous + 1 : hit]
        elif window.before:
            line = window.before[1:] + data[:hit]
        else:
            return False  # the line before is too long to be blank
        if line.strip(b" \t\r"):
            return False
    line_end = data.find(b"\n", hit + 1, hit + 1 + MAX_FROM_LINE)
    if line_end < 0:
        if len(data) - hit > MAX_FROM_LINE:
            return False
        return False if window.eof else None
    following = data[line_end + 1 : line_end + 260]
    decided = window.eof or len(following) >= 259 or b":" in following or b"\n" in following
    if not decided:
        return None
    if _HEADER_LINE.match(following) is not None:
        return True
    # A message with no header at all (tika's simple.mbox) is still one when its From line
    # is a whole envelope, a date and nothing after it: prose does not end so.
    blank_next = following.startswith((b"\n", b"\r\n"))
    return blank_next and _WHOLE_ENVELOPE.match(data, hit + 1, line_end) is not None
