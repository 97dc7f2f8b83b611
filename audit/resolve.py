"""Resolve person records into people, and attach everyone the messages name to a person.

Records (Connections.csv rows, vCard cards) that share a normalised LinkedIn URL
or email become one person, joined with a union-find; a union that would put two
different LinkedIn URLs into one person is refused, since two profiles are two
people. Every merge keeps its reasons. Then each reference from messages,
invitations and gives is linked to a person by URL first, then by a name that
belongs to exactly one person; a reference that matches nobody becomes a person
of its own with no records.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from audit.schemas import LINKS, PEOPLE, frame

# Reasons as the JSON's ``match_reasons`` shows them.
SAME_URL = "same linkedin url"
SAME_EMAIL = "same email"
SAME_NAME = "same name"


@dataclass
class _Clusters:
    """Union-find over record indices that refuses to join two different LinkedIn URLs."""

    parent: list[int]
    urls: dict[int, str | None]
    reasons: dict[int, set[str]] = field(default_factory=dict)
    refused: list[tuple[int, int, str]] = field(default_factory=list)

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:  # path compression keeps later finds flat
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, a: int, b: int, reason: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            self.reasons.setdefault(ra, set()).add(reason)
            return
        ua, ub = self.urls.get(ra), self.urls.get(rb)
        if ua and ub and ua != ub:
            self.refused.append((a, b, reason))
            return
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.urls[ra] = ua or ub
        self.reasons[ra] = self.reasons.get(ra, set()) | self.reasons.pop(rb, set()) | {reason}


def person_id(key: str) -> str:
    return "p-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def resolve_people(
    records: pl.DataFrame, references: pl.DataFrame, as_of: date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(PEOPLE, LINKS) from normalised records and REFERENCES.

    A LinkedIn record is a connection as of ``as_of`` when it was connected by then.
    """
    clusters = _cluster(records)
    people = _build_people(records, clusters, as_of)
    return _attach_references(people, records, clusters, references)


def _cluster(records: pl.DataFrame) -> _Clusters:
    clusters = _Clusters(list(range(records.height)), {})
    for i, url in enumerate(records["url_key"].to_list()):
        clusters.urls[i] = url
    indexed = records.with_row_index("_i")
    # URL edges first: they can never be refused, and they fix each cluster's URL early.
    for column, reason in (("url_key", SAME_URL), ("email_keys", SAME_EMAIL)):
        keys = indexed.select("_i", column)
        if keys.schema[column] == pl.List(pl.Utf8):
            keys = keys.explode(column)
        groups = (
            keys.drop_nulls(column)
            .group_by(column)
            .agg(pl.col("_i").sort())
            .filter(pl.col("_i").list.len() > 1)
        )
        for members in groups["_i"].to_list():
            for other in members[1:]:
                clusters.union(members[0], other, reason)
    return clusters


def _pick(values: list, sources: list[str]):
    """The LinkedIn value when there is one: it is what the person wrote about themselves."""
    for prefer in ("linkedin", "vcard"):
        for value, source in zip(values, sources, strict=True):
            if value and source == prefer:
                return value
    return None


def _build_people(records: pl.DataFrame, clusters: _Clusters, as_of: date) -> pl.DataFrame:
    roots = [clusters.find(i) for i in range(records.height)]
    rows = records.to_dicts()
    members: dict[int, list[dict]] = {}
    for root, row in zip(roots, rows, strict=True):
        members.setdefault(root, []).append(row)
    people = []
    for root, group in members.items():
        sources = [r["source"] for r in group]
        linked = [r for r in group if r["source"] == "linkedin"]
        connected = [r["connected_on"] for r in linked]
        connected_on = min((d for d in connected if d), default=None)
        url = clusters.urls.get(root)
        first = group[0]
        key = url or next(iter(sorted(e for r in group for e in r["email_keys"])), None)
        people.append(
            {
                "person_id": person_id(key or f"{first['file']}#{first['record']}"),
                "name": _pick([r["name"] for r in group], sources),
                "is_connection": any(d is None or d <= as_of for d in connected),
                "linkedin_url": url,
                "emails": _unique(e.strip().lower() for r in group for e in r["emails"]),
                "phones": _unique(p for r in group for p in r["phone_keys"]),
                "company": _pick([r["company"] for r in group], sources),
                "position": _pick([r["position"] for r in group], sources),
                "connected_on": connected_on,
                "records": sorted(
                    ({"file": r["file"], "record": r["record"]} for r in group),
                    key=lambda ref: (ref["file"], ref["record"]),
                ),
                "match_reasons": sorted(clusters.reasons.get(root, set()))
                if len(group) > 1
                else [],
                "_name_key": first["name_key"] if len(group) == 1 else _pick_key(group),
            }
        )
    return pl.DataFrame(people, schema={**PEOPLE, "_name_key": pl.Utf8}, infer_schema_length=None)


def _pick_key(group: list[dict]) -> str | None:
    keys = {r["name_key"] for r in group if r["name_key"]}
    return next(iter(keys)) if len(keys) == 1 else None


def _unique(values) -> list:
    seen: dict = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return list(seen)


def _attach_references(
    people: pl.DataFrame, records: pl.DataFrame, clusters: _Clusters, references: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Link each reference to a person (URL, then a name that names exactly one person);
    make a person of each reference that matches nobody."""
    by_url = {u: p for u, p in zip(people["linkedin_url"], people["person_id"], strict=True) if u}
    name_owners: dict[str, set[str]] = {}
    for key, pid in zip(people["_name_key"], people["person_id"], strict=True):
        if key:
            name_owners.setdefault(key, set()).add(pid)
    refs = references.unique("ref_key", keep="first", maintain_order=True)
    links: list[dict] = []
    new_people: dict[str, dict] = {}
    # URL references first, so a name reference can then find the person the URL made.
    ordered = refs.sort(pl.col("ref_key").str.starts_with("name:"))
    for ref in ordered.iter_rows(named=True):
        key, name = ref["ref_key"], ref["name"]
        if not key.startswith("name:"):
            pid = by_url.get(key)
            if pid is None:
                pid = person_id(key)
                by_url[key] = pid
                new_people[pid] = _reference_person(pid, name, key)
                name_key = ref["name_key"]
                if name_key:
                    name_owners.setdefault(name_key, set()).add(pid)
            links.append({"ref_key": key, "person_id": pid})
            continue
        owners = name_owners.get(key[5:], set())
        if len(owners) == 1:
            links.append({"ref_key": key, "person_id": next(iter(owners))})
            continue
        pid = person_id(key)
        new_people.setdefault(pid, _reference_person(pid, name, None))
        links.append({"ref_key": key, "person_id": pid})
    everyone = pl.concat(
        [people.drop("_name_key"), frame(list(new_people.values()), PEOPLE)], how="vertical"
    )
    return everyone, frame(links, LINKS)


def _reference_person(pid: str, name: str | None, url: str | None) -> dict:
    return {
        "person_id": pid,
        "name": name,
        "is_connection": False,
        "linkedin_url": url,
        "emails": [],
        "phones": [],
        "company": None,
        "position": None,
        "connected_on": None,
        "records": [],
        "match_reasons": [],
    }
