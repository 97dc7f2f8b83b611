"""schemas.list_series and schemas.frame_of_dicts: frames built column by column, list
columns as slices of one flat column, must hold exactly what row-by-row building holds."""

from datetime import date

import polars as pl

from audit.schemas import frame_of_dicts, list_series


def test_list_series_keeps_each_rows_values_in_order():
    # By hand: lengths 0, 2, 0, 1 over the flat column a, b, c.
    series = list_series("emails", [[], ["a", "b"], [], ["c"]])
    assert series.name == "emails"
    assert series.dtype == pl.List(pl.Utf8)
    assert series.to_list() == [[], ["a", "b"], [], ["c"]]


def test_list_series_of_no_rows_and_of_empty_rows():
    assert list_series("x", []).to_list() == []
    assert list_series("x", []).dtype == pl.List(pl.Utf8)
    assert list_series("x", [[], []]).to_list() == [[], []]  # no values at all
    assert list_series("x", [["only"]]).to_list() == [["only"]]


def test_list_series_repeated_values_stay_in_their_rows():
    # The same value in two rows, twice in one row: slices must not share or drop any.
    assert list_series("x", [["a", "a"], ["a"]]).to_list() == [["a", "a"], ["a"]]


def test_frame_of_dicts_is_the_row_by_row_frame():
    schema = {"name": pl.Utf8, "n": pl.Int64, "tags": pl.List(pl.Utf8), "on": pl.Date}
    rows = [
        {"name": "Ann", "n": 1, "tags": ["x"], "on": date(2024, 3, 5)},
        {"name": None, "n": None, "tags": [], "on": None},
        {"name": "Bo", "n": 3, "tags": ["y", "z"], "on": None},
    ]
    built = frame_of_dicts(rows, schema)
    assert built.schema == pl.Schema(schema)
    assert built.rows() == [
        ("Ann", 1, ["x"], date(2024, 3, 5)),
        (None, None, [], None),
        ("Bo", 3, ["y", "z"], None),
    ]
    assert frame_of_dicts([], schema).schema == pl.Schema(schema)
    assert frame_of_dicts([], schema).height == 0


def _person(pid, name, tier="silent", two_way=None, last_in=None, last_out=None):
    return {
        "id": pid,
        "name": name,
        "tier": tier,
        "last_two_way": two_way,
        "last_in": last_in,
        "last_out": last_out,
    }


def test_sort_people_orders_by_tier_dates_then_name_and_id():
    from audit.schemas import sort_people

    people = [
        _person("p-4", "Bo"),
        _person("p-3", "Ann"),
        _person("p-2", "Bo"),
        _person("p-9", "Zed", "warm", "2026-01-02"),
        _person("p-8", "Cy", "warm", "2026-03-04"),
        _person("p-7", "Al", "silent", None, "2026-05-01", "2026-06-01"),
    ]
    # By hand: warm before silent; of the warm, the newer two-way exchange first; of the
    # silent, Al has a message (newest first, a missing one last), then Ann, then the two
    # Bo by id.
    assert [p["id"] for p in sort_people(people)] == ["p-8", "p-9", "p-7", "p-3", "p-2", "p-4"]
    # An unnamed person goes after the named ones alike in tier and dates: here after both Bo.
    people.append(_person("p-1", None))
    assert [p["id"] for p in sort_people(people)] == [
        *("p-8", "p-9", "p-7", "p-3", "p-2", "p-4", "p-1")
    ]
