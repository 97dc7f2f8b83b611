"""Who is who inside one LinkedIn export where its files leave out profile URLs.

Exports before mid-2023 have no URL column in Connections.csv and no ``RECIPIENT
PROFILE URLS`` in messages.csv, and ``TO`` joins several names with ", " (a name
may itself hold ", ", like ``Jane Doe, Ph.D.``). Within one export a name then
stands for a person: ``TO`` is split into the names the export knows (longest
first), a name the messages also show with a profile URL takes that URL, the
owner's name (Profile.csv) is the owner, and a Connections row without a URL
takes the URL that the export shows for its name, when exactly one connection has
that name and exactly one URL goes with it. A name that two connections share
joins neither, and is counted for the report. Names compare folded as the
resolver folds them (``normalize_name``). This runs after normalize and before
resolve; it reads nothing and writes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import polars as pl

from audit.normalize import (
    AMBIGUOUS_CREDENTIALS,
    CREDENTIALS,
    map_unique,
    normalize_name,
    normalize_words,
)
from audit.schemas import NAME_KEY, RECIPIENT_NAMES, list_series

# A TO part that is only a credential ("Ph.D.", "MBA") ends the name before it: an
# unknown "Jane Doe, Ph.D." is one person, not "Jane Doe" and a person called "Ph.D.".
_TITLES = CREDENTIALS | AMBIGUOUS_CREDENTIALS


def split_recipient_names(messages: pl.DataFrame, known_names: Iterable[str]) -> pl.DataFrame:
    """MESSAGES with ``to_names`` replaced by RECIPIENT_NAMES: each TO split into the names
    the export knows.

    ``known_names``: every name the export writes on its own (Connections rows, message
    senders, the owner). Splitting at every ", " would make "Jane Doe" and "Ph.D." of
    one connection; not splitting would make one person called "Ada Byron, Charles
    Babbage" and a 3-person thread look like a group."""
    names = list(known_names)
    known = {k for k in map(normalize_name, names) if k}
    # No span of TO longer than the longest known name need be tried.
    longest = max((n.count(",") + 1 for n in names if n), default=1)
    texts = messages["to_names"].drop_nulls().unique().to_list()
    # One split per distinct TO, joined back: a million rows hold a few thousand TOs.
    table = pl.DataFrame(
        [
            pl.Series("to_names", texts, dtype=pl.Utf8),
            list_series("recipient_names", [_split_names(t, known, longest) for t in texts]),
        ]
    )
    none = pl.lit([], dtype=RECIPIENT_NAMES["recipient_names"])
    joined = messages.join(table, on="to_names", how="left", maintain_order="left")
    return joined.with_columns(pl.col("recipient_names").fill_null(none)).drop("to_names")


def _split_names(text: str, known: set[str], longest: int) -> list[str]:
    parts = [p for p in map(str.strip, text.split(",")) if p]
    if len(parts) < 2:
        return parts  # most TOs name one person: nothing to join
    names: list[str] = []
    i, count = 0, len(parts)
    while i < count:
        # The longest run of parts from here that is a name the export knows.
        end = i + 1
        for j in range(min(count, i + longest), i + 1, -1):
            if normalize_name(_join(parts[i:j])) in known:
                end = j
                break
        if end > i + 1:
            names.append(_join(parts[i:end]))
        elif names and normalize_name(parts[i]) not in known and _is_title(parts[i]):
            names[-1] = _join([names[-1], parts[i]])
        else:
            names.append(parts[i])
        i = end
    return names


def _join(parts: list[str]) -> str:
    return ", ".join(parts)


def _is_title(part: str) -> bool:
    words = normalize_words(part)
    return bool(words) and ("".join(words) in _TITLES or all(w in _TITLES for w in words))


def join_names_to_urls(messages: pl.DataFrame) -> pl.DataFrame:
    """Keyed MESSAGES with each ``name:`` key replaced by the URL key the same export
    shows for that name (a sender's name beside its profile URL), when exactly one URL
    goes with the name: then a person is one participant of a thread, not two."""
    if messages.is_empty():
        return messages
    # Distinct (name, URL) pairs first: a million rows hold a few thousand of them.
    senders = (
        messages.select("sender_name", url_key="sender_key")
        .filter(pl.col("url_key").str.starts_with("https://"))
        .unique()
    )
    senders = (
        senders.with_columns(name_key=map_unique(senders["sender_name"], normalize_name))
        .drop_nulls("name_key")
        .select("name_key", "url_key")
    )
    unique = (
        senders.unique()
        .group_by("name_key")
        .agg(pl.col("url_key"))
        .filter(pl.col("url_key").list.len() == 1)
    )
    table = {NAME_KEY + n: urls[0] for n, urls in unique.iter_rows()}
    return replace_keys(messages, table)


def join_owner_name(messages: pl.DataFrame, owner_key: str | None, owner_name: str | None):
    """Keyed MESSAGES where the owner's name (Profile.csv) is the owner's key: TO names
    the owner by name only in exports without recipient URLs."""
    name_key = normalize_name(owner_name)
    if messages.is_empty() or not owner_key or not name_key:
        return messages
    return replace_keys(messages, {NAME_KEY + name_key: owner_key})


def replace_keys(messages: pl.DataFrame, table: dict[str, str]) -> pl.DataFrame:
    """``sender_key`` and ``recipient_keys`` with the keys of ``table`` replaced.

    Only the rows that hold a replaced key are rebuilt (a handful of 300,000 at the cap,
    where a list expression over every row cost 20-40 ms, twice a run): the others keep
    their lists, which hold each key once already (``normalize_message_keys``)."""
    table = {k: v for k, v in table.items() if k != v}
    if not table:
        return messages
    replaced = messages.with_columns(sender_key=pl.col("sender_key").replace(table))
    rows = (
        messages.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"), "recipient_keys")
        .explode("recipient_keys")
        .filter(pl.col("recipient_keys").is_in(list(table)))["row"]
        .unique(maintain_order=True)
    )
    if rows.is_empty():
        return replaced
    recipients = messages["recipient_keys"]
    fixed = recipients.gather(rows).list.eval(
        pl.element().replace(table).unique(maintain_order=True)
    )
    # Each rebuilt row takes its new list from behind the old ones (lists cannot be scattered).
    count = len(recipients)
    order = pl.int_range(count, dtype=pl.UInt32, eager=True).scatter(
        rows, pl.int_range(count, count + len(rows), dtype=pl.UInt32, eager=True)
    )
    return replaced.with_columns(pl.concat([recipients, fixed]).gather(order))


def give_connections_urls(
    records: pl.DataFrame, references: pl.DataFrame
) -> tuple[pl.DataFrame, list[str]]:
    """(records, shared names): normalised RECORDS where a Connections row without a URL
    has the ``url_key`` the export shows for its name, and the folded names that the
    references use but more than one Connections row has (joined to none of them).

    A row takes a URL only when it is the one Connections row with its name, the
    references show exactly one URL with that name, and no record has that URL yet."""
    linkedin = records.filter(pl.col("source") == "linkedin")
    if linkedin.is_empty() or references.is_empty():
        return records, []
    owners = linkedin.drop_nulls("name_key").group_by("name_key").agg(rows=pl.len())
    taken = set(records["url_key"].drop_nulls().to_list())
    by_url = references.filter(~pl.col("ref_key").str.starts_with(NAME_KEY)).drop_nulls("name_key")
    unmatched = by_url.filter(~pl.col("ref_key").is_in(list(taken)))
    urls = unmatched.unique(["name_key", "ref_key"]).group_by("name_key").agg(pl.col("ref_key"))
    single = owners.filter(pl.col("rows") == 1)["name_key"].to_list()
    table = {
        name: keys[0]
        for name, keys in urls.filter(pl.col("name_key").is_in(single)).iter_rows()
        if len(keys) == 1
    }
    # A URL two names claim (a renamed member) is given to neither.
    claimed = Counter(table.values())
    table = {n: u for n, u in table.items() if claimed[u] == 1}
    url_less = (pl.col("source") == "linkedin") & pl.col("url_key").is_null()
    filled = records.with_columns(
        url_key=pl.when(url_less)
        .then(pl.col("name_key").replace_strict(table, default=None, return_dtype=pl.Utf8))
        .otherwise(pl.col("url_key"))
    )
    named = pl.concat(
        [
            references.filter(pl.col("ref_key").str.starts_with(NAME_KEY))["name_key"],
            unmatched["name_key"],
        ]
    )
    shared = owners.filter(pl.col("rows") > 1, pl.col("name_key").is_in(named.to_list()))
    return filled, sorted(shared["name_key"].to_list())
