"""Big address books are parsed in a worker process beside the CSV reading: the rows that
come back, their order among the sources, the skipped cards and the error for a file with
no card are those of the main process, and a worker that cannot start costs nothing.

Expected values are worked out by hand from the cards written here: card i is
``FN:Person {i}`` with ``N:{i};Person;;;`` (family name first, RFC 6350 section 6.2.2),
so its first name is "Person" and its last name the number."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

import audit.ingest as ingest
from audit.ingest import InputError, read_inputs

# 20,000 cards of about 80 bytes: 1.6 MB, over the worker's threshold.
BIG_CARDS = 20_000


def write_book(path: Path, cards: int, nameless: tuple[int, ...] = ()) -> Path:
    lines = []
    for i in range(1, cards + 1):
        name = "" if i in nameless else f"FN:Person {i}\r\nN:{i};Person;;;\r\n"
        lines.append(f"BEGIN:VCARD\r\nVERSION:3.0\r\n{name}NOTE:x\r\nEND:VCARD\r\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def people(inputs) -> list[tuple[str, int, str | None, str | None, str | None]]:
    return inputs.records.select("file", "record", "name", "first_name", "last_name").rows()


def test_a_big_book_comes_back_from_the_worker_in_source_order(tmp_path, monkeypatch):
    big = write_book(tmp_path / "big.vcf", BIG_CARDS, nameless=(7, 19_999))
    small = write_book(tmp_path / "small.vcf", 2)
    assert big.stat().st_size >= ingest.WORKER_BYTES > small.stat().st_size
    submitted = []
    real_init = ingest._CardParser.__init__

    def spy(self, sources):
        real_init(self, sources)
        submitted.extend(s.file for s in sources if self.takes(s))

    monkeypatch.setattr(ingest._CardParser, "__init__", spy)
    inputs = read_inputs([big, small])
    assert submitted == ["big.vcf"]
    # 20,000 cards less the two without a name; then the small book's two, after them.
    expected = [
        ("big.vcf", i, f"Person {i}", "Person", str(i))
        for i in range(1, BIG_CARDS + 1)
        if i not in (7, 19_999)
    ] + [("small.vcf", 1, "Person 1", "Person", "1"), ("small.vcf", 2, "Person 2", "Person", "2")]
    assert people(inputs) == expected
    reason = "card has no name, email, phone or profile URL"
    assert inputs.skipped.rows() == [("big.vcf", 7, reason), ("big.vcf", 19_999, reason)]
    assert inputs.kinds == {"vcard": 2}


def test_the_book_is_parsed_here_when_no_worker_can_start(tmp_path, monkeypatch):
    big = write_book(tmp_path / "big.vcf", BIG_CARDS)

    def no_processes(method):
        raise OSError("no processes in this sandbox")

    monkeypatch.setattr(multiprocessing, "get_context", no_processes)
    inputs = read_inputs([big])
    assert people(inputs)[0] == ("big.vcf", 1, "Person 1", "Person", "1")
    assert people(inputs)[-1] == ("big.vcf", BIG_CARDS, f"Person {BIG_CARDS}", "Person", "20000")
    assert inputs.skipped.is_empty()


def test_a_big_file_with_no_card_stops_the_run_as_before(tmp_path):
    # 1.2 MB with an END line, so it is sniffed as vCard (a card that lost its BEGIN still
    # is one), but nothing before it and only blank lines after: no card at all.
    book = tmp_path / "empty.vcf"
    book.write_bytes(b"END:VCARD\r\n" + b"\r\n" * 600_000)
    with pytest.raises(InputError, match=r"empty.vcf: no vCard in the file"):
        read_inputs([book])
