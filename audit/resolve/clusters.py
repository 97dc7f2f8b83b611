"""Union-find over records, and the merges of scored pairs into it.

A union that would put two different LinkedIn URLs into one person is refused
(two profiles are two people), and so is a join by email or phone across two
birthdays that cannot be the same day, one of a record that fits two profiles
equally well, and one across a "different" override.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from audit.resolve.blocking import find_candidate_pairs
from audit.resolve.overrides import Override, index_override_keys
from audit.resolve.reasons import (
    DUPLICATE_NAME_POINTS,
    MAX_POSSIBLE_DUPLICATES,
    OVERRIDE_SAME,
    explain,
)
from audit.resolve.scoring import score_birthdays, score_pairs, weigh_places


@dataclass
class Clusters:
    """Union-find over record indices that keeps what each cluster may not be joined with:
    its LinkedIn URLs, full birthdays and the sides of "different" overrides it is on."""

    parent: list[int]
    urls: dict[int, frozenset[str]]  # only clusters that have any, like the others
    birthdays: dict[int, frozenset[str]]
    generations: dict[int, frozenset[str]] = field(default_factory=dict)
    sides: dict[int, frozenset[tuple[int, int]]] = field(default_factory=dict)
    reasons: dict[int, set[str]] = field(default_factory=dict)

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:  # path compression keeps later finds flat
            self.parent[i], i = root, self.parent[i]
        return root

    def conflict(self, ra: int, rb: int, force: bool = False, exact: bool = True) -> str | None:
        """Why clusters ``ra`` and ``rb`` cannot be one person, or None. ``force``: an
        override joins them, only a "different" override stops it. Otherwise two LinkedIn
        URLs or two generational suffixes in the clusters say two people, whichever record
        brought them; ``exact``: a shared email or phone joins them, which the birthdays of
        the clusters may contradict (a similar name's points weigh the birthdays of its own
        two records instead)."""
        sa, sb = self.sides.get(ra), self.sides.get(rb)
        if sa and sb and any((k, 1 - s) in sb for k, s in sa):
            return "override: different"
        if force:
            return None
        ua, ub = self.urls.get(ra), self.urls.get(rb)
        if ua and ub and ua.isdisjoint(ub):
            return "different linkedin urls"
        ba, bb = self.birthdays.get(ra), self.birthdays.get(rb)
        if exact and ba and bb and not any(score_birthdays(x, y) > 0 for x in ba for y in bb):
            return "different birthdays"
        ga, gb = self.generations.get(ra), self.generations.get(rb)
        if ga and gb and ga.isdisjoint(gb):
            return "different generations (jr., sr.)"
        return None

    def union(
        self, a: int, b: int, reason: str, force: bool = False, exact: bool = True
    ) -> str | None:
        """Join the clusters of ``a`` and ``b``; the reason it was refused, or None. A
        shared key of records already together still adds its reason (they are one
        person by URL *and* email); a similar name does not (the merge that joined them
        already says why)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            if exact:
                self.reasons.setdefault(ra, set()).add(reason)
            return None
        refused = self.conflict(ra, rb, force, exact)
        if refused:
            return refused
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        for held in (self.urls, self.birthdays, self.generations, self.sides):
            if rb in held:
                held[ra] = held.get(ra, frozenset()) | held.pop(rb)
        self.reasons[ra] = self.reasons.get(ra, set()) | self.reasons.pop(rb, set()) | {reason}
        return None


def start_clusters(
    records: pl.DataFrame, keys: pl.DataFrame | None, overrides: Sequence[Override]
) -> Clusters:
    urls = records["url_key"].to_list()
    birthdays = keys["birthday"].to_list() if keys is not None else []
    clusters = Clusters(
        parent=list(range(records.height)),
        urls={i: frozenset([u]) for i, u in enumerate(urls) if u},
        birthdays={
            i: frozenset([b]) for i, b in enumerate(birthdays) if b and not b.startswith("--")
        },
        generations={
            i: frozenset([g])
            for i, g in enumerate(keys["generation"].to_list() if keys is not None else [])
            if g
        },
    )
    different = [o for o in overrides if o.rule == "different"]
    if different:
        lookup = index_override_keys(records)
        for k, override in enumerate(different):
            for side, key in enumerate((override.a, override.b)):
                for i in lookup.get(key, ()):
                    clusters.sides[i] = clusters.sides.get(i, frozenset()) | {(k, side)}
    return clusters


def apply_same_overrides(
    clusters: Clusters, records: pl.DataFrame, overrides: Sequence[Override]
) -> None:
    same = [o for o in overrides if o.rule == "same"]
    if not same:
        return
    lookup = index_override_keys(records)
    for override in same:
        members = lookup.get(override.a, []) + lookup.get(override.b, [])
        if lookup.get(override.a) and lookup.get(override.b):
            for other in members[1:]:
                clusters.union(members[0], other, OVERRIDE_SAME, force=True)


def join_similar(
    clusters: Clusters,
    records: pl.DataFrame,
    keys: pl.DataFrame,
    close_calls: list[tuple[int, int, float, str]],
) -> None:
    """Score the blocked candidate pairs and join those whose evidence is enough, strongest
    first; keep the close calls that were not joined."""
    keys = keys.hstack(weigh_places(keys))
    pairs = find_candidate_pairs(keys)
    urls = records["url_key"]
    roots = pl.Series([clusters.find(i) for i in range(records.height)], dtype=pl.Int64)
    pairs = pairs.filter(
        # Two profiles are two people, and records already together need no comparing.
        ~(urls.gather(pairs["i"]).is_not_null() & urls.gather(pairs["j"]).is_not_null()),
        roots.gather(pairs["i"]) != roots.gather(pairs["j"]),
    )
    if pairs.is_empty():
        return
    scored = score_pairs(pairs, keys)
    merges = (
        scored.filter(pl.col("merge"))
        .with_columns(explain())
        .sort(["total", "i", "j"], descending=[True, False, False])
    )
    torn = _find_torn_records(clusters, merges)
    for i, j, reason, name_points, similarity in merges.select(
        "i", "j", "reason", "name_points", "similarity"
    ).iter_rows():
        if _is_guess(torn, clusters, i, j) or _is_guess(torn, clusters, j, i):
            close_calls.append((i, j, similarity, f"{reason.split(' + ')[0]}, fits two profiles"))
            continue
        refused = clusters.union(i, j, reason, exact=False)
        if refused and name_points >= DUPLICATE_NAME_POINTS:
            close_calls.append((i, j, similarity, f"{reason.split(' + ')[0]}, {refused}"))
    # Only the most alike close calls can make the report's list: explain just those.
    close = (
        scored.filter(~pl.col("merge") & _is_close_call())
        .with_columns(explain())
        .sort(["similarity", "i", "j"], descending=[True, False, False])
        .head(4 * MAX_POSSIBLE_DUPLICATES)
    )
    close_calls.extend(close.select("i", "j", "similarity", "why").iter_rows())


def _is_close_call() -> pl.Expr:
    """A pair worth showing the user: the names look the same (similar name or better), or
    look alike (85%) with something that says two people (Daniel and Daniela, a Jr.)."""
    alike = pl.max_horizontal("full_sim", "back_sim") >= 0.85
    return (pl.col("name_points") >= DUPLICATE_NAME_POINTS) | (pl.col("vetoed") & alike)


def _find_torn_records(clusters: Clusters, merges: pl.DataFrame) -> dict:
    """Records that would merge with two different LinkedIn profiles, each with the one
    profile it may join: the best one when it is clearly better (a point ahead: "same
    name" over "similar name"), else none. A card of "Sam Lee" fits either Sam Lee on
    LinkedIn, and joining the first one found would be a guess."""
    best: dict[int, dict[frozenset[str], float]] = {}
    for i, j, total in merges.select("i", "j", "total").iter_rows():
        for record, other in ((i, j), (j, i)):
            urls = clusters.urls.get(clusters.find(other))
            if urls:
                found = best.setdefault(record, {})
                found[urls] = max(found.get(urls, total), total)
    torn = {}
    for record, found in best.items():
        if len(found) > 1:
            ranked = sorted(found.items(), key=lambda item: -item[1])
            clear = ranked[0][1] - ranked[1][1] >= 1.0
            torn[record] = ranked[0][0] if clear else None
    return torn


def _is_guess(torn: dict, clusters: Clusters, record: int, other: int) -> bool:
    """Whether joining ``record`` to ``other``'s profile would be a guess (see above)."""
    if record not in torn:
        return False
    urls = clusters.urls.get(clusters.find(other))
    return bool(urls) and urls != torn[record]
