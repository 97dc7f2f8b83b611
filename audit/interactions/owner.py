"""The owner's e-mail addresses: given, else read from how their mail was delivered.

DESIGN: the union of the LinkedIn export's ``Email Addresses.csv``, the config's
``me_emails`` and ``--me-email``; when none is given, the address most messages were
delivered to (``Delivered-To``), else the most frequent recipient. The report says
which, because a guess here decides the direction of every e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from audit.normalize import map_unique, normalize_email, normalize_email_text

OWNER_EMAILS_FILE = "Email Addresses.csv"
DELIVERED_TO = "Delivered-To"
MOST_FREQUENT = "most frequent recipient"


@dataclass(frozen=True)
class OwnerEmails:
    emails: list[str]  # as written (lower case), one per address, sorted: what the JSON shows
    sources: list[str]  # where they came from, in DESIGN's words, sorted

    @property
    def keys(self) -> list[str]:
        """The same addresses as the records' keys fold them (Gmail dots and +tags)."""
        return sorted({k for k in map(normalize_email, self.emails) if k})


def find_owner_emails(
    given: dict[str, list[str]], emails: pl.DataFrame, attendees: pl.Series | None = None
) -> OwnerEmails:
    """``given``: addresses by source ("Email Addresses.csv", "config", "--me-email");
    ``emails``: EMAILS, read for ``delivered_to`` and recipients only when nothing is given;
    ``attendees``: per meeting, the addresses invited (a list column), the last resort when
    there is no mail either: a calendar's owner is invited to nearly everything in it."""
    written: dict[str, str] = {}  # key -> the first way it was written
    sources: set[str] = set()
    for source, addresses in given.items():
        for address in addresses:
            key = normalize_email(address)
            if key:
                written.setdefault(key, normalize_email_text(address))
                sources.add(source)
    if written:
        return OwnerEmails(sorted(written.values()), sorted(sources))
    candidates = [
        (emails["delivered_to"], DELIVERED_TO),
        (emails["recipient_addresses"], MOST_FREQUENT),
    ]
    if attendees is not None:
        candidates.append((attendees, MOST_FREQUENT))
    for addresses, source in candidates:
        best = _most_common(addresses) if len(addresses) else None
        if best:
            return OwnerEmails([best], [source])
    return OwnerEmails([], [])


def _most_common(addresses: pl.Series) -> str | None:
    """The address that the most messages name (each message counted once per address),
    as it is most often written."""
    named = (
        pl.DataFrame({"address": addresses}).with_row_index("message").explode("address")
    ).drop_nulls()
    named = named.with_columns(
        written=map_unique(named["address"], normalize_email_text),
        key=map_unique(named["address"], normalize_email),
    ).drop_nulls("key")
    if named.is_empty():
        return None
    top_key = (
        named.unique(["message", "key"])
        .group_by("key")
        .len()
        .sort(["len", "key"], descending=[True, False])["key"][0]
    )
    return (
        named.filter(pl.col("key") == top_key)
        .group_by("written")
        .len()
        .sort(["len", "written"], descending=[True, False])["written"][0]
    )
