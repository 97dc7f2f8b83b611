"""The frames' key columns: each rule of the other parts applied once per distinct value of
a column and mapped back, so that the Python work follows the number of different values,
not of rows. RECORD_KEYS of the records, what resolve compares beyond them (match keys),
the keys of messages and of references."""

from __future__ import annotations

import polars as pl

from audit.normalize.contacts import (
    CANONICAL_PROFILE,
    normalize_country,
    normalize_email,
    normalize_email_domain,
    normalize_linkedin_url,
    normalize_phone,
)
from audit.normalize.names import (
    fold_transcriptions,
    is_unsure_script,
    normalize_company,
    normalize_generation,
    normalize_given_name,
    normalize_name,
    normalize_name_parts,
    read_given_names,
)
from audit.normalize.places import (
    normalize_place,
    normalize_postcode,
    normalize_street,
)
from audit.schemas import LIST_SEP, MEMBER_KEY, NAME_KEY, RECORD_KEYS, REFERENCES

HIDDEN_MEMBER = "linkedin member"  # how LinkedIn names a member whose profile is hidden


def normalize_ref_keys(named: pl.DataFrame) -> pl.Series:
    """How each row of a frame of ``url`` and ``name`` columns (a person named in messages,
    invitations or gives) is looked up: its profile URL, else "name:" and its folded name;
    the URL and the name each keyed once per distinct value."""
    return _ref_keys(named, map_unique(named["name"], normalize_name))


def _ref_keys(named: pl.DataFrame, name_key: pl.Series) -> pl.Series:
    url_key = map_unique(named["url"], normalize_linkedin_url)
    return pl.select(pl.coalesce(url_key, pl.lit(NAME_KEY) + name_key).alias("ref_key")).to_series()


def normalize_references(named: pl.DataFrame) -> pl.DataFrame:
    """REFERENCES from a frame of ``url`` and ``name`` columns (invitations, gives)."""
    name_key = map_unique(named["name"], normalize_name)  # folded once, for both columns
    return (
        named.with_columns(ref_key=_ref_keys(named, name_key), name_key=name_key)
        .drop_nulls("ref_key")
        .select(list(REFERENCES))
    )


def map_unique(column: pl.Series, fn) -> pl.Series:
    """Apply ``fn`` once per distinct value: messages repeat the same URLs thousands of times."""
    values, keys = _build_table(column.drop_nulls().unique(), fn)
    return _look_up(column, values, keys)


def _build_table(uniques: pl.Series, fn) -> tuple[pl.Series, pl.Series]:
    """(values, ``fn`` of each) for distinct values, by a column-wise fast path where ``fn``
    has one: the table stays two columns, never a dict (polars turns a dict of 35,000
    URLs back into columns at 0.02 s)."""
    fast = _FAST_PATHS.get(fn)
    if fast is None or uniques.is_empty():
        return uniques, pl.Series([fn(v) for v in uniques.to_list()], dtype=pl.Utf8)
    found = fast(uniques)
    read = found.is_not_null()
    rest = uniques.filter(~read)
    return (
        pl.concat([uniques.filter(read), rest]),
        pl.concat([found.filter(read), pl.Series([fn(v) for v in rest.to_list()], dtype=pl.Utf8)]),
    )


def _look_up(column: pl.Series, values: pl.Series, keys: pl.Series) -> pl.Series:
    """Each row's key: that of its value in (``values``, ``keys``), null for a value not
    there. A join, which costs half what ``replace_strict`` does on a big table."""
    if values.is_empty():
        return pl.Series(column.name, [None] * len(column), dtype=pl.Utf8)
    table = pl.DataFrame({"value": values, "key": keys})
    return (
        column.alias("value")
        .to_frame()
        .join(table, on="value", how="left", maintain_order="left")["key"]
        .alias(column.name)
    )


# The plain form of a profile URL, which is nearly all of them: any *.linkedin.com host,
# /in/ and an ASCII slug, nothing after it but a slash, a query or a fragment. Everything
# else (percent-encoding, /pub/, ports, locale suffixes) goes through the full rule.
_PLAIN_PROFILE = (
    r"(?i)^\s*(?:https?://)?(?:[a-z0-9-]+\.)*linkedin\.com/in/([a-z0-9_.\-]+)/?(?:[?#].*)?\s*$"
)


# Nearly every plain URL is simpler still: no spaces, no query, lower-case scheme and host.
# A regex without a capture finds those (0.002 s for 35,000 URLs, the capture 0.02 s), and
# their slug is what follows "/in/", the same the capture would give.
_SIMPLE_PROFILE = r"^(?:https?://)?(?:www\.)?linkedin\.com/in/[A-Za-z0-9_.\-]+/?$"


def _plain_profile_urls(uniques: pl.Series) -> pl.Series:
    """``normalize_linkedin_url`` of the plain URLs among ``uniques`` by one regex, row for
    row; null for the others."""
    slugs = uniques.str.splitn("/in/", 2).struct.field("field_1").str.strip_suffix("/")
    other = (~uniques.str.contains(_SIMPLE_PROFILE)).arg_true()
    slugs = slugs.scatter(other, uniques.gather(other).str.extract(_PLAIN_PROFILE, 1))
    slugs = slugs.str.to_lowercase()
    prefix = CANONICAL_PROFILE.split("{slug}")[0]
    return pl.select(pl.when(slugs != "dir").then(prefix + slugs)).to_series()


_FAST_PATHS = {normalize_linkedin_url: _plain_profile_urls}


def _map_lists(column: pl.Series, fn) -> pl.Series:
    values, keys = _build_table(column.explode().drop_nulls().unique(), fn)
    return column.list.eval(
        pl.element()
        .replace_strict(values, keys, default=None, return_dtype=pl.Utf8)
        .drop_nulls()
        .unique(maintain_order=True)
    )


def _normalize_phone_column(records: pl.DataFrame, phone_region: str) -> pl.Series:
    """``phone_keys``: each record's phones read in its own country, then ``phone_region``."""
    regions = map_unique(records["country"], normalize_country)
    if regions.is_null().all():
        return _map_lists(records["phones"], lambda p: normalize_phone(p, phone_region))
    pairs = (
        pl.DataFrame({"phone": records["phones"], "region": regions})
        .with_row_index("_row")
        .explode("phone")
    )
    keys = [
        normalize_phone(phone, phone_region, region) if phone else None
        for phone, region in pairs.select("phone", "region").iter_rows()
    ]
    found = (
        pairs.with_columns(key=pl.Series(keys, dtype=pl.Utf8))
        .group_by("_row", maintain_order=True)
        .agg(pl.col("key").drop_nulls().unique(maintain_order=True))
    )
    # A record without phones may have no row left after explode: join back on every row.
    every = pl.DataFrame({"_row": pl.int_range(records.height, dtype=pl.UInt32, eager=True)})
    return (
        every.join(found, on="_row", how="left", maintain_order="left")["key"]
        .fill_null(pl.lit([], dtype=pl.List(pl.Utf8)))
        .alias("phone_keys")
    )


def normalize_records(records: pl.DataFrame, phone_region: str) -> pl.DataFrame:
    """RECORDS + RECORD_KEYS."""
    if records.is_empty():
        return records.with_columns(
            [pl.lit(None, dtype=t).alias(c) for c, t in RECORD_KEYS.items()]
        )
    return records.with_columns(
        url_key=map_unique(records["linkedin_url"], normalize_linkedin_url),
        email_keys=_map_lists(records["emails"], normalize_email),
        phone_keys=_normalize_phone_column(records, phone_region),
        name_key=map_unique(records["name"], normalize_name),
    )


def normalize_match_keys(records: pl.DataFrame) -> pl.DataFrame:
    """What resolve compares beyond the exact keys, one row per record (same order).

    Columns: ``first`` and ``last`` (folded given and family name; from the name when
    the record has no parts, see ``normalize_name_parts``; both null when the record's
    name is not a person's: its company, an email address, a number), ``given_keys``
    (list, see ``normalize_given_name``), ``company_key`` (see ``normalize_company``),
    ``org_keys`` (list, see ``normalize_email_domain``), ``birthday`` (as in RECORDS),
    ``city_key``, ``house_key`` and ``street_key`` (see ``normalize_street``),
    ``postcode_key``, ``given_known`` (the given name is in the nickname table, see
    ``read_given_names``), ``generation`` (see ``normalize_generation``),
    ``name_unsure`` (see ``is_unsure_script``) and ``contact_keys`` (the record's email
    and phone keys, sorted, in one string; null when it has none). First and last names
    have their transcriptions folded (see ``fold_transcriptions``); ``given_plain`` is the
    given name before that ("graec", not "grac" like a man's form of Grace).
    """
    first = map_unique(records["first_name"], normalize_name)
    last = map_unique(records["last_name"], normalize_name)
    # Lists travel as joined strings: polars builds a list column from Python lists slowly.
    from_name = map_unique(
        records["name"], lambda n: LIST_SEP.join(map(str, normalize_name_parts(n)))
    )
    parts = from_name.str.split(LIST_SEP)
    has_parts = first.is_not_null() | last.is_not_null()
    not_a_person = (
        ((records["name"] == records["company"]).fill_null(False) & ~has_parts)
        | ~records["name_key"].str.contains("[a-z]").fill_null(False)
        | records["name"].str.contains("@").fill_null(False)
    )
    keys = pl.DataFrame(
        {
            "first": pl.select(
                pl.when(has_parts).then(first).otherwise(parts.list.get(0, null_on_oob=True))
            ).to_series(),
            "last": pl.select(
                pl.when(has_parts).then(last).otherwise(parts.list.get(1, null_on_oob=True))
            ).to_series(),
        }
    ).with_columns(
        pl.when(not_a_person | (pl.col(c) == "None")).then(None).otherwise(pl.col(c)).alias(c)
        for c in ("first", "last")
    )
    keys = keys.with_columns(
        *(map_unique(keys[c], fold_transcriptions).alias(c) for c in ("first", "last")),
        given_plain=keys["first"],
    )
    given = map_unique(keys["first"], lambda f: " ".join(normalize_given_name(f)))
    known = read_given_names()
    generation = pl.coalesce(
        map_unique(records[c], normalize_generation) for c in ("name", "last_name", "first_name")
    )
    unsure = pl.any_horizontal(
        map_unique(records[c], lambda n: "1" if is_unsure_script(n) else None).is_not_null()
        for c in ("name", "first_name", "last_name")
    )
    street = map_unique(records["address"], lambda a: LIST_SEP.join(map(str, normalize_street(a))))
    street_parts = street.str.split(LIST_SEP)
    return keys.with_columns(
        given_keys=given.str.split(" ").fill_null(pl.lit([], dtype=pl.List(pl.Utf8))),
        given_known=keys["first"].str.split(" ").list.first().is_in(list(known)).fill_null(False),
        generation=pl.select(generation).to_series(),
        name_unsure=pl.select(unsure).to_series(),
        company_key=map_unique(records["company"], normalize_company),
        org_keys=_map_lists(records["email_keys"], normalize_email_domain),
        birthday=records["birthday"],
        city_key=map_unique(records["city"], normalize_place),
        **{
            name: pl.select(
                pl.when(part == "None").then(None).otherwise(part).alias(name)
            ).to_series()
            for name, part in (
                ("house_key", street_parts.list.get(0, null_on_oob=True)),
                ("street_key", street_parts.list.get(1, null_on_oob=True)),
            )
        },
        postcode_key=map_unique(records["postcode"], normalize_postcode),
        contact_keys=_join_contact_keys(records),
    )


def _join_contact_keys(records: pl.DataFrame) -> pl.Series:
    """Each record's email and phone keys, sorted, in one string; null when it has none.
    Only the records with two keys or more are sorted, in Python: polars' ``list.sort``
    took 0.015-0.08 s for the 5,500 such records of the cap, Python's ``sorted`` 0.003 s
    (code-point order, the same as polars' UTF-8 byte order)."""
    keys = pl.select(pl.concat_list(records["email_keys"], records["phone_keys"])).to_series()
    many = (keys.list.len() > 1).arg_true()
    joined = [" ".join(sorted(k)) for k in keys.gather(many).to_list()]
    return keys.list.first().scatter(many, pl.Series(joined, dtype=pl.Utf8)).replace("", None)


def normalize_message_keys(messages: pl.DataFrame) -> pl.DataFrame:
    """MESSAGES + ``sender_key`` and ``recipient_keys`` (see ``normalize_ref_keys``).

    A ``LinkedIn Member`` without a URL, sender or recipient, is somebody whose profile
    is hidden (a deleted or restricted account): it gets a key of its own per
    conversation, so it counts once as a participant and never matches a person. Two
    hidden members of two conversations are not known to be one person.
    """
    if messages.is_empty():
        return messages.with_columns(
            sender_key=pl.lit(None, dtype=pl.Utf8),
            recipient_keys=pl.lit(None, dtype=pl.List(pl.Utf8)),
        )
    sender_url_key = map_unique(messages["sender_url"], normalize_linkedin_url)
    sender_name_key = map_unique(messages["sender_name"], normalize_name)
    hidden = pl.concat_str(pl.lit(MEMBER_KEY), pl.col("conversation_id").fill_null(""))
    return messages.with_columns(
        sender_key=pl.when(sender_url_key.is_not_null())
        .then(sender_url_key)
        .when(pl.col("sender_name").str.to_lowercase() == HIDDEN_MEMBER)
        .then(hidden)
        .when(sender_name_key.is_not_null())
        .then(pl.concat_str(pl.lit(NAME_KEY), sender_name_key)),
        recipient_keys=_normalize_recipient_keys(messages),
    )


def _normalize_recipient_keys(messages: pl.DataFrame) -> pl.Series:
    """Each row's recipients' profile URLs, else (none that reads) their names as "name:"
    keys, a ``LinkedIn Member`` as the conversation's "member:" key; each key once in its
    row, in order; null when no URL reads and the names are missing.

    Worked out once per distinct pair of lists and joined back: a conversation repeats
    its lists in every message (300,000 messages, 15,000 pairs), and per-row list
    expressions cost 0.17 s at that size, this 0.07 s. Only the few rows naming a hidden
    member are then given their conversation's key."""
    lists = messages.select("recipient_urls", "recipient_names")
    distinct = lists.unique()
    urls = _map_lists(distinct["recipient_urls"], normalize_linkedin_url)
    names = _map_lists(distinct["recipient_names"], _recipient_name_key)
    keys = pl.select(
        pl.when(urls.list.len() > 0).then(urls).otherwise(names).alias("recipient_keys")
    ).to_series()
    keys = lists.join(
        distinct.with_columns(keys),
        on=["recipient_urls", "recipient_names"],
        how="left",
        maintain_order="left",
        nulls_equal=True,
    )["recipient_keys"]
    hidden = keys.list.contains(MEMBER_KEY).fill_null(False)
    if not hidden.any():
        return keys
    rows = pl.DataFrame({"keys": keys, "conversation_id": messages["conversation_id"]})
    rows = rows.with_row_index("row")
    named = (
        rows.filter(hidden)
        .explode("keys")
        .with_columns(
            keys=pl.when(pl.col("keys") == MEMBER_KEY)
            .then(pl.concat_str(pl.lit(MEMBER_KEY), pl.col("conversation_id").fill_null("")))
            .otherwise(pl.col("keys"))
        )
        .group_by("row", maintain_order=True)
        .agg(named=pl.col("keys").unique(maintain_order=True))
    )
    return (
        rows.join(named, on="row", how="left", maintain_order="left")
        .select(pl.coalesce("named", "keys").alias("recipient_keys"))
        .to_series()
    )


def _recipient_name_key(raw: str) -> str | None:
    """A recipient's name as its key: "name:" + the folded name, or the bare "member:"
    that ``_normalize_recipient_keys`` completes with the conversation for a hidden
    member."""
    if raw.lower() == HIDDEN_MEMBER:
        return MEMBER_KEY
    name = normalize_name(raw)
    return None if name is None else NAME_KEY + name
