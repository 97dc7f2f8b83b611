"""People -> the merged address book: one vCard 4.0 per person, written with vobject.

``reachable audit --vcf FILE`` hands back what resolve worked out: one card for every
person who has a record or an e-mail address, with every name form, e-mail, phone (E.164),
profile URL, organisation and title the person's records gave, the records' own
categories, and the tier as the category ``reachable:<tier>`` so an address book can show
the warm ties as a group. A card never has a NOTE (nothing a record did not give, and no
message text), and the book is never written for a redacted audit (the CLI refuses).

The values are escaped and the lines folded by vobject's own serializer functions
(``backslashEscape``, ``serializeFields``, ``foldOneLine``, UTF-8 safe). vobject's
component objects are not built per card: at 30,000 people they cost about seven times
the two seconds the book may take (benchmarks/bench_addressbook.py prints both), while the
lines they would write are the same, as the round-trip tests read back with vobject.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import polars as pl
from vobject.base import backslashEscape, foldOneLine
from vobject.vcard import serializeFields

from audit import __version__
from audit.files import write_atomically
from audit.schemas import ADDRESS_BOOK, frame

PRODID = f"-//reachable//reachable {__version__}//EN"
TIER_CATEGORY = "reachable:"
# RFC 6350 3.2: lines of at most 75 octets, folded with CRLF and a space.
_LINE_OCTETS = 75
# Card UIDs are name-based UUIDs of the person id, so the same person keeps the same UID
# from one audit to the next and an importer updates the card instead of adding a copy.
_UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://reachable.invalid/person")

_NO_TEXT = pl.lit([], dtype=pl.List(pl.Utf8))


def build_address_book(classified: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """ADDRESS_BOOK rows, in the people's order, from classified people and their records.

    ``classified`` is PEOPLE + FACTS + ``tier``; ``records`` is RECORDS + RECORD_KEYS, the
    frame resolve grouped. A person's values come first (LinkedIn's, as resolve chose them),
    then what their other records add, each value once. A record is found by its
    (file, record) reference; a reference that two inputs share (two address books both
    called contacts.vcf) cannot tell its record apart, so such records add nothing beyond
    the person's own columns, which resolve built from the right records.
    """
    people = classified.filter(
        (pl.col("records").list.len() > 0) | (pl.col("emails").list.len() > 0)
    ).with_columns(_order=pl.int_range(pl.len()))
    if people.is_empty():
        return frame(None, ADDRESS_BOOK)
    linkedin_first = (pl.col("source") != "linkedin").cast(pl.Int8)
    found = (
        people.select("person_id", "records")
        .explode("records")
        .drop_nulls("records")
        .unnest("records")
        .join(
            records.filter(pl.struct("file", "record").is_unique()),
            on=["file", "record"],
            how="inner",
        )
        .sort("person_id", linkedin_first, "file", "record")
        .group_by("person_id", maintain_order=True)
        .agg(
            _names=pl.col("name"),
            _family=pl.col("last_name").filter(_has_name_parts()).first(),
            _given=pl.col("first_name").filter(_has_name_parts()).first(),
            nicknames=pl.col("nicknames").explode().drop_nulls(),
            _urls=pl.col("url_key"),
            _companies=pl.col("company"),
            _positions=pl.col("position"),
            categories=pl.col("categories").explode().drop_nulls(),
        )
    )
    return (
        people.join(found, on="person_id", how="left")
        .sort("_order")
        .select(
            "person_id",
            "tier",
            names=_merge_texts("name", "_names"),
            family_name="_family",
            given_name="_given",
            nicknames=_merge_texts(None, "nicknames"),
            emails=_merge_texts(None, "emails"),
            phones=_merge_texts(None, "phones"),
            urls=_merge_texts("linkedin_url", "_urls"),
            companies=_merge_texts("company", "_companies"),
            positions=_merge_texts("position", "_positions"),
            categories=_merge_texts(None, "categories").list.filter(
                ~pl.element().str.starts_with(TIER_CATEGORY)
            ),
        )
        .cast(ADDRESS_BOOK)
    )


def render_address_book(book: pl.DataFrame) -> str:
    """The .vcf text of ADDRESS_BOOK rows: vCard 4.0, CRLF line ends, folded at 75 octets."""
    out = _Sink()
    for card in book.iter_rows(named=True):
        for line in _build_card_lines(card):
            foldOneLine(out, line, _LINE_OCTETS)
    return "".join(out.parts)


def write_address_book(path: Path, text: str) -> None:
    """Write the book atomically; it holds contact details, so it stays private (0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)


class _Sink:
    """What foldOneLine writes to. It writes UTF-8 bytes for a short line and text for a
    folded one, relying on a TypeError to tell a text buffer from a byte buffer; taking
    both here saves that exception on every line (a third of the rendering time)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, piece: str | bytes) -> None:
        self.parts.append(piece if isinstance(piece, str) else piece.decode("utf-8"))


def _build_card_lines(card: dict) -> list[str]:
    uid = uuid.uuid5(_UID_NAMESPACE, card["person_id"])
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"PRODID:{PRODID}", f"UID:urn:uuid:{uid}"]
    # FN is required (RFC 6350 6.2.1): a person with no name is known by an address.
    names = card["names"] or [*card["emails"], *card["phones"], *card["urls"]][:1]
    lines += [f"FN:{backslashEscape(name)}" for name in names]
    if card["family_name"] or card["given_name"]:
        parts = [card["family_name"] or "", card["given_name"] or "", "", "", ""]
        lines.append(f"N:{serializeFields(parts)}")
    if card["nicknames"]:
        lines.append(f"NICKNAME:{_join_list(card['nicknames'])}")
    lines += [f"EMAIL:{backslashEscape(email)}" for email in card["emails"]]
    # vCard 4.0 writes a number as a tel: URI (RFC 6350 6.4.1, RFC 3966).
    lines += [f"TEL;VALUE=uri:tel:{phone}" for phone in card["phones"]]
    lines += [f"URL:{url}" for url in card["urls"]]
    lines += [f"ORG:{serializeFields([company])}" for company in card["companies"]]
    lines += [f"TITLE:{backslashEscape(position)}" for position in card["positions"]]
    categories = [*card["categories"], TIER_CATEGORY + card["tier"]]
    lines.append(f"CATEGORIES:{_join_list(categories)}")
    lines.append("END:VCARD")
    return lines


def _join_list(values: list[str]) -> str:
    return ",".join(backslashEscape(v) for v in values)


def _has_name_parts() -> pl.Expr:
    return pl.col("first_name").is_not_null() | pl.col("last_name").is_not_null()


def _merge_texts(own: str | None, more: str) -> pl.Expr:
    """The person's own value (a text or a list column) then ``more``: each non-blank text
    once, trimmed, in first-seen order."""
    parts = [pl.col(more).fill_null(_NO_TEXT)]
    if own is not None:
        parts.insert(0, pl.col(own))
    return (
        pl.concat_list(parts)
        .list.eval(pl.element().str.strip_chars().filter(pl.element().str.strip_chars() != ""))
        .list.unique(maintain_order=True)
    )
