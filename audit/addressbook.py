"""People -> the merged address book: one vCard 4.0 per person, written with vobject.

``reachable audit --vcf FILE`` hands back what resolve worked out: one card for every
person who has a record or an e-mail address, with every name form, e-mail, phone (E.164),
profile URL, organisation and title the person's records gave, the records' own
categories, and the tier as the category ``reachable:<tier>`` so an address book can show
the warm ties as a group. A card never has a NOTE (nothing a record did not give, and no
message text), and the book is never written for a redacted audit (the CLI refuses).

Values are escaped by vobject's own serializer functions (``backslashEscape``,
``serializeFields``), the same code vobject runs when it serializes a card, and the book is
read back with vobject in the tests. vobject's component objects are not built per card:
at 30,000 people they cost about ten times the two seconds the book may take
(benchmarks/bench_addressbook.py prints both). Lines are folded here, at 75 octets
(RFC 6350 3.2) without splitting a UTF-8 character, because vobject's ``foldOneLine``
decides by characters (60 accented characters can be over 75 octets and stay unfolded)
and cost a third of the rendering time.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import polars as pl
from vobject.base import backslashEscape
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
# What backslashEscape changes; most values have none of it and are taken as they are.
_SPECIAL = re.compile(r"[\\;,\r\n]")


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
    parts = []
    for card in book.iter_rows(named=True):
        lines = _build_card_lines(card)
        # Most cards are plain ASCII in short lines: nothing to fold, one join.
        if max(map(len, lines)) <= _LINE_OCTETS and "".join(lines).isascii():
            parts += ("\r\n".join(lines), "\r\n")
        else:
            parts += map(_fold_line, lines)
    return "".join(parts)


def write_address_book(path: Path, text: str) -> None:
    """Write the book atomically; it holds contact details, so it stays private (0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)


def _fold_line(line: str) -> str:
    """``line`` with CRLF, folded into pieces of at most 75 octets; a continuation line
    starts with a space, which counts toward its 75, and no UTF-8 character is split."""
    if len(line) <= _LINE_OCTETS and line.isascii():
        return line + "\r\n"
    data = line.encode("utf-8")
    pieces, start, room = [], 0, _LINE_OCTETS
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte
            end -= 1
        pieces.append(data[start:end])
        start, room = end, _LINE_OCTETS - 1
    return (b"\r\n ".join(pieces) + b"\r\n").decode("utf-8")


def _build_card_lines(card: dict) -> list[str]:
    uid = uuid.uuid5(_UID_NAMESPACE, card["person_id"])
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"PRODID:{PRODID}", f"UID:urn:uuid:{uid}"]
    # FN is required (RFC 6350 6.2.1): a person with no name is known by an address.
    names = card["names"] or [*card["emails"], *card["phones"], *card["urls"]][:1]
    lines += [f"FN:{_escape(name)}" for name in names]
    if card["family_name"] or card["given_name"]:
        parts = [card["family_name"] or "", card["given_name"] or "", "", "", ""]
        lines.append(f"N:{serializeFields(parts)}")
    if card["nicknames"]:
        lines.append(f"NICKNAME:{_join_list(card['nicknames'])}")
    lines += [f"EMAIL:{_escape(email)}" for email in card["emails"]]
    # vCard 4.0 writes a number as a tel: URI (RFC 6350 6.4.1, RFC 3966).
    lines += [f"TEL;VALUE=uri:tel:{phone}" for phone in card["phones"]]
    lines += [f"URL:{url}" for url in card["urls"]]
    lines += [f"ORG:{serializeFields([company])}" for company in card["companies"]]
    lines += [f"TITLE:{_escape(position)}" for position in card["positions"]]
    categories = [*card["categories"], TIER_CATEGORY + card["tier"]]
    lines.append(f"CATEGORIES:{_join_list(categories)}")
    lines.append("END:VCARD")
    return lines


def _escape(value: str) -> str:
    return backslashEscape(value) if _SPECIAL.search(value) else value


def _join_list(values: list[str]) -> str:
    return ",".join(_escape(v) for v in values)


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
