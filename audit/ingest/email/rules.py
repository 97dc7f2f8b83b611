"""Why a message read here does not count (DESIGN, "Interaction channels").

A draft or spam by its Gmail label or its folder's name, a deleted copy by Thunderbird's
status or a Maildir flag, list or bulk mail by its headers, and mail from or to a no-reply
or role address. The first reason that holds is the one given. The names and addresses
that mark each are listed here, each entry with the case it covers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from audit.ingest.email.headers import _text, split_labels

# Why a message read here does not count (DESIGN, "Interaction channels"); the first that
# holds is the one given.
DRAFT = "draft"
SPAM = "spam"
DELETED = "deleted"
BULK = "list or bulk mail"
NO_REPLY = "no-reply address"

# Gmail labels and folder names that mark a draft or spam. Takeout writes labels in the
# account's language, so the usual translations are here; a label is a hint only, never a
# direction. Trash is not here: mail in the trash was still exchanged.
DRAFT_NAMES = frozenset(
    {
        "draft",  # Gmail label (Takeout), Maildir++ and IMAP folder
        "drafts",  # Thunderbird, Apple Mail, Outlook, Gmail's "[Gmail]/Drafts"
        "brouillons",  # French
        "entwürfe",  # German
        "borradores",  # Spanish
        "bozze",  # Italian
        "rascunhos",  # Portuguese
        "concepten",  # Dutch
    }
)
SPAM_NAMES = frozenset(
    {
        "spam",  # Gmail label and folder (the same word in most languages)
        "junk",  # Thunderbird, Apple Mail, Maildir++ ".Junk"
        "junk e-mail",  # Outlook
        "junk email",  # Outlook.com over IMAP
        "bulk mail",  # Yahoo
        "pourriel",  # French Canadian clients
    }
)

# Addresses that are not a person one corresponds with (the local part, before the "@").
# Mail from or to one of them never counts. Each entry says which case it covers.
_NO_REPLY_PARTS = (
    r".*no[-_.]?reply.*",  # noreply@, no-reply@, no_reply@, andy-noreply@, noreply+abc@
    r".*do[-_.]?not[-_.]?reply.*",  # donotreply@, do-not-reply@, do_not_reply@
    r"mailer-daemon",  # bounces (RFC 5321 delivery reports)
    r"postmaster",  # the mail server's operator (RFC 5321 4.5.1)
    r"bounces?(?:[-+_.].*)?",  # bounce@, bounces+abc@ (list and campaign return paths)
    r"listserv",  # LISTSERV list software
    r"majordomo",  # Majordomo list software
    r".+-request",  # list command addresses (RFC 2142): list-request@
    r"owner-.+",  # list owners as Majordomo and Sendmail write them: owner-list@
    r"notifications?",  # notification@ / notifications@ (GitHub, Slack, banks)
    r"alerts?",  # alert@ / alerts@ (monitoring, bank and job alerts)
    r"newsletters?",  # newsletter@ / newsletters@
    r"news",  # news@: newsletters
    r"info",  # info@: a shared inbox, no one person (Twenty CRM's list)
    r"support",  # support@: ticket systems reply from it
    r"help(?:desk)?",  # help@ / helpdesk@: ticket systems
    r"service",  # service@: customer service
    r"sales",  # sales@: a shared inbox
    r"billing",  # billing@: invoices
    r"feedback",  # feedback@: surveys
    r"invites?",  # invite@ / invites@: calendar and platform invitations
    r"welcome",  # welcome@: onboarding mail
    r"calendar-notification",  # Google Calendar's invitation mail
)
_NO_REPLY = re.compile(r"(?:" + "|".join(_NO_REPLY_PARTS) + r")@[^@]*", re.IGNORECASE)


@lru_cache(maxsize=65536)
def is_no_reply(address: str) -> bool:
    """Whether an address is a no-reply or role address (see ``_NO_REPLY_PARTS``). Cached:
    an archive has a few thousand addresses, each in many messages."""
    return _NO_REPLY.fullmatch(address) is not None


# Maildir's info suffix: ":2,FLAGS" (mu's test data and Windows tools write "!" or ";").
_MAILDIR_INFO = re.compile(r"[:!;]2,([A-Za-z]*)$")


def _header_reason(fields: dict[bytes, list[bytes]]) -> str | None:
    """The ignore reason the headers give: Gmail labels (draft, spam), Thunderbird's
    deleted flag, list and bulk mail headers."""
    if b"x-gmail-labels" in fields and (reason := _label_reason(fields[b"x-gmail-labels"][0])):
        return reason
    if b"x-mozilla-status" in fields:
        # Thunderbird marks a deleted message 0x0008 and keeps it until the folder is
        # compacted: a stale copy.
        try:
            if int(_text(fields[b"x-mozilla-status"][0])[:4], 16) & 0x0008:
                return DELETED
        except ValueError:
            pass
    if b"list-id" in fields or b"list-unsubscribe" in fields or b"x-google-groups" in fields:
        return BULK  # RFC 2919, RFC 2369, Google Groups
    precedence = fields.get(b"precedence")
    if precedence and _text(precedence[0]).lower() in ("bulk", "list", "junk"):
        return BULK
    auto = fields.get(b"auto-submitted")
    if auto and _text(auto[0]).split(";")[0].strip().lower() not in ("no", ""):
        return BULK  # RFC 3834: auto-generated, auto-replied
    return None


@lru_cache(maxsize=4096)
def _label_reason(raw: bytes) -> str | None:
    """DRAFT or SPAM by a raw X-Gmail-Labels value. Cached: an account has a few hundred
    label sets, not one per message."""
    return _draft_or_spam({label.lower() for label in split_labels(raw)})


@lru_cache(maxsize=4096)
def _folder_reason(file: str, file_is_folder: bool) -> str | None:
    """A draft or spam reason from a folder in the file's path: a Drafts or Junk mbox (the
    file itself is the folder), a Maildir++ ``.Drafts``, Apple Mail's ``Junk.mbox/``."""
    parts = file.split("/")
    if not file_is_folder:
        parts = parts[:-1]
    for part in parts:
        name = part.lower()
        for suffix in (".mbox", ".mbx", ".sbd"):
            name = name.removesuffix(suffix)
        name = name.rsplit(".", 1)[-1].strip()  # Maildir++ ".INBOX.Drafts", "[Gmail].Spam"
        if reason := _draft_or_spam({name}):
            return reason
    return None


def _draft_or_spam(names: set[str]) -> str | None:
    """DRAFT or SPAM when a label or folder name (lower-cased) says so, else None."""
    if names & DRAFT_NAMES:
        return DRAFT
    return SPAM if names & SPAM_NAMES else None


def _maildir_flag_reason(file: str) -> str | None:
    match = _MAILDIR_INFO.search(file)
    if match is None:
        return None
    flags = match.group(1)
    if "D" in flags:
        return DRAFT
    if "T" in flags:
        return DELETED  # trashed: the copy a move leaves behind until the folder is expunged
    return None
