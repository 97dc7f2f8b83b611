"""The mbox scanner finds the same messages wherever its chunks happen to end.

The scanner hands a chunk on as its window without copying it when no separator runs
across the two, and keeps the line before the chunk aside for the blank-line test. These
tests put every separator, and the blank or whitespace-only line before it, across a chunk
end: the messages are built here, so what each must give back is known without the reader.
The rule is scan.py's (and the mboxrd/mboxo one): a ``From `` line starts a message only
after a blank line and only when a header line follows it.
"""

from __future__ import annotations

import io

from audit.ingest import email as mail
from audit.ingest.email import scan

ENVELOPES = [
    b"From a@example.com Mon Mar  2 10:00:00 2026",
    b"From b@example.com Tue Mar  3 11:00:00 2026",
    b"From c@example.com Wed Mar  4 12:00:00 2026",
]
HEADERS = [
    b"From: a@example.com\nTo: z@example.org\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n",
    b"From: b@example.com\nDate: Tue, 3 Mar 2026 11:00:00 +0000\n",
    b"From: c@example.com\nDate: Wed, 4 Mar 2026 12:00:00 +0000\n",
]
# Over KEEP (8 KB) of body lines, so a window is longer than what a copy would keep.
FILLER = b"".join(b"line %05d of a long body, no separator in it\n" % i for i in range(300))


def mbox() -> bytes:
    """Three messages. The first body holds an unescaped From line after a blank line but
    followed by prose (no header line after it: not a separator), then ends in a line of
    a tab and a space (blank by the rule) before the second envelope; the second body ends
    in an empty line before the third."""
    first_body = FILLER + b"\nFrom the notes of our meeting, as promised:\nmore words\n" + FILLER
    return (
        ENVELOPES[0] + b"\n" + HEADERS[0] + b"\n" + first_body + b"\t \n"
        + ENVELOPES[1] + b"\n" + HEADERS[1] + b"\n" + FILLER + b"\n"
        + ENVELOPES[2] + b"\n" + HEADERS[2] + b"\n" + FILLER
    )  # fmt: skip


def chunk_sizes_ending_at(position: int) -> list[int]:
    """Chunk sizes of at least KEEP whose reads end at ``position`` (reads end at multiples
    of the size)."""
    return [position // k for k in range(1, 6) if position % k == 0 and position // k >= scan.KEEP]


def test_separators_across_every_chunk_end():
    data = mbox()
    want = list(zip(ENVELOPES, HEADERS, strict=True))
    # Around the second separator ("\t \n" then "From b@") and the third ("\n\n" then
    # "From c@"), a chunk end at every byte from two before the blank line to the end of
    # "From ".
    second = data.index(b"\t \n" + ENVELOPES[1])
    third = data.index(b"\n\n" + ENVELOPES[2])
    positions = [at + d for at in (second, third) for d in range(-2, 9)]
    sizes = {size for position in positions for size in chunk_sizes_ending_at(position)}
    assert all(any(p % size == 0 for size in sizes) for p in positions)
    for chunk in sorted(sizes) + [scan.KEEP, 3 * scan.KEEP + 1, scan.CHUNK]:
        assert list(mail.scan_mbox(io.BytesIO(data), chunk=chunk)) == want, chunk


def test_from_line_at_a_chunk_start_after_a_blank_line_kept_aside():
    # A chunk that begins right at "\nFrom " of the third envelope: the blank line before
    # it is the last line of the previous chunk, which is no longer in the window.
    data = mbox()
    third = data.index(b"\n" + ENVELOPES[2])  # the newline that starts the From line
    chunk = chunk_sizes_ending_at(third)[0]
    got = list(mail.scan_mbox(io.BytesIO(data), chunk=chunk))
    assert [envelope for envelope, _ in got] == ENVELOPES


def test_read_mbox_dates_wherever_the_chunks_end():
    # The three Date headers above: 2, 3 and 4 March 2026 at 10, 11 and 12 o'clock UTC.
    emails, skipped = mail.read_mbox(io.BytesIO(mbox()), "x.mbox")
    assert skipped.is_empty()
    assert [d.isoformat() for d in emails["sent_at"]] == [
        "2026-03-02T10:00:00+00:00",
        "2026-03-03T11:00:00+00:00",
        "2026-03-04T12:00:00+00:00",
    ]
    assert emails["from_address"].to_list() == ["a@example.com", "b@example.com", "c@example.com"]
    assert emails["recipient_addresses"].to_list() == [["z@example.org"], [], []]
