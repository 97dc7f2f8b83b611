"""E-mail addresses, phones and names seen in interactions -> the people they belong to.

An address, phone or profile URL joins the person whose records carry it: the same keys
the resolver joins records by (a URL that only a record has, say a connection nobody
messaged on LinkedIn, is named by an interactions CSV's ``linkedin_url``). A key that two
people carry (a shared inbox) joins neither. An address that no record has joins the one
person with a record whose name equals the address's display name (or a calendar
attendee's CN, or the name an interactions CSV gives alone), folded as names are folded
and in either order, two words at least: DESIGN's "same name as e-mail sender", listed
apart in the report because a name is weaker evidence than a key, and undone by a
``different`` line in overrides.csv that pairs the address with one of the person's
records. A name that two people share joins neither.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from audit.interactions.rows import email_key
from audit.normalize import normalize_name
from audit.schemas import EMAIL_KEY, LINKS, NAME_KEY, PHONE_KEY

SAME_NAME = "same name as e-mail sender"
KEYED = (EMAIL_KEY, PHONE_KEY)


def resolve_counterparts(
    people: pl.DataFrame,
    records: pl.DataFrame,
    rows: pl.DataFrame,
    overrides: Sequence = (),
    owner_keys: set[str] | frozenset[str] = frozenset(),
) -> tuple[pl.DataFrame, list[dict]]:
    """(LINKS of "email:" and "phone:" keys and profile URLs, joins by display name).

    ``records`` are normalised RECORDS (``email_keys``, ``phone_keys``, ``name_key``);
    ``rows`` INTERACTIONS; ``owner_keys`` the owner's, which join nobody by name; each
    join by name is ``{"key", "name", "person_id"}``.
    """
    owners = _list_record_owners(people, records)
    exact = pl.concat(
        [
            owners.select("person_id", key="email_keys")
            .explode("key")
            .with_columns(key=pl.concat_str(pl.lit(EMAIL_KEY), "key")),
            owners.select("person_id", key="phone_keys")
            .explode("key")
            .with_columns(key=pl.concat_str(pl.lit(PHONE_KEY), "key")),
            owners.select("person_id", key="url_key"),
        ]
    )
    exact = exact.drop_nulls()
    links = _keep_unshared(exact)
    # LinkedIn's names were joined by the resolver, within the export. A row a reader set
    # aside (spam, a list, a draft) vouches for nobody's name.
    other = rows.filter(pl.col("channel") != "linkedin", pl.col("ignored").is_null())
    by_name = _name_links(other, exact, owners, overrides, owner_keys)
    joined = pl.concat([links, by_name.select(ref_key="key", person_id="person_id")])
    return joined.select(list(LINKS)).sort("ref_key"), by_name.sort("key").to_dicts()


def _name_links(
    rows: pl.DataFrame,
    exact: pl.DataFrame,
    owners: pl.DataFrame,
    overrides: Sequence,
    owner_keys: set[str] | frozenset[str],
) -> pl.DataFrame:
    """Joins by display name of the keys ``rows`` name that no record has. No rows (a
    LinkedIn export alone) join nobody: the half-dozen queries are skipped."""
    if rows.is_empty():
        return pl.DataFrame(schema=_BY_NAME)
    seen = _list_seen_names(rows)
    # Only an address that no record has joins by name: one that two records share (a
    # team inbox) is no evidence for either, and the owner's own addresses are nobody else.
    unknown = seen.join(exact, on="key", how="anti").filter(
        pl.col("key").str.starts_with(EMAIL_KEY) | pl.col("key").str.starts_with(NAME_KEY),
        ~pl.col("key").is_in(sorted(owner_keys)),
    )
    return _join_by_name(unknown, owners, overrides)


_BY_NAME = {"key": pl.Utf8, "name": pl.Utf8, "person_id": pl.Utf8}


def _list_record_owners(people: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """Each record's keys beside the person it resolved into."""
    if people.is_empty() or records.is_empty():
        return pl.DataFrame(
            schema={
                "person_id": pl.Utf8,
                "file": pl.Utf8,
                "record": pl.Int64,
                "email_keys": pl.List(pl.Utf8),
                "phone_keys": pl.List(pl.Utf8),
                "url_key": pl.Utf8,
                "name_key": pl.Utf8,
            }
        )
    refs = (
        people.select("person_id", "records")
        .explode("records")
        .drop_nulls("records")
        .unnest("records")
    )
    return refs.join(
        records.select("file", "record", "email_keys", "phone_keys", "url_key", "name_key"),
        on=["file", "record"],
        how="inner",
    )


def _keep_unshared(pairs: pl.DataFrame) -> pl.DataFrame:
    """(ref_key, person_id) for keys that exactly one person carries."""
    unique = pairs.unique()
    return (
        unique.group_by("key")
        .agg(pl.col("person_id").first(), people=pl.len())
        .filter(pl.col("people") == 1)
        .select(ref_key="key", person_id="person_id")
    )


def _list_seen_names(rows: pl.DataFrame) -> pl.DataFrame:
    """Every key the interactions name, with its most common display name."""
    pairs = pl.concat(
        [
            rows.select(key="sender_key", name="sender_name"),
            rows.select(key="recipient_keys", name="recipient_names").explode(["key", "name"]),
        ]
    ).drop_nulls("key")
    return pairs.group_by("key").agg(
        name=pl.col("name").filter(pl.col("name").str.strip_chars() != "").mode().sort().first()
    )


def _fold_either_order(name: str | None) -> str | None:
    """A name folded for comparison, its words sorted ("Doe, Jane" = "Jane Doe"), or None
    for fewer than two words: one word names too many people."""
    folded = normalize_name(name)
    if not folded or "@" in (name or ""):
        return None
    words = folded.split()
    return " ".join(sorted(words)) if len(words) >= 2 else None


def _join_by_name(unknown: pl.DataFrame, owners: pl.DataFrame, overrides: Sequence) -> pl.DataFrame:
    if unknown.is_empty() or owners.is_empty():
        return pl.DataFrame(schema=_BY_NAME)
    named = owners.select(
        "person_id",
        "file",
        "record",
        folded=pl.col("name_key").map_elements(_fold_either_order, return_dtype=pl.Utf8),
    ).drop_nulls("folded")
    # A name two people share joins neither.
    unique_names = (
        named.group_by("folded")
        .agg(pl.col("person_id").unique())
        .filter(pl.col("person_id").list.len() == 1)
        .with_columns(pl.col("person_id").list.first())
    )
    candidates = unknown.with_columns(
        folded=pl.col("name").map_elements(_fold_either_order, return_dtype=pl.Utf8)
    ).join(unique_names, on="folded", how="inner")
    refused = _refused_pairs(overrides, owners)
    if refused:
        candidates = candidates.filter(
            ~pl.struct("key", "person_id").map_elements(
                lambda r: (r["key"], r["person_id"]) in refused, return_dtype=pl.Boolean
            )
        )
    return candidates.select(list(_BY_NAME)).cast(_BY_NAME)


def _refused_pairs(overrides: Sequence, owners: pl.DataFrame) -> set[tuple[str, str]]:
    """(address key, person id) pairs that a ``different`` override keeps apart: the
    address on one side, one of the person's records (FILE#N) on the other."""
    record_of = {
        f"{f}#{r}": p for p, f, r in owners.select("person_id", "file", "record").iter_rows()
    }
    refused = set()
    for o in overrides:
        if o.rule != "different":
            continue
        for address, record in ((o.a, o.b), (o.b, o.a)):
            key = email_key(address) if "@" in address else None
            if key and record in record_of:
                refused.add((key, record_of[record]))
    return refused
