"""Whose mail it is: DESIGN's order of sources for the owner's addresses, by hand."""

import polars as pl

from audit.interactions import find_owner_emails
from audit.schemas import EMAILS, frame


def mails(*rows: tuple[list[str], list[str]]) -> pl.DataFrame:
    """EMAILS rows with only ``delivered_to`` and ``recipient_addresses`` filled."""
    return frame(
        [
            {c: None for c in EMAILS}
            | {"delivered_to": d, "recipient_addresses": r, "recipient_names": [None] * len(r)}
            for d, r in rows
        ],
        EMAILS,
    )


def test_given_addresses_win_and_are_shown_as_written():
    found = find_owner_emails(
        {
            "Email Addresses.csv": ["Avery.Quinn@gmail.com"],
            "config": [],
            # The same Gmail address without dots: one address, shown the first way.
            "--me-email": ["averyquinn@gmail.com", "<mailto:me@work.example>"],
        },
        mails((["someone.else@example.com"], [])),
    )
    assert found.emails == ["avery.quinn@gmail.com", "me@work.example"]
    assert found.keys == ["averyquinn@gmail.com", "me@work.example"]
    assert found.sources == ["--me-email", "Email Addresses.csv"]


def test_delivered_to_then_the_most_frequent_recipient():
    # Three messages delivered to a@, one to b@ (written twice in one message: once).
    delivered = mails(
        (["a@x.example"], []),
        (["A@x.example"], []),
        (["b@x.example", "b@x.example"], []),
        (["a@x.example"], []),
    )
    found = find_owner_emails({}, delivered)
    # a@ three times as "a@x.example" and once as "A@x.example": shown lower case.
    assert (found.emails, found.sources) == (["a@x.example"], ["Delivered-To"])
    # No Delivered-To at all: the address on most messages' recipient lists.
    recipients = mails(
        ([], ["me@x.example", "c@x.example"]),
        ([], ["me@x.example"]),
        ([], ["c@x.example"]),
        ([], ["me@x.example"]),
    )
    found = find_owner_emails({}, recipients)
    assert (found.emails, found.sources) == (["me@x.example"], ["most frequent recipient"])
    # Nothing to go by.
    assert find_owner_emails({}, mails()).emails == []
