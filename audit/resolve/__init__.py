"""Resolve person records into people, and attach everyone the messages name to a person.

Records (Connections.csv rows, vCard cards) become one person, joined with a
union-find, when they share a normalised LinkedIn URL, email or phone, or when a
similar name is backed by something else they agree on (company, email domain
and company, birthday, city, postcode, street): a name alone never joins two
records. Places weigh as rare as their value is in the records themselves (a
Fellegi-Sunter weight with term frequencies), and a family at one address (given
names that differ, no birthday in common) stays apart however much of the
address agrees. Candidate pairs for the name comparison come from blocking keys read in
sorted windows, so the work grows with the number of records, not with its
square. A union that would put two different LinkedIn URLs into one person is
refused (two profiles are two people), and so is a join by email or phone across
two birthdays that cannot be the same day, one of a record that fits two profiles
equally well, and one across a "different" override. Every merge keeps its
reasons; close calls that were not merged are returned as possible duplicates
for the user to judge, and the user's overrides file settles them next time.
Then each reference from messages, invitations and gives is linked to a person
by URL first, then by a name that belongs to exactly one person; a reference
that matches nobody becomes a person of its own with no records.

The stages, each a module, data flowing one way: ``overrides`` (the user's file),
``keys`` (exact keys: URL, email, phone), ``blocking`` (candidate pairs),
``scoring`` (points of each pair), ``clusters`` (union-find and the merges),
``reasons`` (match reasons and close calls), ``people`` (the people frame and the
references linked to them). The overrides file's format is in ``overrides``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from audit.normalize import normalize_match_keys
from audit.resolve.clusters import apply_same_overrides, join_similar, start_clusters
from audit.resolve.keys import join_exact_keys
from audit.resolve.overrides import (
    Override,
    OverridesError,
    default_overrides_path,
    read_overrides,
)
from audit.resolve.people import attach_references, build_people, person_id
from audit.resolve.reasons import list_possible_duplicates

__all__ = [
    "Override",
    "OverridesError",
    "default_overrides_path",
    "person_id",
    "read_overrides",
    "resolve_people",
]


def resolve_people(
    records: pl.DataFrame,
    references: pl.DataFrame,
    as_of: date,
    overrides: Sequence[Override] = (),
) -> tuple[pl.DataFrame, pl.DataFrame, list[dict]]:
    """(PEOPLE, LINKS, possible duplicates) from normalised records and REFERENCES.

    ``records`` is RECORDS + RECORD_KEYS. A LinkedIn record is a connection as of
    ``as_of`` when it was connected by then. Possible duplicates are pairs of people
    that look alike but were not merged: ``{"a", "b", "a_name", "b_name", "score",
    "why"}`` with person ids, score in 0..1 (how alike the names are), most alike first.
    """
    keys = normalize_match_keys(records) if records.height else None
    clusters = start_clusters(records, keys, overrides)
    close_calls: list[tuple[int, int, float, str]] = []
    apply_same_overrides(clusters, records, overrides)
    join_exact_keys(clusters, records, keys, close_calls)
    if keys is not None:
        join_similar(clusters, records, keys, close_calls)
    roots = [clusters.find(i) for i in range(records.height)]
    people = build_people(records, roots, clusters, as_of)
    everyone, links = attach_references(people, records, roots, references)
    return everyone, links, list_possible_duplicates(close_calls, roots, people, clusters)
