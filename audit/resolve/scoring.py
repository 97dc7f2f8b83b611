"""Score candidate pairs: how alike the names are, what else agrees, and whether to merge.

Points are rough log-odds. A similar name must be backed by something else the
records agree on (company, email domain and company, birthday, city, postcode,
street): a name alone never joins two records. Places weigh as rare as their
value is in the records themselves (a Fellegi-Sunter weight with term
frequencies), and a family at one address (given names that differ, no birthday
in common) stays apart however much of the address agrees. Everything here is a
pure function of the pairs and their records' match keys.
"""

from __future__ import annotations

import polars as pl
from rapidfuzz.distance import OSA, Indel, JaroWinkler

from audit.normalize import JUNIOR_GENERATIONS

# A merge needs name points + corroboration points >= MERGE_POINTS, and at least
# one corroborating detail. Points are rough log-odds: a shared birthday is rarer
# than a shared company, which is rarer than a shared city.
MERGE_POINTS = 4.5
# Close calls worth showing: the name looks the same (similar name or better).
# What turns a man's given name into a woman's: Paul/Paula, Daniel/Danielle, Louis/Louise.
FEMININE_ENDINGS = frozenset({"a", "e", "ia", "na", "ne", "ina", "ine", "le", "elle", "ette"})
BIRTHDAY_SAME = 3.5  # the whole date, year and all
BIRTHDAY_DIFFERENT = -2.0
# Names this alike (Indel) earn a fuzzy score's points: two different given names this
# alike are a veto, not a score (Mark and Mary); below it they just weigh against.
LOOK_ALIKE = 0.7
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
    **{"given_known": "k", "generation": "gen", "name_unsure": "u", "given_plain": "p"},
    "contact_keys": "ct",
}
PLACE_COLUMNS = {
    "city_key": "city",
    "postcode_key": "post",
    "street_key": "street",
    "house_key": "house",
}
OTHER_COLUMNS = {"org_keys": "o", **{f"{short}_w": f"{short}_w" for short in PLACE_PRIOR_SHARE}}


def score_pairs(pairs: pl.DataFrame, keys: pl.DataFrame) -> pl.DataFrame:
    """Each candidate pair worth a closer look with its points, name label, total and
    whether it merges (``explain`` words it). Points are rough log-odds, see
    ``_score_name``, ``_score_corroboration`` and ``_decide``.

    Pairs that are not worth a closer look (``_is_worth_scoring``) could neither merge
    nor be a close call: they are dropped before the string comparisons, which are the
    costly part."""
    both = _gather_pairs(pairs, keys, NAME_COLUMNS).filter(_is_worth_scoring())
    both = both.hstack(_gather_pairs(both, keys, OTHER_COLUMNS).drop("i", "j")).with_columns(
        nick=pl.col("ga").list.set_intersection("gb").list.len() > 0,
        same_org=pl.col("oa").list.set_intersection("ob").list.len() > 0,
        gendered=_are_gendered_forms("pa", "pb"),
        generation_conflict=_are_other_generations("gena", "genb"),
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
    # One in-memory query for the seven steps: a query each cost more than the steps.
    return (
        features.lazy()
        .with_columns(_is_unsure_reading())
        .with_columns(_are_other_given_names())
        .with_columns(_score_places())
        .with_columns(_score_name())
        .with_columns(_label_name())
        .with_columns(_score_corroboration())
        .with_columns(_decide())
        .collect(engine="in-memory")
    )


def _gather_pairs(pairs: pl.DataFrame, keys: pl.DataFrame, columns: dict) -> pl.DataFrame:
    """``pairs``' i and j with the given key columns of both records."""
    # One query for all the columns: a gather each cost a query (38 at the typical size).
    gathered = keys.select(
        pl.col(c).gather(pairs[side]).alias(f"{short}{ab}")
        for c, short in columns.items()
        for side, ab in (("i", "a"), ("j", "b"))
    )
    return pairs.select("i", "j").hstack(gathered)


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
    rows = pairs.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).filter(needed).alias("_row"),
        *(pl.col(c).filter(needed) for c in columns),
    )
    values = [fn(*row) for row in rows.drop("_row").iter_rows()]
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
        .when((s >= LOOK_ALIKE) | (px.str.len_chars() == 1) & py.str.starts_with(px))
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
        .when(pl.col("other_given"))
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
    name = (
        pl.when(pl.col("other_given"))
        .then(first + last)
        .otherwise(pl.max_horizontal(first + last, crossed, whole))
    )
    # A name in a script whose transliteration may be wrong counts for, never against.
    unsure = pl.col("unsure")
    return [
        pl.when(unsure).then(first.clip(lower_bound=0.0)).otherwise(first).alias("first_points"),
        pl.when(unsure).then(last.clip(lower_bound=0.0)).otherwise(last).alias("last_points"),
        pl.when(unsure).then(name.clip(lower_bound=0.0)).otherwise(name).alias("name_points"),
    ]


def _is_unsure_reading() -> pl.Expr:
    """``unsure``: one name is in a script whose transliteration may be wrong (see
    normalize.is_unsure_script) and the family names do not agree either. A Chinese name
    whose pinyin family name is the other's was read right, and its given name counts;
    a Japanese name's kanji read as Chinese, or Hebrew without vowels, match nothing."""
    return ((pl.col("ua") | pl.col("ub")) & ~_are_family_alike()).fill_null(True).alias("unsure")


def _are_family_alike() -> pl.Expr:
    return pl.col("same_la_lb") | (pl.col("last_sim") >= 0.85)


def _are_other_given_names() -> pl.Expr:
    """``other_given``: the given names are two names, not one written two ways: a man's
    and a woman's form (Paul, Paula), or two names the nickname table knows that share no
    formal name and that a fuzzy score finds LOOK_ALIKE (Mark, Mary; Mark and Susan just
    weigh against, see ``_score_name``). Not when either is in a script whose
    transliteration may be wrong, nor when the parts are swapped, nor when the records
    share the whole birth date and the family name: then a letter added or dropped
    (Aleish, Aleisha; FEBRL3 holds a dozen) is likelier than boy and girl twins named
    alike, and the given names weigh against like any two others."""
    known = pl.col("ka") & pl.col("kb") & ~pl.col("nick") & ~pl.col("same_fa_fb")
    known = known & (pl.col("first_sim") >= LOOK_ALIKE)
    swapped = pl.col("same_fa_lb") & pl.col("same_la_fb")
    one_birth = (pl.col("birthday_points") >= BIRTHDAY_SAME) & _are_family_alike()
    return (
        ((pl.col("gendered") | known) & ~pl.col("unsure") & ~swapped & ~one_birth)
        .fill_null(False)
        .alias("other_given")
    )


def _are_other_generations(x: str, y: str) -> pl.Expr:
    """Whether two generational suffixes say two people: both written and different (Jr.,
    Sr.), or a junior's (Jr., II, III) beside none (the other may be the father)."""
    gx, gy = pl.col(x), pl.col(y)
    junior = list(JUNIOR_GENERATIONS)
    both = (gx != gy).fill_null(False)
    one = (gx.is_in(junior) & gy.is_null()) | (gy.is_in(junior) & gx.is_null())
    return both | one.fill_null(False)


def are_other_generations(gx: str | None, gy: str | None) -> bool:
    """``_are_other_generations`` of two suffixes."""
    if gx and gy:
        return gx != gy
    return (gx in JUNIOR_GENERATIONS and not gy) or (gy in JUNIOR_GENERATIONS and not gx)


def _are_gendered_forms(x: str, y: str) -> pl.Expr:
    """Whether given names ``x`` and ``y`` are a man's and a woman's form of one name: the
    longer is the shorter and a FEMININE_ENDINGS ending (Paul, Paula; Louis, Louise). Read
    before transcriptions are folded, which would make "Graec" a man's "Grace". The same
    rule as ``are_gendered_names``, for a column of pairs."""

    def extends(short: pl.Expr, long: pl.Expr) -> pl.Expr:
        ending = long.str.slice(short.str.len_chars())
        return long.str.starts_with(short) & ending.is_in(list(FEMININE_ENDINGS))

    px, py = pl.col(x), pl.col(y)
    return (extends(px, py) | extends(py, px)).fill_null(False)


def are_gendered_names(x: str, y: str) -> bool:
    """``_are_gendered_forms`` of two names."""
    short, long = sorted((x, y), key=len)
    return long.startswith(short) and long[len(short) :] in FEMININE_ENDINGS


def is_same_company() -> pl.Expr:
    """90% alike, or one the other's first words ("cyberdyne", "cyberdyne systems")."""
    ca, cb = pl.col("ca"), pl.col("cb")
    prefix = (ca.str.starts_with(cb + " ") & (cb.str.len_chars() >= 4)) | (
        cb.str.starts_with(ca + " ") & (ca.str.len_chars() >= 4)
    )
    return pl.col("has_companies") & ((pl.col("company_sim") >= 0.9) | prefix.fill_null(False))


def score_company() -> pl.Expr:
    """Same or alike 2, the email domain is the company's 2, same email domain 1.5,
    different -1 (people change jobs)."""
    return (
        pl.when(is_same_company() | pl.col("org_company"))
        .then(2.0)
        .when(pl.col("same_org"))
        .then(1.5)
        .when(pl.col("has_companies"))
        .then(-1.0)
        .otherwise(0.0)
    )


def weigh_places(keys: pl.DataFrame) -> pl.DataFrame:
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
        a, b = f"{short}a", f"{short}b"
        differ = (pl.col(a) != pl.col(b)).fill_null(False)
        near[f"{short}_near"] = _fill_where(pairs, differ, (a, b), _are_near_places, False)
    posta, postb = pl.col("posta"), pl.col("postb")
    differ = ((posta != postb) & (posta.str.len_chars() == postb.str.len_chars())).fill_null(False)
    near["post_near"] = _fill_where(pairs, differ, ("posta", "postb"), _is_one_slip, False)
    return near


def _are_near_places(x: str, y: str) -> bool:
    compact_x, compact_y = x.replace(" ", ""), y.replace(" ", "")
    return JaroWinkler.similarity(compact_x, compact_y) >= NEAR_PLACE_SIMILARITY


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
    """Points of what agrees besides the name: birthday (see ``score_birthdays``), company
    (see ``score_company``) and places (see ``_score_places``); and whether any of it
    corroborates the name: the birthday, the company, the street, or a place at least
    PLACE_CORROBORATES points rare (a city alone backs nothing when namesakes live in it)."""
    bday, company = pl.col("birthday_points"), score_company()
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
    """Merge when the points reach MERGE_POINTS, something besides the name agrees,
    something personal agrees: the given name or the birthday (a household shares a
    family name, a street and a landline, but not those), and nothing says two people
    (``vetoed``: other given names, other generations)."""
    total = pl.col("name_points") + pl.col("corroboration")
    unknown = (pl.col("fa").is_null() | pl.col("fb").is_null()) & (pl.col("last_points") >= 1.0)
    personal = (pl.col("first_points") >= 0.5) | (pl.col("name_points") >= 2.0) | unknown
    # Evidence against, whatever the points: two given names, two generations. Two
    # birthdays weigh BIRTHDAY_DIFFERENT points instead: a retyped date is common (FEBRL3
    # holds hundreds), and the rest of a record can outweigh it; unless the years are a
    # generation apart on records with numbers of their own (see _are_generations_apart).
    vetoed = pl.col("other_given") | pl.col("generation_conflict") | _are_generations_apart()
    merge = (
        (personal | (pl.col("birthday_points") >= 1.5))
        & pl.col("corroborated")
        & (total >= MERGE_POINTS)
        & ~vetoed
    )
    return [total.alias("total"), merge.alias("merge"), vetoed.alias("vetoed")]


# Birth years this far apart, on dates that are not a slip of each other, are two
# generations when the records say more (see _are_generations_apart).
GENERATION_YEARS = 15


def _are_generations_apart() -> pl.Expr:
    """Birth years GENERATION_YEARS apart on two records that each carry their own email
    or phone (not the same ones): a parent and a child of one name at one address, each
    with a mobile of their own. On records with nothing but a name, an address and a
    date, a date typed anew is as likely (FEBRL3's duplicates retype hundreds whole), and
    it weighs BIRTHDAY_DIFFERENT points like any other."""
    full = (pl.col("ba").str.len_chars() == 10) & (pl.col("bb").str.len_chars() == 10)
    year_a = pl.col("ba").str.slice(0, 4).cast(pl.Int32, strict=False)
    year_b = pl.col("bb").str.slice(0, 4).cast(pl.Int32, strict=False)
    far = (year_a - year_b).abs() >= GENERATION_YEARS
    own = pl.col("cta") != pl.col("ctb")  # null when either has none
    return (full & far & own & (pl.col("birthday_points") < 0)).fill_null(False)


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


def score_birthdays(x: str, y: str) -> float:
    """How much two birthdays (``YYYY-MM-DD`` or ``--MM-DD``) say the records are one person:
    same day 3.5 (2 when a year is missing), one digit mistyped, two neighbouring digits
    swapped or day and month swapped 1.5, else BIRTHDAY_DIFFERENT."""
    if x == y:
        return 2.0 if x.startswith("--") else BIRTHDAY_SAME
    if x.startswith("--") or y.startswith("--"):
        return 2.0 if x[-5:] == y[-5:] else BIRTHDAY_DIFFERENT
    dx, dy = x.replace("-", ""), y.replace("-", "")
    if _is_one_slip(dx, dy) or dx[:4] + dx[6:] + dx[4:6] == dy:
        return 1.5
    return BIRTHDAY_DIFFERENT


def _score_birthday_column(pairs: pl.DataFrame) -> pl.Series:
    """``score_birthdays`` of each pair's birthdays ``ba`` and ``bb``; 0 when one is missing."""
    both = pl.col("ba").is_not_null() & pl.col("bb").is_not_null()
    return _fill_where(pairs, both, ("ba", "bb"), score_birthdays, 0.0)


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
