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

Overrides file (CSV, UTF-8; default ``overrides.csv`` in the config folder):

    rule,a,b
    # Lines starting with # are comments; blank lines are ignored.
    same,https://www.linkedin.com/in/ada-lovelace,ada@example.com
    different,contacts.vcf#12,Connections.csv#40
    same,+44 20 7946 0958,old-ada@example.org

``rule`` is ``same`` (always one person) or ``different`` (never one person).
``a`` and ``b`` each name a record by a LinkedIn profile URL, an email address,
a phone number (as written in your address book; without a +country code it
is read in your phone region), or ``FILE#N``: record N of FILE as the report's
"records" lists them (``Connections.csv#17``, ``contacts.vcf#3``). A value that
several records share names them all; one that no record has is ignored. The
header line is optional. ``same`` wins over the rule that two LinkedIn profiles
are two people (someone with two accounts); ``different`` wins over everything.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl
from rapidfuzz.distance import OSA, Indel, JaroWinkler

from audit.normalize import (
    normalize_email,
    normalize_linkedin_url,
    normalize_match_keys,
    normalize_phone,
)
from audit.schemas import LINKS, PEOPLE, blank_row, frame
from audit.settings import DEFAULT_REGION, config_dir

# Reasons as the JSON's ``match_reasons`` shows them.
SAME_URL = "same linkedin url"
SAME_EMAIL = "same email"
SAME_PHONE = "same phone"
OVERRIDE_SAME = "override: same"

# An email or phone on more records than this is a switchboard or a team inbox: it
# tells nobody apart, so it joins nobody (a smaller group joins only if its given
# names agree, see _rate_name_agreement).
MAX_SHARED_KEY = 8
# Blocking (sorted neighbourhood): each record is compared with the next few records
# of each block it is in, blocks sorted so that the most alike records sit together:
# how many for a whole name, a part of a name, a birthday, a postcode or a street.
NAME_WINDOW = 5
PART_WINDOW = 2
BIRTHDAY_WINDOW = 8
PLACE_WINDOW = 4
# A merge needs name points + corroboration points >= MERGE_POINTS, and at least
# one corroborating detail. Points are rough log-odds: a shared birthday is rarer
# than a shared company, which is rarer than a shared city.
MERGE_POINTS = 4.5
# Close calls worth showing: the name looks the same (similar name or better).
DUPLICATE_NAME_POINTS = 3.0
MAX_POSSIBLE_DUPLICATES = 500
# What turns a man's given name into a woman's: Paul/Paula, Daniel/Danielle, Louis/Louise.
FEMININE_ENDINGS = frozenset({"a", "e", "ia", "na", "ne", "ina", "ine", "elle", "ette"})
BIRTHDAY_DIFFERENT = -2.0
# Places weigh what agreeing on that very value tells, Fellegi-Sunter style: log10(m / u),
# m the chance that two records of one person agree on a field both have (below 1: people
# move), u the chance that two records of different people agree on it, estimated from
# the records themselves as the share of records with that value (term frequency), drawn
# towards a prior share for small address books (PLACE_PRIOR_RECORDS records' worth). So
# "London" in an address book of Londoners says little and a village postcode much.
PLACE_M = 0.9
PLACE_PRIOR_RECORDS = 50
PLACE_PRIOR_SHARE = {"city": 1 / 20, "post": 1 / 300, "street": 1 / 2000, "house": 1 / 30}
MAX_PLACE_POINTS = 3.5
# A near miss (a typo in the city or street, a digit off in the postcode) is about ten
# times likelier between strangers than the same value: one point less.
NEAR_PLACE_DISCOUNT = 1.0
NEAR_PLACE_SIMILARITY = 0.92  # Jaro-Winkler, of the names without spaces
# A place corroborates a name on its own when it is this rare (a city of one in thirty
# records or fewer); a street or postcode always does.
PLACE_CORROBORATES = 1.5
# Columns of normalize_match_keys, as "<name>a"/"<name>b" of a pair's two records: the
# ones needed to tell whether a pair is worth scoring, then the others.
NAME_COLUMNS = {
    **{"first": "f", "last": "l", "given_keys": "g", "birthday": "b", "company_key": "c"},
    **{"postcode_key": "post", "street_key": "street", "city_key": "city", "house_key": "house"},
}
PLACE_COLUMNS = {
    "city_key": "city",
    "postcode_key": "post",
    "street_key": "street",
    "house_key": "house",
}
OTHER_COLUMNS = {"org_keys": "o", **{f"{short}_w": f"{short}_w" for short in PLACE_PRIOR_SHARE}}


class OverridesError(ValueError):
    """The overrides file cannot be used; the message names the file, the line and why."""


@dataclass(frozen=True)
class Override:
    rule: str  # "same" | "different"
    a: str  # a normalised profile URL, email, E.164 phone, or "FILE#N"
    b: str
    line: int  # in the overrides file, for messages


def default_overrides_path() -> Path:
    return config_dir() / "overrides.csv"


def read_overrides(path: Path, phone_region: str = DEFAULT_REGION) -> list[Override]:
    """The overrides file (format in this module's docstring), checked line by line.

    Raises OverridesError naming the file and line for anything it cannot use.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise OverridesError(f"{path}: cannot read the overrides file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise OverridesError(f"{path}: the overrides file is not UTF-8 text") from None
    overrides: list[Override] = []
    seen: dict[frozenset[str], Override] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in next(csv.reader(io.StringIO(line)))]
        if [c.lower() for c in cells] == ["rule", "a", "b"]:
            continue
        override = _read_override_row(cells, number, phone_region, path)
        pair = frozenset((override.a, override.b))
        earlier = seen.get(pair)
        if earlier is not None and earlier.rule != override.rule:
            raise OverridesError(
                f"{path}:{number}: contradicts line {earlier.line} (same pair, other rule)"
            )
        seen[pair] = override
        overrides.append(override)
    return overrides


def _read_override_row(cells: list[str], number: int, region: str, path: Path) -> Override:
    where = f"{path}:{number}"
    if len(cells) != 3:
        raise OverridesError(f"{where}: expected 3 fields rule,a,b, found {len(cells)}")
    rule = cells[0].lower()
    if rule not in ("same", "different"):
        raise OverridesError(f"{where}: rule must be 'same' or 'different', not {cells[0]!r}")
    a, b = (_override_key(cell, where, region) for cell in cells[1:])
    if a == b:
        raise OverridesError(f"{where}: a and b name the same record")
    return Override(rule, a, b, number)


def _override_key(cell: str, where: str, region: str) -> str:
    """The comparable key a cell names: URL, email, phone or FILE#N."""
    if not cell:
        raise OverridesError(f"{where}: empty field")
    if "linkedin.com" in cell.lower():
        key = normalize_linkedin_url(cell)
    elif "@" in cell:
        key = normalize_email(cell)
    elif "#" in cell:
        file, _, number = cell.rpartition("#")
        key = f"{file}#{int(number)}" if file and number.isdigit() and int(number) > 0 else None
    else:
        key = normalize_phone(cell, region)
    if key is None:
        raise OverridesError(
            f"{where}: {cell!r} is not a LinkedIn profile URL, email, phone or FILE#N"
        )
    return key


@dataclass
class _Clusters:
    """Union-find over record indices that keeps what each cluster may not be joined with:
    its LinkedIn URLs, full birthdays and the sides of "different" overrides it is on."""

    parent: list[int]
    urls: dict[int, frozenset[str]]  # only clusters that have any, like the others
    birthdays: dict[int, frozenset[str]]
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
        override joins them, only a "different" override stops it; ``exact``: a shared
        email or phone joins them, which the birthdays of the clusters may contradict (a
        similar name's points weigh the birthdays of its own two records instead)."""
        sa, sb = self.sides.get(ra), self.sides.get(rb)
        if sa and sb and any((k, 1 - s) in sb for k, s in sa):
            return "override: different"
        if force:
            return None
        ua, ub = self.urls.get(ra), self.urls.get(rb)
        if ua and ub and ua.isdisjoint(ub):
            return "different linkedin urls"
        ba, bb = self.birthdays.get(ra), self.birthdays.get(rb)
        if exact and ba and bb and not any(_score_birthdays(x, y) > 0 for x in ba for y in bb):
            return "different birthdays"
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
        for held in (self.urls, self.birthdays, self.sides):
            if rb in held:
                held[ra] = held.get(ra, frozenset()) | held.pop(rb)
        self.reasons[ra] = self.reasons.get(ra, set()) | self.reasons.pop(rb, set()) | {reason}
        return None


def person_id(key: str) -> str:
    return "p-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


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
    clusters = _start_clusters(records, keys, overrides)
    close_calls: list[tuple[int, int, float, str]] = []
    _apply_same_overrides(clusters, records, overrides)
    _join_exact_keys(clusters, records, keys, close_calls)
    if keys is not None:
        _join_similar(clusters, records, keys, close_calls)
    roots = [clusters.find(i) for i in range(records.height)]
    people = _build_people(records, roots, clusters, as_of)
    everyone, links = _attach_references(people, records, roots, references)
    return everyone, links, _list_possible_duplicates(close_calls, roots, people, clusters)


# ---------------------------------------------------------------- clusters and exact keys


def _start_clusters(
    records: pl.DataFrame, keys: pl.DataFrame | None, overrides: Sequence[Override]
) -> _Clusters:
    urls = records["url_key"].to_list()
    birthdays = keys["birthday"].to_list() if keys is not None else []
    clusters = _Clusters(
        parent=list(range(records.height)),
        urls={i: frozenset([u]) for i, u in enumerate(urls) if u},
        birthdays={
            i: frozenset([b]) for i, b in enumerate(birthdays) if b and not b.startswith("--")
        },
    )
    different = [o for o in overrides if o.rule == "different"]
    if different:
        lookup = _index_override_keys(records)
        for k, override in enumerate(different):
            for side, key in enumerate((override.a, override.b)):
                for i in lookup.get(key, ()):
                    clusters.sides[i] = clusters.sides.get(i, frozenset()) | {(k, side)}
    return clusters


def _index_override_keys(records: pl.DataFrame) -> dict[str, list[int]]:
    """Every key an override may name (URL, email, phone, FILE#N) -> the records that have it."""
    lookup: dict[str, list[int]] = {}
    columns = records.select("file", "record", "url_key", "email_keys", "phone_keys")
    for i, (file, number, url, emails, phones) in enumerate(columns.iter_rows()):
        for key in (f"{file}#{number}", url, *emails, *phones):
            if key:
                lookup.setdefault(key, []).append(i)
    return lookup


def _apply_same_overrides(
    clusters: _Clusters, records: pl.DataFrame, overrides: Sequence[Override]
) -> None:
    same = [o for o in overrides if o.rule == "same"]
    if not same:
        return
    lookup = _index_override_keys(records)
    for override in same:
        members = lookup.get(override.a, []) + lookup.get(override.b, [])
        if lookup.get(override.a) and lookup.get(override.b):
            for other in members[1:]:
                clusters.union(members[0], other, OVERRIDE_SAME, force=True)


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


def _join_exact_keys(
    clusters: _Clusters,
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


# ---------------------------------------------------------------- blocked fuzzy matching


def _find_candidate_pairs(keys: pl.DataFrame) -> pl.DataFrame:
    """(i, j) with i < j: records that share a blocking key and sit close to each other in
    the key's block, sorted so that the most alike records are neighbours (sorted
    neighbourhood: the cost is records x window, however big a block grows).

    Keys, with the order inside the block: the name, given name (each of its nickname
    forms) and family name, also swapped (sorted by company and city); each part of the
    name alone, given or family, sorted by the other part (a typo in the other part, or
    the parts swapped); the full birthday (a marriage changes the name, not the
    birthday), the postcode and the street (sorted by name); the postcode and the city
    (sorted by street and house number). How far to look: the *_WINDOW constants.
    """
    first, last = pl.col("first"), pl.col("last")
    name = pl.concat_str([last.fill_null(""), first.fill_null("")], separator="|")
    place = pl.concat_str(
        [pl.col("company_key").fill_null(""), pl.col("city_key").fill_null("")], separator="|"
    )
    indexed = keys.select(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("i"),
        "first",
        "last",
        pl.col("given_keys").alias("given"),
        "birthday",
        pl.col("postcode_key").alias("postcode"),
        pl.col("street_key").alias("street"),
        pl.col("city_key").str.replace_all(" ", "", literal=True).alias("city"),
        pl.concat_str(
            [pl.col("street_key").fill_null(""), pl.col("house_key").fill_null("")], separator="|"
        ).alias("by_street"),
        name.alias("by_name"),
        place.alias("by_place"),
    )
    both = pl.col("first").is_not_null() & pl.col("last").is_not_null()
    blocks = [
        _make_block(
            indexed.filter(both).explode("given"),
            _key_of("a", "given", "last"),
            "by_place",
            NAME_WINDOW,
        ),
        _make_block(indexed.filter(both), _key_of("a", "last", "first"), "by_place", NAME_WINDOW),
        # One block per name part, given or family: a swapped name meets itself here.
        _make_block(indexed, _key_of("p", "last"), "first", PART_WINDOW),
        _make_block(indexed.explode("given"), _key_of("p", "given"), "last", PART_WINDOW),
        _make_block(
            indexed.filter(pl.col("birthday").str.len_chars() == 10),
            _key_of("d", "birthday"),
            "by_name",
            BIRTHDAY_WINDOW,
        ),
        _make_block(indexed, _key_of("e", "postcode"), "by_name", PLACE_WINDOW),
        _make_block(indexed, _key_of("f", "street"), "by_name", PLACE_WINDOW),
        # Those living at one address, whatever their names: a swapped or retyped name
        # (and a household, which the scores keep apart) meets the others here.
        _make_block(indexed, _key_of("g", "postcode"), "by_street", PLACE_WINDOW),
        _make_block(indexed, _key_of("h", "city"), "by_street", PLACE_WINDOW),
    ]
    blocked = pl.concat(blocks).drop_nulls("key").sort("key", "sort", "i")
    shifted = [
        blocked.select(
            i=pl.col("i"),
            j=pl.col("i").shift(-step),
            near=(pl.col("key") == pl.col("key").shift(-step)) & (pl.col("window") >= step),
        ).filter(pl.col("near"))
        for step in range(1, max(NAME_WINDOW, PART_WINDOW, BIRTHDAY_WINDOW, PLACE_WINDOW) + 1)
    ]
    pairs = pl.concat(shifted).select(i=pl.min_horizontal("i", "j"), j=pl.max_horizontal("i", "j"))
    return pairs.filter(pl.col("i") != pl.col("j")).unique().sort("i", "j")


def _key_of(kind: str, *columns: str) -> pl.Expr:
    """A blocking key: its kind's letter, then the columns joined with "|" (null if one is).

    pl.concat_str, not pl.format: polars 2.1's format panics on some filtered string
    columns (sample_exports' birthdays)."""
    return pl.concat_str([pl.lit(kind), pl.concat_str(list(columns), separator="|")])


def _make_block(records: pl.DataFrame, key: pl.Expr, sort: str, window: int) -> pl.DataFrame:
    return records.select(
        "i", key.alias("key"), pl.col(sort).alias("sort"), pl.lit(window, pl.Int64).alias("window")
    )


def _join_similar(
    clusters: _Clusters,
    records: pl.DataFrame,
    keys: pl.DataFrame,
    close_calls: list[tuple[int, int, float, str]],
) -> None:
    """Score the blocked candidate pairs and join those whose evidence is enough, strongest
    first; keep the close calls that were not joined."""
    keys = keys.hstack(_weigh_places(keys))
    pairs = _find_candidate_pairs(keys)
    urls = records["url_key"]
    roots = pl.Series([clusters.find(i) for i in range(records.height)], dtype=pl.Int64)
    pairs = pairs.filter(
        # Two profiles are two people, and records already together need no comparing.
        ~(urls.gather(pairs["i"]).is_not_null() & urls.gather(pairs["j"]).is_not_null()),
        roots.gather(pairs["i"]) != roots.gather(pairs["j"]),
    )
    if pairs.is_empty():
        return
    scored = _score_pairs(pairs, keys)
    merges = (
        scored.filter(pl.col("merge"))
        .with_columns(_explain())
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
        scored.filter(~pl.col("merge") & (pl.col("name_points") >= DUPLICATE_NAME_POINTS))
        .with_columns(_explain())
        .sort(["similarity", "i", "j"], descending=[True, False, False])
        .head(4 * MAX_POSSIBLE_DUPLICATES)
    )
    close_calls.extend(close.select("i", "j", "similarity", "why").iter_rows())


def _find_torn_records(clusters: _Clusters, merges: pl.DataFrame) -> dict:
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


def _is_guess(torn: dict, clusters: _Clusters, record: int, other: int) -> bool:
    """Whether joining ``record`` to ``other``'s profile would be a guess (see above)."""
    if record not in torn:
        return False
    urls = clusters.urls.get(clusters.find(other))
    return bool(urls) and urls != torn[record]


def _score_pairs(pairs: pl.DataFrame, keys: pl.DataFrame) -> pl.DataFrame:
    """Each candidate pair worth a closer look with its points, name label, total and
    whether it merges (``_explain`` words it). Points are rough log-odds, see
    ``_score_name``, ``_score_corroboration`` and ``_decide``.

    Pairs that are not worth a closer look (``_is_worth_scoring``) could neither merge
    nor be a close call: they are dropped before the string comparisons, which are the
    costly part."""
    both = _gather_pairs(pairs, keys, NAME_COLUMNS).filter(_is_worth_scoring())
    both = both.hstack(_gather_pairs(both, keys, OTHER_COLUMNS).drop("i", "j")).with_columns(
        nick=pl.col("ga").list.set_intersection("gb").list.len() > 0,
        same_org=pl.col("oa").list.set_intersection("ob").list.len() > 0,
        gendered=_are_gendered_forms("fa", "fb"),
    )
    fa, la, fb, lb = (both[c].to_list() for c in ("fa", "la", "fb", "lb"))
    # Whole names without spaces: "zheng zhi qiang" and "zheng zhiqiang" are one name.
    full_a = both.select(_join_compact("fa", "la")).to_series()
    full_b = both.select(_join_compact("fb", "lb")).to_series()
    back_b = both.select(_join_compact("lb", "fb")).to_series()
    full_a, full_b, back_b = full_a.to_list(), full_b.to_list(), back_b.to_list()
    full_sim, back_sim = _measure_similarity(full_a, full_b), _measure_similarity(full_a, back_b)
    features = both.with_columns(
        first_sim=_measure_similarity(fa, fb),
        last_sim=_measure_similarity(la, lb),
        cross_first_sim=_measure_similarity(fa, lb),
        cross_last_sim=_measure_similarity(la, fb),
        full_sim=full_sim,
        back_sim=back_sim,
        slips=_count_slips(full_a, full_b, back_b, full_sim, back_sim),
        birthday_points=_score_birthday_column(both),
        company_sim=_measure_similarity(both["ca"].to_list(), both["cb"].to_list()),
        org_company=_match_org_to_company(both),
        **{
            f"same_{x}_{y}": _compare_parts(both, x, y)
            for x, y in (("fa", "fb"), ("la", "lb"), ("fa", "lb"), ("la", "fb"))
        },
        has_companies=pl.col("ca").is_not_null() & pl.col("cb").is_not_null(),
        **_compare_places(both),
    )
    return (
        features.with_columns(_score_places())
        .with_columns(_score_name())
        .with_columns(_label_name())
        .with_columns(_score_corroboration())
        .with_columns(_decide())
    )


def _gather_pairs(pairs: pl.DataFrame, keys: pl.DataFrame, columns: dict) -> pl.DataFrame:
    """``pairs``' i and j with the given key columns of both records."""
    return pairs.select("i", "j").with_columns(
        *(
            keys[c].gather(pairs[side]).alias(f"{short}{ab}")
            for c, short in columns.items()
            for side, ab in (("i", "a"), ("j", "b"))
        )
    )


def _join_compact(*parts: str) -> pl.Expr:
    return pl.concat_str(parts, ignore_nulls=True).str.replace_all(" ", "", literal=True)


def _is_worth_scoring() -> pl.Expr:
    """Pairs that could merge or be a close call: the given names agree (or one is missing)
    and the family names start or end alike, or the other way round, also swapped; both names
    start alike (a typo in each); the given names agree at the same company (a new
    family name); both records have a birthday; or they share a postcode or a street, or
    a city and a house number."""

    def same(x: str, y: str, length: int | None = None) -> pl.Expr:
        left, right = pl.col(x), pl.col(y)
        if length:
            left, right = left.str.slice(0, length), right.str.slice(0, length)
        return (left == right).fill_null(False)

    def alike(x: str, y: str) -> pl.Expr:
        ends = (pl.col(x).str.slice(-3) == pl.col(y).str.slice(-3)).fill_null(False)
        return same(x, y, 3) | ends | pl.col(x).is_null() | pl.col(y).is_null()

    given = same("fa", "fb") | (pl.col("ga").list.set_intersection("gb").list.len() > 0)
    return (
        (given & alike("la", "lb"))
        | (same("la", "lb") & alike("fa", "fb"))
        | (same("fa", "lb") & alike("la", "fb"))
        | (same("la", "fb") & alike("fa", "lb"))
        | (same("fa", "fb", 2) & same("la", "lb", 2))
        | (given & same("ca", "cb"))
        | (pl.col("ba").is_not_null() & pl.col("bb").is_not_null())
        | same("posta", "postb")
        | same("streeta", "streetb", 4)
        | (same("citya", "cityb", 4) & same("housea", "houseb"))
    )


def _match_org_to_company(pairs: pl.DataFrame) -> pl.Series:
    """Whether one record's email domain is the other's company: the domain (3 letters or
    more) starts the company's name without spaces or the other way round, or is its
    initials (jo@acme.com, "Acme Corporation"; jo@ibm.com, "International Business
    Machines")."""
    found = pl.Series([False] * pairs.height, dtype=pl.Boolean)
    for orgs, company in (("oa", "cb"), ("ob", "ca")):
        rows = (
            pairs.with_row_index("_row")
            .filter((pl.col(orgs).list.len() > 0) & pl.col(company).is_not_null())
            .select("_row", org=pl.col(orgs), company=pl.col(company))
            .explode("org")
            .with_columns(compact=pl.col("company").str.replace_all(" ", "", literal=True))
            .filter(
                (pl.col("org").str.len_chars() >= 3)
                & (
                    pl.col("compact").str.starts_with(pl.col("org"))
                    | pl.col("org").str.starts_with(pl.col("compact"))
                    | (pl.col("org") == _take_initials(pl.col("company")))
                )
            )
        )
        found = found.scatter(rows["_row"].unique(), True) if rows.height else found
    return found


def _take_initials(company: pl.Expr) -> pl.Expr:
    return company.str.split(" ").list.eval(pl.element().str.slice(0, 1)).list.join("")


def _fill_where(pairs: pl.DataFrame, needed: pl.Expr, columns: tuple, fn, default) -> pl.Series:
    """``fn`` of the ``columns`` of the rows where ``needed`` holds, ``default`` elsewhere:
    Python only for the rows that need it."""
    rows = pairs.with_row_index("_row").filter(needed)
    values = [fn(*row) for row in rows.select(*columns).iter_rows()]
    dtype = pl.Boolean if isinstance(default, bool) else pl.Float64
    filled = pl.Series([default] * pairs.height, dtype=dtype)
    if values:
        filled = filled.scatter(rows["_row"], pl.Series(values, dtype=dtype))
    return filled


def _measure_similarity(left: list, right: list) -> pl.Series:
    """Indel similarity 0..1 of each pair (rapidfuzz's ratio / 100); 0 where one is missing."""
    ratio = Indel.normalized_similarity
    scores = [ratio(x, y) if x and y else 0.0 for x, y in zip(left, right, strict=True)]
    return pl.Series(scores, dtype=pl.Float64)


def _count_slips(
    full_a: list, full_b: list, back_b: list, full_sim: pl.Series, back_sim: pl.Series
) -> pl.Series:
    """Typing slips (OSA edits: a swap of two letters is one) between two names 80 to 90%
    alike, in the order that is most alike; 99 elsewhere. "Davve Becker" is two slips from
    "David Becker"; "Anna Sokolova" three from "Galina Sokolova", another woman."""
    slips = []
    for a, b, back, sim, back_alike in zip(
        full_a, full_b, back_b, full_sim.to_list(), back_sim.to_list(), strict=True
    ):
        best = max(sim, back_alike)
        if 0.8 <= best < 0.9:
            slips.append(OSA.distance(a, b if sim >= back_alike else back))
        else:
            slips.append(99)
    return pl.Series(slips, dtype=pl.Int64)


def _compare_parts(pairs: pl.DataFrame, x: str, y: str) -> pl.Series:
    """Whether two name parts are the same: equal, or one the start or the end of the other
    by whole words ("mary kate" and "mary", "van den berg" and "berg"), or equal without
    spaces ("crou ch"). Python only for the few unequal parts with a space."""
    px, py = pl.col(x), pl.col(y)
    equal = pairs.select((px == py).fill_null(False)).to_series()
    spaced = (px != py) & (px.str.contains(" ", literal=True) | py.str.contains(" ", literal=True))
    return equal | _fill_where(pairs, spaced.fill_null(False), (x, y), _are_same_words, False)


def _are_same_words(x: str, y: str) -> bool:
    short, long = sorted((x, y), key=len)
    return (
        long.startswith(short + " ")
        or long.endswith(" " + short)
        or short.replace(" ", "") == long.replace(" ", "")
    )


def _score_part(x: str, y: str, sim: str, same: float, near: float, other: float) -> pl.Expr:
    """Points of one name part: the same, 85% alike, 70% alike (or an initial), different;
    0 when one is missing."""
    px, py, s = pl.col(x), pl.col(y), pl.col(sim)
    return (
        pl.when(px.is_null() | py.is_null())
        .then(0.0)
        .when(pl.col(f"same_{x}_{y}"))
        .then(same)
        .when(s >= 0.85)
        .then(near)
        .when((s >= 0.7) | (px.str.len_chars() == 1) & py.str.starts_with(px))
        .then(0.5 if same > 2 else 0.3)
        .otherwise(other)
    )


def _score_name() -> list[pl.Expr]:
    """Given name: same or nickname 2.5, alike 1.5, different -1.5; family name: same 1.5,
    alike 1, different -1 (a marriage changes it); both parts also tried swapped (some
    write the family name first). A whole name the same without spaces is worth 4 (as
    the same parts are), 90% alike 3, 80% alike with at most two typing slips 2.5. A man's
    and a woman's form of one given name (Paul, Paula) are two given names, however alike."""
    nick = pl.col("nick") & pl.col("fa").is_not_null() & pl.col("fb").is_not_null()
    first = (
        pl.when(nick)
        .then(2.5)
        .when(pl.col("gendered"))
        .then(-1.5)
        .otherwise(_score_part("fa", "fb", "first_sim", 2.5, 1.5, -1.5))
    )
    last = _score_part("la", "lb", "last_sim", 1.5, 1.0, -1.0)
    complete = pl.all_horizontal(pl.col(c).is_not_null() for c in ("fa", "la", "fb", "lb"))
    crossed = pl.when(complete).then(
        _score_part("fa", "lb", "cross_first_sim", 2.5, 1.5, -1.5)
        + _score_part("la", "fb", "cross_last_sim", 1.5, 1.0, -1.0)
    )
    whole_sim = pl.max_horizontal("full_sim", "back_sim")
    whole = (
        pl.when(complete & (whole_sim == 1.0))
        .then(4.0)
        .when(complete & (whole_sim >= 0.9))
        .then(3.0)
        .when(complete & (whole_sim >= 0.8) & (pl.col("slips") <= 2))
        .then(2.5)
    )
    return [
        first.alias("first_points"),
        last.alias("last_points"),
        pl.when(pl.col("gendered"))
        .then(first + last)
        .otherwise(pl.max_horizontal(first + last, crossed, whole))
        .alias("name_points"),
    ]


def _are_gendered_forms(x: str, y: str) -> pl.Expr:
    """Whether given names ``x`` and ``y`` are a man's and a woman's form of one name: the
    longer is the shorter and a FEMININE_ENDINGS ending (Paul, Paula; Louis, Louise)."""

    def extends(short: pl.Expr, long: pl.Expr) -> pl.Expr:
        ending = long.str.slice(short.str.len_chars())
        return long.str.starts_with(short) & ending.is_in(list(FEMININE_ENDINGS))

    px, py = pl.col(x), pl.col(y)
    return (extends(px, py) | extends(py, px)).fill_null(False)


def _label_name() -> pl.Expr:
    """How the names agree, in the words of ``match_reasons``: "same name", "nickname",
    "similar name", "same first name", "similar first name", "same last name", or null."""
    first, last, name = pl.col("first_points"), pl.col("last_points"), pl.col("name_points")
    exact = (pl.col("fa") == pl.col("fb")) & pl.col("same_la_lb")
    swapped = (pl.col("fa") == pl.col("lb")) & (pl.col("la") == pl.col("fb"))
    whole = pl.max_horizontal("full_sim", "back_sim") == 1.0
    return (
        pl.when((exact | swapped).fill_null(False) | whole)
        .then(pl.lit("same name"))
        .when(pl.col("nick") & (pl.col("fa") != pl.col("fb")) & (last >= 1.0))
        .then(pl.lit("nickname"))
        .when(name >= 2.0)
        .then(pl.lit("similar name"))
        .when(pl.col("nick") | (first >= 2.5))
        .then(pl.lit("same first name"))
        .when(first >= 1.5)
        .then(pl.lit("similar first name"))
        .when(last >= 1.5)
        .then(pl.lit("same last name"))
        .alias("name_label")
    )


def _is_same_company() -> pl.Expr:
    """90% alike, or one the other's first words ("cyberdyne", "cyberdyne systems")."""
    ca, cb = pl.col("ca"), pl.col("cb")
    prefix = (ca.str.starts_with(cb + " ") & (cb.str.len_chars() >= 4)) | (
        cb.str.starts_with(ca + " ") & (ca.str.len_chars() >= 4)
    )
    return pl.col("has_companies") & ((pl.col("company_sim") >= 0.9) | prefix.fill_null(False))


def _score_company() -> pl.Expr:
    """Same or alike 2, the email domain is the company's 2, same email domain 1.5,
    different -1 (people change jobs)."""
    return (
        pl.when(_is_same_company() | pl.col("org_company"))
        .then(2.0)
        .when(pl.col("same_org"))
        .then(1.5)
        .when(pl.col("has_companies"))
        .then(-1.0)
        .otherwise(0.0)
    )


def _weigh_places(keys: pl.DataFrame) -> pl.DataFrame:
    """``<short>_w`` of each place column (PLACE_COLUMNS): the points agreeing on the record's
    value is worth, log10(PLACE_M / u), u the value's share among the records that have
    one, drawn towards PLACE_PRIOR_SHARE; null where the record has none."""
    weights = []
    for column, short in PLACE_COLUMNS.items():
        value = pl.col(column)
        prior = PLACE_PRIOR_RECORDS * PLACE_PRIOR_SHARE[short]
        share = (pl.len().over(column) + prior) / (value.count() + PLACE_PRIOR_RECORDS)
        points = (PLACE_M / share).log10().clip(0.0, MAX_PLACE_POINTS)
        weights.append(pl.when(value.is_not_null()).then(points).alias(f"{short}_w"))
    return keys.select(weights)


def _compare_places(pairs: pl.DataFrame) -> dict[str, pl.Series]:
    """``<short>_near`` for city, street and postcode: the two differ but only by a slip
    (names NEAR_PLACE_SIMILARITY alike without spaces; a postcode one digit off or two
    neighbouring digits swapped, see ``_is_one_slip``)."""
    near = {}
    for short in ("city", "street"):
        left, right = pairs[f"{short}a"].to_list(), pairs[f"{short}b"].to_list()
        near[f"{short}_near"] = pl.Series(
            [
                bool(x and y and x != y and _measure_compact(x, y) >= NEAR_PLACE_SIMILARITY)
                for x, y in zip(left, right, strict=True)
            ],
            dtype=pl.Boolean,
        )
    posta, postb = pl.col("posta"), pl.col("postb")
    differ = ((posta != postb) & (posta.str.len_chars() == postb.str.len_chars())).fill_null(False)
    near["post_near"] = _fill_where(pairs, differ, ("posta", "postb"), _is_one_slip, False)
    return near


def _measure_compact(x: str, y: str) -> float:
    return JaroWinkler.similarity(x.replace(" ", ""), y.replace(" ", ""))


def _score_place(short: str) -> pl.Expr:
    """The points of one place field: its weight when the same (spaces aside), its smaller
    weight less NEAR_PLACE_DISCOUNT when near, else 0 (people move: no penalty)."""
    a, b = pl.col(f"{short}a"), pl.col(f"{short}b")
    weight, other = pl.col(f"{short}_wa"), pl.col(f"{short}_wb")
    same = a.str.replace_all(" ", "", literal=True) == b.str.replace_all(" ", "", literal=True)
    near = pl.min_horizontal(weight, other) - NEAR_PLACE_DISCOUNT
    return (
        pl.when(same)
        .then(weight)
        .when(pl.col(f"{short}_near"))
        .then(near.clip(lower_bound=0.0))
        .otherwise(0.0)
        .fill_null(0.0)
    )


def _score_places() -> list[pl.Expr]:
    """``city_points``, ``post_points``, ``street_points`` and ``house_points`` (see
    ``_score_place``); a house number counts only on a street that does not differ."""
    street = _score_place("street")
    open_street = (street > 0) | pl.col("streeta").is_null() | pl.col("streetb").is_null()
    same_house = (pl.col("housea") == pl.col("houseb")).fill_null(False)
    return [
        _score_place("city").alias("city_points"),
        _score_place("post").alias("post_points"),
        street.alias("street_points"),
        pl.when(same_house & open_street)
        .then(pl.col("house_wa"))
        .otherwise(0.0)
        .fill_null(0.0)
        .alias("house_points"),
    ]


def _score_corroboration() -> list[pl.Expr]:
    """Points of what agrees besides the name: birthday (see ``_score_birthdays``), company
    (see ``_score_company``) and places (see ``_score_places``); and whether any of it
    corroborates the name: the birthday, the company, the street, or a place at least
    PLACE_CORROBORATES points rare (a city alone backs nothing when namesakes live in it)."""
    bday, company = pl.col("birthday_points"), _score_company()
    # Colleagues live in the city they work in: after the same company, the same city tells
    # nothing more (Fellegi-Sunter adds up fields that are independent).
    city = pl.when(company > 0).then(0.0).otherwise("city_points")
    places = pl.sum_horizontal(city, "post_points", "street_points", "house_points")
    rare_place = pl.max_horizontal("city_points", "post_points") >= PLACE_CORROBORATES
    flags = [bday > 0, company > 0, pl.col("street_points") > 0, rare_place]
    return [
        (bday + company + places).alias("corroboration"),
        pl.any_horizontal(flags).alias("corroborated"),
    ]


def _decide() -> list[pl.Expr]:
    """Merge when the points reach MERGE_POINTS, something besides the name agrees, and
    something personal agrees: the given name or the birthday (a household shares a
    family name, a street and a landline, but not those)."""
    total = pl.col("name_points") + pl.col("corroboration")
    unknown = (pl.col("fa").is_null() | pl.col("fb").is_null()) & (pl.col("last_points") >= 1.0)
    personal = (pl.col("first_points") >= 0.5) | (pl.col("name_points") >= 2.0) | unknown
    merge = (
        (personal | (pl.col("birthday_points") >= 1.5))
        & pl.col("corroborated")
        & (total >= MERGE_POINTS)
    )
    return [total.alias("total"), merge.alias("merge")]


def _explain() -> list[pl.Expr]:
    """``reason`` (the name label and each detail that agrees, "similar name + same
    company"), ``why`` (for a close call: what disagrees, or what little agrees) and
    ``similarity`` (of the names, 0..1)."""
    bday = pl.col("birthday_points")
    agreeing = [
        pl.when(bday >= 2)
        .then(pl.lit("same birthday"))
        .when(bday > 0)
        .then(pl.lit("similar birthday")),
        pl.when(_is_same_company())
        .then(pl.lit("same company"))
        .when(pl.col("org_company"))
        .then(pl.lit("email domain matches company"))
        .when(pl.col("same_org"))
        .then(pl.lit("same email domain")),
        _label_place("street", "address", pl.col("house_points") > 0),
        _label_place("post", "postcode"),
        _label_place("city", "city"),
    ]
    disagreeing = [
        pl.when(bday < 0).then(pl.lit("different birthdays")),
        pl.when(_score_company() < 0).then(pl.lit("different companies")),
    ]
    positives = pl.concat_list(agreeing).list.drop_nulls()
    conflicts = pl.concat_list(disagreeing).list.drop_nulls()
    why = (
        pl.when(conflicts.list.len() > 0)
        .then(conflicts.list.join(", "))
        .when(positives.list.len() > 0)
        .then(pl.lit("only ") + positives.list.join(", "))
        .otherwise(pl.lit("nothing else to compare"))
    )
    reason = pl.concat_list(pl.col("name_label"), positives).list.drop_nulls().list.join(" + ")
    return [
        reason.alias("reason"),
        pl.concat_str([pl.col("name_label"), why], separator=", ").alias("why"),
        pl.when(pl.col("name_label") == "same name")
        .then(1.0)
        .otherwise(pl.max_horizontal("full_sim", "back_sim"))
        .round(2)
        .alias("similarity"),
    ]


def _label_place(short: str, word: str, housed: pl.Expr | None = None) -> pl.Expr:
    """ "same <word>" or "similar <word>" as the place agrees; a street without its house
    number is "same street"."""
    near = pl.col(f"{short}_near")
    agrees = pl.col(f"{short}_points") > 0
    if housed is None:
        return (
            pl.when(agrees & ~near)
            .then(pl.lit(f"same {word}"))
            .when(agrees)
            .then(pl.lit(f"similar {word}"))
        )
    return (
        pl.when(agrees & ~near & housed)
        .then(pl.lit("same address"))
        .when(agrees & housed)
        .then(pl.lit("similar address"))
        .when(agrees & ~near)
        .then(pl.lit("same street"))
        .when(agrees)
        .then(pl.lit("similar street"))
    )


def _is_one_slip(x: str, y: str) -> bool:
    """Two codes of one length that differ in one character or by two neighbours swapped."""
    if len(x) != len(y):
        return False
    diffs = [k for k, (a, b) in enumerate(zip(x, y, strict=True)) if a != b]
    return len(diffs) == 1 or (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and x[diffs[0]] == y[diffs[1]]
        and x[diffs[1]] == y[diffs[0]]
    )


def _score_birthdays(x: str, y: str) -> float:
    """How much two birthdays (``YYYY-MM-DD`` or ``--MM-DD``) say the records are one person:
    same day 3.5 (2 when a year is missing), one digit mistyped, two neighbouring digits
    swapped or day and month swapped 1.5, else BIRTHDAY_DIFFERENT."""
    if x == y:
        return 2.0 if x.startswith("--") else 3.5
    if x.startswith("--") or y.startswith("--"):
        return 2.0 if x[-5:] == y[-5:] else BIRTHDAY_DIFFERENT
    dx, dy = x.replace("-", ""), y.replace("-", "")
    if _is_one_slip(dx, dy) or dx[:4] + dx[6:] + dx[4:6] == dy:
        return 1.5
    return BIRTHDAY_DIFFERENT


def _score_birthday_column(pairs: pl.DataFrame) -> pl.Series:
    """``_score_birthdays`` of each pair's birthdays ``ba`` and ``bb``; 0 when one is missing."""
    both = pl.col("ba").is_not_null() & pl.col("bb").is_not_null()
    return _fill_where(pairs, both, ("ba", "bb"), _score_birthdays, 0.0)


# ---------------------------------------------------------------- people


def _build_people(
    records: pl.DataFrame, roots: list[int], clusters: _Clusters, as_of: date
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


# ---------------------------------------------------------------- references


def _attach_references(
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


def _list_possible_duplicates(
    close_calls: list[tuple[int, int, float, str]],
    roots: list[int],
    people: pl.DataFrame,
    clusters: _Clusters,
) -> list[dict]:
    """The close calls as pairs of people (not of records), the most alike first, leaving
    out the pairs the user already called different. At most MAX_POSSIBLE_DUPLICATES."""
    if not close_calls:
        return []
    pid_of_root = dict(zip(people["_root"].to_list(), people["person_id"].to_list(), strict=True))
    names = dict(zip(people["person_id"].to_list(), people["name"].to_list(), strict=True))
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for i, j, score, why in sorted(close_calls, key=lambda call: (-call[2], call[0], call[1])):
        ri, rj = roots[i], roots[j]
        if ri == rj or (clusters.sides and clusters.conflict(ri, rj, force=True)):
            continue  # one person after all, or the user's "different"
        a, b = sorted((pid_of_root[ri], pid_of_root[rj]))
        if (a, b) not in best:
            if len(best) == MAX_POSSIBLE_DUPLICATES:
                break  # the rest are no closer than these
            best[(a, b)] = (score, why)
    listed = [
        {"a": a, "b": b, "a_name": names[a], "b_name": names[b], "score": score, "why": why}
        for (a, b), (score, why) in best.items()
    ]
    listed.sort(key=lambda d: (-d["score"], d["a_name"] or "", d["b_name"] or "", d["a"], d["b"]))
    return listed[:MAX_POSSIBLE_DUPLICATES]
