"""Joins by exact keys: a LinkedIn URL is the person; a shared email or phone joins
records when few share it and their given names do not disagree."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import polars as pl
from rapidfuzz.distance import Indel

from audit.resolve.clusters import Clusters
from audit.resolve.reasons import SAME_EMAIL, SAME_PHONE, SAME_URL
from audit.resolve.scoring import are_gendered_names, are_other_generations

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
    groups = {column: _group_by_key(records, column) for column in ("email_keys", "phone_keys")}
    # Only the records of a group that may join are read into Python, by index: all of
    # them (lists of given names too) cost 0.05 s at the cap.
    needed = sorted(
        {i for found in groups.values() for m in found if len(m) <= MAX_SHARED_KEY for i in m}
    )
    rows = pl.Series(needed, dtype=pl.Int64)

    def read(frame: pl.DataFrame, column: str) -> dict:
        return dict(zip(needed, frame[column].gather(rows).to_list(), strict=True))

    urls, names = read(records, "url_key"), read(records, "name_key")
    parts = _NameParts(
        *(read(keys, c) for c in ("first", "last", "given_keys", "given_known")),
        *(read(keys, c) for c in ("generation", "name_unsure", "given_plain")),
    )

    def close_call(i: int, j: int, why: str) -> None:
        similarity = Indel.normalized_similarity(names[i] or "", names[j] or "")
        close_calls.append((i, j, round(similarity, 2), why))

    joins: list[tuple[int, list[int], str]] = []
    for column, reason in (("email_keys", SAME_EMAIL), ("phone_keys", SAME_PHONE)):
        what = reason.removeprefix("same ")
        for members in groups[column]:
            if len(members) > MAX_SHARED_KEY:
                continue
            pairs = list(itertools.combinations(members, 2))
            if len({urls[i] for i in members if urls[i]}) > 1:
                # One number, two profiles: whose it is cannot be told.
                for i, j in pairs:
                    if urls[i] and urls[j] and urls[i] != urls[j]:
                        close_call(i, j, f"same {what}, different linkedin profiles")
                continue
            rated = {(i, j): _rate_name_agreement(i, j, parts, what) for i, j in pairs}
            if not all(agree for agree, _ in rated.values()):
                # A household's landline or inbox: it tells nobody apart.
                for (i, j), (agree, why) in rated.items():
                    if not agree:
                        close_call(i, j, f"same {what}, {why}")
                continue
            joins.append((min(agree for agree, _ in rated.values()), members, reason))
    # Keys whose records bear the same given name first: their clusters gather birthdays
    # that may then refuse a key shared with a merely alike name (a colleague's switchboard).
    for _, members, reason in sorted(joins, key=lambda join: -join[0]):
        for other in members[1:]:
            refused = clusters.union(members[0], other, reason)
            if refused:
                close_call(members[0], other, f"{reason}, {refused}")


@dataclass(frozen=True)
class _NameParts:
    """The match keys of the records that the name agreement reads (see normalize), each
    by record index."""

    firsts: dict
    lasts: dict
    givens: dict
    known: dict
    generations: dict
    unsure: dict
    plain: dict  # given names before transcriptions are folded


def _rate_name_agreement(i: int, j: int, parts: _NameParts, what: str) -> tuple[int, str]:
    """How well two records sharing an email or phone agree by their names, and why not: a
    family shares a landline and an inbox, colleagues a switchboard, but not a given name.
    2: the same given name or nickname (the family name may have changed), an initial,
    a missing given name, the parts swapped, or a name in a script whose transliteration
    cannot be trusted to disagree when not even the family names agree (a kanji name read
    as Chinese: an email decides, a phone does not); 1: a typo (85% alike) or another
    spelling (Maxim, Maksim: 70%) with a family name alike; 0: different names (a man's
    and a woman's form of one name, Paul and Paula; two names of the nickname table with
    no formal name in common), or a junior's suffix beside another or none (father and
    son share the landline)."""
    if are_other_generations(parts.generations[i], parts.generations[j]):
        return 0, "different generations (jr., sr.)"
    fi, fj = parts.firsts[i], parts.firsts[j]
    if not fi or not fj or set(parts.givens[i]) & set(parts.givens[j]):
        return 2, ""
    lasts = parts.lasts
    if (parts.unsure[i] or parts.unsure[j]) and not _are_alike(lasts[i], lasts[j]):
        # Read in an unsure script, and not even the family names agree: the key decides,
        # when it is an email; a phone may be a switchboard or a household's landline.
        return (2, "") if what == "email" else (0, "names in another script")
    if (len(fi) == 1 and fj.startswith(fi)) or (len(fj) == 1 and fi.startswith(fj)):
        return 2, ""  # an initial: "J. Smith"
    if fi == lasts[j] and fj == lasts[i]:
        return 2, ""  # one of them written surname first
    if are_gendered_names(parts.plain[i], parts.plain[j]):
        return 0, "different first names"
    if parts.known[i] and parts.known[j] and fi.split(" ")[0] != fj.split(" ")[0]:
        return 0, "different first names"
    alike = Indel.normalized_similarity(fi, fj)
    li, lj = lasts[i], lasts[j]
    family_alike = not li or not lj or Indel.normalized_similarity(li, lj) >= 0.8
    return int(alike >= 0.85 or (alike >= 0.7 and family_alike)), "different first names"


def _are_alike(x: str | None, y: str | None) -> bool:
    return bool(x and y and Indel.normalized_similarity(x, y) >= 0.85)
