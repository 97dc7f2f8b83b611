"""replace_keys: a name key becomes the URL key the export shows for it, in every place."""

from __future__ import annotations

import polars as pl

from audit.export_names import replace_keys


def test_replace_keys_rebuilds_only_the_rows_that_hold_a_replaced_key():
    messages = pl.DataFrame(
        {
            "sender_key": ["name:ada byron", "https://b", None, "name:grace"],
            "recipient_keys": [
                ["https://b"],
                ["name:ada byron", "https://c"],
                None,
                ["https://a", "name:ada byron", "https://d"],
            ],
        },
        schema={"sender_key": pl.Utf8, "recipient_keys": pl.List(pl.Utf8)},
    )
    table = {"name:ada byron": "https://a", "https://b": "https://b"}
    out = replace_keys(messages, table)
    # By hand: "name:ada byron" -> "https://a" wherever it stands; "https://b" maps to itself
    # (no change); the last row then names https://a twice and keeps it once, in first place.
    assert out["sender_key"].to_list() == ["https://a", "https://b", None, "name:grace"]
    assert out["recipient_keys"].to_list() == [
        ["https://b"],
        ["https://a", "https://c"],
        None,
        ["https://a", "https://d"],
    ]
    assert out.schema == messages.schema


def test_replace_keys_without_a_hit_in_the_lists_changes_only_the_sender():
    messages = pl.DataFrame(
        {"sender_key": ["name:x"], "recipient_keys": [["https://y"]]},
        schema={"sender_key": pl.Utf8, "recipient_keys": pl.List(pl.Utf8)},
    )
    out = replace_keys(messages, {"name:x": "https://x"})
    assert out.to_dicts() == [{"sender_key": "https://x", "recipient_keys": ["https://y"]}]
