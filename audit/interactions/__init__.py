"""Interactions of every channel -> who the owner is, and per-person facts.

Each channel's reader frame (LinkedIn messages, e-mails, meeting occurrences, rows of an
interactions CSV) becomes rows of one frame, INTERACTIONS (``rows``); the owner is found
per channel (``owner``); e-mail addresses and phones are tied to people (``counterparts``);
and one engine (``facts``) applies the rules DESIGN states for every channel alike: what
is ignored and why, who a row is between, and each person's last exchanges, overall and
per channel.
"""

from audit.interactions.counterparts import resolve_counterparts
from audit.interactions.facts import ChannelCounts, build_facts
from audit.interactions.linkedin import Owner, find_owner, list_references
from audit.interactions.owner import OwnerEmails, find_owner_emails
from audit.interactions.rows import (
    email_key,
    normalize_csv_rows,
    normalize_email_rows,
    normalize_linkedin_rows,
    normalize_meeting_rows,
)

__all__ = [
    "ChannelCounts",
    "Owner",
    "OwnerEmails",
    "build_facts",
    "email_key",
    "find_owner",
    "find_owner_emails",
    "list_references",
    "normalize_csv_rows",
    "normalize_email_rows",
    "normalize_meeting_rows",
    "normalize_linkedin_rows",
    "resolve_counterparts",
]
