"""People from clustered records, and the references of messages, invitations and
gives linked to them (by URL first, then by a name that belongs to exactly one person;
a reference that matches nobody becomes a person of its own with no records)."""

from __future__ import annotations

import hashlib
from datetime import date

import polars as pl

from audit.resolve.clusters import Clusters
from audit.schemas import LINKS, PEOPLE, blank_row, frame


def person_id(key: str) -> str:
    return "p-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def build_people(
    records: pl.DataFrame, roots: list[int], clusters: Clusters, as_of: date
) -> pl.DataFrame:
    """PEOPLE (+ ``_root``) from the clustered records; LinkedIn values first, since
    that is what the person wrote about themselves.

    ``person_id`` hashes the person's LinkedIn URL, else its smallest email, else phone,
    else its first record ("FILE#N"); a key two people share (a "different" override
    can split a URL) gets that record added, so ids stay unique and stable."""
    if records.is_empty():
        return frame(None, {**PEOPLE, "_root": pl.Int64})
    linkedin = pl.col("source") == "linkedin"
    grouped = (
        records.with_columns(
            _root=pl.Series(roots, dtype=pl.Int64),
            _i=pl.int_range(pl.len(), dtype=pl.Int64),
            _ref=pl.concat_str(["file", pl.col("record").cast(pl.Utf8)], separator="#"),
            _emails=pl.col("emails").list.eval(
                pl.element()
                .str.strip_chars()
                .str.to_lowercase()
                .filter(pl.element().str.strip_chars() != "")
            ),
        )
        .sort("_root", ~linkedin, "_i")
        .group_by("_root", maintain_order=True)
        .agg(
            name=pl.col("name").drop_nulls().first(),
            is_connection=(
                linkedin & (pl.col("connected_on").is_null() | (pl.col("connected_on") <= as_of))
            ).any(),
            linkedin_url=pl.col("url_key").min(),
            emails=pl.col("_emails").explode().drop_nulls().unique(maintain_order=True),
            phones=pl.col("phone_keys").explode().drop_nulls().unique(maintain_order=True),
            company=pl.col("company").drop_nulls().first(),
            position=pl.col("position").drop_nulls().first(),
            connected_on=pl.col("connected_on").filter(linkedin).min(),
            records=pl.struct("file", "record").sort_by("file", "record"),
            _key=pl.coalesce(
                pl.col("url_key").min(),
                pl.col("email_keys").explode().min(),
                pl.col("phone_keys").explode().min(),
            ),
            _first=pl.col("_ref").sort_by("file", "record").first(),
        )
        .with_columns(_key=pl.coalesce("_key", "_first"))
    )
    shared = pl.col("_key").is_duplicated()
    keys = grouped.select(
        pl.when(shared).then(pl.concat_str(["_key", "_first"], separator="|")).otherwise("_key")
    ).to_series()
    reasons = frame(
        [{"_root": root, "match_reasons": sorted(why)} for root, why in clusters.reasons.items()],
        {"_root": pl.Int64, "match_reasons": pl.List(pl.Utf8)},
    )
    none = pl.lit([], dtype=pl.List(pl.Utf8))
    return (
        grouped.with_columns(
            person_id=pl.Series([person_id(k) for k in keys.to_list()], dtype=pl.Utf8)
        )
        .join(reasons, on="_root", how="left")
        .with_columns(
            match_reasons=pl.when(pl.col("records").list.len() > 1)
            .then(pl.col("match_reasons").fill_null(none))
            .otherwise(none)
        )
        .select(*PEOPLE, "_root")
    )


def attach_references(
    people: pl.DataFrame, records: pl.DataFrame, roots: list[int], references: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Link each reference to a person (URL, then a name that names exactly one person);
    make a person of each reference that matches nobody.

    Names are compared as folded, without the nickname table: a message from "Bob Smith"
    may well be another Bob than the connection Robert Smith.
    """
    pid_of_root = dict(zip(people["_root"].to_list(), people["person_id"].to_list(), strict=True))
    by_url: dict[str, str] = {}
    name_owners: dict[str, set[str]] = {}
    for root, url, name_key in zip(
        roots, records["url_key"].to_list(), records["name_key"].to_list(), strict=True
    ):
        pid = pid_of_root[root]
        if url:
            by_url.setdefault(url, pid)
        if name_key:
            name_owners.setdefault(name_key, set()).add(pid)
    refs = references.unique("ref_key", keep="first", maintain_order=True)
    links: list[dict] = []
    new_people: dict[str, dict] = {}
    # URL references first, so a name reference can then find the person the URL made.
    ordered = refs.sort(pl.col("ref_key").str.starts_with("name:"), maintain_order=True)
    for key, name, name_key in ordered.select("ref_key", "name", "name_key").iter_rows():
        if not key.startswith("name:"):
            pid = by_url.get(key)
            if pid is None:
                pid = person_id(key)
                by_url[key] = pid
                new_people[pid] = _make_reference_person(pid, name, key)
                if name_key:
                    name_owners.setdefault(name_key, set()).add(pid)
            links.append({"ref_key": key, "person_id": pid})
            continue
        owners = name_owners.get(key[5:], set())
        if len(owners) == 1:
            links.append({"ref_key": key, "person_id": next(iter(owners))})
            continue
        pid = person_id(key)
        new_people.setdefault(pid, _make_reference_person(pid, name, None))
        links.append({"ref_key": key, "person_id": pid})
    everyone = pl.concat(
        [people.drop("_root"), frame(list(new_people.values()), PEOPLE)], how="vertical"
    )
    return everyone, frame(links, LINKS)


def _make_reference_person(pid: str, name: str | None, url: str | None) -> dict:
    """Someone only messages, invitations or gives name: no records, not a connection."""
    return {
        **blank_row(PEOPLE),
        "person_id": pid,
        "name": name,
        "is_connection": False,
        "linkedin_url": url,
    }
