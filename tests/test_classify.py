"""The tier table of DESIGN.md, rule by rule, with its inclusive bounds."""

from datetime import date

import polars as pl
import pytest

from audit.classify import classify_tier

T = date(2026, 11, 21)


def tier_of(last_two_way=None, last_in=None, last_out=None, active=90, window=365) -> str:
    facts = pl.DataFrame(
        {"last_two_way": [last_two_way], "last_in": [last_in], "last_out": [last_out]},
        schema={"last_two_way": pl.Date, "last_in": pl.Date, "last_out": pl.Date},
    )
    return facts.select(classify_tier(T, active, window)).item()


@pytest.mark.parametrize(
    ("two_way", "expected"),
    [
        (date(2026, 11, 21), "active"),
        (date(2026, 8, 23), "active"),  # exactly 90 days: inclusive
        (date(2026, 8, 22), "warm"),  # 91 days
        (date(2025, 11, 21), "warm"),  # exactly 365 days: inclusive
        (date(2025, 11, 20), "dormant"),  # 366 days
        (date(2001, 1, 1), "dormant"),
    ],
)
def test_two_way_bounds(two_way, expected):
    assert tier_of(two_way, last_in=two_way, last_out=two_way) == expected


def test_one_way_out_when_the_owner_wrote_last():
    assert tier_of(last_in=date(2026, 1, 1), last_out=date(2026, 2, 1)) == "one_way_out"
    assert tier_of(last_out=date(2020, 2, 1)) == "one_way_out"


def test_one_way_in_when_the_person_wrote_last():
    assert tier_of(last_in=date(2026, 3, 1), last_out=date(2026, 2, 1)) == "one_way_in"
    assert tier_of(last_in=date(2026, 3, 1)) == "one_way_in"


def test_silent_without_any_counted_message():
    assert tier_of() == "silent"


def test_thresholds_are_settings():
    assert tier_of(date(2026, 10, 1), active=30, window=365) == "warm"
    assert tier_of(date(2026, 10, 22), active=30, window=365) == "active"
    assert tier_of(date(2026, 1, 1), active=30, window=60) == "dormant"
