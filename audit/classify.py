"""Interaction facts + settings -> a tier for every person: DESIGN's table, first rule that holds.

A pure function of the facts, the as-of date and the two thresholds; bounds are
inclusive and dates compare as UTC calendar dates, so with T = 2026-11-21 and
90 active days, a last two-way exchange on 2026-08-23 is active and on
2026-08-22 warm.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from audit.schemas import TIERS


def classify_tier(as_of: date, active_days: int, window_days: int) -> pl.Expr:
    """The tier as an expression over FACTS columns."""
    active_since = as_of - timedelta(days=active_days)
    window_since = as_of - timedelta(days=window_days)
    two_way = pl.col("last_two_way")
    last_in, last_out = pl.col("last_in"), pl.col("last_out")
    return (
        pl.when(two_way >= active_since)
        .then(pl.lit("active"))
        .when(two_way >= window_since)
        .then(pl.lit("warm"))
        .when(two_way.is_not_null())
        .then(pl.lit("dormant"))
        # Same-day messages both ways without a two-way conversation: the owner's counts as
        # the newest, since an unanswered outreach is the more cautious reading.
        .when(last_out.is_not_null() & (last_in.is_null() | (last_out >= last_in)))
        .then(pl.lit("one_way_out"))
        .when(last_in.is_not_null())
        .then(pl.lit("one_way_in"))
        .otherwise(pl.lit("silent"))
        .cast(pl.Enum(TIERS))
    )


def classify_people(
    people: pl.DataFrame, facts: pl.DataFrame, as_of: date, active_days: int, window_days: int
) -> pl.DataFrame:
    """PEOPLE joined with FACTS (zero counts for people never messaged) and ``tier``."""
    joined = people.join(facts, on="person_id", how="left").with_columns(
        pl.col("messages_in").fill_null(0),
        pl.col("messages_out").fill_null(0),
    )
    return joined.with_columns(tier=classify_tier(as_of, active_days, window_days))
