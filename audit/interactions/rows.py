"""Each channel's reader frame -> rows of INTERACTIONS, the one frame every rule reads.

What a channel means by a group (whose participants count against ``max_group``) and by
a thread (where the two-way date is taken) is decided here, once per channel: a LinkedIn
conversation is both; one e-mail is a group, and all e-mail between the owner and one
person is one thread; a meeting occurrence is a group and a two-way exchange in itself; a
row of an interactions CSV is the owner's own account of one exchange with one person.
"""

from __future__ import annotations

import polars as pl

from audit.engine import engine_for
from audit.normalize import (
    map_unique,
    normalize_email,
    normalize_linkedin_url,
    normalize_name,
    normalize_phone,
)
from audit.schemas import ACCEPTED, EMAIL_KEY, INTERACTIONS, NAME_KEY, OWNER_KEY, PHONE_KEY

UNREAD_PREFIX = "unread:"
# An interactions-CSV row whose name, e-mail, phone or URL cannot be read as anybody's.
NO_READABLE_CONTACT = "no readable contact"


def normalize_linkedin_rows(messages: pl.DataFrame, owner_key: str | None) -> pl.DataFrame:
    """Keyed MESSAGES (see normalize.normalize_message_keys) -> INTERACTIONS."""
    if messages.is_empty():
        return pl.DataFrame(schema=INTERACTIONS)
    # Exports from before conversation ids had one thread per other party.
    counterpart = (
        pl.when(pl.col("sender_key") == (owner_key or ""))
        .then(pl.col("recipient_keys").list.first())
        .otherwise(pl.col("sender_key"))
    )
    conversation = pl.coalesce("conversation_id", pl.concat_str(pl.lit("legacy:"), counterpart))
    return messages.select(
        channel=pl.lit("linkedin"),
        file="file",
        record="record",
        group_id=conversation,
        thread_id=conversation,
        message_id=pl.lit(None, dtype=pl.Utf8),
        day=pl.col("sent_at").dt.date(),
        sender_key="sender_key",
        sender_name="sender_name",
        recipient_keys="recipient_keys",
        recipient_names=_aligned_names("recipient_names", "recipient_keys"),
        participant_keys=_prepend_key(messages, "sender_key", "recipient_keys"),
        two_way=pl.lit(False),
        ignored="ignored",
    ).cast(INTERACTIONS)


def _prepend_key(frame: pl.DataFrame, key: str, keys: str) -> pl.Series:
    """``concat_list(key, keys).list.drop_nulls()`` of each row (null where ``keys`` is),
    built from one long frame: the per-row list kernels cost 0.16 s at 300,000 messages,
    this 0.03 s. Every row has its ``key`` line, so every row comes back, in order."""
    row = pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row")
    lazy = frame.lazy()
    built = (
        pl.concat([lazy.select(row, k=key), lazy.select(row, k=keys).explode("k")])
        .group_by("_row", maintain_order=True)
        .agg(pl.col("k").drop_nulls())
        .collect(engine=engine_for(frame.height))["k"]
    )
    if frame[keys].null_count():
        built = pl.select(pl.when(frame[keys].is_not_null()).then(built)).to_series()
    return built


def _aligned_names(names: str, keys: str) -> pl.Expr:
    """A group's names line up with its keys only when the export wrote as many of each."""
    return (
        pl.when(pl.col(names).list.len() == pl.col(keys).list.len())
        .then(pl.col(names))
        .otherwise(pl.col(keys).list.eval(pl.lit(None, dtype=pl.Utf8)))
    )


def _forgive_own_role_address(emails: pl.DataFrame, owner_emails: set[str]) -> pl.DataFrame:
    # Called only when mail was read (normalize_email_rows returns before): the mail rules
    # load here, not with this module.
    from audit.ingest.email import NO_REPLY, is_no_reply

    flagged = emails["ignored"] == NO_REPLY
    if not owner_emails or not flagged.any():
        return emails

    def still_role(addresses: list[str | None]) -> bool:
        return any(
            a and is_no_reply(a) and normalize_email(a) not in owner_emails for a in addresses
        )

    judged = emails.filter(flagged).select(
        "file",
        "record",
        role=pl.concat_list(pl.col("from_address"), pl.col("recipient_addresses")).map_elements(
            lambda a: still_role(a.to_list()), return_dtype=pl.Boolean
        ),
    )
    return (
        emails.join(judged, on=["file", "record"], how="left")
        .with_columns(ignored=pl.when(pl.col("role").fill_null(True)).then(pl.col("ignored")))
        .drop("role")
    )


def email_key(address: str | None) -> str | None:
    """The ref key of an e-mail address: the same key the resolver gives a record's e-mail."""
    folded = normalize_email(address)
    return EMAIL_KEY + folded if folded else None


def normalize_email_keys(addresses: pl.Series) -> pl.Series:
    """``email_key`` of a column of addresses, once per distinct address."""
    return map_unique(addresses, email_key)


def normalize_email_rows(emails: pl.DataFrame, owner_emails: list[str]) -> pl.DataFrame:
    """EMAILS -> INTERACTIONS: each e-mail is its own group; the thread is the pair.

    The reader sets aside mail from or to a no-reply or role address; when the only such
    address is one of the owner's own (a freelancer who writes from info@), the mail
    counts after all."""
    if emails.is_empty():
        return pl.DataFrame(schema=INTERACTIONS)
    emails = _forgive_own_role_address(emails, set(owner_emails))
    recipients = emails.select(
        _row=pl.int_range(pl.len()), address="recipient_addresses", name="recipient_names"
    ).explode(["address", "name"])
    recipients = recipients.with_columns(key=normalize_email_keys(recipients["address"]))
    # An address To and Cc both name is one recipient; one that cannot be read is none:
    # names are kept or dropped with their keys, so the two lists stay in line.
    keyed = (
        recipients.filter(pl.col("key").is_not_null())
        .unique(["_row", "key"], keep="first", maintain_order=True)
        .group_by("_row", maintain_order=True)
        .agg(recipient_keys="key", recipient_names="name")
    )
    rows = (
        emails.drop("recipient_names")
        .with_columns(_row=pl.int_range(pl.len()))  # numbered as ``recipients`` above
        .join(keyed, on="_row", how="left")
    )
    empty = pl.lit([], dtype=pl.List(pl.Utf8))
    rows = rows.with_columns(
        sender_key=normalize_email_keys(rows["from_address"]),
        recipient_keys=pl.col("recipient_keys").fill_null(empty),
        recipient_names=pl.col("recipient_names").fill_null(empty),
    )
    return rows.select(
        channel=pl.lit("email"),
        file="file",
        record="record",
        # a group of its own, named like the meetings' and CSV rows' groups (not a key)
        group_id=pl.concat_str(
            pl.lit("email:"), "file", pl.lit("#"), pl.col("record").cast(pl.Utf8)
        ),
        thread_id=pl.lit(None, dtype=pl.Utf8),
        message_id="message_id",
        day=pl.col("sent_at").dt.date(),
        sender_key="sender_key",
        sender_name="from_name",
        recipient_keys="recipient_keys",
        recipient_names="recipient_names",
        participant_keys=_prepend_key(rows, "sender_key", "recipient_keys"),
        two_way=pl.lit(False),
        ignored="ignored",
    ).cast(INTERACTIONS)


def normalize_meeting_rows(meetings: pl.DataFrame) -> pl.DataFrame:
    """MEETINGS -> INTERACTIONS: an occurrence is a group and a two-way exchange with
    everyone who organised or accepted it; whoever else did not decline (tentative, no
    answer yet) still counts toward its size."""
    if meetings.is_empty():
        return pl.DataFrame(schema=INTERACTIONS)
    people = (
        meetings.select(_row=pl.int_range(pl.len()), who="participants")
        .explode("who")
        .unnest("who")
    )
    people = people.with_columns(key=normalize_email_keys(people["email"]))
    per_row = (
        people.filter(pl.col("key").is_not_null())
        .group_by("_row", maintain_order=True)
        .agg(
            recipient_keys=pl.col("key").filter(pl.col("partstat") == ACCEPTED),
            recipient_names=pl.col("name").filter(pl.col("partstat") == ACCEPTED),
            participant_keys=pl.col("key"),
        )
    )
    empty = pl.lit([], dtype=pl.List(pl.Utf8))
    rows = meetings.with_columns(_row=pl.int_range(pl.len())).join(per_row, on="_row", how="left")
    return rows.select(
        channel=pl.lit("meeting"),
        file="file",
        record="record",
        group_id=pl.concat_str(
            pl.lit("meeting:"),
            "file",
            pl.lit("#"),
            pl.col("record").cast(pl.Utf8),
            pl.lit("@"),
            pl.col("start").cast(pl.Utf8),
        ),
        thread_id=pl.lit(None, dtype=pl.Utf8),
        message_id=pl.lit(None, dtype=pl.Utf8),
        day="day",
        sender_key=pl.lit(None, dtype=pl.Utf8),
        sender_name=pl.lit(None, dtype=pl.Utf8),
        recipient_keys=pl.col("recipient_keys").fill_null(empty),
        recipient_names=pl.col("recipient_names").fill_null(empty),
        participant_keys=pl.col("participant_keys").fill_null(empty),
        two_way=pl.lit(True),
        ignored="ignored",
    ).cast(INTERACTIONS)


def csv_key(row: dict, region: str) -> str:
    """The one key an interactions-CSV row names its person by: the strongest it has."""
    url = normalize_linkedin_url(row["linkedin_url"])
    if url:
        return url
    address = email_key(row["email"])
    if address:
        return address
    phone = normalize_phone(row["phone"], region)
    if phone:
        return PHONE_KEY + phone
    name = normalize_name(row["name"])
    if name:
        return NAME_KEY + name
    # Nothing the row gives can be read ("Private number" for a phone): a key of the row's
    # own, so two such rows are never taken for one person; the row is set aside by rule.
    return f"{UNREAD_PREFIX}{row['file']}#{row['record']}"


def normalize_csv_rows(rows: pl.DataFrame, region: str) -> pl.DataFrame:
    """CSV_INTERACTIONS -> INTERACTIONS: the owner's own account of one exchange each, so
    the owner is a party by construction (OWNER_KEY); ``both`` is an exchange each way."""
    if rows.is_empty():
        return pl.DataFrame(schema=INTERACTIONS)
    keys = pl.Series(
        "key",
        [
            csv_key(r, region)
            for r in rows.select(
                "file", "record", "linkedin_url", "email", "phone", "name"
            ).iter_rows(named=True)
        ],
        dtype=pl.Utf8,
    )
    keyed = rows.with_columns(key=keys)
    owner = pl.lit(OWNER_KEY)
    person = pl.concat_list(pl.col("key")).list.drop_nulls()
    with_owner = pl.concat_list(owner, pl.col("key")).list.drop_nulls()
    direction = pl.col("direction")
    return keyed.select(
        channel="channel",
        file="file",
        record="record",
        group_id=pl.concat_str(pl.lit("csv:"), "file", pl.lit("#"), pl.col("record").cast(pl.Utf8)),
        thread_id=pl.lit(None, dtype=pl.Utf8),
        message_id=pl.lit(None, dtype=pl.Utf8),
        day="day",
        sender_key=pl.when(direction == "out")
        .then(owner)
        .when(direction == "in")
        .then(pl.col("key")),
        sender_name=pl.when(direction == "in").then(pl.col("name")),
        recipient_keys=pl.when(direction == "out")
        .then(person)
        .when(direction == "in")
        .then(pl.concat_list(owner))
        .otherwise(with_owner),
        recipient_names=pl.when(direction == "out")
        .then(pl.concat_list(pl.col("name")))
        .when(direction == "in")
        .then(pl.concat_list(pl.lit(None, dtype=pl.Utf8)))
        .otherwise(pl.concat_list(pl.lit(None, dtype=pl.Utf8), pl.col("name"))),
        participant_keys=with_owner,
        two_way=direction == "both",
        ignored=pl.when(pl.col("key").str.starts_with(UNREAD_PREFIX)).then(
            pl.lit(NO_READABLE_CONTACT)
        ),
    ).cast(INTERACTIONS)
