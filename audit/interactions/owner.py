"""The owner's e-mail addresses: given, else read from how their mail was delivered.

DESIGN: the union of the LinkedIn export's ``Email Addresses.csv``, the config's
``me_emails`` and ``--me-email``; when none is given, the address most messages were
delivered to (``Delivered-To``), else the most frequent recipient. The report says
which, because a guess here decides the direction of every e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from audit.normalize import normalize_email

OWNER_EMAILS_FILE = "Email Addresses.csv"
DELIVERED_TO = "Delivered-To"
MOST_FREQUENT = "most frequent recipient"


@dataclass(frozen=True)
class OwnerEmails:
    emails: list[str]  # normalised, sorted
    sources: list[str]  # where they came from, in DESIGN's words, sorted


def find_owner_emails(
    given: dict[str, list[str]], emails: pl.DataFrame, attendees: pl.Series | None = None
) -> OwnerEmails:
    """``given``: addresses by source ("Email Addresses.csv", "config", "--me-email");
    ``emails``: EMAILS, read for ``delivered_to`` and recipients only when nothing is given;
    ``attendees``: per meeting, the addresses invited (a list column), the last resort when
    there is no mail either: a calendar's owner is invited to nearly everything in it."""
    found: set[str] = set()
    sources: set[str] = set()
    for source, addresses in given.items():
        keys = {k for k in map(normalize_email, addresses) if k}
        if keys:
            found |= keys
            sources.add(source)
    if found:
        return OwnerEmails(sorted(found), sorted(sources))
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
    """The address that the most messages name (each message counted once per address)."""
    per_message = addresses.list.eval(
        pl.element().map_elements(normalize_email, return_dtype=pl.Utf8).drop_nulls().unique()
    )
    counts = per_message.explode().drop_nulls().value_counts(sort=True)
    if counts.is_empty():
        return None
    top = counts.sort(["count", counts.columns[0]], descending=[True, False])
    return top[counts.columns[0]][0]
