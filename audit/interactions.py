"""Messages -> who the owner is, who the owner talks with, and per-person interaction facts.

The export has no direction column today, so the owner is the profile that
appears in almost every conversation (Profile.csv's name is the check, ``--me``
the override). A message counts only between the owner and a person, in a
conversation of at most ``max_group`` participants, dated on or before the
as-of date, and never when the reader marked it ``ignored`` (a draft, spam, an
ad, a system row); every row that does not count is counted by reason. Per
conversation the two-way date is the older of the owner's and the person's
newest message; a person's ``last_two_way`` is the newest of those. All of it is polars
expressions over the whole frame: no Python loop over messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from audit.ingest.linkedin import (
    IGNORED_DRAFT,
    IGNORED_SPAM,
    IGNORED_SPONSORED,
    IGNORED_SYSTEM,
)
from audit.normalize import normalize_linkedin_url, normalize_name
from audit.schemas import FACTS, REFERENCES, frame


@dataclass(frozen=True)
class Owner:
    key: str | None  # a normalised profile URL, or "name:…" in exports without URLs
    name: str | None
    how: str  # "detected" | "--me" | "unknown"


def find_owner(messages: pl.DataFrame, profile_name: str | None, me: str | None) -> Owner:
    """The export's owner, from keyed messages (see normalize.normalize_message_keys)."""
    if me:
        return _owner_from_me(messages, me)
    if messages.is_empty():
        return Owner(None, profile_name, "unknown")
    participants = _participants(messages)
    counts = (
        participants.filter(~pl.col("key").str.starts_with("member:"))
        .group_by("key")
        .agg(conversations=pl.len())
        .sort(["conversations", "key"], descending=[True, False])
    )
    # Old exports say which rows the owner sent; trust that over counting.
    outgoing = messages.filter(pl.col("direction") == "OUTGOING")
    if not outgoing.is_empty():
        key = outgoing["sender_key"].mode().sort()[0]
    else:
        key = counts["key"][0]
        profile_key = normalize_name(profile_name)
        if profile_key and _name_of(messages, key) != profile_key:
            # The most frequent profile is not the one Profile.csv names: prefer the one it names.
            named = counts.filter(
                pl.col("key").map_elements(
                    lambda k: _name_of(messages, k) == profile_key, return_dtype=pl.Boolean
                )
            )
            if not named.is_empty():
                key = named["key"][0]
    return Owner(key, profile_name or _display_name(messages, key), "detected")


def _owner_from_me(messages: pl.DataFrame, me: str) -> Owner:
    url = normalize_linkedin_url(me)
    if url:
        return Owner(url, _display_name(messages, url), "--me")
    name_key = normalize_name(me)
    if not messages.is_empty():
        hits = messages.filter(
            pl.col("sender_name").map_elements(normalize_name, return_dtype=pl.Utf8) == name_key
        )
        if not hits.is_empty():
            return Owner(hits["sender_key"].mode().sort()[0], me, "--me")
    return Owner(f"name:{name_key}" if name_key else None, me, "--me")


def _name_of(messages: pl.DataFrame, key: str) -> str | None:
    return normalize_name(_display_name(messages, key))


def _display_name(messages: pl.DataFrame, key: str) -> str | None:
    names = messages.filter(pl.col("sender_key") == key)["sender_name"].drop_nulls()
    return names.mode().sort()[0] if len(names) else None


def _conversations(messages: pl.DataFrame, owner_key: str | None) -> pl.DataFrame:
    """Messages with a conversation id; rows of exports before conversation ids existed are
    grouped by the other party, which is what a thread meant then."""
    counterpart = (
        pl.when(pl.col("sender_key") == owner_key)
        .then(pl.col("recipient_keys").list.first())
        .otherwise(pl.col("sender_key"))
    )
    return messages.with_columns(
        pl.coalesce("conversation_id", pl.concat_str(pl.lit("legacy:"), counterpart)).alias(
            "conversation_id"
        )
    )


def _participants(messages: pl.DataFrame) -> pl.DataFrame:
    """(conversation_id, key): the distinct senders and recipients of each conversation."""
    return (
        messages.select(
            "conversation_id", key=pl.concat_list(pl.col("sender_key"), pl.col("recipient_keys"))
        )
        .explode("key")
        .drop_nulls()
        .unique()
    )


def list_references(messages: pl.DataFrame, owner_key: str | None) -> pl.DataFrame:
    """REFERENCES: everyone messages name, the owner and hidden members left out, and
    nobody only a row that never counts names (an ad's sender is nobody to know)."""
    messages = messages.filter(pl.col("ignored").is_null())
    if messages.is_empty():
        return frame(None, REFERENCES)
    senders = messages.select(ref_key="sender_key", name="sender_name")
    single = messages.filter(pl.col("recipient_keys").list.len() == 1).select(
        ref_key=pl.col("recipient_keys").list.first(),
        name=pl.col("recipient_names").list.first(),
    )
    # A group's names line up with its URLs only when LinkedIn wrote as many of each.
    group = (
        messages.filter(pl.col("recipient_keys").list.len() > 1)
        .select(
            ref_key="recipient_keys",
            name=pl.when(
                pl.col("recipient_names").list.len() == pl.col("recipient_keys").list.len()
            )
            .then(pl.col("recipient_names"))
            .otherwise(pl.col("recipient_keys").list.eval(pl.lit(None, dtype=pl.Utf8))),
        )
        .explode(["ref_key", "name"])
    )
    return (
        pl.concat([senders, single, group])
        .filter(
            pl.col("ref_key").is_not_null(),
            pl.col("ref_key") != (owner_key or ""),
            ~pl.col("ref_key").str.starts_with("member:"),
        )
        .group_by("ref_key")
        .agg(pl.col("name").drop_nulls().mode().sort().first())
        .sort("ref_key")
        .with_columns(name_key=pl.col("name").map_elements(normalize_name, return_dtype=pl.Utf8))
        .select(list(REFERENCES))
    )


# Reasons this stage sets a message row aside, after the reader's own (see MESSAGES'
# ``ignored``). Short, lower-case, singular and stable: they are JSON keys.
IGNORED_AFTER_AS_OF = "after as-of"  # an audit as of T sees only what happened by then
IGNORED_NOT_WITH_OWNER = "not with the owner"  # a thread the owner is not part of
IGNORED_GROUP = "group thread"  # more than max_group participants
IGNORED_HIDDEN = "hidden member"  # its only counterparts are hidden LinkedIn Members
# The order reasons are listed in: the reader's first, in the order it judges them.
IGNORED_ORDER = (
    IGNORED_DRAFT,
    IGNORED_SPAM,
    IGNORED_SPONSORED,
    IGNORED_SYSTEM,
    IGNORED_AFTER_AS_OF,
    IGNORED_NOT_WITH_OWNER,
    IGNORED_GROUP,
    IGNORED_HIDDEN,
)


def build_facts(
    messages: pl.DataFrame,
    owner_key: str | None,
    links: pl.DataFrame,
    as_of: date,
    max_group: int,
) -> tuple[pl.DataFrame, dict[str, int], int]:
    """(FACTS per person, message rows ignored by rule by reason, rows counted).

    Every row of ``messages`` is counted (for at least one person) or ignored with one
    reason, so read = counted + ignored + skipped for each messages file. Only reasons
    with at least one row are listed."""
    if messages.is_empty():
        return frame(None, FACTS), {}, 0
    if owner_key is None:
        # No owner, no direction: nothing can count, and nothing is lost silently.
        return frame(None, FACTS), _count_reasons(messages, IGNORED_NOT_WITH_OWNER), 0
    dated = messages.with_row_index("_row").with_columns(day=pl.col("sent_at").dt.date())
    judged = dated.with_columns(
        ignored=pl.when(pl.col("ignored").is_null() & (pl.col("day") > as_of))
        .then(pl.lit(IGNORED_AFTER_AS_OF))
        .otherwise(pl.col("ignored"))
    )
    # System rows still tell who is in a conversation ("… left the conversation").
    seen = _conversations(
        judged.filter(pl.col("ignored").is_null() | (pl.col("ignored") == IGNORED_SYSTEM)),
        owner_key,
    )
    sizes = (
        _participants(seen)
        .group_by("conversation_id")
        .agg(size=pl.len(), with_owner=(pl.col("key") == owner_key).any())
    )
    talk = (
        seen.filter(pl.col("ignored").is_null())
        .join(sizes, on="conversation_id", how="left")
        .with_columns(
            ignored=pl.when(~pl.col("with_owner"))
            .then(pl.lit(IGNORED_NOT_WITH_OWNER))
            .when(pl.col("size") > max_group)
            .then(pl.lit(IGNORED_GROUP))
        )
    )
    counted = talk.filter(pl.col("ignored").is_null())
    outgoing = (
        counted.filter(pl.col("sender_key") == owner_key)
        .select("_row", "conversation_id", "day", key="recipient_keys")
        .explode("key")
        .filter(pl.col("key") != owner_key)
        .with_columns(out=pl.lit(True))
    )
    incoming = counted.filter(pl.col("sender_key") != owner_key).select(
        "_row", "conversation_id", "day", key="sender_key", out=pl.lit(False)
    )
    events = (
        pl.concat([outgoing, incoming])
        .join(links, left_on="key", right_on="ref_key", how="inner")
        .drop_nulls("person_id")
    )
    rows_counted = events["_row"].n_unique()
    hidden = counted.filter(~pl.col("_row").is_in(events["_row"].implode())).with_columns(
        ignored=pl.lit(IGNORED_HIDDEN)
    )
    reasons = pl.concat(
        [
            judged.filter(pl.col("ignored").is_not_null())["ignored"],
            talk.filter(pl.col("ignored").is_not_null())["ignored"],
            hidden["ignored"],
        ]
    )
    per_conversation = (
        events.group_by("person_id", "conversation_id")
        .agg(
            last_out=pl.col("day").filter(pl.col("out")).max(),
            last_in=pl.col("day").filter(~pl.col("out")).max(),
            messages_out=pl.col("out").sum(),
            messages_in=(~pl.col("out")).sum(),
        )
        .with_columns(
            two_way=pl.when(
                pl.col("last_out").is_not_null() & pl.col("last_in").is_not_null()
            ).then(pl.min_horizontal("last_out", "last_in"))
        )
    )
    facts = per_conversation.group_by("person_id").agg(
        pl.col("last_in").max(),
        pl.col("last_out").max(),
        last_two_way=pl.col("two_way").max(),
        messages_in=pl.col("messages_in").sum(),
        messages_out=pl.col("messages_out").sum(),
    )
    ignored = _order_reasons(reasons.value_counts().iter_rows())
    return facts.select(list(FACTS)).cast(FACTS).sort("person_id"), ignored, rows_counted


def _count_reasons(messages: pl.DataFrame, otherwise: str) -> dict[str, int]:
    reasons = messages["ignored"].fill_null(otherwise)
    return _order_reasons(reasons.value_counts().iter_rows())


def _order_reasons(counts) -> dict[str, int]:
    found = {reason: int(n) for reason, n in counts if n}
    rank = {reason: i for i, reason in enumerate(IGNORED_ORDER)}
    return {r: found[r] for r in sorted(found, key=lambda r: (rank.get(r, len(rank)), r))}
