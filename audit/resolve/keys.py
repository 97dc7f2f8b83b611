"""Joins by exact keys: a LinkedIn URL is the person; a shared email or phone joins
records when few share it and their given names do not disagree."""

from __future__ import annotations

import itertools

import polars as pl
from rapidfuzz.distance import Indel

from audit.resolve.clusters import Clusters
from audit.resolve.reasons import SAME_EMAIL, SAME_PHONE, SAME_URL
from audit.resolve.scoring import FEMININE_ENDINGS

# An email or phone on more records than this is a switchboard or a team inbox: it
# tells nobody apart, so it joins nobody (a smaller group joins only if its given
# names agree, see _rate_name_agreement).
MAX_SHARED_KEY = 8


def _group_by_key(records: pl.DataFrame, column: str) -> list[list[int]]:
    """Record indices sharing each value of ``column`` (a key or a list of keys), by value."""
    keys = records.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("_i"), column)
    if keys.schema[column] == pl.List(pl.Utf8):
        keys = keys.explode(column)
    groups = (
        keys.drop_nulls(column)
        .unique()
        .group_by(column)
        .agg(pl.col("_i").sort())
        .filter(pl.col("_i").list.len() > 1)
        .sort(column)
    )
    return groups["_i"].to_list()


def join_exact_keys(
    clusters: Clusters,
    records: pl.DataFrame,
    keys: pl.DataFrame | None,
    close_calls: list[tuple[int, int, float, str]],
) -> None:
    """URL first (a URL is the person), then emails and phones, which join records only when
    they are not shared by many and the given names do not disagree."""
    for members in _group_by_key(records, "url_key"):
        for other in members[1:]:
            clusters.union(members[0], other, SAME_URL)
    if keys is None:
        return
    firsts, givens = keys["first"].to_list(), keys["given_keys"].to_list()
    lasts, urls = keys["last"].to_list(), records["url_key"].to_list()
    names = records["name_key"].to_list()

    def close_call(i: int, j: int, why: str) -> None:
        similarity = Indel.normalized_similarity(names[i] or "", names[j] or "")
        close_calls.append((i, j, round(similarity, 2), why))

    joins: list[tuple[int, list[int], str]] = []
    for column, reason in (("email_keys", SAME_EMAIL), ("phone_keys", SAME_PHONE)):
        what = reason.removeprefix("same ")
        for members in _group_by_key(records, column):
            if len(members) > MAX_SHARED_KEY:
                continue
            pairs = list(itertools.combinations(members, 2))
            if len({urls[i] for i in members if urls[i]}) > 1:
                # One number, two profiles: whose it is cannot be told.
                for i, j in pairs:
                    if urls[i] and urls[j] and urls[i] != urls[j]:
                        close_call(i, j, f"same {what}, different linkedin profiles")
                continue
            agreement = {
                (i, j): _rate_name_agreement(i, j, firsts, lasts, givens) for i, j in pairs
            }
            if not all(agreement.values()):
                # A household's landline or inbox: it tells nobody apart.
                for (i, j), agree in agreement.items():
                    if not agree:
                        close_call(i, j, f"same {what}, different first names")
                continue
            joins.append((min(agreement.values()), members, reason))
    # Keys whose records bear the same given name first: their clusters gather birthdays
    # that may then refuse a key shared with a merely alike name (a colleague's switchboard).
    for _, members, reason in sorted(joins, key=lambda join: -join[0]):
        for other in members[1:]:
            refused = clusters.union(members[0], other, reason)
            if refused:
                close_call(members[0], other, f"{reason}, {refused}")


def _rate_name_agreement(i: int, j: int, firsts: list, lasts: list, givens: list) -> int:
    """How well two records sharing an email or phone agree by their names: a family
    shares a landline and an inbox, colleagues a switchboard, but not a given name.
    2: the same given name or nickname (the family name may have changed), an initial,
    a missing given name, or the parts swapped; 1: a typo (85% alike) or another
    spelling (Maxim, Maksim: 70%) with a family name alike; 0: different, or a man's
    and a woman's form of one name (Paul, Paula)."""
    fi, fj = firsts[i], firsts[j]
    if not fi or not fj or set(givens[i]) & set(givens[j]):
        return 2
    if (len(fi) == 1 and fj.startswith(fi)) or (len(fj) == 1 and fi.startswith(fj)):
        return 2  # an initial: "J. Smith"
    if fi == lasts[j] and fj == lasts[i]:
        return 2  # one of them written surname first
    short, long = sorted((fi, fj), key=len)
    if long.startswith(short) and long[len(short) :] in FEMININE_ENDINGS:
        return 0
    alike = Indel.normalized_similarity(fi, fj)
    li, lj = lasts[i], lasts[j]
    family_alike = not li or not lj or Indel.normalized_similarity(li, lj) >= 0.8
    return int(alike >= 0.85 or (alike >= 0.7 and family_alike))
