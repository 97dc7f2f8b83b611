"""Candidate pairs for the name comparison: blocking keys read in sorted windows.

Each record is compared only with its neighbours in each block it is in, the
block sorted so that the most alike records sit together (sorted neighbourhood),
so the work grows with the number of records, not with its square.
"""

from __future__ import annotations

import polars as pl

# of each block it is in, blocks sorted so that the most alike records sit together:
# how many for a whole name, a part of a name, a birthday, a postcode or a street.
NAME_WINDOW = 5
PART_WINDOW = 2
BIRTHDAY_WINDOW = 8
PLACE_WINDOW = 4


def find_candidate_pairs(keys: pl.DataFrame) -> pl.DataFrame:
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
    # Neighbours compared by a block number, not the key strings, and each pair as one
    # integer (i * 2^32 + j) to deduplicate and sort: 0.06 s at the cap, this 0.013 s.
    key = pl.col("key")
    numbered = blocked.select("i", "window", block=(key != key.shift()).fill_null(True).cum_sum())
    shifted = [
        numbered.select(
            i=pl.col("i"),
            j=pl.col("i").shift(-step),
            near=(pl.col("block") == pl.col("block").shift(-step)) & (pl.col("window") >= step),
        ).filter(pl.col("near"))
        for step in range(1, max(NAME_WINDOW, PART_WINDOW, BIRTHDAY_WINDOW, PLACE_WINDOW) + 1)
    ]
    pairs = (
        pl.concat(shifted)
        .filter(pl.col("i") != pl.col("j"))
        .select(pair=pl.min_horizontal("i", "j") * _PAIR + pl.max_horizontal("i", "j"))
        .select(pl.col("pair").unique().sort())
    )
    return pairs.select(i=pl.col("pair") // _PAIR, j=pl.col("pair") % _PAIR)


_PAIR = 1 << 32  # a pair (i, j) as the one integer i * _PAIR + j: records are fewer


def _key_of(kind: str, *columns: str) -> pl.Expr:
    """A blocking key: its kind's letter, then the columns joined with "|" (null if one is).

    pl.concat_str, not pl.format: polars 2.1's format panics on some filtered string
    columns (sample_exports' birthdays)."""
    return pl.concat_str([pl.lit(kind), pl.concat_str(list(columns), separator="|")])


def _make_block(records: pl.DataFrame, key: pl.Expr, sort: str, window: int) -> pl.DataFrame:
    return records.select(
        "i", key.alias("key"), pl.col(sort).alias("sort"), pl.lit(window, pl.Int64).alias("window")
    )
